/** The shared real-browser harness; see each module for details. */
export { buildVariant, variantDir } from './build-variant';
export { type ChromiumHarness, launchChromium } from './chromium';
export { REPO_ROOT, readExtensionPages } from './extension';
export { type FirefoxHarness, launchFirefox } from './firefox';
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
