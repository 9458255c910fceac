import { describe, expect, it } from 'vitest';
import { fetchLimited } from '../../../src/background/feed-fetch';
import { FakeFeed } from './helpers';

const URL_ = 'https://feed.example/rules/bundle.json';
const base = { maxBytes: 1000, timeoutMs: 2000 };

/** A body that sends `chunks` then either ends, errors (connection lost) or hangs. */
function streamBody(chunks: Uint8Array[], end: 'close' | 'error' | 'hang'): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(chunks[i++] as Uint8Array);
        return;
      }
      if (end === 'close') controller.close();
      else if (end === 'error') controller.error(new TypeError('network error'));
      else return new Promise(() => undefined);
    },
  });
}

describe('fetchLimited: the only network request', () => {
  it('makes a bare GET: no cookies, no referrer, no HTTP cache, no query, no extra headers', async () => {
    const feed = new FakeFeed();
    feed.routes.set(URL_, () => new Response('{}', { headers: { etag: '"v1"' } }));
    const result = await fetchLimited(URL_, { ...base, fetchImpl: feed.fetch });
    expect(result).toMatchObject({ kind: 'ok' });
    const [request] = feed.log;
    expect(request?.url).toBe(URL_);
    expect(request?.method).toBe('GET');
    expect(request?.credentials).toBe('omit');
    expect(request?.cache).toBe('no-store');
    expect(request?.referrerPolicy).toBe('no-referrer');
    expect([...(request?.headers.keys() ?? [])]).toEqual([]);
  });

  it('reports a 304 (which no request of ours asks for) as not modified, never as content', async () => {
    const feed = new FakeFeed();
    feed.routes.set(URL_, () => new Response(null, { status: 304 }));
    expect(await fetchLimited(URL_, { ...base, fetchImpl: feed.fetch })).toEqual({ kind: 'not-modified' });
  });

  it.each([404, 500, 503])('reports HTTP %i as http-status', async (status) => {
    const feed = new FakeFeed();
    feed.routes.set(URL_, () => new Response('oops', { status }));
    expect(await fetchLimited(URL_, { ...base, fetchImpl: feed.fetch })).toMatchObject({
      kind: 'error',
      code: 'http-status',
      status,
    });
  });

  it('reports a refused connection as network', async () => {
    const fetchImpl = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchLimited(URL_, { ...base, fetchImpl })).toMatchObject({
      kind: 'error',
      code: 'network',
    });
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(c) {
        pulled += 1;
        c.enqueue(new Uint8Array(10));
      },
    });
    const fetchImpl = async () => new Response(body, { headers: { 'content-length': '5000' } });
    expect(await fetchLimited(URL_, { ...base, fetchImpl })).toMatchObject({
      kind: 'error',
      code: 'too-large',
    });
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own prefetch at most
  });

  it('stops reading an undeclared body as soon as it passes the cap', async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(c) {
        pulled += 1;
        c.enqueue(new Uint8Array(300));
      },
    }); // endless
    const fetchImpl = async () => new Response(body);
    expect(await fetchLimited(URL_, { ...base, fetchImpl })).toMatchObject({
      kind: 'error',
      code: 'too-large',
    });
    expect(pulled).toBeLessThan(6);
  });

  it('reports a body cut off mid-way as truncated', async () => {
    const fetchImpl = async () => new Response(streamBody([new Uint8Array(100)], 'error'));
    expect(await fetchLimited(URL_, { ...base, fetchImpl })).toMatchObject({
      kind: 'error',
      code: 'truncated',
      detail: 'connection lost after 100 bytes',
    });
  });

  it('gives up on a body that trickles and stalls (timeout)', async () => {
    const fetchImpl = async (_u: RequestInfo | URL, init?: RequestInit) => {
      const body = streamBody([new Uint8Array(10)], 'hang');
      init?.signal?.addEventListener('abort', () => body.cancel().catch(() => undefined));
      return new Response(body);
    };
    const started = Date.now();
    const result = await fetchLimited(URL_, { ...base, timeoutMs: 50, fetchImpl });
    expect(result).toMatchObject({ kind: 'error', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up on a server that never answers (timeout)', async () => {
    const fetchImpl = (_u: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    expect(await fetchLimited(URL_, { ...base, timeoutMs: 30, fetchImpl })).toMatchObject({
      kind: 'error',
      code: 'timeout',
    });
  });

  it('returns the exact bytes received', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x00, 0xff]);
    const fetchImpl = async () => new Response(streamBody([bytes.slice(0, 3), bytes.slice(3)], 'close'));
    const result = await fetchLimited(URL_, { ...base, fetchImpl });
    expect(result.kind === 'ok' && [...result.bytes]).toEqual([...bytes]);
  });
});
