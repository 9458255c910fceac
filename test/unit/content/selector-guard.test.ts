// @vitest-environment happy-dom
/**
 * Issue 17, point 8, at run time: the bundle's selectors are timed on the page and dropped for the
 * built-in ones when one query takes more than a frame, or when they match nothing here while the
 * built-in ones do.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { guardSelectors, QUERY_BUDGET_MS } from '../../../src/content/selectors';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import type { SiteSelectors } from '../../../src/engine/ruleset/sites';
import { loadFixture } from './helpers';

const builtin = BUILTIN_SITES['telegram-k'];
const copy = (): SiteSelectors => structuredClone(builtin);
/** A clock that never moves: these tests are about matching, not about a loaded machine's speed. */
const still = () => 0;

beforeEach(() => loadFixture('telegram-k'));

describe('guardSelectors', () => {
  it("keeps the bundle's selectors when they are quick and match", () => {
    const guarded = guardSelectors(copy(), builtin, document, still);
    expect(guarded).toMatchObject({ source: 'bundle', reason: null });
    expect(guarded.slowestMs).toBeLessThanOrEqual(QUERY_BUDGET_MS);
  });

  it('one stalled query (a GC, a busy machine) is timed again before it counts', () => {
    let now = 0;
    let calls = 0;
    const guarded = guardSelectors(copy(), builtin, document, () => {
      calls += 1;
      now += calls === 2 ? 40 : 0.1; // the first query's end comes 40 ms late
      return now;
    });
    expect(guarded).toMatchObject({ source: 'bundle', reason: null });
    expect(calls).toBeGreaterThan(4); // it went on with the other selectors
  });

  it('uses the built-in selectors when one query of the bundle takes longer than a frame', () => {
    const slow = copy();
    slow.sender = ['.name .peer-title.slow-on-this-page'];
    // A clock that sees 40 ms pass around the query of that one selector.
    let now = 0;
    let last = '';
    const real = document.querySelectorAll.bind(document);
    document.querySelectorAll = ((s: string) => {
      last = s;
      return real(s);
    }) as typeof document.querySelectorAll;
    try {
      const guarded = guardSelectors(slow, builtin, document, () => {
        now += last === slow.sender[0] ? 40 : 0.1;
        return now;
      });
      expect(guarded).toMatchObject({ source: 'builtin', reason: 'slow' });
      expect(guarded.selectors.sender).toEqual(builtin.sender);
    } finally {
      document.querySelectorAll = real as typeof document.querySelectorAll;
    }
  });

  it('uses the built-in selectors when the bundle matches nothing here and they do', () => {
    const stale = copy();
    stale.root = ['.layout-of-another-year'];
    stale.message = ['[data-message-id-of-another-year]'];
    expect(guardSelectors(stale, builtin, document, still)).toMatchObject({
      source: 'builtin',
      reason: 'no-match',
    });
  });

  it('keeps the bundle when neither matches (no chat open yet): nothing better to use', () => {
    document.body.replaceChildren();
    const stale = copy();
    stale.root = ['.layout-of-another-year'];
    expect(guardSelectors(stale, builtin, document, still)).toMatchObject({ source: 'bundle', reason: null });
  });
});
