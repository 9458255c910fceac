/**
 * The shared real-browser harness; see each module for details. Typical test file:
 *
 *   const env = lazy(async () => {            // not beforeAll: a launch error must FAIL tests
 *     const server = await startFixtureServer(); // HTTPS on a free loopback port, real hosts
 *     server.route('https://feed.vigie.test/rules/bundle.json', etagged(() => body));
 *     const proxy = await startConnectProxy({ targetPort: server.port });
 *     const firefox = await launchFirefox({ proxyPort: proxy.port }); // or launchChromium({ serverPort })
 *     return { server, proxy, firefox };
 *   });
 *   afterAll(() => env.dispose(async (e) => { await e.firefox.close(); await e.proxy.close(); await e.server.close(); }));
 *   it('…', async () => { const { firefox } = await env.get(); const page = await firefox.openPage(FIXTURE_URLS.whatsapp); … });
 *
 * Both launchers: openPage(url), openPopup({ forPage }), openOptions(), tabIdOf(page),
 * sendFromExtensionPage(page, msg), evaluateInExtension(fn, arg), close().
 * Build-time variants (e.g. VIGIE_FEED_URL): buildVariant(name, 'chrome' | 'firefox', env) → dir,
 * then pass it as `extensionDir`. Logs: server.requests (method/host/path…), proxy.log (hosts).
 * Browser noise to expect in logs: /favicon.ico on each fixture host; with a proxy, Chromium's
 * own *.googleapis.com / accounts.google.com attempts (refused).
 */
export { buildVariant, variantDir } from './build-variant';
export { type ChromiumHarness, launchChromium } from './chromium';
export { defaultExtensionDir, productionExtensionDir, REPO_ROOT, readExtensionPages } from './extension';
export { downloadPrefs, type FirefoxHarness, launchFirefox } from './firefox';
export { type FirefoxEnv, firefoxEnv } from './firefox-env';
export { FIXTURE_URLS, type FixtureSite, MAPPED_HOSTS } from './hosts';
export { type Lazy, lazy } from './lazy';
export { type ConnectProxy, startConnectProxy } from './proxy';
export {
  describeLog,
  etagged,
  type FixtureServer,
  fixtureFile,
  type LoggedRequest,
  type RouteHandler,
  startFixtureServer,
} from './server';
export { waitInPage } from './wait';
