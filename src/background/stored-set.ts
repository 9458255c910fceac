/**
 * Re-checks a STORED rule set before it is used (issue 17, points 5 and 7). storage.local is
 * data from an earlier worker, an earlier version, or (Firefox, where content scripts can still
 * write it) a compromised chat page: nothing there is trusted because it is there.
 *
 *   packaged set  ── same bytes as the package? ─────────────────── no ─▶ replace (stored-invalid)
 *   feed set      ── signed by a key still trusted for its owner? ── no ─▶ replace (key-untrusted)
 *                 ── signature valid over the stored bytes? ──────── no ─▶ replace (stored-invalid)
 *                 ── rules compile, versions agree? ──────────────── no ─▶ replace (stored-invalid)
 *                 ── expires > now? ──────────────────────────────── no ─▶ replace (expired)
 *   after an extension update, a packaged set newer than the stored one replaces it (no note).
 *
 * "Replace" means the packaged rules: they came with the browser-verified package and are never
 * refused for their age, so detection never goes dark.
 */

import type { VerifyResult } from '../engine/crypto/verify';
import type { FallbackReason } from '../shared/messages';
import { type FeedOwner, type FeedPlan, isKeyTrusted } from './feed-sources';
import type { RulesetMeta, StoredState } from './ruleset-store';
import type { BundleFacts, BundleValidator } from './validate-bundle';

export interface StoredCheckDeps {
  validate: BundleValidator;
  verify(bytes: Uint8Array, signature: string, keys: readonly string[]): Promise<VerifyResult>;
  now(): number;
}

export type StoredVerdict =
  | { kind: 'keep'; facts: BundleFacts; owner: FeedOwner | null; signedBy: string | null }
  /** reason null: an ordinary replacement (a newer packaged set after an extension update). */
  | { kind: 'replace'; reason: FallbackReason | null; detail: string };

export interface Packaged {
  raw: string;
  facts: BundleFacts;
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

export async function checkStoredSet(
  state: StoredState & { active: NonNullable<StoredState['active']>; meta: RulesetMeta },
  plan: FeedPlan,
  packaged: Packaged,
  extensionUpdated: boolean,
  deps: StoredCheckDeps,
): Promise<StoredVerdict> {
  const { active, meta } = state;
  if (active.source !== meta.source || active.version !== meta.version) {
    return invalid('the stored rules and their metadata disagree');
  }
  if (meta.source === 'embedded') {
    if (active.raw === packaged.raw)
      return { kind: 'keep', facts: packaged.facts, owner: null, signedBy: null };
    // After an update the stored packaged set is the previous package's: replacing it is normal.
    return extensionUpdated
      ? { kind: 'replace', reason: null, detail: 'a new package brought its own rules' }
      : invalid('the stored built-in rules differ from the ones in the package');
  }

  if (meta.signature === null) return invalid('a downloaded set without its signature');
  const trust = whoSigned(meta, plan);
  if (trust === null) {
    return {
      kind: 'replace',
      reason: 'key-untrusted',
      detail: 'the key that signed the rules in use is no longer trusted',
    };
  }
  const bytes = new TextEncoder().encode(active.raw);
  let verified = await deps.verify(bytes, meta.signature, trust.keys);
  // The feed may have served a byte-order mark, which decoding dropped: it was signed too.
  if (!verified.ok) verified = await deps.verify(concat(BOM, bytes), meta.signature, trust.keys);
  if (!verified.ok) {
    // Before this version the signing key was not recorded: no trusted key matching means the
    // key is gone (e.g. an organisation's, after its policy was removed).
    return meta.signedBy === null
      ? { kind: 'replace', reason: 'key-untrusted', detail: 'no trusted key signed the rules in use' }
      : invalid(`the stored signature does not match: ${verified.detail}`);
  }
  const signedBy = trust.keys[verified.keyIndex] as string;
  let facts: BundleFacts;
  try {
    facts = deps.validate(active.raw);
  } catch (error) {
    return invalid(
      `the stored rules no longer load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (facts.version !== active.version) return invalid('the stored version is not the signed one');
  if (facts.expiresAt <= deps.now()) {
    return {
      kind: 'replace',
      reason: 'expired',
      detail: `version ${facts.version} expired on ${facts.expires}`,
    };
  }
  if (extensionUpdated && packaged.facts.version > facts.version) {
    return { kind: 'replace', reason: null, detail: 'the new package brings newer rules' };
  }
  const owner = meta.owner ?? (plan.keys.project.includes(signedBy) ? 'project' : 'organisation');
  return { kind: 'keep', facts, owner, signedBy };
}

/** The keys that may have signed this set, or null when its recorded key is no longer trusted. */
function whoSigned(meta: RulesetMeta, plan: FeedPlan): { keys: readonly string[] } | null {
  if (meta.signedBy !== null) {
    const owners: FeedOwner[] = meta.owner ? [meta.owner] : ['project', 'organisation'];
    return owners.some((o) => isKeyTrusted(plan, o, meta.signedBy as string))
      ? { keys: [meta.signedBy] }
      : null;
  }
  const keys = meta.owner ? plan.keys[meta.owner] : [...plan.keys.project, ...plan.keys.organisation];
  return keys.length > 0 ? { keys } : null;
}

function invalid(detail: string): StoredVerdict {
  return { kind: 'replace', reason: 'stored-invalid', detail };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
