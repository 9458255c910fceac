/**
 * `npm run release:reproducible`: clones this repository's HEAD twice into fresh directories,
 * runs `npm ci` and `npm run build` in each, and compares the two packages of each browser byte
 * for byte. Exit 1 and the differing files' names when they differ. This is the check
 * addons.mozilla.org's reviewers make, done before uploading.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'vigie-repro-'));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

try {
  const clones = ['one', 'two'].map((name) => {
    const dir = join(work, name, 'vigie');
    run('git', ['clone', '--quiet', '--no-hardlinks', root, dir], root);
    console.log(`clone ${name}: npm ci && npm run build in ${dir}`);
    run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir);
    run('npm', ['run', 'build'], dir);
    return dir;
  });
  let same = true;
  for (const browser of ['chrome', 'firefox']) {
    const name = `vigie-${browser}-${version}.zip`;
    const [a, b] = clones.map((dir) => readFileSync(join(dir, 'dist/packages', name)));
    const equal = a !== undefined && b !== undefined && a.equals(b);
    same &&= equal;
    console.log(`${equal ? 'identical' : 'DIFFERENT'}: ${name} (${a?.length} / ${b?.length} bytes)`);
  }
  process.exitCode = same ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
