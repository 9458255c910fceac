/**
 * `npm run eval -- FILE.jsonl [--json] [--errors N] [--sensitivity low|normal|high] [--split train|tune|test]`
 *
 * --split keeps only the rows of one part of the fixed split of the dev corpus
 * (scripts/lib/dev-split.ts: which rows trained the offer model, which tuned the thresholds,
 * which only measure). Without it every row counts; either way each source's line says its part.
 * Reads rows {"text","label"[,"source","lang"]}; label is `benign` or a category. Prints recall,
 * precision, false-positive rate, category accuracy, and the same per label and per source.
 * With --json the last line of output is one JSON object with keys recall, precision, fpr,
 * categoryAccuracy, byLabel, bySource.
 */
import { readFileSync } from 'node:fs';
import { CATEGORIES, type Sensitivity } from '../src/engine';
import { detectorFromSources } from './lib/detector';
import { type Split, splitOf } from './lib/dev-split';

interface Row {
  id?: string;
  text: string;
  label: string;
  source?: string;
}

interface Bucket {
  n: number;
  flagged: number;
  correctCategory: number;
}

const args = process.argv.slice(2);
const file = args.find(
  (a) =>
    !a.startsWith('--') &&
    !/^\d+$/.test(a) &&
    !['low', 'normal', 'high', 'train', 'tune', 'test'].includes(a),
);
const asJson = args.includes('--json');
const errorsIdx = args.indexOf('--errors');
const showErrors = errorsIdx >= 0 ? Number(args[errorsIdx + 1] ?? 20) : 0;
const sensIdx = args.indexOf('--sensitivity');
const sensitivity = (sensIdx >= 0 ? args[sensIdx + 1] : 'normal') as Sensitivity;
const splitIdx = args.indexOf('--split');
const onlySplit = splitIdx >= 0 ? (args[splitIdx + 1] as Split) : null;
if (onlySplit !== null && !['train', 'tune', 'test'].includes(onlySplit)) {
  console.error('--split takes train, tune or test');
  process.exit(2);
}
if (!file) {
  console.error('usage: npm run eval -- FILE.jsonl [--json] [--errors N] [--sensitivity low|normal|high]');
  process.exit(2);
}

const labels = new Set<string>(['benign', ...CATEGORIES]);
const rows: Row[] = [];
readFileSync(file, 'utf8')
  .split('\n')
  .forEach((line, i) => {
    if (!line.trim()) return;
    let row: Row;
    try {
      row = JSON.parse(line) as Row;
    } catch {
      console.error(`${file}:${i + 1}: not JSON, skipped`);
      return;
    }
    if (typeof row.text !== 'string' || !labels.has(row.label)) {
      console.error(`${file}:${i + 1}: needs "text" and a known "label", skipped`);
      return;
    }
    if (onlySplit !== null && splitOf(row) !== onlySplit) return;
    rows.push(row);
  });

const detector = detectorFromSources();
const byLabel = new Map<string, Bucket>();
const bySource = new Map<
  string,
  Bucket & { benign: number; illicit: number; flaggedBenign: number; splits: Set<Split> }
>();
const misses: string[] = [];
const falsePositives: string[] = [];
let tp = 0;
let fp = 0;
let fn = 0;
let tn = 0;
let correctCategory = 0;
for (const row of rows) {
  const verdict = detector.scan(row.text, { sensitivity });
  const illicit = row.label !== 'benign';
  const lb = byLabel.get(row.label) ?? { n: 0, flagged: 0, correctCategory: 0 };
  const source = row.source ?? 'unknown';
  const sb = bySource.get(source) ?? {
    n: 0,
    flagged: 0,
    correctCategory: 0,
    benign: 0,
    illicit: 0,
    flaggedBenign: 0,
    splits: new Set<Split>(),
  };
  sb.splits.add(splitOf(row));
  lb.n++;
  sb.n++;
  if (illicit) sb.illicit++;
  else sb.benign++;
  if (verdict.flagged) {
    lb.flagged++;
    sb.flagged++;
    if (illicit) {
      tp++;
      if (verdict.category === row.label) {
        correctCategory++;
        lb.correctCategory++;
        sb.correctCategory++;
      } else if (showErrors) misses.push(`[${row.label}→${verdict.category}] ${row.text.slice(0, 140)}`);
    } else {
      fp++;
      sb.flaggedBenign++;
      if (showErrors) {
        const why = verdict.reasons.map((r) => r.ruleId).join(',');
        falsePositives.push(
          `[${source} → ${verdict.category} ${verdict.score}] ${row.text.slice(0, 160)}  {${why}}`,
        );
      }
    }
  } else if (illicit) {
    fn++;
    if (showErrors) misses.push(`[${row.label} ${verdict.score}] ${row.text.slice(0, 140)}`);
  } else tn++;
  byLabel.set(row.label, lb);
  bySource.set(source, sb);
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
const summary = {
  n: rows.length,
  recall: ratio(tp, tp + fn),
  precision: ratio(tp, tp + fp),
  fpr: ratio(fp, fp + tn),
  categoryAccuracy: ratio(correctCategory, tp),
  byLabel: Object.fromEntries(
    [...byLabel].map(([label, b]) => [
      label,
      label === 'benign'
        ? { n: b.n, flagged: b.flagged, fpr: ratio(b.flagged, b.n) }
        : {
            n: b.n,
            flagged: b.flagged,
            recall: ratio(b.flagged, b.n),
            categoryAccuracy: ratio(b.correctCategory, b.flagged),
          },
    ]),
  ),
  bySource: Object.fromEntries(
    [...bySource].map(([source, b]) => [
      source,
      // A source may mix listings and benign rows: recall over its listings, FPR over its benign rows.
      {
        n: b.n,
        flagged: b.flagged,
        split: [...b.splits].sort().join('+'),
        ...(b.illicit > 0 ? { recall: ratio(b.flagged - b.flaggedBenign, b.illicit) } : {}),
        ...(b.benign > 0 ? { fpr: ratio(b.flaggedBenign, b.benign) } : {}),
      },
    ]),
  ),
};

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`;
console.log(`rows ${rows.length}  sensitivity ${sensitivity}${onlySplit ? `  split ${onlySplit}` : ''}`);
console.log(
  `recall ${pct(summary.recall)}  precision ${pct(summary.precision)}  FPR ${pct(summary.fpr)}  category accuracy ${pct(summary.categoryAccuracy)}`,
);
console.log('\nby label');
for (const [label, b] of Object.entries(summary.byLabel)) {
  const m =
    'recall' in b ? `recall ${pct(b.recall)}  category ${pct(b.categoryAccuracy)}` : `FPR ${pct(b.fpr)}`;
  console.log(
    `  ${label.padEnd(16)} n=${String(b.n).padStart(5)} flagged=${String(b.flagged).padStart(5)}  ${m}`,
  );
}
console.log('\nby source');
for (const [source, b] of Object.entries(summary.bySource)) {
  const m = [
    'recall' in b ? `recall ${pct(b.recall ?? null)}` : '',
    'fpr' in b ? `FPR ${pct(b.fpr ?? null)}` : '',
  ]
    .filter(Boolean)
    .join('  ');
  console.log(
    `  ${source.padEnd(20)} ${b.split.padEnd(10)} n=${String(b.n).padStart(5)} flagged=${String(b.flagged).padStart(5)}  ${m}`,
  );
}
if (showErrors) {
  console.log(`\nfalse positives (${falsePositives.length}):`);
  for (const l of falsePositives.slice(0, showErrors)) console.log(`  ${l}`);
  console.log(`\nmisses (${misses.length}):`);
  for (const l of misses.slice(0, showErrors)) console.log(`  ${l}`);
}
if (asJson) console.log(JSON.stringify(summary));
