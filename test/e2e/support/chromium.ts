/**
 * Debian's real Chromium, driven by playwright-core, with the built extension loaded and the real
 * chat hosts mapped to the loopback fixture server. One launch per test file: reuse it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { defaultExtensionDir, readExtensionPages, requireBrowserBinary } from './extension';
import { MAPPED_HOSTS } from './hosts';

export const CHROMIUM_PATH = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

export interface ChromiumOptions {
  /** Port of the fixture server on 127.0.0.1 (see server.ts). */
  serverPort: number;
  /** Built extension folder; default dist/chrome. */
  extensionDir?: string;
  /** Hosts to map to the fixture server; default MAPPED_HOSTS. */
  hosts?: readonly string[];
  /**
   * Optional CONNECT proxy port (see proxy.ts). With it, every request goes through the proxy, so
   * its log lists every host Chromium or the extension tried to reach, as it does for Firefox;
   * without it, unmapped hosts fail DNS silently.
   */
  proxyPort?: number;
  /**
   * A real device pixel ratio for the whole browser (--force-device-scale-factor), with pages at
   * the window's size instead of Playwright's emulated viewport: Playwright's own
   * deviceScaleFactor emulation changes what pages report but not what tabs.captureVisibleTab
   * captures (measured: devicePixelRatio 2, a 1280×720 capture). Default: 1, emulated 1280×720.
   */
  deviceScaleFactor?: number;
  /** More command-line switches, e.g. for a test that needs a browser feature turned on. */
  args?: readonly string[];
}

export interface ChromiumHarness {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  extensionUrl(path: string): string;
  /**
   * Opens the action popup's page in a tab sized like a popup. With `forPage`, the popup gets
   * `?tab=<id>` naming that page's tab (a tab-hosted popup would otherwise describe itself).
   */
  openPopup(options?: { forPage?: Page }): Promise<Page>;
  /** The browser tab id of a page the extension has host permission for (for tabs.sendMessage). */
  tabIdOf(page: Page): Promise<number>;
  openOptions(): Promise<Page>;
  /** Opens a page (e.g. a fixture at its real URL) in a new tab and waits for load. */
  openPage(url: string): Promise<Page>;
  /** runtime.sendMessage from an extension page, as the popup or options page would. */
  sendFromExtensionPage(page: Page, message: unknown): Promise<unknown>;
  /** Runs a function in a long-lived extension page (the options page), e.g. to read storage. */
  evaluateInExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export async function launchChromium(options: ChromiumOptions): Promise<ChromiumHarness> {
  requireBrowserBinary(CHROMIUM_PATH, 'Chromium', 'chromium', 'VIGIE_CHROMIUM');
  const extensionDir = options.extensionDir ?? defaultExtensionDir('chrome');
  const pages = readExtensionPages(extensionDir);
  const hosts = options.hosts ?? MAPPED_HOSTS;
  // Mapped hosts go to the fixture server; every other name fails to resolve, so nothing the
  // browser or the extension does can reach the real internet during a test.
  const resolverRules = [
    ...hosts.map((h) => `MAP ${h} 127.0.0.1:${options.serverPort}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
  ].join(', ');

  const profileDir = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Well under the e2e test timeout, so a hung start fails the first test and, through lazy(),
      // every later one at once, instead of each test waiting out its own timeout.
      timeout: 60_000,
      ...(options.deviceScaleFactor ? { viewport: null } : {}),
      args: [
        ...(options.deviceScaleFactor
          ? [`--force-device-scale-factor=${options.deviceScaleFactor}`, '--window-size=1280,800']
          : []),
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=${resolverRules}`,
        '--ignore-certificate-errors',
        // Loopback stays direct (Chromium's implicit bypass), so only real host names are proxied.
        ...(options.proxyPort ? [`--proxy-server=http://127.0.0.1:${options.proxyPort}`] : []),
        ...(options.args ?? []),
      ],
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw new Error(`Chromium at ${CHROMIUM_PATH} failed to start: ${String(error)}`);
  }

  const isExtensionWorker = (w: Worker) => w.url().startsWith('chrome-extension://');
  let serviceWorker = context.serviceWorkers().find(isExtensionWorker);
  if (!serviceWorker) {
    try {
      serviceWorker = await context.waitForEvent('serviceworker', {
        predicate: isExtensionWorker,
        timeout: 15_000,
      });
    } catch {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
      throw new Error(
        `The extension's service worker did not start in Chromium (extension: ${extensionDir})`,
      );
    }
  }
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;

  const openExtensionPage = async (path: string, viewport?: { width: number; height: number }) => {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(extensionUrl(path), { waitUntil: 'load' });
    return page;
  };

  // One extension page kept open for evaluations: unlike the service worker, it is never evicted.
  let control: Promise<Page> | undefined;
  const controlPage = () => {
    control ??= openExtensionPage(pages.options);
    return control;
  };
  const evaluateInExtension = async <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => {
    const page = await controlPage();
    return page.evaluate(fn as (a: A) => Promise<R>, arg as never) as Promise<R>;
  };
  // Chromium shows tab URLs only with the `tabs` permission or explicit host permissions, and
  // content-script matches are neither; so find the tab by making it the active one instead.
  const tabIdOf = async (page: Page): Promise<number> => {
    await controlPage(); // opening it later would steal the active tab
    await page.bringToFront();
    type TabsGlobal = { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } };
    const tabs = await evaluateInExtension(
      async () =>
        (
          await (globalThis as unknown as TabsGlobal).chrome.tabs.query({
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

  return {
    context,
    extensionId,
    serviceWorker,
    extensionUrl,
    // Chrome sizes a popup to its content, up to 800×600; 400×600 is a fair stand-in for screenshots.
    async openPopup(opts = {}) {
      const query = opts.forPage ? `?tab=${await tabIdOf(opts.forPage)}` : '';
      return openExtensionPage(`${pages.popup}${query}`, { width: 400, height: 600 });
    },
    tabIdOf,
    evaluateInExtension,
    openOptions: () => openExtensionPage(pages.options),
    async openPage(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    sendFromExtensionPage(page, message) {
      // Runs inside the page: no @types/chrome here, so describe the one call used.
      type ExtensionGlobal = { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      return page.evaluate(
        (m) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(m),
        message as never,
      );
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
