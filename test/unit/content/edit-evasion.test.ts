// @vitest-environment happy-dom
/**
 * Edit evasion (issue 17, point 2): anyone who can message the user can edit a message, and the
 * scanner skips a message whose text it has already judged. It must judge it again unless the
 * text is the SAME: a 32-bit hash and the length matching is not enough, because collisions are
 * cheap to build (fnv-collision.ts), and a benign message edited into a colliding listing stayed
 * unflagged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashText } from '../../../src/content/text';
import { fnvCollision } from './fnv-collision';
import { badges, loadFixture, settle, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

// Same length on purpose: hashText includes the length.
const pair = fnvCollision('see you at the station tonight, ok?', 'mdma 10€ la pill, livraison rapide.');

describe('a cached verdict is trusted only on the same text', () => {
  it('builds a real collision: equal length and equal hash, different text', () => {
    expect(pair.benign).not.toBe(pair.listing);
    expect(hashText(pair.benign)).toBe(hashText(pair.listing));
  });

  it('re-scans a benign message edited in place into a colliding listing', async () => {
    loadFixture('telegram-a');
    const s = setup('telegram-a');
    cleanups.push(s.controller);
    const msg = document.getElementById('message-1224') as Element;
    const text = (msg.querySelector('.text-content') as Element).firstChild as Text;
    text.data = pair.benign;
    s.scanner.flush();
    expect(s.detector.calls).toContain(pair.benign);
    expect(msg.querySelector('[data-vigie-badge]')).toBeNull();
    const before = s.detector.calls.length;

    text.data = pair.listing;
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.slice(before)).toEqual([pair.listing]);
    expect(msg.querySelector('[data-vigie-badge]')).not.toBeNull();
    expect(s.scanner.summary().flagged.map((f) => f.key)).toContain('-1001987654321:1224');
  });

  it('re-scans a rebuilt node whose text collides with the cached one (same message id)', async () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    const old = document.querySelector('[data-mid="1228"]') as Element;
    ((old.querySelector('.message') as Element).firstChild as Text).data = pair.benign;
    s.scanner.flush();
    expect(s.detector.calls).toContain(pair.benign);
    const badgesBefore = badges().length;
    const before = s.detector.calls.length;

    // The client rebuilds the bubble (a virtualised list, an edit): a new node, the same id.
    const fresh = old.cloneNode(true) as Element;
    ((fresh.querySelector('.message') as Element).firstChild as Text).data = pair.listing;
    old.replaceWith(fresh);
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.slice(before)).toEqual([pair.listing]);
    expect(fresh.querySelector('[data-vigie-badge]')).not.toBeNull();
    expect(badges()).toHaveLength(badgesBefore + 1);
  });

  it('still re-marks an unchanged rebuilt node from the cache, without scanning again', async () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    const old = document.querySelector('[data-mid="1228"]') as Element;
    ((old.querySelector('.message') as Element).firstChild as Text).data = pair.listing;
    s.scanner.flush();
    const scans = s.detector.calls.length;
    const fresh = old.cloneNode(true) as Element;
    for (const stale of fresh.querySelectorAll('[data-vigie-badge]')) stale.remove();
    old.replaceWith(fresh);
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.length).toBe(scans);
    expect(s.scanner.stats.cacheHits).toBeGreaterThan(0);
    expect(fresh.querySelector('[data-vigie-badge]')).not.toBeNull();
  });
});
