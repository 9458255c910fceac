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
import { fnvCollision, fnvId } from './fnv-collision';
import { badges, loadFixture, settle, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

// Same length on purpose: hashText includes the length.
const pair = fnvCollision('see you at the station tonight, ok?', 'mdma 10€ la pill, livraison rapide.');

describe('a cached verdict is trusted only on the same text', () => {
  it('builds a real collision: equal length and equal 32-bit FNV-1a, different text', () => {
    expect(pair.benign).not.toBe(pair.listing);
    expect(pair.benign.length).toBe(pair.listing.length);
    expect(fnvId(pair.benign)).toBe(fnvId(pair.listing));
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

/**
 * A dismissal ("not an illicit listing") is a verdict too, kept under the message's key. Clients
 * without message ids (Snapchat, the fallback for unknown layouts) key a message by a hash of its
 * text, so the text id must not be one an attacker can make collide: with the 32-bit FNV-1a id, a
 * sender whose flagged message the user dismissed could delete it (or let it expire) and send a
 * listing built to collide with it in its place, and that listing was dismissed in advance.
 */
describe('a dismissal is not carried over to another text', () => {
  // Both are listings for the fake detector (coke, weed); equal length on purpose.
  const dismissed = fnvCollision(
    'coke, 10€ le g, livraison rapide, dm',
    'weed 20€ le g, dispo ce soir, dm me!',
  );

  it('text ids differ for texts built to collide under 32-bit FNV-1a', () => {
    expect(fnvId(pair.benign)).toBe(fnvId(pair.listing));
    expect(hashText(pair.benign)).not.toBe(hashText(pair.listing));
    expect(fnvId(dismissed.benign)).toBe(fnvId(dismissed.listing));
    expect(hashText(dismissed.benign)).not.toBe(hashText(dismissed.listing));
    // Still a stable id: the same text, the same id (dismissals match across page loads).
    expect(hashText(`${dismissed.benign}`)).toBe(hashText(dismissed.benign));
    // Texts that differ only in a lone surrogate (which UTF-8 encoders turn into U+FFFD) differ too.
    expect(hashText('coke \ud800')).not.toBe(hashText('coke \ud801'));
  });

  it('Snapchat: a dismissed listing replaced by one built to collide with it is marked', async () => {
    loadFixture('snapchat');
    const s = setup('snapchat');
    cleanups.push(s.controller);
    const span = Array.from(document.querySelectorAll('span')).find((el) =>
      el.textContent?.startsWith('selling fresh fullz'),
    ) as Element;
    span.textContent = dismissed.benign;
    s.scanner.flush();
    const first = s.scanner.summary().flagged.find((f) => f.excerpt === dismissed.benign);
    expect(first).toBeDefined();
    const key = (first as { key: string }).key;
    const marked = badges().length;

    // The user says "not an illicit listing": that message is no longer marked.
    s.scanner.setDismissed({ messages: new Set([key]), chats: new Set() });
    s.scanner.flush();
    expect(badges()).toHaveLength(marked - 1);

    // The sender deletes it and sends a colliding listing in its place (same sender, same place).
    span.textContent = dismissed.listing;
    await settle();
    s.scanner.flush();
    expect(s.detector.calls).toContain(dismissed.listing);
    const second = s.scanner.summary().flagged.find((f) => f.excerpt === dismissed.listing);
    expect(second?.key).toBeDefined();
    expect(second?.key).not.toBe(key);
    expect(badges()).toHaveLength(marked);
  });
});
