/**
 * Detached-signature check for rule bundles. Pure apart from the SubtleCrypto it is handed, so the
 * same code runs in the extension (self.crypto.subtle), in Node tools (node:crypto webcrypto) and
 * in tests with keys made at test time.
 *
 * Scheme (documented for publishers in docs/feed.md):
 *   - algorithm: ECDSA on P-256 with SHA-256, over the EXACT bytes of bundle.json as served;
 *   - signature: the 64-byte IEEE P1363 form (r‖s) that WebCrypto's `sign` produces, base64 text
 *     in bundle.json.sig (surrounding whitespace ignored);
 *   - public keys: DER SubjectPublicKeyInfo ("SPKI"), base64 text, one per key.
 *
 * Verifying the bytes before any parsing means a hostile feed never reaches JSON.parse or the
 * rule compiler — authenticate before you interpret, the "cryptographic doom principle":
 * https://moxie.org/2011/12/13/the-cryptographic-doom-principle.html
 *
 * @example
 *   const result = await verifyDetached(crypto.subtle, bytes, sigText, [PINNED_KEY]);
 *   if (!result.ok) refuse(result.reason);
 */

/** The two SubtleCrypto methods used here; the real SubtleCrypto (browser or Node) fits. */
export interface VerifyCrypto {
  importKey(
    format: 'spki',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'ECDSA'; namedCurve: 'P-256' },
    extractable: false,
    keyUsages: ['verify'],
  ): Promise<unknown>;
  verify(
    algorithm: { name: 'ECDSA'; hash: 'SHA-256' },
    // biome-ignore lint/suspicious/noExplicitAny: CryptoKey is a DOM type; the engine has no DOM lib.
    key: any,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

export type VerifyResult =
  | { ok: true /** Index in the key list of the key that matched. */; keyIndex: number }
  | { ok: false; reason: 'malformed-signature' | 'no-usable-key' | 'mismatch'; detail: string };

/** A P-256 signature in P1363 form is exactly r‖s, 32 bytes each. */
export const P256_SIGNATURE_BYTES = 64;

/**
 * Checks `signatureBase64` over `data` against each key in turn; succeeds on the first match.
 * Keys that fail to import (corrupt, wrong curve) are skipped, so one bad extra key from a policy
 * cannot disable the pinned ones; if none import, the result says so.
 */
export async function verifyDetached(
  subtle: VerifyCrypto,
  data: Uint8Array,
  signatureBase64: string,
  publicKeysSpkiBase64: readonly string[],
): Promise<VerifyResult> {
  const signature = decodeBase64(signatureBase64.trim());
  if (signature === null) {
    return { ok: false, reason: 'malformed-signature', detail: 'the signature is not base64 text' };
  }
  if (signature.length !== P256_SIGNATURE_BYTES) {
    return {
      ok: false,
      reason: 'malformed-signature',
      detail: `the signature has ${signature.length} bytes, expected ${P256_SIGNATURE_BYTES} (P1363 r‖s)`,
    };
  }
  // WebCrypto wants ArrayBuffer-backed views; copy once so a SharedArrayBuffer view also works.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  let usable = 0;
  for (const [index, keyText] of publicKeysSpkiBase64.entries()) {
    const spki = decodeBase64(keyText.trim());
    if (spki === null) continue;
    let key: unknown;
    try {
      key = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    } catch {
      continue;
    }
    usable += 1;
    if (await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, bytes)) {
      return { ok: true, keyIndex: index };
    }
  }
  if (usable === 0) {
    return { ok: false, reason: 'no-usable-key', detail: 'none of the public keys could be imported' };
  }
  return {
    ok: false,
    reason: 'mismatch',
    detail: `the signature matches none of the ${usable} trusted keys`,
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/**
 * Strict standard base64 (RFC 4648 §4, padding required, no line breaks) → bytes; null when the
 * text is not exactly that. Written here because the engine has no `atob` (no DOM lib) and must
 * not depend on Node's Buffer.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charAt(i + j);
      const isPad = c === '=' && i + 4 === text.length && j >= 4 - padding;
      const v = isPad ? 0 : LOOKUP.get(c);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    const triple = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    for (const b of triple) if (o < out.length) out[o++] = b;
  }
  return out;
}

/** Bytes → standard base64 with padding (the form the tools write and docs/feed.md shows). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    out += i + 1 < bytes.length ? ALPHABET.charAt((n >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? ALPHABET.charAt(n & 63) : '=';
  }
  return out;
}
