/**
 * Signing and checking a rule bundle, shared by `rules:sign`, `rules:verify` and `rules:publish`
 * so the three agree byte for byte with what the extension accepts (src/background/: signature
 * over the exact bytes, then the engine's full validation, then the dates).
 */
import { webcrypto } from 'node:crypto';
import { type BundleFacts, createBundleValidator } from '../../src/background/validate-bundle';
import { pemToDer } from '../../src/engine/crypto/pem';
import { encodeBase64, verifyDetached } from '../../src/engine/crypto/verify';
import { compileRuleSet } from '../../src/engine/index';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export class BundleError extends Error {}

/** Signs `bytes` with a PKCS#8 PEM P-256 key; returns the detached signature and the public key. */
export async function signBundle(
  pem: string,
  bytes: Uint8Array,
): Promise<{ signature: string; spki: string }> {
  const pkcs8 = pemToDer(pem, 'PRIVATE KEY');
  if (!pkcs8) throw new BundleError('the key holds no PKCS#8 "PRIVATE KEY" PEM block');
  const privateKey = await subtle
    .importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, ALGORITHM, true, ['sign'])
    .catch(() => {
      throw new BundleError('the key is not an ECDSA P-256 private key');
    });
  // The public half, from the private JWK's x/y, to self-check and to show which key this is.
  const { kty, crv, x, y } = await subtle.exportKey('jwk', privateKey);
  const publicKey = await subtle.importKey('jwk', { kty, crv, x, y }, ALGORITHM, true, ['verify']);
  const spki = encodeBase64(new Uint8Array(await subtle.exportKey('spki', publicKey)));
  const signature = encodeBase64(
    new Uint8Array(
      await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, bytes as Uint8Array<ArrayBuffer>),
    ),
  );
  const check = await verifyDetached(subtle, bytes, signature, [spki]);
  if (!check.ok) throw new BundleError(`self-check failed: ${check.detail}`);
  return { signature, spki };
}

export interface CheckedBundle {
  /** Index of the trusted key that signed it. */
  keyIndex: number;
  facts: BundleFacts;
  /** Whole days until `expires`. */
  daysLeft: number;
}

/** What the extension checks, in its order; throws BundleError with the reason. */
export async function checkBundle(
  bytes: Uint8Array,
  signature: string,
  trusted: readonly string[],
  now: number,
): Promise<CheckedBundle> {
  const result = await verifyDetached(subtle, bytes, signature, trusted);
  if (!result.ok) throw new BundleError(`signature REFUSED (${result.reason}): ${result.detail}`);
  let facts: BundleFacts;
  try {
    facts = createBundleValidator(compileRuleSet)(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BundleError(`bundle REFUSED: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (facts.expiresAt <= now) throw new BundleError('the bundle has EXPIRED: clients will refuse it');
  return { keyIndex: result.keyIndex, facts, daysLeft: Math.floor((facts.expiresAt - now) / 86_400_000) };
}
