import { describe, expect, it } from 'vitest';
import { Lru } from '../../../src/content/lru';

describe('Lru', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.size).toBe(2);
  });

  it('keeps the total weight under its bound, oldest out first (texts kept by the scanner)', () => {
    const lru = new Lru<string, { text: string }>(100, (v) => v.text.length, 10);
    lru.set('a', { text: 'xxxx' });
    lru.set('b', { text: 'yyyy' });
    expect(lru.totalWeight).toBe(8);
    lru.set('c', { text: 'zzzz' });
    expect(lru.get('a')).toBeUndefined();
    expect(lru.totalWeight).toBe(8);
    // Replacing an entry replaces its weight.
    lru.set('b', { text: 'y' });
    expect(lru.totalWeight).toBe(5);
    // One entry heavier than the bound is still kept (the message just judged), alone.
    lru.set('d', { text: 'w'.repeat(30) });
    expect(lru.size).toBe(1);
    expect(lru.totalWeight).toBe(30);
    lru.clear();
    expect(lru.totalWeight).toBe(0);
  });

  it('stays bounded over many heavy entries', () => {
    const lru = new Lru<number, { text: string }>(4000, (v) => v.text.length, 1 << 20);
    const text = 'a'.repeat(16_384);
    for (let i = 0; i < 4000; i++) lru.set(i, { text: `${text}${i}` });
    expect(lru.totalWeight).toBeLessThanOrEqual(1 << 20);
    expect(lru.size).toBe(63);
  });
});
