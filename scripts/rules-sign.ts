/**
 * `npm run rules:sign -- --key <private.key.pem> [--in public/rules/bundle.json] [--out <in>.sig]`
 *
 * Signs the EXACT bytes of a bundle file (ECDSA P-256 / SHA-256, 64-byte P1363 signature, base64)
 * and writes the detached signature next to it, ready to publish as bundle.json + bundle.json.sig
 * (docs/feed.md). The signature is checked against the public half before the script ends, and the
 * public key is printed so the publisher can see which key signed. `rules:publish` does this and
 * more in one step.
 *
 * Never re-format or re-save the bundle after signing: one changed byte and every client refuses it.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BundleError, signBundle } from './lib/bundle-signing';

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

const bytes = new Uint8Array(readFileSync(input));
try {
  const { signature, spki } = await signBundle(readFileSync(values.key, 'utf8'), bytes);
  writeFileSync(output, `${signature}\n`);
  console.log(`signed ${input} (${bytes.length} bytes) → ${output}`);
  console.log(`public key (SPKI base64): ${spki}`);
} catch (error) {
  fail(error instanceof BundleError ? `${values.key}: ${error.message}` : String(error));
}

function fail(message: string): never {
  console.error(`rules:sign: ${message}`);
  process.exit(1);
}
