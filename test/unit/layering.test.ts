/**
 * Each part of src/ depends only downwards:
 *
 *   popup  options  welcome  check     (pages: never import one another, except opening the check page)
 *      \      |       |      /
 *               ui                     (UI pieces the pages share)
 *   content     exports                (content script, export readers)
 *      \          /
 *        shared        background
 *          |
 *        engine                        (pure: imports nothing outside itself)
 *
 * A page that imports another page (or the check page that imported the content script) drags
 * that page's code and assumptions along; this test keeps the arrows pointing down.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** For each top-level part, the parts it may import from (itself is always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: [],
  shared: ['engine'],
  exports: ['engine', 'shared'],
  content: ['engine', 'shared'],
  background: ['engine', 'shared'],
  ui: ['engine', 'shared'],
  popup: ['engine', 'shared', 'ui'],
  options: ['engine', 'shared', 'ui'],
  welcome: ['engine', 'shared', 'ui'],
  check: ['engine', 'shared', 'ui', 'exports'],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (m[1]) specs.push(m[1]);
  }
  return specs;
}

function partOf(path: string): string {
  return relative(SRC, path).split(/[\\/]/)[0] ?? '';
}

describe('module layering', () => {
  const files = filesUnder(SRC);

  it('every part of src/ is listed', () => {
    const parts = new Set(files.map(partOf).filter((p) => !p.endsWith('.ts')));
    expect([...parts].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('no file imports a part above or beside its own', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = partOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) continue;
      for (const spec of importsOf(file)) {
        const target = resolve(dirname(file), spec);
        // Rule data (rules/*.json) is data, not code: any part may read it.
        if (relative(SRC, target).startsWith('..') && target.endsWith('.json')) continue;
        const to = partOf(target);
        if (to === from || allowed.includes(to) || to === 'env.d.ts') continue;
        violations.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
