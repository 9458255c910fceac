/** Scan events, rule text and a controllable fake scan for the check page's component tests. */
import { vi } from 'vitest';
import type { CheckDeps } from '../../../src/check/check';
import type { Verdict } from '../../../src/engine/types';
import type { FlaggedExportMessage, ScanEvent } from '../../../src/exports/scan-events';

export const RULES_JSON = JSON.stringify({
  version: 2026112801,
  explanations: {
    'id-doc': { en: 'identity document or licence', fr: 'pièce d’identité ou permis' },
    offer: { en: 'offer or stock wording', fr: 'vocabulaire d’offre ou de stock' },
    delivery: { en: 'delivery or discretion terms', fr: 'livraison ou discrétion' },
    weapon: { en: 'firearm', fr: 'arme à feu' },
  },
});

export const LISTING_TEXT = 'Dispo : cartes grises, permis, CNI, livraison 48h\nContact en privé';

function verdict(over: Partial<Verdict> = {}): Verdict {
  return {
    flagged: true,
    category: 'documents',
    score: 7.5,
    level: 'medium',
    reasons: [
      {
        ruleId: 'doc.cni',
        kind: 'product',
        category: 'documents',
        weight: 3,
        explain: 'id-doc',
        spans: [
          [8, 21],
          [31, 34],
        ],
      },
      { ruleId: 'offer.dispo', kind: 'offer', category: null, weight: 1, explain: 'offer', spans: [[0, 5]] },
      {
        ruleId: 'delivery',
        kind: 'delivery',
        category: null,
        weight: 1,
        explain: 'delivery',
        spans: [[36, 45]],
      },
      // Counter-evidence is never shown as a reason.
      {
        ruleId: 'counter.q',
        kind: 'counter',
        category: null,
        weight: -1,
        explain: 'offer',
        spans: [[46, 49]],
      },
    ],
    ...over,
  };
}

export function flagged(
  index: number,
  over: { sender?: string | null; date?: string | null; text?: string; ref?: string; verdict?: Verdict } = {},
): FlaggedExportMessage {
  const text = over.text ?? LISTING_TEXT;
  return {
    message: {
      index,
      sender: over.sender === undefined ? 'Karim' : over.sender,
      date: over.date === undefined ? '2025-03-12T11:02:00' : over.date,
      text,
      ref: over.ref ?? `line ${index + 4}`,
    },
    verdict: over.verdict ?? verdict(),
    scannedText: text,
  };
}

export const weaponVerdict: Verdict = {
  flagged: true,
  category: 'weapons',
  score: 9,
  level: 'high',
  reasons: [
    {
      ruleId: 'w.glock',
      kind: 'product',
      category: 'weapons',
      weight: 5,
      explain: 'weapon',
      spans: [[0, 5]],
    },
  ],
};

/** A scan the test drives by hand: emit() sends events to the page like the worker would. */
export function fakeDeps(over: Partial<CheckDeps> = {}) {
  const jobs: {
    files: File[];
    dayFirst: boolean | 'auto';
    emit(e: ScanEvent): void;
    cancel: ReturnType<typeof vi.fn>;
  }[] = [];
  const deps: CheckDeps = {
    scan: vi.fn((files: File[], dayFirst: boolean | 'auto', onEvent: (e: ScanEvent) => void) => {
      const cancel = vi.fn();
      jobs.push({ files, dayFirst, emit: onEvent, cancel });
      return { cancel };
    }),
    loadRules: vi.fn(async () => RULES_JSON),
    now: () => Date.UTC(2026, 10, 28, 19, 30),
    vigieVersion: '0.1.0',
    ...over,
  };
  const last = () => {
    const job = jobs.at(-1);
    if (!job) throw new Error('no scan started');
    return job;
  };
  return { deps, jobs, last };
}

export const readEvent = (over: Partial<Extract<ScanEvent, { type: 'read' }>> = {}): ScanEvent => ({
  type: 'read',
  chatName: 'Bons plans 75',
  format: 'whatsapp',
  warnings: [],
  totalBytes: 1000,
  ...over,
});

export const progressEvent = (
  messages: number,
  bytesDone: number,
  found: FlaggedExportMessage[] = [],
  /** Running total of flagged messages (the page never shows fewer than it lists). */
  flagged = found.length,
): ScanEvent => ({
  type: 'progress',
  messages,
  bytesDone,
  totalBytes: 1000,
  flagged,
  found,
});

export const doneEvent = (over: Partial<Extract<ScanEvent, { type: 'done' }>> = {}): ScanEvent => ({
  type: 'done',
  messages: 9,
  flagged: 1,
  ms: 12,
  warnings: [],
  dateFixes: [],
  chatName: 'Bons plans 75',
  ...over,
});
