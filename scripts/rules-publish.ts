/**
 * `npm run rules:publish -- [--out feed-out] [--path v1] [--cname <host>] [--key-file <pem>] [--trust <spki>]…`
 *
 * Builds, signs and checks the rule bundle, and writes the feed ready for any static host:
 *
 *   feed-out/<path>/bundle.json       the bundle, exactly the bytes signed
 *   feed-out/<path>/bundle.json.sig   its detached signature
 *   feed-out/_headers                 CORS and cache headers (Netlify, Cloudflare Pages)
 *   feed-out/.nojekyll                GitHub Pages: serve files as they are (no Jekyll step)
 *   feed-out/index.html               a short page saying what this host serves
 *   feed-out/CNAME                    with --cname: the custom domain GitHub Pages serves it under
 *
 * The private key comes from the environment (VIGIE_RULES_SIGNING_KEY, the PEM text: a CI secret)
 * or from --key-file, which must lie OUTSIDE the repository: the key never enters it. The bundle
 * is then checked as the extension will check it (signature against the trusted keys — the pinned
 * ones, or --trust for an organisation's feed — rules, dates), and refused if it expires within 30
 * days. Upload bundle.json first, then bundle.json.sig (docs/feed.md, "Hosting").
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PINNED_KEYS } from '../src/shared/feed-config';
import { BundleError, checkBundle, signBundle } from './lib/bundle-signing';
import { buildBundle } from './lib/rule-sources';

/** Clients refuse an expired set and warn 14 days ahead; a fresh publication leaves a margin. */
const MIN_DAYS_LEFT = 30;

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'feed-out' },
    path: { type: 'string', default: 'v1' },
    'key-file': { type: 'string' },
    trust: { type: 'string', multiple: true },
    cname: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const out = resolve(values.out ?? 'feed-out');
const feedPath = values.path ?? 'v1';
if (
  values.cname !== undefined &&
  !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(values.cname)
)
  fail(`--cname "${values.cname}" is not a host name`);
if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i.test(feedPath))
  fail(`--path "${feedPath}" is not a plain relative path`);

const pem = readKey();
const trusted = (values.trust ?? []).map((k) => (existsSync(k) ? readFileSync(k, 'utf8').trim() : k.trim()));
const keys = trusted.length > 0 ? trusted : [...PINNED_KEYS];

try {
  const { json, bundle } = buildBundle();
  const bytes = new TextEncoder().encode(json);
  const { signature, spki } = await signBundle(pem, bytes);
  const checked = await checkBundle(bytes, signature, keys, Date.now());
  if (checked.daysLeft < MIN_DAYS_LEFT) {
    fail(
      `the bundle expires in ${checked.daysLeft} days (rules/meta.json "expires"); give it at least ${MIN_DAYS_LEFT}`,
    );
  }
  const dir = join(out, feedPath);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bundle.json'), bytes);
  writeFileSync(join(dir, 'bundle.json.sig'), `${signature}\n`);
  writeFileSync(join(out, '_headers'), headersFile(feedPath));
  writeFileSync(join(out, '.nojekyll'), '');
  writeFileSync(join(out, 'index.html'), indexPage(feedPath, bundle.version));
  if (values.cname) writeFileSync(join(out, 'CNAME'), `${values.cname}\n`);
  console.log(
    `rules:publish: version ${bundle.version}, expires ${bundle.expires} (${checked.daysLeft} days)`,
  );
  console.log(`  signed by ${spki.slice(0, 24)}… (trusted key #${checked.keyIndex + 1} of ${keys.length})`);
  console.log(
    `  wrote ${relative(process.cwd(), dir)}/bundle.json (${bytes.length} bytes) and bundle.json.sig`,
  );
  console.log(
    `  the feed URL is https://<your host>/<where ${relative(process.cwd(), out)} is served>/${feedPath}/bundle.json`,
  );
} catch (error) {
  fail(error instanceof BundleError ? error.message : String(error));
}

function readKey(): string {
  const file = values['key-file'];
  if (file) {
    if (!existsSync(file)) fail(`no key file ${file}`);
    const real = realpathSync(file);
    const rel = relative(realpathSync(root), real);
    if (!rel.startsWith('..') && !isAbsolute(rel)) {
      fail(
        `${file} is inside the repository; keep the private key outside it (or pass it in VIGIE_RULES_SIGNING_KEY)`,
      );
    }
    return readFileSync(real, 'utf8');
  }
  const fromEnv = process.env.VIGIE_RULES_SIGNING_KEY;
  if (fromEnv?.includes('PRIVATE KEY')) return fromEnv;
  fail(
    'no signing key: set VIGIE_RULES_SIGNING_KEY to the PEM text, or pass --key-file <outside the repository>',
  );
}

/** Netlify / Cloudflare Pages header rules; GitHub Pages ignores this file and sends its own (docs/feed.md). */
function headersFile(path: string): string {
  return [
    `/${path}/*`,
    '  Access-Control-Allow-Origin: *',
    '  Cache-Control: public, max-age=300, must-revalidate',
    '  X-Content-Type-Options: nosniff',
    `/${path}/bundle.json.sig`,
    '  Content-Type: text/plain; charset=utf-8',
    '',
  ].join('\n');
}

function indexPage(path: string, version: number): string {
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Vigie rule feed</title>
<p>This host serves the signed rule set of the Vigie browser extension: <a href="${path}/bundle.json">${path}/bundle.json</a> (version ${version}) and its signature <a href="${path}/bundle.json.sig">${path}/bundle.json.sig</a>. The extension checks the signature against keys built into it before using anything.</p>
</html>
`;
}

function fail(message: string): never {
  console.error(`rules:publish: ${message}`);
  process.exit(1);
}
