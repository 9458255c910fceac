/**
 * A signed rule feed for end-to-end tests: a key pair made for this run (never the project key),
 * a test build pointed at https://feed.vigie.test/rules/bundle.json with that key pinned, and
 * routes that answer as a static host configured per docs/feed.md (CORS, strong ETag, 304).
 * Bundles are the test build's embedded bundle with a higher version and whatever a test changes
 * (e.g. the page selectors in `sites`), signed as `npm run rules:sign` signs.
 */
import { webcrypto } from 'node:crypto';
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { encodeBase64 } from '../../../src/engine/crypto/verify';
import { lazy } from './lazy';
import type { FixtureServer, RouteHandler } from './server';

export const FEED_URL = 'https://feed.vigie.test/rules/bundle.json';

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };

export interface SignedFeed {
  /** What the feed serves next (null: 404). */
  serve(bundle: Buffer | null): Promise<void>;
}

const keys = lazy(async () => {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, spki: encodeBase64(spki) };
});

export async function signBytes(bytes: Buffer): Promise<string> {
  const { privateKey } = await keys.get();
  const sig = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, bytes);
  return encodeBase64(new Uint8Array(sig));
}

/** Build-time env of a test build that trusts this run's key and asks this feed. */
export async function feedBuildEnv(): Promise<Record<string, string>> {
  return { VIGIE_FEED_URL: FEED_URL, VIGIE_FEED_KEYS: (await keys.get()).spki };
}

/** Adds the feed's routes (bundle and detached signature) to the fixture server. */
export function addSignedFeed(server: FixtureServer): SignedFeed {
  let bundle: Buffer | null = null;
  let signature: string | null = null;
  server.route(
    FEED_URL,
    route(() => bundle, 'application/json'),
  );
  server.route(
    `${FEED_URL}.sig`,
    route(() => signature, 'text/plain'),
  );
  return {
    async serve(next) {
      bundle = next;
      signature = next ? await signBytes(next) : null;
    },
  };
}

function route(body: () => Buffer | string | null, contentType: string): RouteHandler {
  return (req) => {
    if (req.method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...CORS,
          'access-control-allow-methods': 'GET',
          'access-control-allow-headers': 'If-None-Match',
          'access-control-max-age': '600',
        },
      };
    }
    const content = body();
    if (content === null) return { status: 404, headers: CORS, body: 'not found' };
    const etag = `"${fnv(content)}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { ...CORS, etag } };
    return { status: 200, headers: { ...CORS, etag, 'content-type': contentType }, body: content };
  };
}

function fnv(content: Buffer | string): string {
  let h = 2166136261;
  for (const b of Buffer.from(content)) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16);
}

export type Bundle = Record<string, unknown> & { version: number; sites?: Record<string, unknown> };

/** The rule bundle a test build embeds. */
export function readEmbedded(extensionDir: string): Bundle {
  return JSON.parse(readFileSync(resolve(extensionDir, 'rules/bundle.json'), 'utf8')) as Bundle;
}

/** The embedded bundle `bump` versions later, valid for 30 days from now, changed by `edit`. */
export function nextBundle(embedded: Bundle, bump: number, edit: (b: Bundle) => void = () => {}): Buffer {
  const bundle = structuredClone(embedded);
  bundle.version += bump;
  bundle.published = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  bundle.expires = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  edit(bundle);
  return Buffer.from(JSON.stringify(bundle, null, 1));
}

/** Removes a test build, and its variant folder once both browsers' builds are gone. */
export function removeVariant(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // The other browser's build is still there.
  }
}
