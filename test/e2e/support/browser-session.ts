/**
 * One shape for "a real browser with the built extension" in Chromium and in Firefox ESR, for
 * tests that run the same scenario in both: pages, the popup and options pages, tab ids, and
 * code run in an extension page (where `browser` is Firefox's API and `chrome` Chromium's).
 */
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { startConnectProxy } from './proxy';
import type { FixtureServer } from './server';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

/** What both drivers' pages share. */
export interface AnyPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  goto(url: string): Promise<unknown>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserSession {
  open(url: string): Promise<AnyPage>;
  openPopupFor(page: AnyPage): Promise<AnyPage>;
  openOptions(): Promise<AnyPage>;
  tabIdOf(page: AnyPage): Promise<number>;
  /** Runs `fn` in a long-lived extension page. */
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Closes the browser (and its proxy); not the server. */
  close(): Promise<void>;
}

export async function launchSession(
  name: BrowserName,
  server: FixtureServer,
  extensionDir?: string,
): Promise<BrowserSession> {
  const dir = extensionDir ? { extensionDir } : {};
  if (name === 'chromium') {
    const chromium = await launchChromium({ serverPort: server.port, ...dir });
    return {
      open: (url) => chromium.openPage(url) as Promise<unknown> as Promise<AnyPage>,
      openPopupFor: (page) =>
        chromium.openPopup({ forPage: page as never }) as Promise<unknown> as Promise<AnyPage>,
      openOptions: () => chromium.openOptions() as Promise<unknown> as Promise<AnyPage>,
      tabIdOf: (page) => chromium.tabIdOf(page as never),
      inExtension: (fn, arg) => chromium.evaluateInExtension(fn, arg),
      close: () => chromium.close(),
    };
  }
  const proxy = await startConnectProxy({ targetPort: server.port });
  try {
    const firefox = await launchFirefox({ proxyPort: proxy.port, ...dir });
    return {
      open: (url) => firefox.openPage(url) as Promise<unknown> as Promise<AnyPage>,
      openPopupFor: (page) =>
        firefox.openPopup({ forPage: page as never }) as Promise<unknown> as Promise<AnyPage>,
      openOptions: () => firefox.openOptions() as Promise<unknown> as Promise<AnyPage>,
      tabIdOf: (page) => firefox.tabIdOf(page as never),
      inExtension: (fn, arg) => firefox.evaluateInExtension(fn, arg),
      close: async () => {
        await firefox.close();
        await proxy.close();
      },
    };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}

type Api = {
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]>;
  };
  tabs: { sendMessage(id: number, m: unknown): Promise<unknown> };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
};
type ApiGlobal = { browser?: Api; chrome: Api };

/** Functions to run in an extension page (pass them to `inExtension`). */
export const inExtensionPage = {
  /** The toolbar badge of one tab. */
  badge: async (tabId: number) => {
    const g = globalThis as unknown as ApiGlobal;
    const { action } = g.browser ?? g.chrome;
    return {
      text: await action.getBadgeText({ tabId }),
      title: await action.getTitle({ tabId }),
      color: await action.getBadgeBackgroundColor({ tabId }),
    };
  },
  /** tabs.sendMessage to a tab's content script, as the popup does. */
  toTab: (arg: { tabId: number; message: unknown }) => {
    const g = globalThis as unknown as ApiGlobal;
    return (g.browser ?? g.chrome).tabs.sendMessage(arg.tabId, arg.message);
  },
  /** runtime.sendMessage to the background, as the options page does. */
  toBackground: (message: unknown) => {
    const g = globalThis as unknown as ApiGlobal;
    return (g.browser ?? g.chrome).runtime.sendMessage(message);
  },
};
