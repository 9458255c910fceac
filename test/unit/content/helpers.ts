/** Shared set-up for the content-script unit tests (happy-dom). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ShopMarker } from '../../../src/content/chat-marker';
import { Marker } from '../../../src/content/marker';
import { type DetectorLike, Scanner, type ScannerConfig } from '../../../src/content/scanner';
import { compileSelectors } from '../../../src/content/selectors';
import { ADAPTERS } from '../../../src/content/sites';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { pageLang } from '../../../src/content/strings';
import type { ChatSection } from '../../../src/engine/chat';
import type { Category, Reason, Span, Verdict } from '../../../src/engine/types';
import type { ClientId } from '../../../src/shared/messages';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/sites');

/** The fixture's markup without its <script> (tests drive the mutations themselves). */
export function fixtureHtml(client: ClientId): string {
  return fixtureFileHtml(`${client}.html`);
}

/** Any fixture file of test/fixtures/sites by name (e.g. a newer variant), without its <script>. */
export function fixtureFileHtml(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8').replace(/<script[\s\S]*?<\/script>/gi, '');
}

export function loadFixture(client: ClientId, transform: (html: string) => string = (h) => h): void {
  loadHtml(transform(fixtureHtml(client)));
}

/** Loads a fixture file by name (see fixtureFileHtml). */
export function loadFixtureFile(name: string, transform: (html: string) => string = (h) => h): void {
  loadHtml(transform(fixtureFileHtml(name)));
}

function loadHtml(html: string): void {
  const lang = /<html[^>]*\blang="([^"]*)"/i.exec(html)?.[1] ?? '';
  document.documentElement.innerHTML = html
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>[\s\S]*$/i, '');
  document.documentElement.lang = lang;
}

export const HASH: Record<ClientId, { hash: string; pathname: string }> = {
  'telegram-k': { hash: '#-1987654321', pathname: '/k/' },
  'telegram-a': { hash: '#-1001987654321', pathname: '/a/' },
  whatsapp: { hash: '', pathname: '/' },
  snapchat: { hash: '', pathname: '/web' },
};

const PRODUCTS: Record<string, Category> = {
  coke: 'drugs',
  cocaine: 'drugs',
  weed: 'drugs',
  mdma: 'drugs',
  glock: 'weapons',
};

/**
 * A tiny stand-in for the engine with the same contract: flags a text naming a product from the
 * list above; spans point into the original text. Counts its calls.
 */
export function fakeDetector(version = 1): DetectorLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    version,
    calls,
    explanation: (key: string) => ({ en: `EN ${key}`, fr: `FR ${key}` }),
    scan(text: string): Verdict {
      calls.push(text);
      const reasons: Reason[] = [];
      let category: Category | null = null;
      const re = /[a-z]+/gi;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const cat = PRODUCTS[m[0].toLowerCase()];
        if (!cat) continue;
        category ??= cat;
        const span: Span = [m.index, m.index + m[0].length];
        reasons.push({
          ruleId: `p.${cat}`,
          kind: 'product',
          category: cat,
          weight: 3,
          explain: `${cat}-name`,
          spans: [span],
        });
      }
      return {
        flagged: category !== null,
        category,
        score: reasons.length * 3,
        level: category ? 'high' : 'none',
        reasons,
      };
    },
  };
}

export interface Setup {
  scanner: Scanner;
  marker: Marker;
  detector: ReturnType<typeof fakeDetector>;
  controller: AbortController;
  location: { hash: string; pathname: string };
}

export function setup(
  client: ClientId,
  opts: {
    blur?: boolean;
    detector?: ReturnType<typeof fakeDetector>;
    site?: (typeof BUILTIN_SITES)[ClientId];
    /** The chat-level verdict's section (issue 15); none by default. */
    chat?: ChatSection | null;
    shopMarker?: ShopMarker;
    dismissed?: ScannerConfig['dismissed'];
  } = {},
): Setup {
  const controller = new AbortController();
  const location = { ...HASH[client] };
  const marker = new Marker(
    document,
    () => pageLang(document),
    (key) => scanner.reveal(key),
  );
  const scanner: Scanner = new Scanner({
    doc: document,
    adapter: ADAPTERS[client],
    marker,
    location: () => location,
    signal: controller.signal,
    ...(opts.shopMarker ? { shopMarker: opts.shopMarker } : {}),
  });
  const detector = opts.detector ?? fakeDetector();
  scanner.configure({
    selectors: compileSelectors(opts.site ?? BUILTIN_SITES[client], document),
    detector,
    options: {},
    blur: opts.blur ?? false,
    dismissed: opts.dismissed ?? { messages: new Set(), chats: new Set() },
    chat: opts.chat ?? null,
  });
  return { scanner, marker, detector, controller, location };
}

/** Lets MutationObserver records arrive (they are delivered as microtasks). */
export async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
}

export function badges(root: ParentNode = document): Element[] {
  return Array.from(root.querySelectorAll('[data-vigie-badge]'));
}

/** Waits (real timers) until `cond` holds, or fails after `ms`. */
export async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
