/**
 * The usual Firefox set-up of a test file: fixture server, CONNECT proxy in front of it, Firefox
 * ESR through the proxy, started lazily (a launch error fails the tests instead of skipping them,
 * see lazy.ts) and closed after the file. Call it inside the `describe` it serves.
 */
import { afterAll } from 'vitest';
import { type FirefoxHarness, type FirefoxOptions, launchFirefox } from './firefox';
import { type Lazy, lazy } from './lazy';
import { type ConnectProxy, startConnectProxy } from './proxy';
import { type FixtureServer, startFixtureServer } from './server';

export interface FirefoxEnv {
  server: FixtureServer;
  proxy: ConnectProxy;
  firefox: FirefoxHarness;
}

export function firefoxEnv(options: Omit<FirefoxOptions, 'proxyPort'> = {}): Lazy<FirefoxEnv> {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      return { server, proxy, firefox: await launchFirefox({ ...options, proxyPort: proxy.port }) };
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, proxy, firefox }) => {
      await firefox.close();
      await proxy.close();
      await server.close();
    }),
  );
  return env;
}
