import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles, zipDirectory } from '../../../scripts/lib/deterministic-zip';
import { checkVersions, newestChangelogVersion } from '../../../scripts/lib/release-checks';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>, order: string[] = Object.keys(files)): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-zip-'));
  dirs.push(dir);
  for (const path of order) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), files[path] as string);
  }
  return dir;
}

describe('deterministic zip', () => {
  const files = { 'manifest.json': '{"a":1}', 'b/z.js': 'z()', 'b/a.js': 'a()', 'icons/i.png': 'PNG' };

  it('gives the same bytes whatever the files’ times and creation order', () => {
    const one = tree(files);
    const two = tree(files, Object.keys(files).reverse());
    utimesSync(join(two, 'b/a.js'), new Date('2031-05-05'), new Date('2031-05-05'));
    expect(Buffer.from(zipDirectory(one)).equals(Buffer.from(zipDirectory(two)))).toBe(true);
  });

  it('holds every file with its content, sorted by path, at one fixed time', () => {
    const zipped = zipDirectory(tree(files));
    const back = unzipSync(zipped);
    expect(Object.keys(back)).toEqual(['b/a.js', 'b/z.js', 'icons/i.png', 'manifest.json']);
    expect(new TextDecoder().decode(back['b/z.js'])).toBe('z()');
    expect(listFiles(tree(files))).toEqual(Object.keys(back));
  });

  it('changes when a file changes', () => {
    const a = zipDirectory(tree(files));
    const b = zipDirectory(tree({ ...files, 'b/z.js': 'z(1)' }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('release version checks', () => {
  const good = {
    packageJson: JSON.stringify({ version: '0.2.0' }),
    packageLock: JSON.stringify({ version: '0.2.0', packages: { '': { version: '0.2.0' } } }),
    manifestJson: JSON.stringify({ name: 'x' }),
    changelog:
      '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-05\n\n- x\n\n## [0.1.0] - 2026-11-28\n',
  };

  it('accepts one version everywhere', () => {
    expect(checkVersions(good)).toEqual([]);
    expect(newestChangelogVersion(good.changelog)).toBe('0.2.0');
  });

  it('refuses a changelog, a lock file or a manifest that disagree', () => {
    expect(checkVersions({ ...good, changelog: '## [0.1.0] - 2026-11-28\n' })[0]).toMatch(/CHANGELOG/);
    expect(checkVersions({ ...good, packageLock: JSON.stringify({ version: '0.1.0' }) })[0]).toMatch(
      /package-lock/,
    );
    expect(checkVersions({ ...good, manifestJson: JSON.stringify({ version: '0.2.0' }) })[0]).toMatch(
      /manifest.json must not/,
    );
    expect(
      checkVersions({ ...good, packageJson: JSON.stringify({ version: 'next' }) }).length,
    ).toBeGreaterThan(0);
  });
});
