/**
 * The privacy policy names every storage key the code writes (issue 18). The keys are found in the
 * code itself, not listed here: every `.set({ … })` in src/ is a storage write (Map and typed-array
 * `set` never take an object literal), and each of its properties must be a `[SOME_KEY]` constant,
 * so a new key cannot be written without this test seeing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Found {
  /** `NAME_KEY` → its string value, from `const NAME_KEY = '…'` anywhere in src/. */
  constants: Map<string, string>;
  /** Constant names used as keys of a `.set({ … })`, with where. */
  written: { name: string; at: string }[];
  /** Properties of a `.set({ … })` that are not `[NAME_KEY]`, with where. */
  unnamed: string[];
  /** `...x` spread into a `.set({ … })`, with where. */
  spreads: string[];
  /** `storage.<area>.set(x)` calls whose argument is not an object literal. */
  passthrough: string[];
}

function scan(): Found {
  const found: Found = { constants: new Map(), written: [], unnamed: [], spreads: [], passthrough: [] };
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) =>
      `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        /_KEY$/.test(node.name.text) &&
        node.initializer &&
        ts.isStringLiteralLike(node.initializer)
      ) {
        found.constants.set(node.name.text, node.initializer.text);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'set'
      ) {
        const [arg] = node.arguments;
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) {
            const computed =
              ts.isPropertyAssignment(p) &&
              ts.isComputedPropertyName(p.name) &&
              ts.isIdentifier(p.name.expression)
                ? p.name.expression.text
                : null;
            if (computed && /_KEY$/.test(computed)) continue; // counted below, with every [X_KEY]
            if (ts.isSpreadAssignment(p)) found.spreads.push(where(p));
            else found.unnamed.push(`${where(p)} ${p.getText(sf).slice(0, 40)}`);
          }
        } else if (/storage\.(local|sync|session)\.set$/.test(node.expression.getText(sf))) {
          found.passthrough.push(where(node));
        }
      }
      // Any object keyed by a `[X_KEY]` constant counts as written, wherever it is built: objects
      // spread into a write (parent-lock's `alongside`) are built this way elsewhere.
      if (
        ts.isPropertyAssignment(node) &&
        ts.isComputedPropertyName(node.name) &&
        ts.isIdentifier(node.name.expression) &&
        /_KEY$/.test(node.name.expression.text)
      ) {
        found.written.push({ name: node.name.expression.text, at: where(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

const policy = readFileSync(join(ROOT, 'docs/privacy.md'), 'utf8');
const [french = '', english = ''] = policy.split(/^## English$/m);

describe('docs/privacy.md', () => {
  const found = scan();
  const keys = [
    ...new Set(found.written.map((w) => found.constants.get(w.name) ?? `(unresolved ${w.name})`)),
  ];

  it('finds the storage writes it checks (the scan is not empty)', () => {
    expect(keys).toEqual(
      expect.arrayContaining(['settings@1', 'dismissals@2', 'ruleset/active', 'whats-new@1']),
    );
    expect(keys.length).toBeGreaterThanOrEqual(12);
  });

  it('every storage write names its keys through a constant', () => {
    expect(found.unnamed).toEqual([]);
    expect(keys.filter((k) => k.startsWith('(unresolved'))).toEqual([]);
    // The one spread: setPin's `alongside`, which its only caller builds in
    // device-settings.ts (keepOnDeviceItems) as `{ [DEVICE_SETTINGS_KEY]: … }`, counted above.
    expect(found.spreads).toEqual([expect.stringMatching(/^src\/shared\/settings\/parent-lock\.ts:\d+$/)]);
    // The one place that hands a whole object through: the background's storage dependency for
    // the parent lock and the protection watch, whose callers write `[PARENT_*_KEY]`/`[PROTECTION_KEY]`.
    expect(found.passthrough).toEqual([expect.stringMatching(/^src\/background\/index\.ts:\d+$/)]);
  });

  it.each([
    ['French', french],
    ['English', english],
  ])('the %s section names every key the code writes', (_lang, section) => {
    expect(section.length).toBeGreaterThan(2000);
    const missing = keys.filter((k) => !section.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });

  it('names no key the code no longer writes or migrates', () => {
    const named = [...policy.matchAll(/^\| `storage\.\w+`[^|]*\| ([^|]+)\|/gm)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/`([^`]+)`/g)].map((k) => k[1]),
    );
    const known = new Set([...found.constants.values()]);
    expect(named.length).toBeGreaterThanOrEqual(keys.length);
    expect(named.filter((k) => k && !known.has(k))).toEqual([]);
  });
});
