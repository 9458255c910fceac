/**
 * A click on the extension's toolbar button, as the browser itself handles it, for tests of what
 * only a user's invocation grants: `activeTab` (tabs.captureVisibleTab on the chat tab).
 *
 *   Chromium: the DevTools protocol's Extensions.triggerAction on the tab's target, which runs
 *     ToolbarActionViewModel::ExecuteUserAction, the code of a click on the toolbar icon: it grants
 *     activeTab for the tab and opens the real popup. Playwright's pipe connection allows it.
 *   Firefox: the browser's own BrowserAction.triggerAction(window), the code the toolbar button's
 *     keyboard shortcut and the extensions panel run: ExtensionActions.triggerClickOrPopup grants
 *     activeTab (tabManager.addActiveTabPermission) for the selected tab and opens the real popup.
 *     It is reached over WebDriver BiDi in the browser window's own (chrome) realm, which Firefox
 *     allows only when started with --remote-allow-system-access (firefox.ts does).
 *
 * Neither grants anything an extension could not get from a real click; nothing is added to the
 * manifest. The real popup these open is then replaced by the popup page in a window of its own
 * (openPopupWindow), because neither driver reaches into a real popup: what the test needs is the
 * grant, which belongs to the tab, not to the popup document.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { GECKO_ID } from '../../../scripts/manifest';
import type { ChromiumHarness } from './chromium';
import type { FirefoxHarness } from './firefox';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export async function triggerActionChromium(c: ChromiumHarness, page: PlaywrightPage): Promise<void> {
  await page.bringToFront();
  const browser = c.context.browser();
  if (!browser) throw new Error('No browser-level connection to send Extensions.triggerAction on');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: TargetInfo[];
    };
    const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
    if (tabs.length !== 1) throw new Error(`Expected one tab at ${page.url()}, found ${tabs.length}`);
    await cdp.send(
      'Extensions.triggerAction' as never,
      { id: c.extensionId, targetId: tabs[0]?.targetId } as never,
    );
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

export async function triggerActionFirefox(f: FirefoxHarness, page: PuppeteerPage): Promise<void> {
  await page.bringToFront();
  const connection = (f.browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection) throw new Error('No WebDriver BiDi connection on this puppeteer Browser');
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as {
    contexts: { context: string; url: string }[];
  };
  const windows = tree.contexts.filter((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (windows.length === 0) throw new Error('No browser window in the chrome scope (system access off?)');
  const expected = page.url();
  for (const win of windows) {
    const answer = (
      await connection.send('script.evaluate', {
        expression: `(async () => {
          if (gBrowser.selectedBrowser.currentURI.spec !== ${JSON.stringify(expected)}) return 'other';
          const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          const { ViewPopup } = ChromeUtils.importESModule('resource:///modules/ExtensionPopups.sys.mjs');
          const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension;
          const action = ExtensionParent.apiManager.global.browserActionFor(extension);
          // With the popup of an earlier trigger still open, a trigger only closes it (like a
          // second click on the button) and grants nothing: close it, then trigger.
          if (ViewPopup.for(extension, window)) await action.triggerAction(window);
          await action.triggerAction(window);
          return 'triggered';
        })()`,
        target: { context: win.context },
        awaitPromise: true,
      })
    ).result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
    if (answer.type === 'exception')
      throw new Error(`triggerAction failed: ${answer.exceptionDetails?.text}`);
    if (answer.result?.value === 'triggered') return;
  }
  throw new Error(`No browser window shows ${expected}`);
}

/** The popup page, in a window of its own, describing `tabId` (the chat's window keeps it shown). */
export async function openPopupWindowChromium(c: ChromiumHarness, tabId: number): Promise<PlaywrightPage> {
  const url = c.extensionUrl(`src/popup/index.html?tab=${tabId}`);
  const opened = c.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15_000 });
  await c.evaluateInExtension(createPopupWindow, url);
  const page = await opened;
  await page.waitForLoadState('load');
  return page;
}

export async function openPopupWindowFirefox(f: FirefoxHarness, tabId: number): Promise<PuppeteerPage> {
  const url = f.extensionUrl(`src/popup/index.html?tab=${tabId}`);
  const before = new Set(await f.browser.pages());
  await f.evaluateInExtension(createPopupWindow, url);
  const until = Date.now() + 15_000;
  for (;;) {
    // puppeteer reports moz-extension pages opened this way as about:blank: ask the page itself.
    for (const page of await f.browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      const ready = await page.evaluate(() => document.readyState === 'complete').catch(() => false);
      if (href === url && ready) return page;
    }
    if (Date.now() > until) throw new Error(`The popup window ${url} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs in an extension page: a popup-type window sized like the toolbar popup. */
async function createPopupWindow(url: string): Promise<void> {
  type WindowsApi = { windows: { create(o: object): Promise<unknown> } };
  const g = globalThis as unknown as { browser?: WindowsApi; chrome?: WindowsApi };
  const api = (g.browser ?? g.chrome) as WindowsApi;
  await api.windows.create({ url, type: 'popup', width: 420, height: 640, focused: true });
}
