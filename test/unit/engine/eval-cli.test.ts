/**
 * `npm run eval` is a contract (issue 3): its last line with --json is one object with recall,
 * precision, fpr, categoryAccuracy, byLabel and bySource. Also runs our own chat-style set
 * (test/fixtures/eval/own-chats.jsonl: French and English offers per category and hard negatives,
 * written for Vigie, first measured blind) as a regression guard on generalisation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

interface Bucket {
  n: number;
  flagged: number;
  recall?: number;
  fpr?: number;
}
interface Summary {
  recall: number;
  precision: number;
  fpr: number;
  categoryAccuracy: number;
  byLabel: Record<string, Bucket>;
  bySource: Record<string, Bucket>;
}

function evalJson(file: string): Summary {
  const run = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/eval.ts', file, '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Summary;
}

describe('npm run eval', { timeout: 60_000 }, () => {
  it('prints the summary object last, with recall per listing source and FPR per benign source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-eval-'));
    const file = join(dir, 'mini.jsonl');
    const rows = [
      { text: 'Beuh 10€ le g, livraison 7j/7, commande en DM', label: 'drugs', source: 'mixed' },
      { text: 'Glock 19 9mm + 2 chargeurs, 1500€', label: 'weapons', source: 'mixed' },
      { text: 'On se voit demain pour le match ?', label: 'benign', source: 'mixed' },
      { text: 'Vends vélo enfant 40 €, très bon état', label: 'benign', source: 'ads' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const s = evalJson(file);
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining(['recall', 'precision', 'fpr', 'categoryAccuracy']),
    );
    expect(s.recall).toBe(1);
    expect(s.fpr).toBe(0);
    expect(s.byLabel.drugs).toMatchObject({ n: 1, flagged: 1, recall: 1 });
    expect(s.byLabel.benign).toMatchObject({ n: 2, flagged: 0, fpr: 0 });
    // A mixed source: recall over its 2 listings, FPR over its 1 benign row.
    expect(s.bySource.mixed).toMatchObject({ n: 3, flagged: 2, recall: 1, fpr: 0 });
    // Rows of a source that is not part of the dev split only measure.
    expect(s.bySource.ads).toEqual({ n: 1, flagged: 0, fpr: 0, split: 'test' });
  });

  // 94 % with the additive scoring these rows helped tune; 89.5 % with the two-question decision
  // (issue 14), whose offer model is learned from legal written ads, not from these chats.
  it('our own French and English chat set: recall ≥ 0.88, no false positive, category accuracy ≥ 0.95', () => {
    const s = evalJson(join(root, 'test/fixtures/eval/own-chats.jsonl'));
    expect(s.recall).toBeGreaterThanOrEqual(0.88);
    expect(s.fpr).toBe(0);
    expect(s.categoryAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
