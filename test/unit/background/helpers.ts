/**
 * Test doubles for the background: an in-memory storage area, a fake feed server answering
 * `fetch`, bundle makers and signing with key pairs generated at test time (never the project key).
 */
import { webcrypto } from 'node:crypto';
import type { StorageAreaLike } from '../../../src/background/ruleset-store';
import { encodeBase64, type VerifyCrypto } from '../../../src/engine/crypto/verify';

export const subtle = webcrypto.subtle as unknown as VerifyCrypto & SubtleCrypto;

export interface TestKey {
  privateKey: CryptoKey;
  spki: string;
}

export async function makeKey(): Promise<TestKey> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, spki: encodeBase64(spki) };
}

export async function sign(key: TestKey, bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const sig = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, data);
  return encodeBase64(new Uint8Array(sig));
}

export const DAY = 86_400_000;
/** A fixed "now" for every test: 2026-11-28T12:00:00Z. */
export const NOW = Date.parse('2026-11-28T12:00:00Z');

/** A bundle in the shape of bundle-types.ts; `word` is a term only this version knows. */
export function makeBundle(
  version: number,
  options: { expires?: number; published?: number; word?: string; rules?: unknown } = {},
): string {
  const published = options.published ?? NOW - DAY;
  const expires = options.expires ?? NOW + 60 * DAY;
  return JSON.stringify({
    format: 1,
    version,
    published: new Date(published).toISOString(),
    expires: new Date(expires).toISOString(),
    explanations: { drug: { en: 'Drug name', fr: 'Nom de drogue' } },
    lexicon: { currencies: ['€'], units: ['g'] },
    rules: options.rules ?? [
      {
        id: `drugs.v${version}`,
        kind: 'product',
        category: 'drugs',
        weight: 3,
        explain: 'drug',
        terms: [options.word ?? 'beuh'],
        lang: 'fr',
      },
    ],
    sites: {},
  });
}

/** Stand-in for the engine compiler: enough structure to tell valid rules from invalid ones. */
export function fakeCompile(parsed: unknown): unknown {
  const rules = (parsed as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) throw new Error('rules: expected an array');
  for (const [i, rule] of rules.entries()) {
    const terms = (rule as { terms?: unknown })?.terms;
    if (!Array.isArray(terms) || terms.length === 0) throw new Error(`rules[${i}].terms: expected terms`);
  }
  return parsed;
}

/** storage.local stand-in that copies values like the real one and counts writes. */
export class MemoryStorage implements StorageAreaLike {
  data = new Map<string, unknown>();
  writes: Record<string, unknown>[] = [];
  async get(keys: string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const key of keys) if (this.data.has(key)) out[key] = structuredClone(this.data.get(key));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    this.writes.push(structuredClone(items));
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }
}

export type Route = (request: Request) => Response | Promise<Response>;

/** A fetch that answers from a route table and logs every request it receives. */
export class FakeFeed {
  routes = new Map<string, Route>();
  log: Request[] = [];
  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.log.push(request);
    const route = this.routes.get(request.url);
    if (!route) return new Response('not found', { status: 404 });
    return route(request);
  };
  /** Serves `body` at url with its signature at url.sig, honouring If-None-Match. */
  serve(url: string, body: Uint8Array | string, signature: string, etag: string | null = null): void {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.routes.set(url, (request) => {
      if (etag && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304 });
      return new Response(bytes.slice(), { status: 200, headers: etag ? { etag } : {} });
    });
    this.routes.set(`${url}.sig`, () => new Response(signature, { status: 200 }));
  }
}
