/**
 * Host mapping for Firefox, which has no --host-resolver-rules: a tiny HTTP CONNECT proxy on
 * loopback. It tunnels only the mapped hosts (port 443) to the fixture server and refuses every
 * other target, so no test traffic reaches the real internet. Its log of CONNECT targets is a
 * cheap record of every host the browser (and the extension) tried to contact.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAPPED_HOSTS } from './hosts';

export interface ProxyLogEntry {
  /** 'connect' for CONNECT tunnels, 'http' for plain proxied HTTP requests (always refused). */
  kind: 'connect' | 'http';
  host: string;
  port: number;
  allowed: boolean;
  at: number;
}

export interface ConnectProxy {
  port: number;
  readonly log: readonly ProxyLogEntry[];
  clearLog(): void;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Where allowed tunnels go: the fixture server's port on 127.0.0.1. */
  targetPort: number;
  hosts?: readonly string[];
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const allowedHosts = new Set((options.hosts ?? MAPPED_HOSTS).map((h) => h.toLowerCase()));
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    // Error handlers first: a browser resetting a tunnel must never crash the test process.
    s.on('error', () => {});
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };

  const server = createServer((req, res) => {
    // Plain HTTP through the proxy (Firefox captive-portal checks and the like): refuse, but record.
    let host = '';
    let port = 80;
    try {
      const u = new URL(req.url ?? '');
      host = u.hostname;
      port = Number(u.port || 80);
    } catch {
      host = req.headers.host ?? '';
    }
    log.push({ kind: 'http', host, port, allowed: false, at: Date.now() });
    res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
    res.end('refused by the Vigie test proxy');
  });

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const [rawHost = '', rawPort = '443'] = (req.url ?? '').split(':');
    const host = rawHost.toLowerCase();
    const port = Number(rawPort);
    const allowed = port === 443 && allowedHosts.has(host);
    log.push({ kind: 'connect', host, port, allowed, at: Date.now() });
    if (!allowed) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream: Socket = connect(options.targetPort, '127.0.0.1');
    track(upstream);
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.on('connection', (s: Socket) => track(s));
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });

  return {
    port: (server.address() as AddressInfo).port,
    get log() {
      return log;
    },
    clearLog() {
      log.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
