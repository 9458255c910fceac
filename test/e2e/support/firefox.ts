/**
 * Debian's real Firefox ESR, driven by puppeteer-core over WebDriver BiDi (Playwright's Firefox
 * driver needs a patched build, and Debian ships no geckodriver). The built extension is installed
 * as a temporary add-on; the real chat hosts reach the fixture server through the CONNECT proxy.
 * One launch per test file: reuse it.
 */
import { randomUUID } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../../scripts/manifest';
import { defaultExtensionDir, readExtensionPages, requireBrowserBinary } from './extension';
import { waitInPage } from './wait';

export const FIREFOX_PATH = process.env.VIGIE_FIREFOX ?? '/usr/bin/firefox-esr';

export interface FirefoxOptions {
  /** Port of the CONNECT proxy on 127.0.0.1 (see proxy.ts). */
  proxyPort: number;
  /** Built extension folder; default dist/firefox. */
  extensionDir?: string;
  /** Extra prefs, e.g. for a test that needs a policy-like setting. */
  prefs?: Record<string, unknown>;
}

/** Prefs that send every download straight to `dir`, without a dialog or the downloads panel. */
export function downloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
  };
}

export interface FirefoxHarness {
  browser: Browser;
  /** The fixed moz-extension:// host of this run. */
  extensionUuid: string;
  extensionUrl(path: string): string;
  /**
   * Opens the action popup's page in a tab sized like a popup. With `forPage`, the popup gets
   * `?tab=<id>` naming that page's tab (a tab-hosted popup would otherwise describe itself).
   */
  openPopup(options?: { forPage?: Page }): Promise<Page>;
  /** The browser tab id of a page the extension has host permission for (for tabs.sendMessage). */
  tabIdOf(page: Page): Promise<number>;
  openOptions(): Promise<Page>;
  /** Opens any extension page by its path inside the build (e.g. 'src/welcome/index.html'). */
  openExtensionPage(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Opens a page (e.g. a fixture at its real URL) in a new tab and waits for load. */
  openPage(url: string): Promise<Page>;
  /** runtime.sendMessage from an extension page, as the popup or options page would. */
  sendFromExtensionPage(page: Page, message: unknown): Promise<unknown>;
  /**
   * Runs a function in a long-lived extension page (the options page), e.g. to read storage.
   * (Firefox's background page is not reachable over BiDi.)
   */
  evaluateInExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export async function launchFirefox(options: FirefoxOptions): Promise<FirefoxHarness> {
  requireBrowserBinary(FIREFOX_PATH, 'Firefox ESR', 'firefox-esr', 'VIGIE_FIREFOX');
  const extensionDir = options.extensionDir ?? defaultExtensionDir('firefox');
  const pages = readExtensionPages(extensionDir);
  // Chosen before install (pref below), so moz-extension://<uuid>/ is known and tests can open pages.
  const extensionUuid = randomUUID();

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      // Well under the e2e test timeout (see chromium.ts).
      timeout: 60_000,
      acceptInsecureCerts: true,
      // Release builds ignore a `services.settings.server` pref unless this is set, and then poll
      // firefox.settings.services.mozilla.com through the proxy dozens of times per run.
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      // Needed to navigate a tab to moz-extension:// over BiDi.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: extensionUuid }),
        // Every HTTP(S) request goes to the CONNECT proxy, which tunnels only the mapped hosts.
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': options.proxyPort,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': options.proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.share_proxy_settings': false,
        // Firefox MV3 treats host permissions, including content-script matches, as something the
        // user can withhold. Current Firefox grants them at install while this pref is true (its
        // shipped default), temporary add-ons included. Measured on 153 ESR: with it false the
        // content script never runs and permissions.getAll() lists no origins. We pin the default
        // rather than click through a prompt, so a distribution or profile that flips it cannot
        // silently turn the e2e tests into no-ops; smoke.e2e.ts asserts the origins are granted.
        // A test of the withheld case passes { prefs: { 'extensions.originControls.grantByDefault': false } }.
        'extensions.originControls.grantByDefault': true,
        // Mozilla's own test-harness value: remote settings then never touch the network.
        'services.settings.server': 'data:,#remote-settings-dummy/v1',
        ...options.prefs,
      },
    });
  } catch (error) {
    throw new Error(`Firefox at ${FIREFOX_PATH} failed to start: ${String(error)}`);
  }

  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      browser.installExtension(extensionDir),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error('no answer within 30 s')), 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (error) {
    await browser.close().catch(() => {});
    throw new Error(`Firefox refused the extension at ${extensionDir}: ${String(error)}`);
  }

  const extensionUrl = (path: string) => `moz-extension://${extensionUuid}/${path.replace(/^\//, '')}`;

  const openExtensionPage = async (path: string, viewport?: { width: number; height: number }) => {
    const page = await browser.newPage();
    if (viewport) await page.setViewport(viewport);
    const url = extensionUrl(path);
    // Over BiDi, goto to moz-extension:// never resolves although the page renders: start it
    // without awaiting and wait for the document instead.
    page.goto(url).catch(() => {});
    // Polling (see wait.ts) rather than waitForFunction: an evaluation racing the realm swap from
    // about:blank can fail inside Firefox's BiDi code, and waitForFunction does not retry that.
    await waitInPage(
      page,
      (expected: string) => location.href === expected && document.readyState === 'complete',
      {
        arg: url,
        timeoutMs: 15_000,
        message: `Extension page ${url} did not load`,
      },
    );
    // Note: page.url() stays 'about:blank' for these pages, as puppeteer never sees the
    // navigation finish; read location.href inside the page instead.
    return page;
  };

  let control: Promise<Page> | undefined;
  const controlPage = () => {
    control ??= openExtensionPage(pages.options);
    return control;
  };
  const evaluateInExtension = async <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => {
    const page = await controlPage();
    return page.evaluate(fn as (a: A) => Promise<R>, arg as never) as Promise<R>;
  };
  // Same method as chromium.ts (make the tab active, ask for the active tab), so tests behave alike;
  // Firefox does reveal the URL for granted hosts, which adds a cross-check.
  const tabIdOf = async (page: Page): Promise<number> => {
    await controlPage(); // opening it later would steal the active tab
    await page.bringToFront();
    type TabsGlobal = { browser: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } };
    const tabs = await evaluateInExtension(
      async () =>
        (
          await (globalThis as unknown as TabsGlobal).browser.tabs.query({
            active: true,
            lastFocusedWindow: true,
          })
        ).map((t) => ({ id: t.id ?? -1, url: t.url ?? null })),
      null,
    );
    const [tab] = tabs;
    // Where the browser does reveal the URL, make sure it is the page we meant.
    if (tabs.length !== 1 || !tab || tab.id < 0 || (tab.url !== null && tab.url !== page.url())) {
      throw new Error(`Could not find the tab of ${page.url()} (active tabs: ${JSON.stringify(tabs)})`);
    }
    return tab.id;
  };

  // A first install opens the welcome tab (background onInstalled), at a moment of its own: on a
  // loaded machine it could open after a test's chat page and hide it (Vigie does not scan hidden
  // tabs), which once left the first content test waiting on data-vigie="idle". Close it up front.
  await evaluateInExtension(async (path: string) => {
    type Views = { browser: { extension: { getViews(q: { type: string }): Window[] } } };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const views = (globalThis as unknown as Views).browser.extension.getViews({ type: 'tab' });
      const welcome = views.find((v) => v.location.pathname === path);
      if (welcome) {
        welcome.close();
        return true;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }, '/src/welcome/index.html');

  return {
    browser,
    extensionUuid,
    extensionUrl,
    async openPopup(opts = {}) {
      const query = opts.forPage ? `?tab=${await tabIdOf(opts.forPage)}` : '';
      return openExtensionPage(`${pages.popup}${query}`, { width: 400, height: 600 });
    },
    tabIdOf,
    evaluateInExtension,
    openOptions: () => openExtensionPage(pages.options),
    openExtensionPage,
    async openPage(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    sendFromExtensionPage(page, message) {
      type ExtensionGlobal = { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      return page.evaluate(
        (m) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage(m),
        message as never,
      );
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}
