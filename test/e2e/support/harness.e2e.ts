/**
 * The harness itself, without a browser: the fixture server routes by Host + path and logs
 * requests, ETag routes answer 304, the certificate names the real hosts, and the CONNECT proxy
 * tunnels only mapped hosts. A broken harness would otherwise show up as confusing browser failures.
 */
import { X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { lazy } from './lazy';
import { startConnectProxy } from './proxy';
import { etagged, startFixtureServer } from './server';
import { createSelfSignedCert } from './tls';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request to the fixture server as a browser would send it to `host`. */
function get(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string> = {},
  post?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: post === undefined ? 'GET' : 'POST',
        servername: host,
        headers: { host, ...headers },
        rejectUnauthorized: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(post);
  });
}

/** Sends CONNECT host:port to the proxy; resolves with the proxy's status line. */
function connectThrough(
  proxyPort: number,
  target: string,
): Promise<{ status: number; socket: import('node:net').Socket }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: target });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('error', reject);
    req.end();
  });
}

describe('test harness', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    return { server, proxy };
  });
  afterAll(() =>
    env.dispose(async ({ server, proxy }) => {
      await proxy.close();
      await server.close();
    }),
  );

  it('the certificate names every mapped host', () => {
    const { cert } = createSelfSignedCert(['web.telegram.org', 'feed.vigie.test']);
    const san = new X509Certificate(cert).subjectAltName ?? '';
    expect(san).toContain('DNS:web.telegram.org');
    expect(san).toContain('DNS:feed.vigie.test');
  });

  it('serves each fixture at its real host and path, and 404s elsewhere', async () => {
    const { server } = await env.get();
    const k = await get(server.port, 'web.telegram.org', '/k/');
    const a = await get(server.port, 'web.telegram.org', '/a/');
    const wa = await get(server.port, 'web.whatsapp.com', '/');
    const snap = await get(server.port, 'www.snapchat.com', '/web');
    expect([k.status, a.status, wa.status, snap.status]).toEqual([200, 200, 200, 200]);
    expect(k.body).toContain('<title>Telegram Web K</title>');
    expect(a.body).not.toBe(k.body);
    expect(wa.body.toLowerCase()).toContain('whatsapp');
    expect(snap.body.toLowerCase()).toContain('snapchat');
    // Same path, other host: no route.
    expect((await get(server.port, 'web.whatsapp.com', '/k/')).status).toBe(404);
    expect((await get(server.port, 'example.com', '/')).status).toBe(404);
  });

  it('routes added at run time can be replaced and removed, and every request is logged', async () => {
    const { server } = await env.get();
    server.clearLog();
    const url = 'https://feed.vigie.test/rules/x.json';
    server.route(url, { status: 200, headers: { 'x-test': 'one' }, body: 'first' });
    expect((await get(server.port, 'feed.vigie.test', '/rules/x.json')).body).toBe('first');
    server.route(url, (req) => ({ status: 418, body: `second ${req.query.get('q')}` }));
    const second = await get(server.port, 'feed.vigie.test', '/rules/x.json?q=1');
    expect([second.status, second.body]).toEqual([418, 'second 1']);
    server.unroute(url);
    const posted = await get(server.port, 'feed.vigie.test', '/rules/x.json', {}, 'posted text');
    expect(posted.status, posted.body).toBe(404);
    expect(server.requests.map((r) => [r.method, r.host, r.path, r.search, r.status, r.body])).toEqual([
      ['GET', 'feed.vigie.test', '/rules/x.json', '', 200, ''],
      ['GET', 'feed.vigie.test', '/rules/x.json', '?q=1', 418, ''],
      ['POST', 'feed.vigie.test', '/rules/x.json', '', 404, 'posted text'],
    ]);
    await expect(server.waitForRequest((r) => r.status === 418)).resolves.toMatchObject({ search: '?q=1' });
    await expect(server.waitForRequest((r) => r.host === 'nowhere.test', 50)).rejects.toThrow(
      /No matching request/,
    );
  });

  it('an ETag route answers 304 to a matching If-None-Match and 200 once the content changes', async () => {
    const { server } = await env.get();
    let content = '{"v":1}';
    server.route(
      'https://feed.vigie.test/e.json',
      etagged(() => content),
    );
    const first = await get(server.port, 'feed.vigie.test', '/e.json');
    const etag = String(first.headers.etag);
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^".+"$/);
    expect((await get(server.port, 'feed.vigie.test', '/e.json', { 'if-none-match': etag })).status).toBe(
      304,
    );
    content = '{"v":2}';
    const changed = await get(server.port, 'feed.vigie.test', '/e.json', { 'if-none-match': etag });
    expect([changed.status, changed.body]).toEqual([200, '{"v":2}']);
  });

  it('the proxy tunnels mapped hosts on 443 to the fixture server and refuses the rest', async () => {
    const { proxy } = await env.get();
    proxy.clearLog();
    const ok = await connectThrough(proxy.port, 'web.whatsapp.com:443');
    expect(ok.status).toBe(200);
    // TLS through the tunnel reaches the fixture server, which presents the test certificate.
    const tls = tlsConnect({ socket: ok.socket, servername: 'web.whatsapp.com', rejectUnauthorized: false });
    const peer = await new Promise<string>((resolve, reject) => {
      tls.once('secureConnect', () => resolve(tls.getPeerX509Certificate()?.subjectAltName ?? ''));
      tls.once('error', reject);
    });
    tls.destroy();
    expect(peer).toContain('DNS:web.whatsapp.com');

    const other = await connectThrough(proxy.port, 'example.com:443');
    const wrongPort = await connectThrough(proxy.port, 'web.whatsapp.com:8080');
    other.socket.destroy();
    wrongPort.socket.destroy();
    expect([other.status, wrongPort.status]).toEqual([403, 403]);
    expect(proxy.log.map((e) => [e.kind, e.host, e.port, e.allowed])).toEqual([
      ['connect', 'web.whatsapp.com', 443, true],
      ['connect', 'example.com', 443, false],
      ['connect', 'web.whatsapp.com', 8080, false],
    ]);
  });
});
