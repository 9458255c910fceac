/**
 * A zip of a directory whose bytes depend only on the files' paths and contents: entries sorted by
 * path, one fixed timestamp, fixed compression level, no extra fields. Two builds of the same
 * source give byte-identical packages, which is what addons.mozilla.org's reviewers (and anyone
 * checking a release) need to rebuild them from source.
 *
 * `web-ext build` stored each file's mtime, so two builds of one commit never matched.
 * fflate is already a dependency (the export checker unzips with it); its deflate is pure
 * JavaScript, so its output depends only on the input and the level.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

/**
 * Every entry's time: 1 January 1980 at noon, written from LOCAL fields. Zip times are DOS
 * local-time fields with no zone, and fflate reads the Date's local getters, so a Date built from
 * local fields gives the same bytes in every time zone (noon exists everywhere; a midnight or a
 * 2 a.m. can fall in a daylight-saving gap). A fixed time rather than the commit's: the package's
 * bytes then depend on nothing but the files.
 */
export const ZIP_TIME = new Date(1980, 0, 1, 12, 0, 0);

/** Relative, '/'-separated paths of every file under `dir`, sorted by code unit. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The zip bytes of `dir` (entries in listFiles order; an object keeps string keys in insertion order). */
export function zipDirectory(dir: string): Uint8Array {
  const files: Zippable = {};
  for (const path of listFiles(dir)) {
    files[path] = [new Uint8Array(readFileSync(join(dir, path))), { mtime: ZIP_TIME, level: 9 }];
  }
  return zipSync(files, { mtime: ZIP_TIME, level: 9 });
}
