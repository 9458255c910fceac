/**
 * The I/O half of the rule update: Vigie's ONLY network request. Kept apart from the decisions
 * (./update-pipeline.ts), as Refined GitHub keeps hotfix.tsx apart from hotfix-parse.ts, so the
 * pipeline is tested with fakes and this file with fake `fetch` responses.
 *
 * Privacy: the request is a plain GET of a fixed URL. No query string (feed-config refuses one),
 * no cookies (`credentials: 'omit'`), no referrer, nothing about the user or their chats. The only
 * request header we add is If-None-Match with the feed's own ETag.
 *
 * Caching: `cache: 'no-store'` keeps the browser's HTTP cache out of the way, so a 304 reaches us
 * as a 304 (the fetch spec itself switches to no-store when a request carries If-None-Match:
 * https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step "If httpRequest's cache mode is
 * 'default' and httpRequest's header list contains `If-None-Match`...").
 */

export type FetchFailureCode = 'network' | 'timeout' | 'http-status' | 'too-large' | 'truncated';

export type FetchResult =
  | { kind: 'not-modified' }
  | { kind: 'ok'; bytes: Uint8Array; etag: string | null }
  | { kind: 'error'; code: FetchFailureCode; detail: string; status?: number };

export interface FetchOptions {
  /** ETag from the last accepted response of this URL; sent as If-None-Match. */
  etag?: string | null;
  maxBytes: number;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

/** GET `url`, reading at most `maxBytes`, within `timeoutMs`. Never throws. */
export async function fetchLimited(url: string, options: FetchOptions): Promise<FetchResult> {
  const doFetch = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const init: RequestInit = {
    method: 'GET',
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    redirect: 'follow',
    mode: 'cors',
    signal: controller.signal,
  };
  try {
    let response: Response;
    try {
      response = await doFetch(
        url,
        options.etag ? { ...init, headers: { 'If-None-Match': options.etag } } : init,
      );
    } catch (error) {
      if (timedOut) return timeout(options.timeoutMs);
      // If-None-Match is not a CORS-safelisted header: a host that exposes ETag but refuses the
      // preflight would fail every conditional request. Retry once as a simple request.
      if (!options.etag) return { kind: 'error', code: 'network', detail: describe(error) };
      try {
        response = await doFetch(url, init);
      } catch (retryError) {
        if (timedOut) return timeout(options.timeoutMs);
        return { kind: 'error', code: 'network', detail: describe(retryError) };
      }
    }
    if (response.status === 304) return { kind: 'not-modified' };
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return {
        kind: 'error',
        code: 'http-status',
        status: response.status,
        detail: `the feed answered HTTP ${response.status}`,
      };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return tooLarge(options.maxBytes, `declared ${declared} bytes`);
    }
    const body = await readCapped(response, options.maxBytes, controller.signal);
    if (body.kind === 'too-large') return tooLarge(options.maxBytes, 'body kept growing');
    if (body.kind === 'broken') {
      if (timedOut) return timeout(options.timeoutMs);
      // The browser errors the body stream when the connection closes early, including when fewer
      // bytes arrive than Content-Length announced (net::ERR_CONTENT_LENGTH_MISMATCH in Chromium).
      return { kind: 'error', code: 'truncated', detail: `connection lost after ${body.received} bytes` };
    }
    return { kind: 'ok', bytes: body.bytes, etag: response.headers.get('etag') };
  } finally {
    clearTimeout(timer);
  }
}

type ReadOutcome =
  | { kind: 'done'; bytes: Uint8Array }
  | { kind: 'too-large' }
  | { kind: 'broken'; received: number };

/**
 * Reads the body chunk by chunk and stops as soon as it passes `maxBytes`. The abort signal also
 * cancels the reader itself, so a stalled body ends on time whatever the fetch implementation does.
 */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<ReadOutcome> {
  if (!response.body) return { kind: 'done', bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal.aborted) return { kind: 'broken', received };
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: 'broken', received };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  // A cancelled read resolves as "done": only a body that ended by itself is complete.
  if (signal.aborted) return { kind: 'broken', received };
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'done', bytes };
}

function timeout(ms: number): FetchResult {
  return { kind: 'error', code: 'timeout', detail: `no complete answer within ${Math.round(ms / 1000)} s` };
}

function tooLarge(maxBytes: number, why: string): FetchResult {
  return { kind: 'error', code: 'too-large', detail: `over the ${maxBytes}-byte limit (${why})` };
}

/** Error text for the status line: the error's own words, never request or page data. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 200) || 'the request failed';
}
