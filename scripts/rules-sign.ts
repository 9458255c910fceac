/**
 * `npm run rules:sign -- --key <private.key.pem> [--in public/rules/bundle.json] [--out <in>.sig]`
 *
 * Signs the EXACT bytes of a bundle file (ECDSA P-256 / SHA-256, 64-byte P1363 signature, base64)
 * and writes the detached signature next to it, ready to publish as bundle.json + bundle.json.sig
 * (docs/feed.md). The signature is checked against the public half before the script ends, and the
 * public key is printed so the publisher can see which key signed.
 *
 * Never re-format or re-save the bundle after signing: one changed byte and every client refuses it.
 */

import { webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pemToDer } from '../src/engine/crypto/pem';
import { encodeBase64, verifyDetached } from '../src/engine/crypto/verify';

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    in: { type: 'string', default: 'public/rules/bundle.json' },
    out: { type: 'string' },
  },
});
if (!values.key) fail('give the private key: --key .vigie-keys/<name>.key.pem');
const input = values.in ?? 'public/rules/bundle.json';
const output = values.out ?? `${input}.sig`;

const pkcs8 = pemToDer(readFileSync(values.key, 'utf8'), 'PRIVATE KEY');
if (!pkcs8) fail(`${values.key} holds no PKCS#8 "PRIVATE KEY" PEM block`);
const subtle = webcrypto.subtle;
const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const privateKey = await subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']).catch(() => {
  fail(`${values.key} is not an ECDSA P-256 private key`);
});
// The public half, from the private JWK's x/y, to self-check and to show which key this is.
const { kty, crv, x, y } = await subtle.exportKey('jwk', privateKey);
const publicKey = await subtle.importKey('jwk', { kty, crv, x, y }, algorithm, true, ['verify']);
const spki = encodeBase64(new Uint8Array(await subtle.exportKey('spki', publicKey)));

const bytes = new Uint8Array(readFileSync(input));
const signature = encodeBase64(
  new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, bytes)),
);
const check = await verifyDetached(subtle, bytes, signature, [spki]);
if (!check.ok) fail(`self-check failed: ${check.detail}`);

writeFileSync(output, `${signature}\n`);
console.log(`signed ${input} (${bytes.length} bytes) → ${output}`);
console.log(`public key (SPKI base64): ${spki}`);

function fail(message: string): never {
  console.error(`rules:sign: ${message}`);
  process.exit(1);
}
