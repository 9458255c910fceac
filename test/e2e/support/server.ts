/**
 * HTTPS fixture server on loopback that answers for the real hosts (see hosts.ts), routing by
 * Host header + path. Tests can add or replace routes at run time (e.g. a signed rules feed with
 * ETag support) and assert on the request log (e.g. "no request while scanning").
 *
 * It listens on an ephemeral port by default: several engineers run e2e tests on the same machine
 * at once, and both browsers are pointed at whatever port it got.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { FIXTURE_URLS, type FixtureSite } from './hosts';
import { createSelfSignedCert, type TlsMaterial } from './tls';

export const FIXTURE_SITES_DIR = resolve(import.meta.dirname, '../../fixtures/sites');

export interface RouteRequest {
  method: string;
  /** Host header without port, lower-cased. */
  host: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type RouteHandler = RouteResponse | ((req: RouteRequest) => RouteResponse | Promise<RouteResponse>);

export interface LoggedRequest {
  method: string;
  host: string;
  path: string;
  /** Raw query string including '?', or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  /** Request body as UTF-8 (privacy tests check that no message text ever leaves). */
  body: string;
  status: number;
  at: number;
}

export interface RouteOptions {
  /** Match every path that starts with the route's path (longest prefix wins; exact routes first). */
  prefix?: boolean;
}

export interface FixtureServer {
  port: number;
  /** Add or replace the route for `url` (e.g. 'https://feed.vigie.test/rules/latest.json'). */
  route(url: string, handler: RouteHandler, options?: RouteOptions): void;
  unroute(url: string, options?: RouteOptions): void;
  /** Every request received since start or the last clearLog(), oldest first. */
  readonly requests: readonly LoggedRequest[];
  requestsTo(host: string): LoggedRequest[];
  clearLog(): void;
  /** Resolves with the first request (already logged or future) that matches. */
  waitForRequest(match: (r: LoggedRequest) => boolean, timeoutMs?: number): Promise<LoggedRequest>;
  close(): Promise<void>;
}

interface Route {
  host: string;
  path: string;
  prefix: boolean;
  handler: RouteHandler;
}

/** Serves a file from test/fixtures/sites, read on every request so fixture edits need no restart. */
export function fixtureFile(name: string, contentType = 'text/html; charset=utf-8'): RouteHandler {
  return () => ({
    headers: { 'content-type': contentType },
    body: readFileSync(resolve(FIXTURE_SITES_DIR, name)),
  });
}

/**
 * A body with a strong ETag; answers 304 when If-None-Match names it. `body` may be a function so
 * a test can swap the content (and thus the ETag) between requests.
 */
export function etagged(
  body: string | Buffer | (() => string | Buffer),
  headers: Record<string, string> = { 'content-type': 'application/json' },
): RouteHandler {
  return (req) => {
    const content = typeof body === 'function' ? body() : body;
    const etag = `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
    const inm = req.headers['if-none-match'];
    if (inm?.split(',').some((t) => t.trim() === etag)) {
      return { status: 304, headers: { etag } };
    }
    return { status: 200, headers: { ...headers, etag }, body: content };
  };
}

const DEFAULT_SITE_FILES: Record<FixtureSite, string> = {
  'telegram-k': 'telegram-k.html',
  'telegram-a': 'telegram-a.html',
  whatsapp: 'whatsapp.html',
  snapchat: 'snapchat.html',
};

export interface FixtureServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  tls?: TlsMaterial;
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const tls = options.tls ?? createSelfSignedCert();
  const routes = new Map<string, Route>();
  const log: LoggedRequest[] = [];
  const waiters = new Set<{ match: (r: LoggedRequest) => boolean; done: (r: LoggedRequest) => void }>();
  const sockets = new Set<Socket>();

  const keyOf = (host: string, path: string, prefix: boolean) =>
    `${prefix ? 'prefix' : 'exact'} ${host}${path}`;
  const parse = (url: string) => {
    const u = new URL(url);
    if (u.protocol !== 'https:') throw new Error(`Fixture routes are HTTPS only: ${url}`);
    return { host: u.hostname.toLowerCase(), path: u.pathname };
  };

  const api: FixtureServer = {
    port: 0,
    route(url, handler, opts = {}) {
      const { host, path } = parse(url);
      const prefix = opts.prefix ?? false;
      routes.set(keyOf(host, path, prefix), { host, path, prefix, handler });
    },
    unroute(url, opts = {}) {
      const { host, path } = parse(url);
      routes.delete(keyOf(host, path, opts.prefix ?? false));
    },
    get requests() {
      return log;
    },
    requestsTo(host) {
      return log.filter((r) => r.host === host.toLowerCase());
    },
    clearLog() {
      log.length = 0;
    },
    waitForRequest(match, timeoutMs = 10_000) {
      const found = log.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolvePromise, reject) => {
        const waiter = {
          match,
          done: (r: LoggedRequest) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolvePromise(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching request within ${timeoutMs} ms; got: ${describeLog(log)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };

  for (const [site, file] of Object.entries(DEFAULT_SITE_FILES) as [FixtureSite, string][]) {
    // Real clients put state after the path (Telegram: /k/#@user, Snapchat: /web/<conversation>).
    api.route(FIXTURE_URLS[site], fixtureFile(file), { prefix: site.startsWith('telegram') });
  }
  api.route(`${FIXTURE_URLS.snapchat}/`, fixtureFile(DEFAULT_SITE_FILES.snapchat), { prefix: true });

  const findRoute = (host: string, path: string): Route | undefined => {
    const exact = routes.get(keyOf(host, path, false));
    if (exact) return exact;
    let best: Route | undefined;
    for (const r of routes.values()) {
      if (
        r.prefix &&
        r.host === host &&
        path.startsWith(r.path) &&
        (!best || r.path.length > best.path.length)
      ) {
        best = r;
      }
    }
    return best;
  };

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', async () => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q === -1 ? raw : raw.slice(0, q);
      const search = q === -1 ? '' : raw.slice(q);
      const method = req.method ?? 'GET';
      const body = Buffer.concat(chunks).toString('utf8');
      let out: RouteResponse;
      try {
        const route = findRoute(host, path);
        if (!route) {
          out = {
            status: 404,
            headers: { 'content-type': 'text/plain' },
            body: `no fixture route for ${host}${path}`,
          };
        } else {
          const request: RouteRequest = {
            method,
            host,
            path,
            query: new URLSearchParams(search),
            headers: req.headers,
            body,
          };
          out = typeof route.handler === 'function' ? await route.handler(request) : route.handler;
        }
      } catch (error) {
        out = {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `route failed: ${String(error)}`,
        };
      }
      const status = out.status ?? 200;
      const entry: LoggedRequest = {
        method,
        host,
        path,
        search,
        headers: req.headers,
        body,
        status,
        at: Date.now(),
      };
      log.push(entry);
      for (const w of [...waiters]) if (w.match(entry)) w.done(entry);
      // Fixtures change between runs and tests swap routes: never let the browser cache them.
      try {
        res.writeHead(status, { 'cache-control': 'no-store', ...out.headers });
        res.end(method === 'HEAD' ? undefined : out.body);
      } catch (error) {
        // e.g. a route returned an invalid header: make it visible without crashing the run.
        console.error(`fixture server: could not answer ${host}${path}: ${String(error)}`);
        res.destroy();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  // A browser dropping a TLS handshake (e.g. to probe) must not crash the test run.
  server.on('tlsClientError', () => {});

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  api.port = (server.address() as AddressInfo).port;
  return api;
}

export function describeLog(log: readonly LoggedRequest[]): string {
  if (log.length === 0) return '(no requests)';
  return log.map((r) => `${r.method} ${r.host}${r.path}${r.search} → ${r.status}`).join('; ');
}
