/**
 * `npm run offer:tune -- DEV.jsonl [EXTRA.jsonl…]`
 *
 * How the decision thresholds (rules/offer-model.json: topic, threshold) were chosen: on the
 * TUNE split of dev (scripts/lib/dev-split.ts) plus any extra files given whole (our older own-chat
 * batches), prints recall and false positives for a grid of (topic threshold, offer threshold).
 * Never run it on test rows or on a blind batch before its first measurement.
 */
import { readFileSync } from 'node:fs';
import { compileRuleSet, createDetector } from '../src/engine';
import { splitOf } from './lib/dev-split';
import { buildBundle } from './lib/rule-sources';

interface Row {
  id?: string;
  text: string;
  label: string;
  source?: string;
}
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rows: Row[] = [];
files.forEach((f, i) => {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as Row;
    if (i > 0 || splitOf(row) === 'tune') rows.push(row);
  }
});
const bundle = buildBundle().bundle;
if (!bundle.offer) throw new Error('rules/offer-model.json is missing');
// Thresholds out of the way: read the topic score and the offer logit of every row.
const open = {
  ...bundle,
  offer: {
    ...bundle.offer,
    topic: { low: -20, normal: -20, high: -20 },
    threshold: { low: -20, normal: -20, high: -20 },
    combined: { low: -20, normal: -20, high: -20 },
  },
};
const detector = createDetector(compileRuleSet(open), { weakShortcut: false });
const points = rows.map((r) => {
  const v = detector.scan(r.text);
  const topic = v.evidence?.topics[0]?.score ?? 0;
  const offer = v.evidence?.offer ?? 0;
  const logit = offer > 0 && offer < 1 ? Math.log(offer / (1 - offer)) : offer >= 1 ? 20 : -20;
  return { r, topic, logit, category: v.category };
});
const pos = points.filter((p) => p.r.label !== 'benign');
const neg = points.filter((p) => p.r.label === 'benign');
console.log(`tune rows: ${pos.length} listings, ${neg.length} benign`);
for (const t of [2, 2.5, 3, 3.5, 4, 4.5, 5]) {
  const line = [-3, -2, -1.5, -1, -0.5, 0, 0.5, 1].map((o) => {
    const tp = pos.filter((p) => p.topic >= t && p.logit >= o).length;
    const fp = neg.filter((p) => p.topic >= t && p.logit >= o).length;
    return `${o}: ${((100 * tp) / pos.length).toFixed(1)}%/${fp}`;
  });
  console.log(`topic ≥ ${t}  ${line.join('  ')}`);
}
