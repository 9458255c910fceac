/**
 * `npm run rules:verify -- [--in public/rules/bundle.json] [--sig <in>.sig] [--key <file or base64>]…`
 *
 * Checks a bundle the way the extension will: the detached signature over the exact bytes against
 * the given public keys (default: the keys pinned in src/shared/feed-config.ts), then JSON, the
 * engine's full rule validation, and the dates. Run it on the files you are about to publish, or
 * against a live feed after downloading bundle.json and bundle.json.sig byte for byte.
 * Exit code 0 only if everything passes.
 */

import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBundleValidator } from '../src/background/validate-bundle';
import { verifyDetached } from '../src/engine/crypto/verify';
import { compileRuleSet } from '../src/engine/index';
import { PINNED_KEYS } from '../src/shared/feed-config';

const { values } = parseArgs({
  options: {
    in: { type: 'string', default: 'public/rules/bundle.json' },
    sig: { type: 'string' },
    key: { type: 'string', multiple: true },
  },
});
const input = values.in ?? 'public/rules/bundle.json';
const sigPath = values.sig ?? `${input}.sig`;
const keys = (values.key ?? []).map((k) => (existsSync(k) ? readFileSync(k, 'utf8').trim() : k.trim()));
const trusted = keys.length > 0 ? keys : [...PINNED_KEYS];

const bytes = new Uint8Array(readFileSync(input));
if (!existsSync(sigPath)) fail(`no signature file ${sigPath}`);
const result = await verifyDetached(webcrypto.subtle, bytes, readFileSync(sigPath, 'utf8'), trusted);
if (!result.ok) fail(`signature REFUSED (${result.reason}): ${result.detail}`);
console.log(
  `signature ok: key #${result.keyIndex + 1} of ${trusted.length}${keys.length ? '' : ' (pinned)'}`,
);

try {
  const facts = createBundleValidator(compileRuleSet)(
    new TextDecoder('utf-8', { fatal: true }).decode(bytes),
  );
  const now = Date.now();
  console.log(`bundle ok: version ${facts.version}, published ${facts.published}, expires ${facts.expires}`);
  if (facts.expiresAt <= now) fail('the bundle has EXPIRED: clients will refuse it');
  const days = Math.floor((facts.expiresAt - now) / 86_400_000);
  if (days < 14) console.warn(`warning: expires in ${days} days; publish a fresh bundle soon`);
} catch (error) {
  fail(`bundle REFUSED: ${error instanceof Error ? error.message : String(error)}`);
}

function fail(message: string): never {
  console.error(`rules:verify: ${message}`);
  process.exit(1);
}
