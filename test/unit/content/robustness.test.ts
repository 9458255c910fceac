// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { detectorFromSources } from '../../../scripts/lib/detector';
import { markOwn } from '../../../src/content/own-nodes';
import { compileSelectors } from '../../../src/content/selectors';
import { extractText, hashText, MAX_TEXT_LENGTH } from '../../../src/content/text';
import { EXCERPT_LENGTH, makeExcerpt } from '../../../src/shared/flagged';
import { badges, loadFixture, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

function addKMessage(mid: number, text: string): Element {
  const section = document.querySelectorAll('section.bubbles-date-group')[1] as Element;
  const bubble = document.createElement('div');
  bubble.className = 'bubble is-in';
  bubble.dataset.mid = String(mid);
  bubble.dataset.peerId = '-1987654321';
  bubble.innerHTML =
    '<div class="bubble-content-wrapper"><div class="bubble-content"><div class="message"></div></div></div>';
  (bubble.querySelector('.message') as Element).textContent = text;
  section.append(bubble);
  return bubble;
}

describe('Hostile and odd input never throws', () => {
  it('a 1 MB message is cut, scanned and marked without throwing', () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    const huge = `coke ${'x'.repeat(1024 * 1024)}`;
    const bubble = addKMessage(2000, huge);
    expect(() => s.scanner.flush()).not.toThrow();
    expect(s.detector.calls.find((t) => t.startsWith('coke x'))?.length).toBe(MAX_TEXT_LENGTH);
    expect(bubble.querySelector('[data-vigie-badge]')).not.toBeNull();
    const item = s.scanner.summary().flagged.find((f) => f.key.endsWith(':2000'));
    expect(item?.excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH);
  });

  it('odd Unicode (lone surrogates, RTL marks, zero-width, combining, NUL) is handled', () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    const odd = [
      '\uD800 weed \uDC00',
      '\u202Eweed\u202C \u200B\u200D\uFEFF',
      'w\u0301e\u0308ed 🏴‍☠️ 👨‍👩‍👧‍👦',
      '\u0000\u0001 glock \u0007',
      '',
      ' \n\t ',
      '\u{1F4E6}'.repeat(2000),
    ];
    odd.forEach((t, i) => {
      addKMessage(3000 + i, t);
    });
    expect(() => s.scanner.flush()).not.toThrow();
    for (const f of s.scanner.summary().flagged) {
      expect(f.excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH);
      for (const [a, b] of f.highlights) {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(f.excerpt.length);
      }
    }
  });

  it('an engine that throws does not break the page', () => {
    loadFixture('telegram-k');
    const s = setup('telegram-k', {
      detector: Object.assign(
        {
          version: 1,
          scan: () => {
            throw new Error('boom');
          },
          explanation: () => ({ en: '', fr: '' }),
        },
        { calls: [] as string[] },
      ),
    });
    cleanups.push(s.controller);
    expect(() => s.scanner.flush()).not.toThrow();
    expect(s.scanner.stats.engineErrors).toBeGreaterThan(0);
    expect(badges()).toHaveLength(0);
  });

  it('invalid selectors in a rule update are dropped, not thrown', () => {
    const sel = compileSelectors(
      {
        root: ['#main', ':::bad'],
        message: ['[data-id'],
        text: ['.ok'],
        textExclude: [],
        service: [],
        sender: [],
        forwarded: [],
        chatTitle: [],
        badgeAnchor: [],
        watchAttributes: ['data-id', 'BAD ATTR'],
      },
      document,
    );
    expect(sel.root).toEqual(['#main']);
    expect(sel.message).toEqual([]);
    expect(sel.rejected).toEqual([':::bad', '[data-id']);
    expect(sel.watchAttributes).toEqual(['data-id']);
  });

  it('excerpts keep the match, never split surrogate pairs, and stay ≤ 280 chars', () => {
    const text = `${'🙂'.repeat(300)} coke 60€`;
    const at = text.indexOf('coke');
    const { excerpt, highlights } = makeExcerpt(text, [[at, at + 4]]);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH);
    expect(excerpt.slice(highlights[0]?.[0], highlights[0]?.[1])).toBe('coke');
    expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(excerpt.startsWith('…')).toBe(true);
    expect(makeExcerpt('short', [])).toEqual({ excerpt: 'short', highlights: [] });
  });

  it('text extraction skips scripts and our badges and hashes distinguish edits', () => {
    document.body.innerHTML =
      '<div id="m">a<script>evil()</script><br>b<span id="ours">x</span><span data-vigie-badge>c</span></div>';
    markOwn(document.getElementById('ours') as Element);
    // Our badge is known by identity; an attribute that merely looks like ours is page text.
    expect(extractText(document.getElementById('m') as Element, '')).toBe('a\nbc');
    expect(hashText('abc')).not.toBe(hashText('abd'));
    expect(hashText('abc')).toBe(hashText('abc'));
  });
});

describe('With the real engine and rules', () => {
  const LISTINGS: Record<string, string[]> = {
    'telegram-k': [':1202', ':1211', ':1220', ':1223', ':1227'],
    'telegram-a': [':1202', ':1211', ':1220', ':1223', ':1224'],
    whatsapp: [
      '_3A0000000000000000AB_',
      '_3A0000000000000000B0_',
      '_3A0000000000000000B5_',
      '_3A0000000000000000B6_',
    ],
  };
  const ORDINARY: Record<string, string[]> = {
    'telegram-k': [':1210', ':1221', ':1228', ':1212'],
    'telegram-a': [':1210', ':1221', ':1226', ':1212'],
    whatsapp: [
      '_3A0000000000000000AC_',
      '_3A0000000000000000B1_',
      '_3A0000000000000000B4_',
      '_3A0000000000000000AE_',
      'true_',
    ],
  };
  it('flags the fixture listings and not the ordinary messages', () => {
    const detector = Object.assign(detectorFromSources(), { calls: [] as string[] });
    for (const client of ['telegram-k', 'telegram-a', 'whatsapp'] as const) {
      loadFixture(client);
      const s = setup(client, { detector });
      cleanups.push(s.controller);
      s.scanner.flush();
      const keys = s.scanner.summary().flagged.map((f) => f.key);
      for (const part of LISTINGS[client] ?? [])
        expect(
          keys.some((k) => k.includes(part)),
          `${client} ${part}`,
        ).toBe(true);
      for (const part of ORDINARY[client] ?? [])
        expect(
          keys.some((k) => k.includes(part)),
          `${client} ${part}`,
        ).toBe(false);
      s.controller.abort();
    }
  });
});

describe('Excerpt highlights', () => {
  it('merges overlapping and repeated spans', () => {
    const { highlights } = makeExcerpt('coke weed', [
      [0, 4],
      [0, 4],
      [2, 6],
      [5, 9],
    ]);
    expect(highlights).toEqual([[0, 9]]);
    expect(
      makeExcerpt('coke weed', [
        [5, 9],
        [0, 4],
      ]).highlights,
    ).toEqual([
      [0, 4],
      [5, 9],
    ]);
  });
});
