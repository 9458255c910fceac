/**
 * `npm run rules:build`: validate and compile rules/ into the bundle the extension ships as its
 * embedded default (public/rules/bundle.json → packaged as rules/bundle.json).
 * A malformed rule fails the build with the file, the rule id and the reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildBundle } from './lib/rule-sources';

const out = resolve(import.meta.dirname, '../public/rules/bundle.json');
try {
  const { bundle, json } = buildBundle();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, json);
  const terms = bundle.rules.reduce((n, r) => n + r.terms.length, 0);
  const classes = Object.values(bundle.concepts?.classes ?? {});
  const classTerms = classes.reduce((n, c) => n + c.length, 0);
  console.log(
    `rules: bundle v${bundle.version} with ${bundle.rules.length} rules, ${terms} terms, ${bundle.concepts?.rules.length ?? 0} concepts over ${classes.length} classes (${classTerms} terms), ${Object.keys(bundle.sites).length} sites → ${out} (${(json.length / 1024).toFixed(1)} KiB)`,
  );
} catch (error) {
  console.error(`rules: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
