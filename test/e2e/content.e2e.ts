/**
 * The content script in both real browsers, on the three chat fixtures served at their real
 * origins: listings are marked and ordinary messages are not; appended, recycled, edited, renamed
 * (local → server id) and virtualised messages are handled; HTML-looking text stays inert; the
 * summary the popup gets matches the page; and no network request leaves while scanning.
 *
 * The badge lives in a CLOSED shadow root, so from the page we see only its host element
 * ([data-vigie-badge]); what it shows is covered by the unit tests (test/unit/content/marker).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TabSummary } from '../../src/shared/messages';
import {
  FIXTURE_URLS,
  type FixtureServer,
  launchChromium,
  launchFirefox,
  lazy,
  startConnectProxy,
  startFixtureServer,
} from './support';

type Site = 'telegram-k' | 'telegram-a' | 'whatsapp';
const SITES: Site[] = ['telegram-k', 'telegram-a', 'whatsapp'];

/** The attribute each client puts its message id in (what the page-side checks read). */
const ID_ATTR: Record<Site, string> = {
  'telegram-k': 'data-mid',
  'telegram-a': 'data-message-id',
  whatsapp: 'data-id',
};

/** Ids of the messages the fixtures hold that are listings / ordinary text. */
const LISTINGS: Record<Site, string[]> = {
  'telegram-k': ['1202', '1211', '1220', '1223', '1227'],
  'telegram-a': ['1202', '1211', '1220', '1223', '1224'],
  whatsapp: ['AB', 'AD', 'B0', 'B5', 'B6'],
};
const ORDINARY: Record<Site, string[]> = {
  'telegram-k': ['1210', '1221', '1228', '1212', '1201', '1222'],
  'telegram-a': ['1210', '1221', '1226', '1212', '1201', '1222'],
  whatsapp: ['AC', 'B1', 'B4', 'AE', 'AA'],
};

/** Short id as used above: the mid itself on Telegram, the hex tail of the message id on WhatsApp. */
function shortId(site: Site, id: string): string {
  if (site !== 'whatsapp') return id;
  const msg = id.split('_')[2] ?? id;
  return msg.startsWith('3A0000000000000000') ? msg.slice(18) : msg;
}

/** Minimal page surface shared by playwright-core and puppeteer-core pages. */
interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  mouse: { click(x: number, y: number): Promise<void> };
  keyboard: { press(key: string): Promise<void> };
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

interface Harness {
  open(url: string): Promise<AnyPage>;
  summary(page: AnyPage): Promise<TabSummary>;
  /** tabs.sendMessage to the page's content script from an extension page, as the popup does. */
  send(page: AnyPage, message: unknown): Promise<unknown>;
  /** Number of requests the browser itself reported so far (all hosts). */
  browserRequests(): string[];
  /** Network log of the fixture server / proxy, as one comparable list. */
  networkLog(): string[];
  /** Runs a function in an extension page (storage access, like the background or options page). */
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

async function poll<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** Ids (by the site's attribute) of the message elements that carry a badge right now. */
function badgedIds(page: AnyPage, site: Site): Promise<string[]> {
  return page
    .evaluate((attr: string) => {
      const ids: string[] = [];
      for (const host of document.querySelectorAll('[data-vigie-badge]')) {
        const msg = host.closest(`[${attr}]`);
        // Album items carry data-mid too: report the outermost message.
        let outer = msg;
        while (outer?.parentElement?.closest(`[${attr}]`)) outer = outer.parentElement.closest(`[${attr}]`);
        ids.push(outer?.getAttribute(attr) ?? '?');
      }
      return ids.sort();
    }, ID_ATTR[site])
    .then((ids) => ids.map((id) => shortId(site, id)).sort());
}

function state(page: AnyPage): Promise<string> {
  return page.evaluate(() => document.documentElement.getAttribute('data-vigie') ?? '', null);
}

async function waitForBadges(page: AnyPage, site: Site, expected: string[], what: string): Promise<void> {
  const want = [...expected].sort();
  await poll(
    `${site}: ${what} (badges on ${want.join(',')})`,
    () => badgedIds(page, site),
    (ids) => JSON.stringify(ids) === JSON.stringify(want),
  );
}

/** Keys of the summary mapped to the same short ids as the page. */
function summaryIds(site: Site, summary: TabSummary): string[] {
  return summary.flagged
    .map((f) => (site === 'whatsapp' ? shortId(site, f.key) : (f.key.split(':')[1] ?? f.key)))
    .sort();
}

function siteScenario(site: Site, h: () => Promise<Harness>) {
  return async () => {
    const harness = await h();
    const page = await harness.open(FIXTURE_URLS[site]);
    try {
      // ---- initial scan: listings marked, ordinary messages not
      await poll(
        `${site}: data-vigie=active`,
        () => state(page),
        (s) => s === 'active',
      );
      await waitForBadges(page, site, LISTINGS[site], 'initial scan');
      const badged = await badgedIds(page, site);
      for (const id of ORDINARY[site]) expect(badged, `${site}: ${id} must not be marked`).not.toContain(id);

      const netBefore = harness.networkLog().length;
      const browserBefore = harness.browserRequests().length;

      // ---- the popup's summary matches the page
      let summary = await harness.summary(page);
      expect(summary.client).toBe(site);
      expect(summary.state).toBe('active');
      expect(summary.chat.title).toBe('Market Deals 24/7');
      expect(summary.scanned).toBeGreaterThanOrEqual(9);
      expect(summaryIds(site, summary)).toEqual([...LISTINGS[site]].sort());
      const html = summary.flagged.find((f) => f.excerpt.includes('onerror'));
      expect(html?.excerpt).toContain('<img src=x onerror=alert(1)>');
      for (const f of summary.flagged) {
        expect(f.excerpt.length).toBeLessThanOrEqual(280);
        expect(f.reasons.length).toBeGreaterThan(0);
        expect(typeof f.reasons[0]?.text?.en, JSON.stringify(f)).toBe('string');
        expect(f.reasons[0]?.text.en).not.toBe('');
      }

      // ---- the popup's other requests: show a message, dismiss and undismiss its badge
      const target = summary.flagged[0]?.key as string;
      expect(await harness.send(page, { type: 'popup-cs/show-message', key: target })).toEqual({ ok: true });
      expect(await harness.send(page, { type: 'popup-cs/show-message', key: 'no-such-key' })).toEqual({
        ok: false,
      });
      expect(await harness.send(page, { type: 'popup-cs/dismiss', key: target, scope: 'message' })).toEqual({
        ok: true,
      });
      const dismissedId = site === 'whatsapp' ? shortId(site, target) : (target.split(':')[1] as string);
      await waitForBadges(
        page,
        site,
        LISTINGS[site].filter((id) => id !== dismissedId),
        'dismissed badge hidden',
      );
      expect(await harness.send(page, { type: 'popup-cs/undismiss', key: target, scope: 'message' })).toEqual(
        { ok: true },
      );
      await waitForBadges(page, site, LISTINGS[site], 'undismissed badge back');
      // a malformed request gets no answer and changes nothing
      expect(
        await harness.send(page, { type: 'popup-cs/dismiss', key: target, scope: 'everything' }),
      ).toBeUndefined();
      expect(await badgedIds(page, site)).toEqual([...LISTINGS[site]].sort());

      // ---- HTML/script text is inert: nothing was injected into the page
      const injected = await page.evaluate(
        () => ({
          img: document.querySelectorAll('img[src="x"]').length,
          scripts: Array.from(document.scripts).filter((s) => s.textContent?.includes('alert(1)')).length,
        }),
        null,
      );
      expect(injected).toEqual({ img: 0, scripts: 0 });

      // ---- the badge is a real control: clicking it opens the panel (the host grows)
      const rect = await page.evaluate(() => {
        const r = document.querySelector('[data-vigie-badge]')?.getBoundingClientRect();
        return r ? { x: r.x, y: r.y, h: r.height } : null;
      }, null);
      expect(rect).not.toBeNull();
      if (rect) {
        await page.evaluate(
          () => document.querySelector('[data-vigie-badge]')?.scrollIntoView({ block: 'center' }),
          null,
        );
        // "Show in chat" above scrolls smoothly: click only once the badge has stopped moving.
        const badgeRect = () =>
          page.evaluate(() => {
            const r = document.querySelector('[data-vigie-badge]')?.getBoundingClientRect();
            return r ? { x: r.x, y: r.y, h: r.height } : { x: 0, y: 0, h: 0 };
          }, null);
        let r2 = await badgeRect();
        let previous = { x: -1, y: -1, h: -1 };
        await poll(
          `${site}: badge at rest`,
          async () => {
            previous = r2;
            await new Promise((r) => setTimeout(r, 50));
            r2 = await badgeRect();
            return Math.abs(r2.x - previous.x) + Math.abs(r2.y - previous.y);
          },
          (moved) => moved < 0.5,
        );
        await page.mouse.click(r2.x + 20, r2.y + r2.h / 2);
        await poll(
          `${site}: panel opens`,
          () =>
            page.evaluate(
              () => document.querySelector('[data-vigie-badge]')?.getBoundingClientRect().height ?? 0,
              null,
            ),
          (h) => h > r2.h + 40,
        );
      }

      // ---- and by keyboard: focus the last badge, Enter opens its panel, Escape closes it
      const lastHeight = () =>
        page.evaluate(() => {
          const hosts = document.querySelectorAll('[data-vigie-badge]');
          return hosts[hosts.length - 1]?.getBoundingClientRect().height ?? 0;
        }, null);
      await page.evaluate(() => {
        const hosts = document.querySelectorAll<HTMLElement>('[data-vigie-badge]');
        const host = hosts[hosts.length - 1];
        host?.scrollIntoView({ block: 'center' });
        host?.focus();
      }, null);
      const closedHeight = await lastHeight();
      await page.keyboard.press('Enter');
      await poll(`${site}: panel opens by keyboard`, lastHeight, (h) => h > closedHeight + 40);
      await page.keyboard.press('Escape');
      await poll(`${site}: Escape closes the panel`, lastHeight, (h) => h <= closedHeight + 1);

      // ---- dynamic cases, per client
      if (site === 'telegram-k') {
        await page.click('#btn-new'); // appended listing
        await waitForBadges(page, site, [...LISTINGS[site], '1213'], 'appended message');
        await page.click('#btn-edit'); // K edit: node replaced, text now ordinary
        await waitForBadges(page, site, LISTINGS[site], 'edit (node replaced)');
        await page.click('#btn-send'); // temporary mid renamed to the server mid in place
        await new Promise((r) => setTimeout(r, 1200));
        summary = await harness.summary(page);
        expect(summary.flagged.some((f) => f.key.includes('.'))).toBe(false);
        await page.click('#btn-slice'); // drops the service bubble 1201
        await page.click('#btn-slice'); // drops 1202 (a listing)
        await waitForBadges(page, site, ['1211', '1220', '1223', '1227'], 'viewport slice');
        await page.click('#btn-unslice'); // 1202 rebuilt as a new node
        await waitForBadges(page, site, LISTINGS[site], 'rebuilt node');
      } else if (site === 'telegram-a') {
        await page.click('#btn-new');
        await waitForBadges(page, site, [...LISTINGS[site], '1213'], 'appended message');
        await page.click('#btn-edit'); // A edit: text changed in place
        await waitForBadges(page, site, LISTINGS[site], 'edit in place');
        await page.click('#btn-send'); // local id → server id on the same node
        await new Promise((r) => setTimeout(r, 1200));
        summary = await harness.summary(page);
        expect(summary.flagged.some((f) => f.key.includes('.'))).toBe(false);
        await page.click('#btn-drop'); // ActionMessage 1201
        await page.click('#btn-drop'); // 1202 (a listing)
        await waitForBadges(page, site, ['1211', '1220', '1223', '1224'], 'viewport drop');
        await page.click('#btn-undrop');
        await waitForBadges(page, site, LISTINGS[site], 'remounted node');
      } else {
        await page.click('#btn-virtualize'); // AB's content dropped, wrapper kept
        await waitForBadges(page, site, ['AD', 'B0', 'B5', 'B6'], 'virtualised row');
        await page.click('#btn-virtualize'); // content back
        await waitForBadges(page, site, LISTINGS[site], 'restored row');
        await page.click('#btn-recycle'); // AB's element now shows another, harmless message
        await waitForBadges(page, site, ['AD', 'B0', 'B5', 'B6'], 'recycled row');
        await page.click('#btn-new');
        await waitForBadges(page, site, ['AD', 'B0', 'B5', 'B6', 'C1'], 'appended message');
        await page.click('#btn-edit'); // the appended message edited in place to ordinary text
        await waitForBadges(page, site, ['AD', 'B0', 'B5', 'B6'], 'edit in place');
      }

      // ---- the summary still matches the page after all that
      summary = await harness.summary(page);
      const now = await badgedIds(page, site);
      for (const id of now) expect(summaryIds(site, summary)).toContain(id);

      // ---- nothing left the browser while scanning
      await new Promise((r) => setTimeout(r, 500));
      expect(harness.networkLog().slice(netBefore), 'network log while scanning').toEqual([]);
      expect(harness.browserRequests().slice(browserBefore), 'browser requests while scanning').toEqual([]);
      // and since the browser started: the fixture server saw the chat documents and nothing else
      const documents = new Set(
        SITES.map((s) => {
          const u = new URL(FIXTURE_URLS[s]);
          return `GET ${u.hostname}${u.pathname}`;
        }),
      );
      expect(harness.networkLog().filter((r) => !documents.has(r))).toEqual([]);
    } finally {
      await page.close();
    }
  };
}

type StorageArea = { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> };
type ExtensionApi = { storage: { local: StorageArea; sync: StorageArea } };

/** Runs in an extension page: writes one storage key (Firefox has `browser`, Chromium `chrome`). */
function writeStorage(arg: { area: 'local' | 'sync'; key: string; value: unknown }): Promise<void> {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = (g.browser ?? g.chrome) as ExtensionApi;
  return api.storage[arg.area].set({ [arg.key]: arg.value });
}

/** Runs in an extension page: the active ruleset with one more rule, as a rule update would bring. */
async function updatedRuleset(): Promise<unknown> {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = (g.browser ?? g.chrome) as ExtensionApi;
  const active = (await api.storage.local.get('ruleset/active'))['ruleset/active'] as {
    raw: string;
    version: number;
    source: string;
  };
  const bundle = JSON.parse(active.raw);
  bundle.version += 1;
  bundle.rules.push({
    id: 'e2e.update',
    kind: 'sales-term',
    category: 'drugs',
    weight: 10,
    explain: bundle.rules[0].explain,
    terms: ['neighbourhood market'],
    lang: 'en',
  });
  return { raw: JSON.stringify(bundle), version: bundle.version, source: active.source };
}

async function storedRaw(): Promise<string | null> {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = (g.browser ?? g.chrome) as ExtensionApi;
  const active = (await api.storage.local.get('ruleset/active'))['ruleset/active'] as
    | { raw?: string }
    | undefined;
  return active?.raw ?? null;
}

function textFilter(page: AnyPage, mid: string): Promise<string> {
  return page.evaluate(
    (m: string) =>
      (document.querySelector(`[data-mid="${m}"] .message`) as HTMLElement | null)?.style.filter ?? '?',
    mid,
  );
}

/**
 * A rule update and a settings change reach an open chat without a reload: the background writes
 * the new ruleset to storage.local (simulated here), the options page writes settings to
 * storage.sync; the content script follows storage.onChanged.
 */
function updatesScenario(h: () => Promise<Harness>) {
  return async () => {
    const h0 = await h();
    const page = await h0.open(FIXTURE_URLS['telegram-k']);
    // Storage is written from an extension tab; in Firefox that hides the chat tab, and a hidden
    // tab does no work by design. Bring the chat back to the front, as the user would.
    const harness: Harness = {
      ...h0,
      inExtension: async (fn, arg) => {
        const result = await h0.inExtension(fn, arg);
        await page.bringToFront();
        return result;
      },
    };
    const K = LISTINGS['telegram-k'];
    try {
      await waitForBadges(page, 'telegram-k', K, 'initial scan');
      // 1. Rules written straight into storage, around the signed feed (one more term would make
      //    the ordinary reply 1221 a listing), are not used: the background re-checks the stored
      //    set, puts the packaged rules back, and the page keeps its marks (issue 17, point 7).
      //    Signed updates reaching an open tab without a reload: test/e2e/updates.e2e.ts.
      const next = (await harness.inExtension(updatedRuleset, null)) as { raw: string };
      await harness.inExtension(writeStorage, { area: 'local', key: 'ruleset/active', value: next });
      await poll(
        'the packaged rules put back',
        () => harness.inExtension(storedRaw, null),
        (raw) => raw !== null && raw !== next.raw,
      );
      await waitForBadges(page, 'telegram-k', K, 'the same marks, from the packaged rules');
      expect((await harness.summary(page)).flagged.map((f) => f.key)).not.toContain('-1987654321:1221');
      // 2. Settings: blur flagged messages (only those), then switch Vigie off, then on again.
      await harness.inExtension(writeStorage, { area: 'sync', key: 'settings@1', value: { blur: true } });
      await poll(
        'blur applied',
        () => textFilter(page, '1220'),
        (f) => f.includes('blur'),
      );
      expect(await textFilter(page, '1228')).toBe('');
      await harness.inExtension(writeStorage, { area: 'sync', key: 'settings@1', value: { enabled: false } });
      await waitForBadges(page, 'telegram-k', [], 'switched off');
      expect(await textFilter(page, '1220')).toBe('');
      await harness.inExtension(writeStorage, { area: 'sync', key: 'settings@1', value: {} });
      await waitForBadges(page, 'telegram-k', K, 'switched on again');
    } finally {
      await harness.inExtension(writeStorage, { area: 'sync', key: 'settings@1', value: {} }).catch(() => {});
      await page.close();
    }
  };
}

/** favicon.ico is the browser's own request for the tab icon, not the page's or ours. */
const notFavicon = (entry: string) => !entry.endsWith('/favicon.ico');

describe('Content script in Chromium', () => {
  const env = lazy(async () => {
    const server: FixtureServer = await startFixtureServer();
    try {
      const chromium = await launchChromium({ serverPort: server.port });
      const seen: string[] = [];
      chromium.context.on('request', (r) => {
        if (!r.url().startsWith('chrome-extension://') && !r.url().startsWith('data:')) seen.push(r.url());
      });
      const harness: Harness = {
        async open(url) {
          const page = await chromium.openPage(url);
          return page as unknown as AnyPage;
        },
        async send(page, message) {
          const tabId = await chromium.tabIdOf(page as never);
          type Tabs = { chrome: { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } } };
          return chromium.evaluateInExtension(
            (arg: { id: number; message: unknown }) =>
              (globalThis as unknown as Tabs).chrome.tabs.sendMessage(arg.id, arg.message),
            { id: tabId, message },
          );
        },
        async summary(page) {
          return (await this.send(page, { type: 'popup-cs/get-summary' })) as TabSummary;
        },
        browserRequests: () => seen.filter(notFavicon),
        inExtension: (fn, arg) => chromium.evaluateInExtension(fn, arg),
        networkLog: () => server.requests.map((r) => `${r.method} ${r.host}${r.path}`).filter(notFavicon),
        async close() {
          await chromium.close();
          await server.close();
        },
      };
      return harness;
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((h) => h.close()));

  for (const site of SITES)
    it(`${site}: marks listings and follows the chat as it changes`, siteScenario(site, env.get));
  it('refuses rules written around the feed; applies settings without a reload', updatesScenario(env.get));
});

describe('Content script in Firefox', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const firefox = await launchFirefox({ proxyPort: proxy.port });
      const harness: Harness = {
        async open(url) {
          return (await firefox.openPage(url)) as unknown as AnyPage;
        },
        async send(page, message) {
          const tabId = await firefox.tabIdOf(page as never);
          type Tabs = { browser: { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } } };
          return firefox.evaluateInExtension(
            (arg: { id: number; message: unknown }) =>
              (globalThis as unknown as Tabs).browser.tabs.sendMessage(arg.id, arg.message),
            { id: tabId, message },
          );
        },
        async summary(page) {
          return (await this.send(page, { type: 'popup-cs/get-summary' })) as TabSummary;
        },
        // Every Firefox request goes through the proxy: its log is the browser's network log.
        browserRequests: () => proxy.log.map((e) => `${e.kind} ${e.host}:${e.port}`),
        inExtension: (fn, arg) => firefox.evaluateInExtension(fn, arg),
        networkLog: () => server.requests.map((r) => `${r.method} ${r.host}${r.path}`).filter(notFavicon),
        async close() {
          await firefox.close();
          await proxy.close();
          await server.close();
        },
      };
      return harness;
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(() => env.dispose((h) => h.close()));

  for (const site of SITES)
    it(`${site}: marks listings and follows the chat as it changes`, siteScenario(site, env.get));
  it('refuses rules written around the feed; applies settings without a reload', updatesScenario(env.get));
});
