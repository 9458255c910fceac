/**
 * Adversarial message shapes for the engine's linear-time suite (hostile-linear.test.ts): each
 * builds a text of a given length in UTF-16 units, and `linearCases` times the engine's whole
 * public path on it — createDetector(compileRuleSet(bundle)).scan, then every reason's
 * explanation — so the suite keeps guarding whatever the engine's internals become.
 */
import type { Detector } from '../../../src/engine';
import type { LinearCase } from '../linear-time';
import { realRules } from './helpers';

/** `unit` repeated up to `size` units. */
function repeat(unit: string): (size: number) => string {
  return (size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** One base letter followed by `size` copies of `tail` (a word, marks on one letter…). */
function headThen(head: string, tail: string): (size: number) => string {
  return (size) => head + tail.repeat(Math.ceil((size - head.length) / tail.length));
}

/** A counter written into each unit, so every occurrence is a distinct term ("1g 2g 3g …"). */
function counting(make: (i: number) => string): (size: number) => string {
  return (size) => {
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
      const part = make(i);
      parts.push(part);
      length += part.length;
    }
    return parts.join('');
  };
}

export const SHAPES: [name: string, make: (size: number) => string][] = [
  ['number runs ("1 1 1 …")', repeat('1 ')],
  ['number runs with dashes and dots', repeat('12-34.')],
  ['one number with decimal points', headThen('1', '.1')],
  ['one long digit string', headThen('', '7')],
  ['separators', repeat(' .-_*/|+,!·•・')],
  ['separators between digits', repeat('1 . ')],
  ['repeated phones', repeat('06 12 34 56 78 ')],
  ['repeated phones with +', repeat('+33 6 12 34 56 78 ')],
  ['prices', repeat('10€ $5 50 le g 20 eur ')],
  ['distinct quantities', counting((i) => `${i}g ${i} mm `)],
  ['emoji', repeat('📦❄️🔥💊 ')],
  ['emoji, no space', repeat('🔥')],
  ['combining marks on every letter', repeat('e\u0301\u0302')],
  ['combining marks on one letter', headThen('a', '\u0301')],
  ['look-alikes (confusables)', repeat('Ｃ.0.К.Е сокаин 𝐜𝐨𝐤𝐞 ')],
  ['regional indicators', repeat('🇨🇴🇰🇪 ')],
  ['invisibles inside words', repeat('c\u200bo\u200bk\u200be ')],
  ['separated letters ("v e n d s")', repeat('v e n d s ')],
  ['one run of separated letters', repeat('c.o.k.e.')],
  ['separated letters with leet digits', repeat('a 0 ')],
  ['one long word', headThen('', 'a')],
  ['one long word after a prefix term', headThen('coke', 'a')],
  ['one long leet word', headThen('w', '3d')],
  ['leetspeak', repeat('c0k3 w33d m@rijuana h3rb3 ')],
  // Adversarial for a trie: long runs that start many partial matches.
  ['partial rule terms', repeat('permis sans permis sans coke coke c.o.k.e 10 10 10 € € ')],
  ['repeated rule terms', repeat('permis sans examen 900€ coke livraison 7j/7 dispo ')],
  ['distinct rule terms', counting((i) => `coke${i} weed ${i}g `)],
  ['menu lines', repeat('coke 10€\n')],
  ['line breaks', repeat('\r\n')],
  ['handles', repeat('@plug ')],
  ['chemical-code chain', repeat('4-mec-')],
  ['lone surrogates', repeat('\ud800a')],
];

function scanAndExplain(detector: Detector, text: string): number {
  const verdict = detector.scan(text);
  let words = 0;
  for (const reason of verdict.reasons) {
    words += detector.explanation(reason.explain).en.length + reason.spans.length;
  }
  return words;
}

/** Every shape as a linear-time case (measured by test/unit/linear-child.ts). */
export const linearCases: LinearCase<string>[] = SHAPES.map(([name, make]) => ({
  name,
  make,
  run: (text: string) => scanAndExplain(realRules().detector, text),
}));
