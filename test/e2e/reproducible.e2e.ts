/**
 * The build is byte-for-byte reproducible (issue 18): two builds of this tree into two different
 * output directories give identical packages, for both browsers. A clean-clone version of the same
 * check (two fresh clones, npm ci, npm run build) is `npm run release:reproducible`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDirectory } from '../../scripts/lib/deterministic-zip';
import { buildVariant } from './support';

describe('reproducible build', () => {
  it.each(['chrome', 'firefox'] as const)(
    '%s: two builds give the same package bytes',
    async (browser) => {
      const one = await buildVariant('repro-a', browser, {});
      const two = await buildVariant('repro-b', browser, {});
      expect(one).not.toBe(two);
      const a = Buffer.from(zipDirectory(one));
      const b = Buffer.from(zipDirectory(two));
      expect(a.length).toBeGreaterThan(50_000);
      expect(a.equals(b)).toBe(true);
      // The content script is the self-contained one, declared in the manifest, with no loader.
      const manifest = JSON.parse(readFileSync(resolve(one, 'manifest.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(manifest.web_accessible_resources).toBeUndefined();
    },
    120_000,
  );
});
