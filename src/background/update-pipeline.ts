/**
 * The decision half of the rule update: given what the feed returned, accept or refuse. No
 * browser API and no storage here; every effect is injected, so each refusal is unit-tested.
 *
 *   for each feed (organisation feeds first, then the project's primary and mirrors):
 *     GET bundle.json.sig (88 bytes) ── 404 ─────────────────────────────▶ no-signature
 *       │ same signature as the set in use? ───────────────────── yes ─▶ up-to-date
 *     GET bundle.json (no validator header at all) ── ≤ size cap, complete
 *       │
 *     verify the signature over the EXACT bytes, with THIS feed's keys ── no ──▶ bad-signature
 *       │ yes                       (nothing is parsed before this line)
 *     UTF-8 → JSON → engine compile ──────────────────────────────── no ──▶ invalid-json / invalid-rules
 *       │
 *     same bytes as active? ─────────────────────────────────────── yes ─▶ up-to-date
 *     version > active version? ─────────────────────────────────── no ──▶ not-newer
 *     version − active ≤ bound (./version-bound.ts)? ─────────────── no ──▶ version-jump
 *     expires > now? ─────────────────────────────────────────────── no ──▶ expired
 *       │
 *     install (with the feed's owner and the key that signed it)
 *
 * Privacy (issue 17, point 6): the check sends no validator the feed chose. An ETag echoed back
 * in If-None-Match is an identifier the feed can make unique per install, and the signature
 * does not cover it. The signature file IS the content-derived validator: it is the same for
 * everyone who holds the same bundle, and it costs 88 bytes to compare.
 *
 * The first feed that ends in install or up-to-date wins; if all refuse, the first feed's
 * reason is reported (the one the install is meant to use).
 */
import type { VerifyResult } from '../engine/crypto/verify';
import type { FetchResult } from './feed-fetch';
import type { FeedOwner, FeedSource } from './feed-sources';
import { type BundleFacts, BundleRejection, type BundleValidator } from './validate-bundle';
import { maxVersionJump } from './version-bound';

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
  | 'version-jump'
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
  'version-jump',
  'expired',
  'no-feed',
] as const satisfies readonly UpdateErrorCode[];
const ALL_CODES_LISTED: [Exclude<UpdateErrorCode, (typeof UPDATE_ERROR_CODES)[number]>] extends [never]
  ? true
  : false = true;
void ALL_CODES_LISTED;

export interface PipelineDeps {
  fetchBundle(url: string): Promise<FetchResult>;
  fetchSignature(url: string): Promise<FetchResult>;
  verify(bytes: Uint8Array, signature: string, keys: readonly string[]): Promise<VerifyResult>;
  validate: BundleValidator;
  now(): number;
}

/** The rule set in use, as far as a check needs it. */
export interface CurrentSet {
  raw: string;
  version: number;
  /** Its signed `published` date (the version bound is measured from it). */
  published: string;
  /** Its detached signature, or null for the packaged set. */
  signature: string | null;
}

export interface CheckInput {
  feeds: readonly FeedSource[];
  current: CurrentSet | null;
}

export type CheckOutcome =
  | {
      kind: 'install';
      feedUrl: string;
      owner: FeedOwner;
      /** The key (SPKI base64) whose signature was accepted. */
      signedBy: string;
      raw: string;
      signature: string;
      facts: BundleFacts;
    }
  | { kind: 'up-to-date'; feedUrl: string }
  | { kind: 'refused'; code: UpdateErrorCode; detail: string };

/** The signature sits next to the bundle: https://host/rules/bundle.json → …/bundle.json.sig. */
export function signatureUrl(bundleUrl: string): string {
  return `${bundleUrl}.sig`;
}

export async function checkFeeds(input: CheckInput, deps: PipelineDeps): Promise<CheckOutcome> {
  if (input.feeds.length === 0)
    return { kind: 'refused', code: 'no-feed', detail: 'no feed URL is configured' };
  let first: CheckOutcome | null = null;
  for (const feed of input.feeds) {
    const outcome = await checkOne(feed, input.current, deps);
    if (outcome.kind !== 'refused') return outcome;
    first ??= outcome;
  }
  return first as CheckOutcome;
}

async function checkOne(
  feed: FeedSource,
  current: CurrentSet | null,
  deps: PipelineDeps,
): Promise<CheckOutcome> {
  const url = feed.url;
  const sig = await deps.fetchSignature(signatureUrl(url));
  if (sig.kind === 'error' && sig.status === 404) {
    return refuse('no-signature', 'the feed has no bundle.json.sig next to bundle.json');
  }
  if (sig.kind === 'error') return refuse(sig.code, `signature file: ${sig.detail}`);
  if (sig.kind === 'not-modified') return refuse('http-status', 'signature file: unexpected 304');
  const signatureText = decodeUtf8(sig.bytes);
  if (signatureText === null) return refuse('bad-signature', 'the signature file is not text');
  const signature = signatureText.trim();
  // The same signature as the set in use means the feed still publishes the bytes we hold.
  if (current?.signature && signature === current.signature) return { kind: 'up-to-date', feedUrl: url };

  const fetched = await deps.fetchBundle(url);
  if (fetched.kind === 'not-modified')
    return refuse('http-status', 'the feed answered 304 to a plain request');
  if (fetched.kind === 'error') return refuse(fetched.code, fetched.detail);

  // The doom principle: verify the exact bytes received, before decoding or parsing anything.
  if (feed.keys.length === 0) return refuse('bad-signature', 'no key is trusted for this feed');
  const verified = await deps.verify(fetched.bytes, signature, feed.keys);
  if (!verified.ok) return refuse('bad-signature', verified.detail);
  const signedBy = feed.keys[verified.keyIndex] as string;

  const raw = decodeUtf8(fetched.bytes);
  if (raw === null) return refuse('invalid-json', 'the bundle is not UTF-8 text');
  let facts: BundleFacts;
  try {
    facts = deps.validate(raw);
  } catch (error) {
    if (error instanceof BundleRejection) return refuse(error.code, error.message);
    return refuse('invalid-rules', error instanceof Error ? error.message : String(error));
  }

  if (current && raw === current.raw) return { kind: 'up-to-date', feedUrl: url };
  if (current && facts.version <= current.version) {
    return refuse(
      'not-newer',
      `the feed offers version ${facts.version}; version ${current.version} is in use`,
    );
  }
  if (current) {
    const bound = maxVersionJump(Date.parse(current.published), deps.now());
    if (facts.version - current.version > bound) {
      return refuse(
        'version-jump',
        `version ${facts.version} is more than ${bound} ahead of version ${current.version} in use`,
      );
    }
  }
  if (facts.expiresAt <= deps.now()) {
    return refuse('expired', `version ${facts.version} expired on ${facts.expires}`);
  }
  return { kind: 'install', feedUrl: url, owner: feed.owner, signedBy, raw, signature, facts };
}

function refuse(code: UpdateErrorCode, detail: string): CheckOutcome {
  return { kind: 'refused', code, detail };
}

/** Strict UTF-8 (a stray byte is an error, not a U+FFFD), BOM dropped. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
