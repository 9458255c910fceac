/**
 * Issue 17, point 8: the selector forms measured to freeze a long chat in Chromium
 * (`npm run bench:selectors`) are refused at bundle time; every selector the project ships passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectorCostProblem } from '../../../src/engine/ruleset/selector-cost';
import { validateSites } from '../../../src/engine/ruleset/sites';

const SITES_DIR = resolve(import.meta.dirname, '../../../rules/sites');

describe('selector cost rules', () => {
  const shipped = readdirSync(SITES_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const site = JSON.parse(readFileSync(resolve(SITES_DIR, f), 'utf8')) as Record<string, string[]>;
      return Object.entries(site)
        .filter(([field]) => field !== 'watchAttributes')
        .flatMap(([field, list]) => list.map((s) => [`${f} ${field}`, s] as const));
    });

  it.each(shipped)('allows the shipped selector (%s) %s', (_where, selector) => {
    expect(selectorCostProblem(selector)).toBeNull();
  });

  it.each([
    ['.bubble[data-mid]'],
    ['.chat.active .bubbles-inner:not(.bubbles-remover)'],
    ['li li, li:not(:has(li))'],
    ['.bubble:has(> .bubble-content-wrapper)'],
    [':is(.a, .b) .message'],
    ['a[href^="https://t.me/"], [data-x="a,b:has(*)"]'],
    ['.x:nth-child(2n+1)'],
    ['#main [role="row"] > div'],
    ['.esc\\:aped'],
  ])('allows %s', (selector) => {
    expect(selectorCostProblem(selector)).toBeNull();
  });

  it.each([
    ['*:has(* .time)', /names no type|may not use \*/],
    ['*:has(~ * .time)', /names no type|siblings/],
    ['.bubbles-group:has(~ .bubbles-group)', /siblings/],
    ['.bubble:has(.a):has(.b)', /more than one :has/],
    ['.x:not(:has(.a)):not(:has(.b))', /more than one :has/],
    ['.bubble:has(:is(.a, .b))', /may not hold/],
    [':nth-child(2n+1 of .bubbles-group)', /names no type|of S/],
    ['.x:nth-last-child(2n of .y)', /of S/],
    ['div * * * * * *', /names no type/],
    ['*', /names no type/],
    [':not(.x)', /names no type/],
    ['.a .b .c .d .e .f .g .h', /more than 6 combinators/],
    ['div > div > div > div > div > div > div > div', /more than 6 combinators/],
    [`:is(${Array.from({ length: 32 }, (_, i) => `.c${i}`).join(',')}) .message`, /alternatives/],
    [':is(:is(:is(.message)))', /nested more than 2/],
    [':not(:not(:not(:not(.message))))', /nested more than 2/],
    ['.x::before', /pseudo-elements/],
    [Array.from({ length: 9 }, (_, i) => `.c${i}`).join(', '), /more than 8 alternatives/],
    ['.x:not(', /unclosed|expected/],
    ['[data-x="open', /unclosed/],
  ])('refuses %s', (selector, why) => {
    expect(selectorCostProblem(selector)).toMatch(why);
  });

  it('a bundle whose selectors are too costly is refused with the field named', () => {
    const site = {
      root: ['.chat'],
      message: ['*:has(~ * .time)'],
      text: [],
      textExclude: [],
      service: [],
      sender: [],
      forwarded: [],
      chatTitle: [],
      badgeAnchor: [],
      watchAttributes: ['data-mid'],
    };
    expect(validateSites({ 'telegram-k': site })).toEqual([
      expect.stringMatching(/^sites\.telegram-k\.message\[0\]: too costly a selector: /),
    ]);
  });
});
