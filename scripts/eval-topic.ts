/**
 * `npm run eval:topic -- FILE.jsonl [--bar 3] [--source NAME] [--split train|tune|test] [--only-concepts]
 *   [--json] [--errors N]`
 *
 * "What is it?" alone: how often the engine names the right topic, whatever the offer side says.
 * A row's topic is its best category by topic evidence (Verdict.evidence.topics: product and
 * sales-term evidence plus the category's own counters, before commerce signals and before any
 * decision; a guide about a topic is a guide, as the engine's own relabelling says). Per label: topic recall = rows whose best topic is their label with a score ≥ bar.
 * Per source: topic false positives = benign rows with any topic ≥ bar.
 *
 * --only-concepts drops the plain product and sales-term rules of every category except drugs,
 * keeping the concept rules, counters and commerce words: it measures the concept vocabulary
 * (written from the glossary and general knowledge, not from corpus rows) on its own.
 */
import { readFileSync } from 'node:fs';
import { CATEGORIES, compileRuleSet, createDetector, type RuleBundle } from '../src/engine';
import { type Split, splitOf } from './lib/dev-split';
import { buildBundle } from './lib/rule-sources';

interface Row {
  id?: string;
  text: string;
  label: string;
  source?: string;
}

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--bar', '--source', '--errors', '--split']);
const file = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
if (!file) {
  console.error(
    'usage: npm run eval:topic -- FILE.jsonl [--bar 3] [--source NAME] [--split train|tune|test] [--only-concepts] [--json] [--errors N]',
  );
  process.exit(2);
}
const bar = Number(value('--bar') ?? 3);
const onlySource = value('--source');
const showErrors = Number(value('--errors') ?? 0);
const asJson = args.includes('--json');
const onlyConcepts = args.includes('--only-concepts');
const split = value('--split') as Split | undefined;

const labels = new Set<string>(['benign', ...CATEGORIES]);
const rows: Row[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row)
  .filter((r) => typeof r.text === 'string' && labels.has(r.label))
  .filter((r) => !onlySource || (r.source ?? 'unknown') === onlySource)
  .filter((r) => !split || splitOf(r) === split);

let bundle: RuleBundle = buildBundle().bundle;
if (onlyConcepts) {
  bundle = {
    ...bundle,
    rules: bundle.rules.filter(
      (r) => !(r.kind === 'product' || r.kind === 'sales-term') || r.category === 'drugs',
    ),
  };
}
// The weak-evidence shortcut returns before topics are computed: read every message in full.
const detector = createDetector(compileRuleSet(bundle), { weakShortcut: false });

const byLabel = new Map<string, { n: number; right: number; any: number }>();
const bySource = new Map<string, { benign: number; topical: number }>();
const misses: string[] = [];
const falsePositives: string[] = [];
// A guide or method about an illicit topic is its own kind of listing (scoring.guides): "How to
// cash out CC" is a guide, not card data. The engine relabels the verdict's category the same way.
const guides = bundle.scoring.guides;
function topicsOf(text: string): { category: string; score: number }[] {
  const verdict = detector.scan(text);
  const topics = verdict.evidence?.topics ?? [];
  const first = topics[0];
  if (!guides || !first || guides.keep?.includes(first.category)) return topics;
  if (!verdict.reasons.some((r) => r.explain === guides.explain)) return topics;
  return [{ category: guides.category, score: first.score }, ...topics.slice(1)];
}

for (const row of rows) {
  const topics = topicsOf(row.text);
  const best = topics[0];
  const strong = topics.filter((t) => t.score >= bar);
  if (row.label === 'benign') {
    const source = row.source ?? 'unknown';
    const b = bySource.get(source) ?? { benign: 0, topical: 0 };
    b.benign++;
    if (strong.length > 0) {
      b.topical++;
      falsePositives.push(
        `[${source} → ${strong[0]?.category} ${strong[0]?.score}] ${row.text.slice(0, 150)}`,
      );
    }
    bySource.set(source, b);
    continue;
  }
  const l = byLabel.get(row.label) ?? { n: 0, right: 0, any: 0 };
  l.n++;
  if (best && best.category === row.label && best.score >= bar) l.right++;
  else
    misses.push(
      `[${row.label} → ${best ? `${best.category} ${best.score}` : 'none'}] ${row.text.slice(0, 140)}`,
    );
  if (strong.some((t) => t.category === row.label)) l.any++;
  byLabel.set(row.label, l);
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
const summary = {
  bar,
  onlyConcepts,
  byLabel: Object.fromEntries(
    [...byLabel].map(([label, b]) => [
      label,
      { n: b.n, topicRecall: ratio(b.right, b.n), anyRecall: ratio(b.any, b.n) },
    ]),
  ),
  bySource: Object.fromEntries(
    [...bySource].map(([source, b]) => [
      source,
      { benign: b.benign, topical: b.topical, rate: ratio(b.topical, b.benign) },
    ]),
  ),
};
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
console.log(
  `rows ${rows.length}  topic bar ${bar}${split ? `  split ${split}` : ''}${onlyConcepts ? '  (concepts only outside drugs)' : ''}`,
);
console.log('\ntopic recall by label (best topic = label, score ≥ bar; any = label among topics ≥ bar)');
for (const [label, b] of Object.entries(summary.byLabel)) {
  console.log(
    `  ${label.padEnd(16)} n=${String(b.n).padStart(5)}  recall ${pct(b.topicRecall).padStart(7)}  any ${pct(b.anyRecall)}`,
  );
}
console.log('\nbenign rows with a topic ≥ bar, by source');
for (const [source, b] of Object.entries(summary.bySource)) {
  console.log(
    `  ${source.padEnd(20)} n=${String(b.benign).padStart(5)}  topical ${String(b.topical).padStart(4)}  ${pct(b.rate)}`,
  );
}
if (showErrors > 0) {
  console.log(`\nbenign with a topic (${falsePositives.length}):`);
  for (const l of falsePositives.slice(0, showErrors)) console.log(`  ${l}`);
  console.log(`\nmissed topics (${misses.length}):`);
  for (const l of misses.slice(0, showErrors)) console.log(`  ${l}`);
}
if (asJson) console.log(JSON.stringify(summary));
