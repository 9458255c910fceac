/**
 * The I/O half of the rule update: Vigie's ONLY network request. Kept apart from the decisions
 * (./update-pipeline.ts), as Refined GitHub keeps hotfix.tsx apart from hotfix-parse.ts, so the
 * pipeline is tested with fakes and this file with fake `fetch` responses.
 *
 * Privacy: the request is a plain GET of a fixed URL. No query string (feed-config refuses one),
 * no cookies (`credentials: 'omit'`), no referrer, and no request header of ours at all: in
 * particular no If-None-Match echoing an ETag the feed chose, which a feed could make unique per
 * install (issue 17, point 6; the signature file is the validator, see ./update-pipeline.ts).
 * With no custom header the request is a CORS "simple" request: no preflight either.
 *
 * Caching: `cache: 'no-store'` keeps the browser's HTTP cache out of the way, so the browser adds
 * no If-None-Match / If-Modified-Since of its own from an earlier response either.
 */

export type FetchFailureCode = 'network' | 'timeout' | 'http-status' | 'too-large' | 'truncated';

export type FetchResult =
  | { kind: 'not-modified' }
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'error'; code: FetchFailureCode; detail: string; status?: number };

export interface FetchOptions {
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
      response = await doFetch(url, init);
    } catch (error) {
      if (timedOut) return timeout(options.timeoutMs);
      return { kind: 'error', code: 'network', detail: describe(error) };
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
    return { kind: 'ok', bytes: body.bytes };
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
