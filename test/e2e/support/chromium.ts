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
}

export interface ChromiumHarness {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  extensionUrl(path: string): string;
  /** Opens the action popup's page in a tab sized like a popup. */
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Opens a page (e.g. a fixture at its real URL) in a new tab and waits for load. */
  openPage(url: string): Promise<Page>;
  /** runtime.sendMessage from an extension page, as the popup or options page would. */
  sendFromExtensionPage(page: Page, message: unknown): Promise<unknown>;
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
  ].join(', ');

  const profileDir = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
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

  return {
    context,
    extensionId,
    serviceWorker,
    extensionUrl,
    // Chrome sizes a popup to its content, up to 800×600; 400×600 is a fair stand-in for screenshots.
    openPopup: () => openExtensionPage(pages.popup, { width: 400, height: 600 }),
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
