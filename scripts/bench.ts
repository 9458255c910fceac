/**
 * `npm run bench` — engine speed, measured in ONE run against two references over the same texts:
 *   - bare:  a per-message character-by-character pass (charCodeAt sum): the floor for reading text;
 *   - regex: a naive single case-insensitive regular expression of the same vocabulary
 *            (every rule term, escaped, in one alternation), run to find every match;
 *   - floor: the least a dictionary matcher can do: fold each character through a table, hash
 *            each word, probe one open-addressing set per word (no normalisation beyond
 *            case/accents, no scoring). Shows how much of the bare pass any real matcher keeps;
 *   - engine: detector.scan (normalise + tokenise + match + signals + score + explain).
 * Also: rule-set compile time, bundle size (raw and gzip) and the compiled set's heap size.
 * Corpus: ../shared/corpus/dev.jsonl by default, or the file given as first argument.
 * Not a test: it prints figures; ratios are what to compare across machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { compileRuleSet, createDetector } from '../src/engine';
import { buildBundle } from './lib/rule-sources';

const corpusPath = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../../shared/corpus/dev.jsonl'));
if (!existsSync(corpusPath)) {
  console.error(`bench: corpus not found at ${corpusPath} (pass a JSONL file with {"text"} rows)`);
  process.exit(2);
}
const texts = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { text: string }).text);
const chars = texts.reduce((n, t) => n + t.length, 0);

const { bundle, json } = buildBundle();
const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Run `fn` over all texts `rounds` times (after a warm-up pass unless told not to); median ms per pass. */
function time(fn: (text: string) => unknown, rounds = 9, warmUp = true): number {
  let sink = 0;
  if (warmUp) for (const t of texts) sink += fn(t) ? 1 : 0;
  const runs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const t of texts) sink += fn(t) ? 1 : 0;
    runs.push(performance.now() - t0);
  }
  if (sink === -1) console.log('');
  return median(runs);
}

// Compile time and compiled size.
const compileRuns: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  compileRuleSet(bundle);
  compileRuns.push(performance.now() - t0);
}
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const compiled = compileRuleSet(bundle);
gc?.();
const heapCompiled = process.memoryUsage().heapUsed - heapBefore;
const detector = createDetector(compiled);

const bare = time((text) => {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h + text.charCodeAt(i)) | 0;
  return h;
});

// The lookup floor: fold table (ASCII case, Latin-1 accents; anything else ends the pass early,
// as a real fast path would hand it over), FNV per word, one probe of a set of the rule words.
const FOLD = new Uint16Array(65536).fill(0xffff);
for (let c = 0; c < 128; c++)
  FOLD[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? c : c >= 65 && c <= 90 ? c + 32 : 0;
const accented = 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
const plain = 'aaaaaaceeeeiiiinooooouuuuyy';
for (let i = 0; i < accented.length; i++) {
  FOLD[accented.charCodeAt(i)] = plain.charCodeAt(i);
  FOLD[accented.toUpperCase().charCodeAt(i)] = plain.charCodeAt(i);
}
const SET_BITS = 14;
const SET_MASK = (1 << SET_BITS) - 1;
const wordSet = new Int32Array(1 << SET_BITS);
const fnv = (w: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return (h & 0x3fffffff) | 1;
};
for (const term of new Set(
  bundle.rules.flatMap((r) => r.terms.flatMap((t) => t.toLowerCase().split(/[^a-z0-9]+/))),
)) {
  if (!term) continue;
  const k = fnv(term);
  let p = k & SET_MASK;
  while (wordSet[p] !== 0 && wordSet[p] !== k) p = (p + 1) & SET_MASK;
  wordSet[p] = k;
}
const floor = time((text) => {
  let h = 0x811c9dc5;
  let inWord = false;
  let hits = 0;
  for (let i = 0; i <= text.length; i++) {
    const v = i < text.length ? (FOLD[text.charCodeAt(i)] as number) : 0;
    if (v === 0xffff) return -1;
    if (v !== 0) {
      h = Math.imul(h ^ v, 0x01000193);
      inWord = true;
    } else if (inWord) {
      const k = (h & 0x3fffffff) | 1;
      for (
        let p = k & SET_MASK, e = wordSet[p] as number;
        e !== 0;
        p = (p + 1) & SET_MASK, e = wordSet[p] as number
      ) {
        if (e === k) {
          hits++;
          break;
        }
      }
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  return hits;
});

const vocabulary = [...new Set(bundle.rules.flatMap((r) => r.terms.map((t) => t.replace(/\*$/, ''))))]
  .filter((t) => !t.includes('#num'))
  .sort((a, b) => b.length - a.length)
  .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const naive = new RegExp(`(?<![\\p{L}\\p{N}])(?:${vocabulary.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
const regex = time(
  (text) => {
    naive.lastIndex = 0;
    let n = 0;
    while (naive.exec(text) !== null) n++;
    return n;
    // One pass: with thousands of alternatives it takes about a minute, and it is ~600× slower than
    // the engine, so run-to-run noise cannot change the comparison.
  },
  1,
  false,
);

const engine = time((text) => detector.scan(text).flagged);

const mb = chars / 1e6;
const row = (name: string, ms: number) =>
  `  ${name.padEnd(8)} ${ms.toFixed(1).padStart(8)} ms   ${((mb / ms) * 1000).toFixed(1).padStart(7)} MB/s   ${Math.round(
    (texts.length / ms) * 1000,
  )
    .toString()
    .padStart(9)} msg/s`;
console.log(`corpus: ${texts.length} messages, ${chars} chars (${corpusPath})`);
console.log(
  `rules:  ${bundle.rules.length} rules, ${compiled.termCount} terms, ${compiled.index.nodeCount} trie nodes`,
);
console.log('\nthroughput (median of runs, same process):');
console.log(row('bare', bare));
console.log(row('floor', floor));
console.log(row('regex', regex));
console.log(row('engine', engine));
console.log('\nratios:');
console.log(`  engine / bare throughput   = ${(bare / engine).toFixed(3)}  (target ≥ 0.25)`);
console.log(
  `  floor  / bare throughput   = ${(bare / floor).toFixed(3)}  (the most any table-driven matcher keeps)`,
);
console.log(`  engine / regex throughput  = ${(regex / engine).toFixed(2)}×  (target > 1)`);
console.log('\nrule set:');
console.log(`  compile time (median of 7) = ${median(compileRuns).toFixed(1)} ms`);
console.log(
  `  bundle size                = ${(json.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(json).length / 1024).toFixed(1)} KiB gzip`,
);
console.log(
  `  compiled heap              = ${gc ? `${(heapCompiled / 1024 / 1024).toFixed(2)} MiB` : 'n/a (run with node --expose-gc)'}`,
);
