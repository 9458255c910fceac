/**
 * `npm run release`: the packages a maintainer uploads to the stores, from a clean commit.
 *
 *   1. the tree is clean (what is released is exactly a commit), unless --allow-dirty;
 *   2. one version everywhere: package.json (the source), package-lock.json, and the newest
 *      entry of CHANGELOG.md; manifest.json carries none (scripts/manifest.ts copies it);
 *   3. `npm run build`: rules, both browsers, `web-ext lint`, the two zips (reproducible);
 *   4. the source archive addons.mozilla.org asks for (`git archive` of HEAD: deterministic for a
 *      commit), and SHA256SUMS over the three files.
 *
 * docs/amo-review.md says how a reviewer rebuilds the zips from that archive.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkVersions } from './lib/release-checks';

const root = resolve(import.meta.dirname, '..');
const allowDirty = process.argv.includes('--allow-dirty');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

if (!allowDirty && git('status', '--porcelain') !== '')
  fail('the working tree has changes; commit them first');

const problems = checkVersions({
  packageJson: read('package.json'),
  packageLock: read('package-lock.json'),
  manifestJson: read('manifest.json'),
  changelog: read('CHANGELOG.md'),
});
if (problems.length > 0) fail(problems.join('\n  '));
const { version } = JSON.parse(read('package.json')) as { version: string };

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('npm run build failed');

const source = `dist/packages/vigie-source-${version}.zip`;
git('archive', '--format=zip', `--prefix=vigie-${version}/`, '-o', source, 'HEAD');

const files = [`vigie-chrome-${version}.zip`, `vigie-firefox-${version}.zip`, `vigie-source-${version}.zip`];
const lines = files.map((name) => {
  const sum = createHash('sha256')
    .update(readFileSync(resolve(root, 'dist/packages', name)))
    .digest('hex');
  return `${sum}  ${name}`;
});
writeFileSync(resolve(root, 'dist/packages/SHA256SUMS'), `${lines.join('\n')}\n`);
console.log(`\nrelease ${version} from ${git('rev-parse', 'HEAD')}:`);
for (const line of lines) console.log(`  ${line}`);
console.log('Upload the chrome zip to the Chrome Web Store, the firefox zip and the source zip to AMO.');
