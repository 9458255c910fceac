import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastMapped, normalizeFast } from '../../../src/engine/normalize/fast-path';
import { BAIL, CATEGORIES, END_BAILS, NEXT } from '../../../src/engine/normalize/fast-path-triggers';
import { normalizeLong } from '../../../src/engine/normalize/normalize-long';
import { runFullPipeline } from '../../../src/engine/normalize/pipeline';

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const pieces = fc.constantFrom(
  'a',
  'c',
  'o',
  'k',
  'e',
  'C',
  'K',
  'E',
  'y',
  'à',
  'é',
  'É',
  'ç',
  'œ',
  '…',
  'ß',
  'x',
  'w',
  '0',
  '1',
  '2',
  '3',
  '5',
  '@',
  '$',
  '!',
  '|',
  '?',
  '€',
  '’',
  "'",
  ' ',
  ' ',
  '  ',
  '.',
  '..',
  '-',
  '_',
  '*',
  '/',
  '//',
  '+',
  ',',
  '·',
  ':',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  'coke',
  'dispo',
  'Bonjour',
  'ça va',
  'il y a',
  'a b',
  '14h30',
  'www',
  'ooo',
  '!!!',
  'ｃ',
  '𝐜',
  '🅲',
  '\u0441',
  '\u0397',
  '🇫🇷',
  '🇨',
  '\u200b',
  '\ufe0f',
  '\u0301',
  '🏽',
  '❄',
  '🍃',
  '\ud800',
  '\u0001',
);

const inputs = fc.oneof(
  fc.string({ unit: pieces, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: anyUnit, maxLength: 40 }),
);

describe('fast path', () => {
  it('whenever it answers, gives exactly what the full pipeline gives (text and maps)', () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const fast = normalizeFast(s);
        if (fast === undefined) return;
        const full = runFullPipeline(s);
        expect(fast.text).toBe(full.text);
        expect([...fast.start]).toEqual([...full.start]);
        expect([...fast.end]).toEqual([...full.end]);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['Bonjour, ça va ? On se voit à 14h', true],
    ['le chat dort', true],
    ['Super !!! trop bien...', true],
    ['❄️ dispo', true],
    ['c0ke', false], // leet symbol after a letter
    ['rdv 14h30', true], // a digit run after a letter, but neither between letters nor trailing
    ['c00l', false], // a leet run between letters
    ['herb3', false], // a trailing leet vowel after three letters
    ['super!', true], // '!' after a word is punctuation
    ['C O K E', false], // three single letters
    ['il y a', true], // two are not enough
    ['🇨🇴🇰🇪', false],
    ['sœur', false], // multi-code-point fold
    ['a\r\nb', false],
    ['\ufa6c', false], // BMP character folding to an astral one (more units than input)
  ])('%j takes the fast path: %s', (s, fast) => {
    expect(normalizeFast(s) !== undefined).toBe(fast);
  });

  it('builds maps lazily, also after other messages reused the scratch', () => {
    const n = normalizeFast('super !!! ❄️ cool');
    expect(n?.isIdentity).toBe(false);
    normalizeFast('autre message, plus long que le premier, qui réécrit le tampon');
    const full = runFullPipeline('super !!! ❄️ cool');
    expect([...(n?.start ?? [])]).toEqual([...full.start]);
    expect([...(n?.end ?? [])]).toEqual([...full.end]);
  });

  it('has a closed trigger automaton (every edge leads to a state or to BAIL)', () => {
    const states = END_BAILS.length;
    expect(NEXT.length).toBe(states * CATEGORIES);
    for (const to of NEXT) expect(to === BAIL || to < states).toBe(true);
    expect(states).toBeLessThan(200);
  });

  it('returns lazily built identity maps when nothing moved', () => {
    const n = normalizeFast('Bonjour Élodie');
    expect(n).toBeInstanceOf(FastMapped);
    expect(n?.isIdentity).toBe(true);
    expect(n?.text).toBe('bonjour elodie');
    expect([...(n?.start ?? [])]).toEqual([...Array(14).keys()]);
    expect([...(n?.end ?? [])]).toEqual([...Array(14).keys()].map((i) => i + 1));
  });
});

describe('long texts, block by block', () => {
  const line = fc.string({ unit: pieces, maxLength: 12 });
  const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));

  it('gives exactly what the unsplit full pipeline gives, whatever the block size', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 20 }), (s, size) => {
        const long = normalizeLong(s, runFullPipeline, size);
        const full = runFullPipeline(s);
        expect(long.text).toBe(full.text);
        expect([...long.start]).toEqual([...full.start]);
        expect([...long.end]).toEqual([...full.end]);
      }),
      { numRuns: 3000 },
    );
  });

  it('never splits CR LF', () => {
    const s = `ab\r\ncd\r\nef\ngh`;
    const long = normalizeLong(s, runFullPipeline, 1);
    expect(long.text).toBe('ab\ncd\nef\ngh');
    expect([...long.end]).toEqual([...runFullPipeline(s).end]);
  });
});
