/**
 * The decision half of the rule update: given what the feed returned, accept or refuse. No
 * browser API and no storage here; every effect is injected, so each refusal is unit-tested.
 *
 *   for each feed URL (primary first, then mirrors):
 *     GET bundle.json (If-None-Match)  ── 304 ──────────────────────────────▶ up-to-date
 *       │ 200, ≤ size cap, complete
 *     GET bundle.json.sig
 *       │
 *     verify signature over the EXACT bytes (pinned + extra keys) ── no ──▶ bad-signature
 *       │ yes                       (nothing is parsed before this line)
 *     UTF-8 → JSON → engine compile ──────────────────────────────── no ──▶ invalid-json / invalid-rules
 *       │
 *     same bytes as active? ─────────────────────────────────────── yes ─▶ up-to-date
 *     version > active version? ─────────────────────────────────── no ──▶ not-newer
 *     expires > now? ─────────────────────────────────────────────── no ──▶ expired
 *       │
 *     install
 *
 * The first feed that ends in install or up-to-date wins; if all refuse, the primary feed's
 * reason is reported (the one the user's build is meant to use).
 */
import type { VerifyResult } from '../engine/crypto/verify';
import type { FetchResult } from './feed-fetch';
import { type BundleFacts, BundleRejection, type BundleValidator } from './validate-bundle';

/** Plain-words codes shown as "error_<code>" (dashes → underscores) by the popup and options. */
export type UpdateErrorCode =
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'too-large'
  | 'truncated'
  | 'no-signature'
  | 'bad-signature'
  | 'invalid-json'
  | 'invalid-rules'
  | 'not-newer'
  | 'expired'
  | 'no-feed';

/** The same codes at run time (locale tests); the compiler checks both lists agree. */
export const UPDATE_ERROR_CODES = [
  'network',
  'timeout',
  'http-status',
  'too-large',
  'truncated',
  'no-signature',
  'bad-signature',
  'invalid-json',
  'invalid-rules',
  'not-newer',
  'expired',
  'no-feed',
] as const satisfies readonly UpdateErrorCode[];
const ALL_CODES_LISTED: [Exclude<UpdateErrorCode, (typeof UPDATE_ERROR_CODES)[number]>] extends [never]
  ? true
  : false = true;
void ALL_CODES_LISTED;

export interface PipelineDeps {
  fetchBundle(url: string, etag: string | null): Promise<FetchResult>;
  fetchSignature(url: string): Promise<FetchResult>;
  verify(bytes: Uint8Array, signature: string, keys: readonly string[]): Promise<VerifyResult>;
  validate: BundleValidator;
  now(): number;
}

export interface CheckInput {
  feeds: readonly string[];
  keys: readonly string[];
  /** The rule set in use, with the feed and ETag it came from. */
  current: { raw: string; version: number; feedUrl: string | null; etag: string | null } | null;
}

export type CheckOutcome =
  | {
      kind: 'install';
      feedUrl: string;
      raw: string;
      signature: string;
      facts: BundleFacts;
      etag: string | null;
    }
  | { kind: 'up-to-date'; feedUrl: string; etag: string | null }
  | { kind: 'refused'; code: UpdateErrorCode; detail: string };

/** The signature sits next to the bundle: https://host/rules/bundle.json → …/bundle.json.sig. */
export function signatureUrl(bundleUrl: string): string {
  return `${bundleUrl}.sig`;
}

export async function checkFeeds(input: CheckInput, deps: PipelineDeps): Promise<CheckOutcome> {
  if (input.feeds.length === 0)
    return { kind: 'refused', code: 'no-feed', detail: 'no feed URL is configured' };
  let first: CheckOutcome | null = null;
  for (const url of input.feeds) {
    const outcome = await checkOne(url, input, deps);
    if (outcome.kind !== 'refused') return outcome;
    first ??= outcome;
  }
  return first as CheckOutcome;
}

async function checkOne(url: string, input: CheckInput, deps: PipelineDeps): Promise<CheckOutcome> {
  const { current } = input;
  // Only the feed that gave us the active bundle may answer "not modified" about it.
  const etag = current && current.feedUrl === url ? current.etag : null;
  const fetched = await deps.fetchBundle(url, etag);
  if (fetched.kind === 'not-modified') {
    // A 304 to an unconditional request would leave us with no bytes to check: not a success.
    if (etag === null) return refuse('http-status', 'the feed answered 304 to a plain request');
    return { kind: 'up-to-date', feedUrl: url, etag };
  }
  if (fetched.kind === 'error') return refuse(fetched.code, fetched.detail);

  const sig = await deps.fetchSignature(signatureUrl(url));
  if (sig.kind === 'error' && sig.status === 404) {
    return refuse('no-signature', 'the feed has no bundle.json.sig next to bundle.json');
  }
  if (sig.kind === 'error') return refuse(sig.code, `signature file: ${sig.detail}`);
  if (sig.kind === 'not-modified') return refuse('http-status', 'signature file: unexpected 304');
  const signature = decodeUtf8(sig.bytes);
  if (signature === null) return refuse('bad-signature', 'the signature file is not text');

  // The doom principle: verify the exact bytes received, before decoding or parsing anything.
  const verified = await deps.verify(fetched.bytes, signature, input.keys);
  if (!verified.ok) return refuse('bad-signature', verified.detail);

  const raw = decodeUtf8(fetched.bytes);
  if (raw === null) return refuse('invalid-json', 'the bundle is not UTF-8 text');
  let facts: BundleFacts;
  try {
    facts = deps.validate(raw);
  } catch (error) {
    if (error instanceof BundleRejection) return refuse(error.code, error.message);
    return refuse('invalid-rules', error instanceof Error ? error.message : String(error));
  }

  if (current && raw === current.raw) return { kind: 'up-to-date', feedUrl: url, etag: fetched.etag };
  if (current && facts.version <= current.version) {
    return refuse(
      'not-newer',
      `the feed offers version ${facts.version}; version ${current.version} is in use`,
    );
  }
  if (facts.expiresAt <= deps.now()) {
    return refuse('expired', `version ${facts.version} expired on ${facts.expires}`);
  }
  return { kind: 'install', feedUrl: url, raw, signature: signature.trim(), facts, etag: fetched.etag };
}

function refuse(code: UpdateErrorCode, detail: string): CheckOutcome {
  return { kind: 'refused', code, detail };
}

/** Strict UTF-8 (a stray byte is an error, not a U+FFFD), BOM dropped. */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
