// @vitest-environment happy-dom
/**
 * The wiring of src/content/main.ts against a fake browser API: where rules come from (storage,
 * else one request to the background), live updates, and the popup's questions.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DISMISSAL_SALT_KEY, DISMISSALS_KEY, dismissalId } from '../../../src/shared/settings/dismissals';

type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const state = {
    local: {} as Record<string, unknown>,
    sync: {} as Record<string, unknown>,
    storageListeners: [] as Listener[],
    messageListeners: [] as Listener[],
    sent: [] as unknown[],
    /** The background's answer to cs-bg/get-rules (the re-checked set). */
    reply: undefined as unknown,
    /** Chrome ≥ 140 once the background restricted storage.local: content scripts cannot read it. */
    localDenied: false,
  };
  const area = (store: 'local' | 'sync') => ({
    get: async (key: string | string[]) => {
      if (store === 'local' && state.localDenied)
        throw new Error('Access to storage is not allowed from this context.');
      const keys = typeof key === 'string' ? [key] : key;
      return Object.fromEntries(keys.filter((k) => k in state[store]).map((k) => [k, state[store][k]]));
    },
    set: async (items: Record<string, unknown>) => {
      Object.assign(state[store], items);
      const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }]));
      for (const l of state.storageListeners) l(changes, store);
    },
  });
  const browser = {
    storage: {
      local: area('local'),
      sync: area('sync'),
      onChanged: {
        addListener: (l: Listener) => state.storageListeners.push(l),
        removeListener: (l: Listener) => {
          state.storageListeners = state.storageListeners.filter((x) => x !== l);
        },
      },
    },
    runtime: {
      id: 'vigie-test',
      sendMessage: async (m: unknown) => {
        state.sent.push(m);
        const { type, keys } = m as { type: string; keys?: string[] };
        if (type === 'cs-bg/read-local') {
          return {
            ok: true,
            items: Object.fromEntries(
              (keys ?? []).filter((k) => k in state.local).map((k) => [k, state.local[k]]),
            ),
          };
        }
        return state.reply;
      },
      onMessage: {
        addListener: (l: Listener) => state.messageListeners.push(l),
        removeListener: (l: Listener) => {
          state.messageListeners = state.messageListeners.filter((x) => x !== l);
        },
      },
    },
    i18n: { getUILanguage: () => 'en' },
  };
  return { state, browser };
});
vi.mock('webextension-polyfill', () => ({ default: fake.browser }));

import { buildBundle } from '../../../scripts/lib/rule-sources';
import { start } from '../../../src/content/main';
import { badges, loadFixture, waitFor } from './helpers';

const RAW = buildBundle().json;
/** A valid bundle that flags nothing: what a hostile writer would store to switch detection off. */
function makeBundleWithoutRules(): string {
  const bundle = JSON.parse(RAW) as { rules: unknown[] };
  bundle.rules = [];
  return JSON.stringify(bundle);
}

/** happy-dom's own control surface (not part of the DOM typings). */
function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}
const active = (raw = RAW, version = 1) => ({ raw, version, source: 'embedded' as const });

function ask(message: unknown, id = 'vigie-test'): Promise<unknown> | undefined {
  const listener = fake.state.messageListeners[0];
  return listener?.(message, { id }) as Promise<unknown> | undefined;
}

let controller: AbortController;
beforeEach(() => {
  fake.state.local = {};
  fake.state.sync = {};
  fake.state.sent = [];
  fake.state.reply = undefined;
  fake.state.localDenied = false;
  fake.state.storageListeners = [];
  fake.state.messageListeners = [];
  controller = new AbortController();
  setUrl('https://web.telegram.org/k/#-1987654321');
  loadFixture('telegram-k');
});
afterEach(() => controller.abort());

describe('content script start-up', () => {
  it('gets its rules from the background, never from storage, and answers the popup', async () => {
    // What a compromised chat page could have written (Firefox lets content scripts write storage.local).
    fake.state.local['ruleset/active'] = active(makeBundleWithoutRules(), 99);
    fake.state.reply = { ok: true, ruleset: active() };
    const scanner = await start(document, controller.signal);
    expect(scanner).not.toBeNull();
    scanner?.flush();
    expect(fake.state.sent).toEqual([{ type: 'cs-bg/get-rules' }]);
    expect(document.documentElement.getAttribute('data-vigie')).toBe('active');
    expect(badges().length).toBeGreaterThanOrEqual(4);
    const summary = (await ask({ type: 'popup-cs/get-summary' })) as { client: string; flagged: unknown[] };
    expect(summary.client).toBe('telegram-k');
    expect(summary.flagged.length).toBe(badges().length);
    // not from our extension, or malformed: no answer
    expect(ask({ type: 'popup-cs/get-summary' }, 'someone-else')).toBeUndefined();
    expect(ask({ type: 'nope' })).toBeUndefined();
  });

  it('stays idle without rules; a change of the stored set only makes it ask the background again', async () => {
    fake.state.reply = { ok: false, error: 'not yet' };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    expect(badges()).toHaveLength(0);
    expect(document.documentElement.getAttribute('data-vigie')).toBe('idle');
    fake.state.reply = { ok: true, ruleset: active() };
    // The value written is never used: only what the background hands out.
    await fake.browser.storage.local.set({ 'ruleset/active': active('{"not":"a bundle"}', 7) });
    await waitFor(() => {
      scanner?.flush();
      return badges().length >= 4;
    });
    const before = badges().length;
    fake.state.reply = { ok: true, ruleset: active('{"not":"a bundle"}', 2) };
    await fake.browser.storage.local.set({ 'ruleset/active': active('x', 3) });
    await new Promise((r) => setTimeout(r, 20));
    scanner?.flush();
    expect(badges()).toHaveLength(before);
    expect(scanner?.summary().rulesVersion).not.toBe(2);
  });

  it('Chrome, storage.local restricted: reads dismissals through the background and follows its notices', async () => {
    fake.state.localDenied = true;
    fake.state.reply = { ok: true, ruleset: active() };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    const before = badges().length;
    expect(before).toBeGreaterThanOrEqual(4);
    expect(fake.state.sent).toContainEqual({
      type: 'cs-bg/read-local',
      keys: [DISMISSALS_KEY, DISMISSAL_SALT_KEY],
    });
    // The popup (a trusted page) dismisses the whole chat, stored under its salted hash (issue
    // 17, point 13); the background announces the change and the tab matches the hash.
    const salt = 'test-salt-0123456789abcdef';
    fake.state.local[DISMISSAL_SALT_KEY] = salt;
    fake.state.local[DISMISSALS_KEY] = {
      messages: {},
      chats: { [dismissalId(salt, 'chat', '-1987654321')]: { at: Date.now() } },
    };
    for (const l of fake.state.messageListeners) {
      l({ type: 'bg-cs/local-changed', keys: [DISMISSALS_KEY] }, { id: 'vigie-test' });
    }
    await waitFor(() => {
      scanner?.flush();
      return badges().length === 0;
    });
  });

  it('a signed update whose selectors match nothing here falls back to the built-in ones (issue 17, point 8)', async () => {
    const bundle = JSON.parse(RAW) as { sites: Record<string, { root: string[]; message: string[] }> };
    const k = bundle.sites['telegram-k'];
    if (!k) throw new Error('the bundle has no telegram-k selectors');
    k.root = ['.layout-of-another-year'];
    k.message = ['[data-message-id-of-another-year]'];
    fake.state.reply = { ok: true, ruleset: active(JSON.stringify(bundle)) };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    // Read with real selectors ('active'), not by the layout-not-recognised heuristic ('fallback').
    expect(scanner?.summary().state).toBe('active');
    expect(badges().length).toBeGreaterThanOrEqual(4);
  });

  it('applies settings: blur and off', async () => {
    fake.state.reply = { ok: true, ruleset: active() };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    await fake.browser.storage.sync.set({ 'settings@1': { blur: true } });
    await waitFor(() => {
      scanner?.flush();
      return (document.querySelector('[data-mid="1220"] .message') as HTMLElement).style.filter.includes(
        'blur',
      );
    });
    await fake.browser.storage.sync.set({ 'settings@1': { enabled: false } });
    await waitFor(() => {
      scanner?.flush();
      return badges().length === 0;
    });
    expect(document.documentElement.getAttribute('data-vigie')).toBe('idle');
  });

  it('does nothing on other pages', async () => {
    setUrl('https://example.org/k/');
    expect(await start(document, controller.signal)).toBeNull();
    expect(fake.state.messageListeners).toHaveLength(0);
  });
});
