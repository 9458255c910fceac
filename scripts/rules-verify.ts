/**
 * `npm run rules:verify -- [--in public/rules/bundle.json] [--sig <in>.sig] [--key <file or base64>]…`
 *
 * Checks a bundle the way the extension will: the detached signature over the exact bytes against
 * the given public keys (default: the keys pinned in src/shared/feed-config.ts), then JSON, the
 * engine's full rule validation, and the dates. Run it on the files you are about to publish, or
 * against a live feed after downloading bundle.json and bundle.json.sig byte for byte.
 * Exit code 0 only if everything passes.
 */

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PINNED_KEYS } from '../src/shared/feed-config';
import { BundleError, checkBundle } from './lib/bundle-signing';

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

if (!existsSync(sigPath)) fail(`no signature file ${sigPath}`);
try {
  const checked = await checkBundle(
    new Uint8Array(readFileSync(input)),
    readFileSync(sigPath, 'utf8'),
    trusted,
    Date.now(),
  );
  console.log(
    `signature ok: key #${checked.keyIndex + 1} of ${trusted.length}${keys.length ? '' : ' (pinned)'}`,
  );
  const { facts } = checked;
  console.log(`bundle ok: version ${facts.version}, published ${facts.published}, expires ${facts.expires}`);
  if (checked.daysLeft < 14)
    console.warn(`warning: expires in ${checked.daysLeft} days; publish a fresh bundle soon`);
} catch (error) {
  fail(error instanceof BundleError ? error.message : String(error));
}

function fail(message: string): never {
  console.error(`rules:verify: ${message}`);
  process.exit(1);
}
