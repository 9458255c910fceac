/**
 * Wires the content script together for one page: which client, which rules, which settings,
 * one Scanner, the popup's questions. One AbortController tears everything down.
 */

import type { SiteSelectors } from '../engine/ruleset/sites';
import type { Category, ScanOptions } from '../engine/types';
import { CATEGORIES } from '../engine/types';
import type { DismissScopeName } from '../shared/messages';
import type { Settings } from '../shared/settings/catalog';
import { dismissalId } from '../shared/settings/dismissals';
import {
  type Dismissals,
  loadDismissals,
  loadSettings,
  NO_DISMISSALS,
  onDismissalsChanged,
  onSettingsChanged,
} from '../shared/settings/store';
import { ShopMarker } from './chat-marker';
import { Marker } from './marker';
import { listenToPopup } from './messaging';
import { compileActive, type LoadedRules, onRulesetChanged, readActiveRuleset } from './rules-source';
import { Scanner, type ScannerConfig } from './scanner';
import { compileSelectors, guardSelectors } from './selectors';
import { ADAPTERS, detectClient } from './sites';
import { BUILTIN_SITES } from './sites/builtin';
import { pageLang } from './strings';
import { answerReportRequests, createReportSender } from './tab-report';
import { TEST_HOOKS, TEST_STATE_ATTR } from './test-hooks';

/** When the bundle's selectors are checked again after the rules arrive. */
const RECHECK_MS = [3_000, 10_000];

const DEFAULT_SETTINGS: Pick<Settings, 'enabled' | 'categories' | 'sensitivity' | 'blur' | 'shopVerdict'> = {
  enabled: true,
  categories: [...CATEGORIES],
  sensitivity: 'normal',
  blur: false,
  shopVerdict: true,
};

export async function start(doc: Document, signal: AbortSignal): Promise<Scanner | null> {
  const loc = doc.defaultView?.location;
  // Test builds only (./test-hooks.ts): the page of a user's browser gets no attribute from Vigie.
  const setState = (state: string) => {
    if (TEST_HOOKS) doc.documentElement.setAttribute(TEST_STATE_ATTR, state);
  };
  setState('idle');
  if (TEST_HOOKS)
    signal.addEventListener('abort', () => doc.documentElement.removeAttribute(TEST_STATE_ATTR), {
      once: true,
    });
  const client = loc ? detectClient(loc) : null;
  if (!client || !loc) return null;

  const marker = new Marker(
    doc,
    () => pageLang(doc),
    (key) => scanner.reveal(key),
  );
  const scanner: Scanner = new Scanner({
    doc,
    adapter: ADAPTERS[client],
    marker,
    shopMarker: new ShopMarker(doc, () => pageLang(doc)),
    location: () => ({ hash: loc.hash, pathname: loc.pathname }),
    signal,
    onState: setState,
    onReport: createReportSender(signal),
  });

  let settings = { ...DEFAULT_SETTINGS };
  let dismissals: Dismissals = NO_DISMISSALS;
  // Dismissals made in this tab before the popup's write lands (or when storage is unavailable),
  // and undone ones, per scope (a chat id is the key of both 'chat' and 'shop').
  const scopes = () => ({ message: new Set<string>(), chat: new Set<string>(), shop: new Set<string>() });
  const local = { added: scopes(), undone: scopes() };
  let rules: LoadedRules | null = null;

  // Stored dismissals are salted hashes (issue 17, point 13): a key is hashed when asked about.
  const dismissedSets = (): ScannerConfig['dismissed'] => {
    const d = dismissals;
    const field = { message: d.messages, chat: d.chats, shop: d.shops } as const;
    const has = (scope: DismissScopeName) => ({
      has: (key: string) =>
        !local.undone[scope].has(key) &&
        (local.added[scope].has(key) ||
          (d.salt !== null && Object.hasOwn(field[scope], dismissalId(d.salt, scope, key)))),
    });
    return { messages: has('message'), chats: has('chat'), shops: has('shop') };
  };
  let selectors: ReturnType<typeof compileSelectors> | null = null;
  const apply = () => {
    if (signal.aborted || !rules) return;
    if (!settings.enabled) {
      scanner.disable();
      return;
    }
    const options: ScanOptions = {
      sensitivity: settings.sensitivity,
      categories: settings.categories as Category[],
    };
    scanner.configure({
      selectors: selectors ?? compileSelectors(rules.site, doc),
      detector: rules.detector,
      options,
      blur: settings.blur,
      dismissed: dismissedSets(),
      chat: settings.shopVerdict ? rules.chat : null,
    });
  };

  listenToPopup(signal, () => ({
    summary: () => scanner.summary(),
    showMessage: (key) => scanner.showMessage(key),
    evidence: (key) => scanner.evidence(key),
    dismiss: (key, scope) => {
      local.undone[scope].delete(key);
      local.added[scope].add(key);
      scanner.setDismissed(dismissedSets());
    },
    undismiss: (key, scope) => {
      local.added[scope].delete(key);
      local.undone[scope].add(key);
      scanner.setDismissed(dismissedSets());
    },
  }));

  answerReportRequests(signal, () => scanner.report());

  // A chat page may still be empty when the rules arrive: the bundle's selectors are checked
  // again a little later, in case they match nothing once the chat is there (issue 17, point 8).
  let recheck: ReturnType<typeof setTimeout>[] = [];
  signal.addEventListener('abort', () => recheck.forEach(clearTimeout), { once: true });
  const guard = (site: SiteSelectors) => {
    const guarded = guardSelectors(site, BUILTIN_SITES[client], doc);
    if (guarded.reason) {
      console.warn(
        `Vigie: the rule set's selectors for this site are ${guarded.reason === 'slow' ? 'too slow' : 'not matching'}; using the built-in ones.`,
      );
    }
    return guarded;
  };
  const useRules = (active: Parameters<typeof compileActive>[0]) => {
    try {
      rules = compileActive(active, client);
      const guarded = guard(rules.site);
      selectors = guarded.selectors;
      apply();
      recheck.forEach(clearTimeout);
      recheck = [];
      if (guarded.source === 'bundle') {
        const site = rules.site;
        recheck = RECHECK_MS.map((ms) =>
          setTimeout(() => {
            if (signal.aborted || rules?.site !== site || selectors !== guarded.selectors) return;
            const again = guard(site);
            if (again.source === 'builtin') {
              selectors = again.selectors;
              apply();
            }
          }, ms),
        );
      }
    } catch (error) {
      // Bad rules must never break the page; keep the previous ones if we had any.
      console.warn('Vigie: rule set rejected:', error instanceof Error ? error.message : 'unknown error');
    }
  };

  onRulesetChanged(signal, useRules);
  const stopSettings = safe(() =>
    onSettingsChanged((s) => {
      settings = s;
      apply();
    }),
  );
  const stopDismissals = safe(() =>
    onDismissalsChanged((d) => {
      dismissals = d;
      for (const set of Object.values(local.undone)) set.clear();
      scanner.setDismissed(dismissedSets());
    }),
  );
  signal.addEventListener(
    'abort',
    () => {
      stopSettings?.();
      stopDismissals?.();
    },
    { once: true },
  );

  const [loadedSettings, loadedDismissals, active] = await Promise.all([
    loadSettings().catch(() => null),
    loadDismissals().catch(() => null),
    readActiveRuleset().catch(() => null),
  ]);
  if (loadedSettings) settings = loadedSettings;
  if (loadedDismissals) dismissals = loadedDismissals;
  if (active) useRules(active);
  else console.warn('Vigie: no rule set available yet; waiting for one.');
  return scanner;
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
