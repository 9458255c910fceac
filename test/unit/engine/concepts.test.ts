/**
 * Concept rules: classes composed within a window of tokens. Checked on a bundle whose concepts
 * section is written here, so the behaviour is pinned independently of the shipped vocabulary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';
import {
  type ConceptSection,
  compileRuleSet,
  createDetector,
  normalize,
  type RuleBundle,
  RuleSetError,
} from '../../../src/engine';
import { ConceptMatcher } from '../../../src/engine/match/concepts';
import { tokenize } from '../../../src/engine/match/tokenize';
import { firedRuleIds, realRules } from './helpers';

const base = buildBundle().bundle;

/** The shipped rules with `concepts` as their concept section; the shipped classes stay (rules use them). */
function withConcepts(
  concepts: { classes?: Record<string, unknown>; rules?: unknown } | undefined,
): RuleBundle {
  if (concepts === undefined) return { ...base, rules: unguarded, concepts: undefined } as RuleBundle;
  return {
    ...base,
    concepts: { ...concepts, classes: { ...base.concepts?.classes, ...concepts.classes } },
  } as RuleBundle;
}

/** The shipped plain rules without their `none` guards (for bundles that have no classes). */
const unguarded = base.rules.map(({ none: _none, noneWindow: _w, ...rule }) => rule);

const section: ConceptSection = {
  classes: {
    'test-licence': ['permis', 'permis de conduire', 'code de la route', 'code'],
    'test-no-exam': ['sans examen', "sans passer l'examen", 'sans heures de conduite'],
    'test-school': ['auto-école', 'moniteur'],
    'test-brand': ['rolex', 'patek philippe'],
    'test-tag': ['replica', '1:1', 'superclone'],
    'test-history': ['musée', 'historique'],
    'test-weed': ['weed'],
    'test-garden': ['eater', 'control fabric', 'killer'],
  },
  rules: [
    {
      id: 'test.licence',
      kind: 'sales-term',
      category: 'documents',
      weight: 5,
      explain: 'id-forgery',
      all: ['test-licence', 'test-no-exam'],
      none: ['test-school'],
      window: 6,
      lang: 'fr',
    },
    {
      id: 'test.replica',
      kind: 'product',
      category: 'counterfeit',
      weight: 4,
      explain: 'counterfeit-term',
      all: ['test-brand', 'test-tag'],
      none: ['test-history'],
      window: 8,
      lang: 'any',
    },
    {
      id: 'test.weed',
      kind: 'product',
      category: 'drugs',
      weight: 2,
      explain: 'drug-slang',
      all: ['test-weed'],
      none: ['test-garden'],
      window: 2,
      lang: 'en',
    },
  ],
};

const compiled = compileRuleSet(withConcepts(section));
const detector = createDetector(compiled);

/** Concept rule ids that fire in `text`, with the highlighted words of each. */
function conceptHits(text: string): Map<string, string[]> {
  const v = detector.scan(text);
  const out = new Map<string, string[]>();
  for (const r of v.reasons) {
    if (r.ruleId.startsWith('test.'))
      out.set(
        r.ruleId,
        r.spans.map(([s, e]) => text.slice(s, e)),
      );
  }
  return out;
}

/** The matcher alone (the detector skips reasons for quiet messages): which concept rules fire. */
function fired(text: string): string[] {
  const n = normalize(text);
  const tokens = tokenize(n.text);
  const matcher = new ConceptMatcher(compiled.classCount, compiled.concepts);
  matcher.reset();
  compiled.index.scan(n.text, tokens, (r, first, last) => {
    if (r >= compiled.classBase) matcher.add(r - compiled.classBase, first, last);
  });
  matcher.run();
  const ids: string[] = [];
  for (let i = 0; i < matcher.candidates; i++) {
    if (matcher.alive(i)) ids.push(compiled.rules[matcher.ruleOf(i)]?.id ?? '?');
  }
  // Only this file's concepts: the shipped plain rules guarded by frames match as concepts too.
  return ids.filter((id) => id.startsWith('test.'));
}

describe('concept matching', () => {
  it('finds the parts with words in between, in any order', () => {
    expect(fired('Je propose aussi permis + code sans examen, 900€')).toContain('test.licence');
    expect(fired('sans examen, ton permis en 10 jours')).toContain('test.licence');
    expect(fired('permis sans examen')).toContain('test.licence');
  });

  it('stops at the window', () => {
    // "permis" and "sans examen" are 7 tokens apart: window 6.
    expect(fired('permis un deux trois quatre cinq six sans examen')).not.toContain('test.licence');
    expect(fired('permis un deux trois quatre cinq sans examen')).toContain('test.licence');
  });

  it('needs every class', () => {
    expect(fired('je passe mon permis la semaine prochaine')).toEqual([]);
    expect(fired('sans examen de conscience')).toEqual([]);
  });

  it('a none class before or after the match cancels it, only within the window', () => {
    expect(fired("l'auto-école dit: pas de permis sans examen")).toEqual([]);
    expect(fired('permis sans examen ? demande à ton moniteur')).toEqual([]);
    expect(fired('auto-école, et puis un jour on verra bien ce que tu veux : permis sans examen')).toContain(
      'test.licence',
    );
    expect(fired('Rolex replica')).toContain('test.replica');
    expect(fired('Rolex replica du musée')).toEqual([]);
  });

  it('a none class may reach further than the parts when noneWindow says so', () => {
    const far = compileRuleSet(
      withConcepts({
        ...section,
        rules: [{ ...section.rules[1], id: 'test.replica-far', noneWindow: 12 }],
      }),
    );
    const ids = (text: string) =>
      createDetector(far, { weakShortcut: false })
        .scan(text)
        .reasons.map((r) => r.ruleId);
    const text = 'Rolex replica, une pièce que tout le monde attend au musée';
    expect(fired(text)).toContain('test.replica');
    expect(ids(text)).not.toContain('test.replica-far');
    expect(ids('Rolex replica 1:1, 250 euros')).toContain('test.replica-far');
  });

  it('one class alone, unless an innocent neighbour is there', () => {
    expect(fired('weed 10 le g')).toContain('test.weed');
    expect(fired('Weed eater for sale')).toEqual([]);
    expect(fired('weed control fabric 2m')).toEqual([]);
    expect(fired('best weed killer')).toEqual([]);
  });

  it('parts may not overlap: one phrase does not count for two classes', () => {
    const overlap = compileRuleSet(
      withConcepts({
        classes: { a: ['sans code'], b: ['code'] },
        rules: [
          {
            id: 'test.overlap',
            kind: 'product',
            category: 'documents',
            weight: 3,
            explain: 'id-document',
            all: ['a', 'b'],
            window: 4,
            lang: 'fr',
          },
        ],
      }),
    );
    const d = createDetector(overlap, { weakShortcut: false });
    expect(d.scan('sans code').reasons.map((r) => r.ruleId)).not.toContain('test.overlap');
    expect(d.scan('code sans code').reasons.map((r) => r.ruleId)).toContain('test.overlap');
  });

  it('reaches the detector as an ordinary rule hit that highlights the parts, not the words between', () => {
    const text = 'Je propose aussi permis + code sans examen, 900€, résultat en 10 jours';
    const v = detector.scan(text);
    expect(v.flagged).toBe(true);
    expect(v.category).toBe('documents');
    const hit = v.reasons.find((r) => r.ruleId === 'test.licence');
    expect(hit).toMatchObject({
      kind: 'sales-term',
      category: 'documents',
      weight: 5,
      explain: 'id-forgery',
    });
    expect(conceptHits(text).get('test.licence')).toEqual(['code', 'sans examen']);
  });

  it('is deterministic and keeps no state between scans', () => {
    const a = detector.scan('Rolex replica 1:1 250€');
    detector.scan('permis sans examen 900€');
    detector.scan('Rolex replica du musée');
    expect(detector.scan('Rolex replica 1:1 250€')).toEqual(a);
  });

  it('a bundle without concepts compiles and scans as before', () => {
    const plain = compileRuleSet(withConcepts(undefined));
    expect(plain.concepts).toEqual([]);
    expect(createDetector(plain).scan('permis sans examen 900€').flagged).toBe(true);
  });
});

describe('a plain rule guarded by none classes', () => {
  const guarded = compileRuleSet({
    ...withConcepts(section),
    rules: [
      ...base.rules.filter((r) => r.id !== 'financial.sales'),
      {
        id: 'test.guarded',
        kind: 'sales-term',
        category: 'financial',
        weight: 5,
        explain: 'bank-fraud',
        terms: ['carding', 'cooke'],
        lang: 'fr',
        none: ['test-history'],
        noneWindow: 4,
      },
    ],
  } as RuleBundle);
  const ids = (text: string) => [...firedRuleIds(guarded, text)];

  it('matches like a plain rule, stretched spellings included, unless a none class is near', () => {
    expect(ids('méthode carding dispo, 50€')).toContain('test.guarded');
    expect(ids('cooooke 60 le g')).toContain('test.guarded');
    expect(ids('le carding historique')).not.toContain('test.guarded');
    expect(ids('historique un deux trois quatre cinq carding')).toContain('test.guarded');
  });

  it('agrees with a brute-force search on random word sequences', () => {
    const probe = compileRuleSet({
      ...withConcepts({ classes: { 'test-d': ['delta'] }, rules: [] }),
      rules: [
        ...base.rules,
        {
          id: 'test.alpha',
          kind: 'product',
          category: 'drugs',
          weight: 2,
          explain: 'drug-slang',
          terms: ['alpha'],
          lang: 'en',
          none: ['test-d'],
          noneWindow: 3,
        },
      ],
    } as RuleBundle);
    const word = fc.constantFrom('alpha', 'delta', 'filler', 'other');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const at = (w: string) => words.flatMap((x, i) => (x === w ? [i] : []));
        const ds = at('delta');
        const expected = at('alpha').some((a) => !ds.some((d) => d >= a - 3 && d <= a + 3));
        expect(firedRuleIds(probe, words.join(' ')).has('test.alpha')).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an unknown class and a noneWindow without none', () => {
    const rule = {
      id: 'test.g',
      kind: 'product',
      category: 'drugs',
      weight: 2,
      explain: 'drug-slang',
      terms: ['x1'],
      lang: 'fr',
    };
    expect(() =>
      compileRuleSet({ ...withConcepts(section), rules: [...base.rules, { ...rule, none: ['nope'] }] }),
    ).toThrow(/rules\[\d+\] \(test\.g\)\.none: unknown class "nope"/);
    expect(() => compileRuleSet({ ...base, rules: [...base.rules, { ...rule, noneWindow: 3 }] })).toThrow(
      /noneWindow without none/,
    );
    expect(() =>
      compileRuleSet({
        ...base,
        concepts: undefined,
        rules: [...base.rules, { ...rule, none: ['test-history'] }],
      }),
    ).toThrow(/unknown class/);
  });
});

describe('concept matching agrees with a brute-force search', () => {
  // One-word classes, so a position is a token index: alpha/bravo/charlie must all be within the
  // window, delta cancels within the window of the match. Brute force tries every combination.
  const window = 4;
  const probe = compileRuleSet(
    withConcepts({
      classes: { a: ['alpha'], b: ['bravo'], c: ['charlie'], d: ['delta'] },
      rules: [
        {
          id: 'test.abc',
          kind: 'product',
          category: 'drugs',
          weight: 2,
          explain: 'drug-slang',
          all: ['a', 'b', 'c'],
          none: ['d'],
          window,
          lang: 'en',
        },
        {
          id: 'test.ab',
          kind: 'product',
          category: 'drugs',
          weight: 2,
          explain: 'drug-slang',
          all: ['a', 'b'],
          window,
          lang: 'en',
        },
      ],
    }),
  );
  const firedIn = (words: string[]): string[] => {
    const n = normalize(words.join(' '));
    const tokens = tokenize(n.text);
    const matcher = new ConceptMatcher(probe.classCount, probe.concepts);
    matcher.reset();
    probe.index.scan(n.text, tokens, (r, first, last) => {
      if (r >= probe.classBase) matcher.add(r - probe.classBase, first, last);
    });
    matcher.run();
    const ids = new Set<string>();
    for (let i = 0; i < matcher.candidates; i++)
      if (matcher.alive(i)) ids.add(probe.rules[matcher.ruleOf(i)]?.id ?? '?');
    return [...ids].filter((id) => id.startsWith('test.')).sort();
  };
  const brute = (words: string[]): string[] => {
    const at = (w: string) => words.flatMap((x, i) => (x === w ? [i] : []));
    const [as, bs, cs, ds] = [at('alpha'), at('bravo'), at('charlie'), at('delta')];
    const out: string[] = [];
    const abc = as.some((a) =>
      bs.some((b) =>
        cs.some((c) => {
          const lo = Math.min(a, b, c);
          const hi = Math.max(a, b, c);
          return hi - lo <= window && !ds.some((d) => d >= lo - window && d <= hi + window);
        }),
      ),
    );
    if (abc) out.push('test.abc');
    if (as.some((a) => bs.some((b) => Math.abs(a - b) <= window))) out.push('test.ab');
    return out.sort();
  };
  it('on random word sequences', () => {
    const word = fc.constantFrom('alpha', 'bravo', 'charlie', 'delta', 'filler', 'other');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        expect(firedIn(words)).toEqual(brute(words));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('concept matching stays linear on hostile input', () => {
  // Shapes that maximise class occurrences, candidates and cancellations: every token a part of
  // some concept, concepts completing at every step, none classes on both sides. Timed: the trie
  // pass and the concept sweeps over already-normalised text (the normaliser has its own suite).
  const { compiled: real } = realRules();
  const matcher = new ConceptMatcher(real.classCount, real.concepts);
  const match = (norm: string) => {
    const tokens = tokenize(norm);
    matcher.reset();
    real.index.scan(norm, tokens, (r, first, last) => {
      if (r >= real.classBase) matcher.add(r - real.classBase, first, last);
    });
    matcher.run();
    return matcher.candidates;
  };
  const shapes: Record<string, string> = {
    'parts completing at every token': 'permis sans examen ',
    'brand and tag alternating': 'rolex replica 1:1 ',
    'parts with a frame between': 'permis selon sans examen selon ',
    'cancelled on both sides': 'airsoft glock 9mm airsoft ',
    'three-part concept': 'ton compte recevoir des virements commission ',
    'one-class concepts with guards': 'weed eater weed weed control ',
    'everyday class words': 'mon compte ma carte my account code free ',
  };
  // The fastest of several runs: on a shared machine a run is only ever slowed down, by others.
  // Sizes stay within the processor's caches, where a linear pass is linear in time too.
  const timeFor = (norm: string) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      match(norm);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  it.each(Object.entries(shapes))('%s: 4× the text takes under 5× the time', (_name, unit) => {
    const small = normalize(unit.repeat(Math.ceil(15_000 / unit.length))).text;
    const large = normalize(unit.repeat(4 * Math.ceil(15_000 / unit.length))).text;
    // Warm-up (the optimising compiler settles, buffers reach their size), and the shape matches.
    for (let i = 0; i < 3; i++) expect(match(large)).toBeGreaterThanOrEqual(match(small));
    const ratio = timeFor(large) / timeFor(small);
    expect(ratio).toBeLessThan(5);
  });
});

describe('concept validation', () => {
  const rule = section.rules[0] as ConceptSection['rules'][number];
  const bad = (patch: Record<string, unknown>, classes: Record<string, unknown> = section.classes) =>
    withConcepts({ classes, rules: [{ ...rule, ...patch }] });

  it.each([
    ['an unknown class', { all: ['nope'] }, /unknown class "nope"/],
    ['a class twice', { all: ['test-licence', 'test-licence'] }, /listed twice/],
    ['no class', { all: [] }, /at least one class/],
    [
      'too many parts',
      { all: ['test-licence', 'test-no-exam', 'test-brand', 'test-tag', 'test-weed'] },
      /at most 4/,
    ],
    ['a class in all and none', { none: ['test-licence'] }, /also required/],
    ['a window of 0', { window: 0 }, /window must be an integer/],
    ['a window past the limit', { window: 17 }, /window must be an integer/],
    ['a fractional window', { window: 2.5 }, /window must be an integer/],
    ['a noneWindow past the limit', { noneWindow: 20 }, /noneWindow must be an integer/],
    ['a positive counter', { kind: 'counter', weight: 2 }, /negative weight/],
    ['a product without category', { kind: 'product', category: null }, /needs a category/],
    ['an unknown explanation', { explain: 'nope' }, /unknown explanation key/],
    ['an id a plain rule has', { id: 'documents.sales' }, /duplicate rule id/],
  ])('refuses %s', (_what, patch, message) => {
    expect(() => compileRuleSet(bad(patch))).toThrow(message);
    expect(() => compileRuleSet(bad(patch))).toThrow(RuleSetError);
  });

  it.each([
    ['an empty class', { x: [] }, /non-empty array/],
    ['a malformed class name', { 'Bad Name': ['a'] }, /malformed class name/],
    ['a one-letter term', { ...section.classes, x: ['b'] }, /single letter/],
    ['a bare number', { ...section.classes, x: ['17'] }, /bare integer/],
    ['a term starting with #num', { ...section.classes, x: ['#num euros'] }, /#num cannot start/],
  ])('refuses %s', (_what, classes, message) => {
    expect(() => compileRuleSet(bad({}, classes))).toThrow(message);
  });

  it('refuses a class used by too many concepts (bounds the work per occurrence)', () => {
    const rules = Array.from({ length: 65 }, (_, i) => ({ ...rule, id: `test.many-${i}` }));
    expect(() => compileRuleSet(withConcepts({ classes: section.classes, rules }))).toThrow(
      /more than 64 concepts/,
    );
  });
});
