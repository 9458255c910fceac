/**
 * The parent lock in real Chromium and Firefox ESR (issue 17, points 9 and 10), with the built
 * extension and the Telegram Web K fixture at its real origin:
 *   - without a PIN, a settings change synced from another computer (simulated by writing
 *     storage.sync from an extension page, as sync does) switches scanning off in the open chat:
 *     the chat tab's toolbar badge loses its count — this shows the check below can fail;
 *   - with a PIN set through the options page, the same synced write changes nothing: the badge
 *     keeps its count, the options page says settings are kept on this device and that a change
 *     from another device was refused;
 *   - the Web Locks API that serialises PIN attempts across pages exists in both browsers;
 *   - the browser's own switch (issue 17, point 11): Chrome's site access set to "on click" through
 *     chrome://extensions' own API, Firefox's per-site permissions removed as the add-ons manager
 *     does: the toolbar badge reads OFF and the options page says "protection off since …";
 *     in Chrome, access back clears the badge and the page keeps the period.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CHAT_ORIGINS } from '../../src/shared/protection';
import { SETTINGS_KEY } from '../../src/shared/settings/keys';
import { FIXTURE_URLS, firefoxEnv, launchChromium, lazy, startFixtureServer, waitInPage } from './support';

interface Page {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}
interface Harness {
  /** Whether the test can switch access back on without a person (Firefox asks the user). */
  canRestoreAccess: boolean;
  /** The browser's own switch: stop Vigie reading the chat sites, or (where it can) allow it again. */
  siteAccess(on: boolean): Promise<void>;
  openPage(url: string): Promise<unknown>;
  openOptions(): Promise<unknown>;
  tabIdOf(page: never): Promise<number>;
  evaluateInExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

type Api = {
  storage: { sync: { set(i: object): Promise<void> } };
  action: { getBadgeText(d: { tabId?: number }): Promise<string> };
};

/** What browser sync does when another computer of the account changes the settings. */
function remoteSettings(h: Harness, value: Record<string, unknown>) {
  return h.evaluateInExtension(
    async ({ key, value }) => {
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      await ((g.browser ?? g.chrome) as Api).storage.sync.set({ [key]: value });
    },
    { key: SETTINGS_KEY, value },
  );
}

/**
 * What the chat tab's badge shows while Vigie is on: a count of flagged messages, or SHOP since the
 * K fixture's market group reads as a shop as a whole (issue 15, test/e2e/badge.e2e.ts).
 */
const SHOWS = /^(\d+|SHOP)$/;

/** The badge of one tab, or with tabId null the global one (what tabs without their own show). */
function badgeText(h: Harness, tabId: number | null) {
  return h.evaluateInExtension(async (tabId) => {
    const g = globalThis as unknown as { browser?: Api; chrome?: Api };
    return ((g.browser ?? g.chrome) as Api).action.getBadgeText(tabId === null ? {} : { tabId });
  }, tabId);
}

async function waitForBadge(h: Harness, tabId: number | null, test: (text: string) => boolean, what: string) {
  const until = Date.now() + 15_000;
  let text = '';
  for (;;) {
    text = await badgeText(h, tabId);
    if (test(text)) return text;
    if (Date.now() > until) throw new Error(`badge of tab ${tabId} never ${what} (last: "${text}")`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The count once the scan has settled (the same twice, a second apart). */
async function stableBadge(h: Harness, tabId: number) {
  let last = await waitForBadge(h, tabId, (t) => SHOWS.test(t), 'showed a count again');
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await badgeText(h, tabId);
    if (now === last) return now;
    last = now;
  }
}

/** Types into a Preact form the way a user does (input events), then, once rendered, submits it. */
async function fillAndSubmit(page: Page, fields: Record<string, string>, button: string) {
  await page.evaluate((fields) => {
    for (const [id, value] of Object.entries(fields)) {
      const input = document.getElementById(id) as HTMLInputElement | null;
      if (!input) throw new Error(`no #${id}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, fields);
  // The submit handler reads the typed values from the next render (Preact batches updates).
  await new Promise((r) => setTimeout(r, 200));
  await page.evaluate((button) => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === button);
    if (!b) throw new Error(`no button ${button}`);
    b.click();
  }, button);
}

function lockFlow(env: { get(): Promise<Harness> }) {
  it('a synced change from another computer switches Vigie off without a PIN, and is refused with one', async () => {
    const h = await env.get();
    const chat = (await h.openPage(FIXTURE_URLS['telegram-k'])) as Page;
    const tabId = await h.tabIdOf(chat as never);
    await waitForBadge(h, tabId, (t) => SHOWS.test(t), 'showed a count');

    // Control: no PIN, the synced "off" applies here.
    await remoteSettings(h, { enabled: false });
    await waitForBadge(h, tabId, (t) => t === '', 'lost its count without a PIN');
    await remoteSettings(h, { enabled: true });
    const flagged = await stableBadge(h, tabId);

    const options = (await h.openOptions()) as Page;
    await waitInPage(options, () => !!document.getElementById('pin-new'), { message: 'PIN form' });
    await fillAndSubmit(options, { 'pin-new': '246801', 'pin-confirm': '246801' }, 'Set the PIN');
    await waitInPage(options, () => !!document.querySelector('[data-pin="locked"]'), {
      timeoutMs: 20_000,
      message: 'PIN set',
    });
    await waitInPage(options, () => !!document.querySelector('[data-state="kept-on-device"]'), {
      message: 'kept-on-device note',
    });

    await remoteSettings(h, { enabled: false, blur: true });
    const refused = await waitInPage(
      options,
      () => document.querySelector('[data-state="sync-refused"]')?.textContent ?? '',
      { timeoutMs: 15_000, message: 'refusal shown in the options page' },
    );
    expect(refused).toMatch(/on\/off|marche\/arrêt/);
    // The content script still scans: give a wrong answer time to show, then check the count.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badgeText(h, tabId)).toBe(flagged);
    expect(
      await options.evaluate(
        () => (document.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.checked,
        null,
      ),
    ).toBe(true);

    // PIN attempts are serialised across pages with the Web Locks API: it must exist here.
    expect(
      await options.evaluate(() => typeof (navigator as Navigator).locks?.request === 'function', null),
    ).toBe(true);
    await options.close();
    await chat.close();
  });

  it('site access withdrawn by the browser: the badge reads OFF and the options page says since when', async () => {
    const h = await env.get();
    const options = (await h.openOptions()) as Page;
    await waitInPage(options, () => !!document.querySelector('[data-protection="on"]'), {
      message: 'protection on at first',
    });
    const before = Date.now();
    await h.siteAccess(false);
    await waitForBadge(h, null, (t) => t === 'OFF', 'read OFF');
    const text = await waitInPage(
      options,
      () => document.querySelector('[data-state="protection-off"]')?.textContent ?? '',
      { timeoutMs: 15_000, message: 'protection off in the options page' },
    );
    expect(text).toMatch(
      /Protection off since .+: the browser no longer lets Vigie read Telegram Web, WhatsApp Web, Snapchat for Web/,
    );
    const since = await h.evaluateInExtension(async () => {
      type Local = {
        storage: { local: { get(k: string): Promise<Record<string, { off?: { since: number } }>> } };
      };
      const g = globalThis as unknown as { browser?: Local; chrome?: Local };
      return (
        (await ((g.browser ?? g.chrome) as Local).storage.local.get('protection@1'))['protection@1']?.off
          ?.since ?? 0
      );
    }, null);
    expect(since).toBeGreaterThanOrEqual(before - 1000);
    if (h.canRestoreAccess) {
      await h.siteAccess(true);
      await waitForBadge(h, null, (t) => t === '', 'cleared once access is back');
      await waitInPage(options, () => !!document.querySelector('[data-state="protection-was-off"]'), {
        message: 'the last period shown',
      });
    }
    await options.close();
  });
}

describe('parent lock in Chromium', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    try {
      return { server, chromium: await launchChromium({ serverPort: server.port }) };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, chromium }) => {
      await chromium.close();
      await server.close();
    }),
  );
  lockFlow({
    get: async () => {
      const { chromium } = await env.get();
      return Object.assign(Object.create(chromium) as Harness, {
        canRestoreAccess: true,
        // What the extension menu's "site access" does: chrome://extensions' own private API.
        async siteAccess(on: boolean) {
          const page = await chromium.context.newPage();
          await page.goto('chrome://extensions/');
          type Dev = {
            chrome: { developerPrivate: { updateExtensionConfiguration(c: object): Promise<void> } };
          };
          await page.evaluate(
            ({ id, on }) =>
              (globalThis as unknown as Dev).chrome.developerPrivate.updateExtensionConfiguration({
                extensionId: id,
                hostAccess: on ? 'ON_ALL_SITES' : 'ON_CLICK',
              }),
            { id: chromium.extensionId, on },
          );
          await page.close();
        },
      });
    },
  });
});

describe('parent lock in Firefox ESR', () => {
  const env = firefoxEnv();
  lockFlow({
    get: async () => {
      const { firefox } = await env.get();
      return Object.assign(Object.create(firefox) as Harness, {
        // Allowing a site again asks the user (a doorhanger); this test only withdraws.
        canRestoreAccess: false,
        // What the add-ons manager's per-site permission toggles do.
        async siteAccess(on: boolean) {
          if (on) throw new Error('Firefox asks the user to allow a site again');
          await firefox.evaluateInExtension(async (origins) => {
            type P = { browser: { permissions: { remove(p: object): Promise<boolean> } } };
            await (globalThis as unknown as P).browser.permissions.remove({ origins });
          }, CHAT_ORIGINS);
        },
      });
    },
  });
});
