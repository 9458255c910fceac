// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { findTextBlocks } from '../../../src/content/fallback';
import { badges, loadFixture, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

/** Every class renamed, as a new build of the client would do with hashed names. */
function renameClasses(html: string): string {
  let n = 0;
  const map = new Map<string, string>();
  return html.replace(/class="([^"]*)"/g, (_m, value: string) => {
    const renamed = value
      .split(/\s+/)
      .filter(Boolean)
      .map((c) => {
        if (!map.has(c)) map.set(c, `x${(n++).toString(36)}q`);
        return map.get(c);
      })
      .join(' ');
    return `class="${renamed}"`;
  });
}

/** An unknown layout: no classes, no ids, no data-* attributes at all. */
function stripEverything(html: string): string {
  return html.replace(/\s(?:class|id|data-[\w-]+)="[^"]*"/g, '');
}

/**
 * The same, but WhatsApp keeps the id of its conversation pane (`#main`, the last root
 * candidate). WhatsApp's URL never names a chat, so without any anchor left the chat list and a
 * conversation look alike, and the fallback stays out of it (see the chat-list test below).
 */
function stripAllButPane(html: string): string {
  return stripEverything(html.replace(/\sid="main"/, ' data-keep-pane')).replace(
    ' data-keep-pane',
    ' id="main"',
  );
}

describe('Renamed classes', () => {
  for (const client of ['telegram-k', 'telegram-a', 'whatsapp'] as const) {
    it(`${client}: the attribute selectors still find and mark the listings`, () => {
      loadFixture(client, renameClasses);
      const s = setup(client);
      cleanups.push(s.controller);
      s.scanner.flush();
      const summary = s.scanner.summary();
      expect(summary.state).toBe('active');
      expect(summary.scanned).toBeGreaterThanOrEqual(6);
      expect(summary.flagged.length).toBeGreaterThanOrEqual(4);
      expect(badges().length).toBe(summary.flagged.length);
    });
  }
});

describe('Unknown layout', () => {
  for (const client of ['telegram-k', 'telegram-a', 'whatsapp'] as const) {
    it(`${client}: falls back to repeated text blocks, marks only, and says so`, () => {
      loadFixture(client, client === 'whatsapp' ? stripAllButPane : stripEverything);
      const states: string[] = [];
      const s = setup(client, { blur: true });
      cleanups.push(s.controller);
      s.scanner.flush();
      const summary = s.scanner.summary();
      states.push(summary.state);
      expect(summary.state).toBe('fallback');
      expect(summary.flagged.length).toBeGreaterThanOrEqual(1);
      expect(summary.flagged.every((f) => f.key.startsWith('fallback:'))).toBe(true);
      expect(badges().length).toBeGreaterThanOrEqual(1);
      // mark only: never blur in fallback mode, even with the option on
      for (const el of document.querySelectorAll<HTMLElement>('[style*="blur"]'))
        expect(el.style.filter).toBe('');
    });
  }

  it('stays idle on a page without a chat', () => {
    document.documentElement.innerHTML =
      '<head></head><body><div><p>Log in to Telegram by QR code</p></div></body>';
    const s = setup('telegram-k');
    cleanups.push(s.controller);
    s.scanner.flush();
    expect(s.scanner.summary().state).toBe('idle');
    expect(s.scanner.summary().scanned).toBe(0);
  });

  it('findTextBlocks needs at least five repeated blocks with text', () => {
    document.documentElement.innerHTML =
      '<body><ul><li>one</li><li>two</li><li>three</li><li>four</li></ul></body>';
    expect(findTextBlocks(document.body)).toEqual([]);
    document.documentElement.innerHTML =
      '<body><nav><a>x</a></nav><div><div>hello there</div><div>weed 10/g</div><div>ok</div><div>see you</div><div>fine 10:05</div></div></body>';
    const blocks = findTextBlocks(document.body);
    expect(blocks.map((b) => b.text)).toEqual(['hello there', 'weed 10/g', 'ok', 'see you', 'fine 10:05']);
  });

  it("findTextBlocks leaves out what the rule set still says is not the sender's, and service rows", () => {
    const row = (inner: string) => `<section class="group">${inner}</section>`;
    const msg = (t: string, extra = '') =>
      `<div class="bubble"><div class="message">${t}${extra}</div></div>`;
    document.documentElement.innerHTML = `<body><main>${[
      row(
        msg("Don't click this, it's a scam", '<div class="webpage">Rolex replicas, discreet delivery</div>'),
      ),
      row(msg('Merci', '<div class="reply">MENU weed 10/g</div>')),
      row(`<div class="service">Mike pinned « coke 60/g »</div>`),
      row(msg('see you') + msg('on Saturday')),
      row(msg('weed 10/g coke 60/g')),
      row(msg('ok')),
    ].join('')}</main></body>`;
    const hints = { textExclude: '.webpage, .reply, .bubble', service: '.service', text: ['.message'] };
    // `.bubble` holds the sender's text: not applied; `.webpage` and `.reply` are.
    expect(findTextBlocks(document.body, hints).map((b) => b.text)).toEqual([
      "Don't click this, it's a scam",
      'Merci',
      'see you\non Saturday',
      'weed 10/g coke 60/g',
      'ok',
    ]);
    // Without hints, as before: every block whole.
    expect(findTextBlocks(document.body).map((b) => b.text)).toHaveLength(6);
    // Stale hints that would drop every block, or empty one, are not trusted.
    expect(findTextBlocks(document.body, { textExclude: '', service: '.group', text: [] })).toHaveLength(6);
    const emptied = findTextBlocks(document.body, { textExclude: '.message', service: '', text: [] });
    expect(emptied.map((b) => b.text)).toEqual(findTextBlocks(document.body).map((b) => b.text));
  });
});

describe('Last-resort attribute candidates', () => {
  it('Web A without ids or list-item classes still finds messages by data-message-id alone', () => {
    loadFixture('telegram-a', (html) =>
      html
        .replace(/\sid="message-[^"]*"/g, '')
        .replace(/message-list-item/g, 'row-x1')
        .replace(/class="Message /g, 'class="Mx '),
    );
    const s = setup('telegram-a');
    cleanups.push(s.controller);
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.state).toBe('active');
    // the bottom markers inside each message also carry data-message-id: folded into their message
    expect(summary.scanned).toBe(9);
    expect(summary.flagged.map((f) => f.key).sort()).toEqual([
      '-1001987654321:1202',
      '-1001987654321:1220',
      '-1001987654321:1223',
      '-1001987654321:1224',
    ]);
  });
});
