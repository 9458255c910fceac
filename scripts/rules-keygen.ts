/**
 * `npm run rules:keygen -- [--name vigie-feed-2] [--out-dir .vigie-keys] [--public-dir rules/keys]`
 *
 * Makes an ECDSA P-256 key pair for signing rule bundles (see docs/feed.md):
 *   - the PRIVATE key (PKCS#8 PEM, mode 0600) goes to --out-dir, by default `.vigie-keys/`, which
 *     .gitignore ignores; the script refuses any place inside the repository that git would track,
 *     so the private key cannot be committed by accident;
 *   - the PUBLIC key (SPKI DER, base64 text) goes to --public-dir/<name>.spki.b64, to be committed
 *     and pinned in src/shared/feed-config.ts (or given to an organisation's policy).
 */
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { derToPem } from '../src/engine/crypto/pem';
import { encodeBase64 } from '../src/engine/crypto/verify';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'vigie-feed' },
    'out-dir': { type: 'string', default: '.vigie-keys' },
    'public-dir': { type: 'string', default: 'rules/keys' },
  },
});
const name = values.name ?? 'vigie-feed';
if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) fail(`--name must be a plain file name, got "${name}"`);

const privatePath = resolve(values['out-dir'] ?? '.vigie-keys', `${name}.key.pem`);
const publicPath = resolve(values['public-dir'] ?? 'rules/keys', `${name}.spki.b64`);
for (const path of [privatePath, publicPath])
  if (existsSync(path)) fail(`${path} exists; not overwriting a key`);
refuseTrackedPrivatePath(privatePath);

const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
  'sign',
  'verify',
]);
const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));

mkdirSync(dirname(privatePath), { recursive: true, mode: 0o700 });
writeFileSync(privatePath, derToPem(pkcs8, 'PRIVATE KEY'), { mode: 0o600, flag: 'wx' });
mkdirSync(dirname(publicPath), { recursive: true });
writeFileSync(publicPath, `${encodeBase64(spki)}\n`, { flag: 'wx' });

console.log(`private key (keep secret, never commit): ${privatePath}`);
console.log(`public key  (commit, pin):               ${publicPath}`);
console.log(`public key SPKI base64: ${encodeBase64(spki)}`);

/** A private key inside the work tree is allowed only where git ignores it. */
function refuseTrackedPrivatePath(path: string): void {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  if (top.status !== 0) return; // not in a git checkout: nothing to leak into
  const root = top.stdout.trim();
  const rel = relative(root, path);
  if (rel.startsWith('..') || resolve(root, rel) !== path) return; // outside the repository
  const ignored = spawnSync('git', ['check-ignore', '-q', join(root, rel)], { cwd: root });
  if (ignored.status !== 0) {
    fail(
      `${rel} is inside the repository and NOT ignored by git; pick --out-dir outside it or in .vigie-keys/`,
    );
  }
}

function fail(message: string): never {
  console.error(`rules:keygen: ${message}`);
  process.exit(1);
}
