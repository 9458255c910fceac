/**
 * Long texts and the normaliser's reused buffers: a buffer grown for a paste is kept for the next
 * long text and released by the first short one. Whatever the order, the maps must be the text's
 * own: the block-by-block path once read them from a scratch that had just been swapped for a
 * small one (a long line among short ones, after a paste), and got zeros.
 */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/engine';
import { runFullPipeline } from '../../../src/engine/normalize/pipeline';

function expectSameAsFull(s: string): void {
  const n = normalize(s);
  const full = runFullPipeline(s);
  expect(n.text).toBe(full.text);
  expect(n.start.length).toBe(full.start.length);
  // Compared as bytes in one call, not element by element (hundreds of thousands of entries).
  const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  expect(bytes(n.start).equals(bytes(full.start)), 'start maps').toBe(true);
  expect(bytes(n.end).equals(bytes(full.end)), 'end maps').toBe(true);
}

const longLineAmongShort = `${'a é '.repeat(200)}\n${'bé '.repeat(70_000)}\n${'c'.repeat(600)}\nd`;
const shortLines = `${'Ｃ é\n'.repeat(40_000)}fin`;

describe('long texts and the reused buffers', () => {
  it('maps a long line among short ones to the original', () => {
    expectSameAsFull(longLineAmongShort);
  });

  it('maps short lines right after a paste grew the buffers', () => {
    normalize('xy '.repeat(700_000));
    expectSameAsFull(shortLines);
    normalize('c0k3 '.repeat(400_000));
    expectSameAsFull(shortLines);
    expectSameAsFull(longLineAmongShort);
  });

  it('gives one long line the same result as the full pipeline, on the fast path or not', () => {
    expectSameAsFull('Ｃ é '.repeat(50_000));
    expectSameAsFull('c0k3 w33d '.repeat(20_000));
    expect(normalize('xy '.repeat(40_000)).start[99_999]).toBe(99_999);
  });
});
