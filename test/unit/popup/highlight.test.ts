import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentExcerpt } from '../../../src/ui/highlight';

describe('segmentExcerpt', () => {
  it('splits into plain and marked segments', () => {
    expect(segmentExcerpt('abc def ghi', [[4, 7]])).toEqual([
      { text: 'abc ', marked: false },
      { text: 'def', marked: true },
      { text: ' ghi', marked: false },
    ]);
  });

  it('merges overlapping and unsorted spans, clamps out-of-range ones, drops empty ones', () => {
    expect(
      segmentExcerpt('0123456789', [
        [6, 20],
        [1, 3],
        [2, 4],
        [5, 5],
        [-4, 0],
      ]),
    ).toEqual([
      { text: '0', marked: false },
      { text: '123', marked: true },
      { text: '45', marked: false },
      { text: '6789', marked: true },
    ]);
  });

  it('handles an empty excerpt and no spans', () => {
    expect(segmentExcerpt('', [])).toEqual([{ text: '', marked: false }]);
    expect(segmentExcerpt('x', [])).toEqual([{ text: 'x', marked: false }]);
  });

  it('property: segments always concatenate back to the text, and never two marked in a row', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -5, max: 60 }))),
        (text, spans) => {
          const segs = segmentExcerpt(text, spans);
          expect(segs.map((s) => s.text).join('')).toBe(text);
          for (let i = 1; i < segs.length; i++) {
            expect(segs[i]?.marked && segs[i - 1]?.marked).toBeFalsy();
          }
        },
      ),
    );
  });
});
