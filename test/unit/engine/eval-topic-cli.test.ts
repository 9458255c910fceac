/**
 * `npm run eval:topic` measures "what is it?" alone (issue 14). Its --json line is the contract the
 * figures are read from; the topic batches (test/fixtures/eval/topic-blind.jsonl, each first
 * measured blind, then tuned on) are kept as a regression guard: a topic for every listing label,
 * none for the hard negatives (news, prevention, innocent look-alikes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

interface TopicSummary {
  bar: number;
  onlyConcepts: boolean;
  byLabel: Record<string, { n: number; topicRecall: number; anyRecall: number }>;
  bySource: Record<string, { benign: number; topical: number; rate: number }>;
}

function topicJson(file: string, ...flags: string[]): TopicSummary {
  const run = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    ['scripts/eval-topic.ts', file, '--json', ...flags],
    { cwd: root, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as TopicSummary;
}

describe('npm run eval:topic', { timeout: 60_000 }, () => {
  it('names the topic of a listing whatever the offer side says, and counts benign rows with one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-topic-'));
    const file = join(dir, 'rows.jsonl');
    const rows = [
      // Offered or not, these name a topic: a question about a replica watch still is one.
      { text: 'Rolex Submariner [Replica]', label: 'counterfeit', source: 's' },
      { text: 'Is this Rolex Submariner a replica?', label: 'counterfeit', source: 's' },
      { text: 'Je propose aussi permis + code sans examen', label: 'documents', source: 's' },
      { text: 'bonne soirée à tous', label: 'benign', source: 'chat' },
      { text: 'Weed eater for sale, barely used', label: 'benign', source: 'ads' },
      { text: 'Le carding est devenu une menace selon la police', label: 'benign', source: 'news' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const s = topicJson(file);
    expect(s.bar).toBe(3);
    expect(s.byLabel.counterfeit).toMatchObject({ n: 2, topicRecall: 1 });
    expect(s.byLabel.documents).toMatchObject({ n: 1, topicRecall: 1 });
    expect(s.bySource).toMatchObject({
      chat: { benign: 1, topical: 0 },
      ads: { benign: 1, topical: 0 },
      news: { benign: 1, topical: 0 },
    });
  });

  it('--only-concepts drops the plain product and sales rules outside drugs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-topic-'));
    const file = join(dir, 'rows.jsonl');
    // 'fullz' is a plain sales term only; 'fresh cc with balance' is a concept.
    writeFileSync(
      file,
      [
        JSON.stringify({ text: 'fullz', label: 'financial', source: 's' }),
        JSON.stringify({ text: 'fresh CC with high balance', label: 'financial', source: 's' }),
      ].join('\n'),
    );
    expect(topicJson(file).byLabel.financial?.topicRecall).toBe(1);
    expect(topicJson(file, '--only-concepts').byLabel.financial?.topicRecall).toBe(0.5);
  });

  it('the topic batches keep a topic for at least 9 listings in 10 per label and none for the hard negatives', () => {
    const s = topicJson('test/fixtures/eval/topic-blind.jsonl');
    for (const [label, b] of Object.entries(s.byLabel)) {
      expect(b.topicRecall, label).toBeGreaterThanOrEqual(0.9);
    }
    const benign = Object.values(s.bySource).reduce((n, b) => n + b.benign, 0);
    const topical = Object.values(s.bySource).reduce((n, b) => n + b.topical, 0);
    expect(benign).toBeGreaterThanOrEqual(149);
    expect(topical).toBe(0);
  });
});
