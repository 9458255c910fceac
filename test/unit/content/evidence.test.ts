// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://web.telegram.org/k/#-1987654321"}
/**
 * "Keep evidence" on the content side (issue 16): the scanner answers from what it already holds
 * (the whole text, not the popup's excerpt; the matched words; sender and time), scrolls the
 * message into view only when it is not wholly visible, and gives its box in CSS pixels.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEvidenceReply } from '../../../src/shared/messages';
import { loadFixture, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
  vi.restoreAllMocks();
});
function start(...args: Parameters<typeof setup>) {
  const s = setup(...args);
  cleanups.push(s.controller);
  return s;
}

const KEY = '-1987654321:1202';
const bubble = () => document.querySelector('[data-mid="1202"]') as HTMLElement;

/** Places the element's box where the test says (happy-dom does no layout). */
function placeAt(el: Element, box: { top: number; left: number; width: number; height: number }) {
  vi.spyOn(el, 'getBoundingClientRect').mockImplementation(
    () =>
      ({
        ...box,
        x: box.left,
        y: box.top,
        right: box.left + box.width,
        bottom: box.top + box.height,
        toJSON: () => box,
      }) as DOMRect,
  );
}

describe('Scanner.evidence', () => {
  it('answers with the whole text as read, the matched words, sender, time and the page facts', async () => {
    const long = `coke ${'x'.repeat(600)} end of the message`;
    loadFixture('telegram-k', (html) => html.replace('Fresh coke and weed in stock today', long));
    const s = start('telegram-k', { blur: true });
    s.scanner.flush();
    const excerpt = s.scanner.summary().flagged.find((f) => f.key === KEY)?.excerpt ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(280);
    placeAt(bubble(), { top: 100, left: 20, width: 500, height: 80 });
    const reply = parseEvidenceReply(await s.scanner.evidence(KEY));
    expect(reply?.ok).toBe(true);
    if (!reply?.ok) return;
    const [message] = reply.messages;
    expect(reply.messages).toHaveLength(1);
    // The text is the whole message, longer than the excerpt the popup shows.
    expect(message?.text).toContain(long);
    expect(message?.text.length).toBeGreaterThan(600);
    expect(message?.matched).toEqual(['coke']);
    expect(message?.sender).toBe('Dealer Mike');
    expect(message?.time).toBe(1795781100 * 1000);
    expect(message?.box).toEqual({ x: 20, y: 100, width: 500, height: 80 });
    expect(reply.page).toMatchObject({
      chat: { title: 'Market Deals 24/7', publicLink: null },
      viewport: { width: window.innerWidth, height: window.innerHeight },
      devicePixelRatio: window.devicePixelRatio,
      pageUrl: window.location.href,
      blur: true,
    });
  });

  it('scrolls only when the message is not wholly in view, without outlining it', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const el = bubble();
    const scroll = vi.fn();
    el.scrollIntoView = scroll;
    placeAt(el, { top: 10, left: 0, width: 300, height: 50 });
    await s.scanner.evidence(KEY);
    expect(scroll).not.toHaveBeenCalled();
    // Partly above the viewport: scrolled to the centre, instantly (the capture follows at once).
    placeAt(el, { top: -30, left: 0, width: 300, height: 50 });
    await s.scanner.evidence(KEY);
    expect(scroll).toHaveBeenCalledWith({ block: 'center', inline: 'nearest', behavior: 'instant' });
    expect(el.style.outline).toBe('');
  });

  it('still answers with the text when the message has left the page (no box), and refuses an unknown key', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    bubble().remove();
    const reply = await s.scanner.evidence(KEY);
    expect(reply.ok && reply.messages[0]?.box).toBeNull();
    expect(reply.ok && reply.messages[0]?.text).toContain('Fresh coke and weed');
    expect(await s.scanner.evidence('-1987654321:9999')).toEqual({ ok: false, reason: 'not-flagged' });
  });

  it('chat-level: every flagged message of the chat, without scrolling or boxes', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const scroll = vi.spyOn(HTMLElement.prototype, 'scrollIntoView');
    const reply = parseEvidenceReply(await s.scanner.evidence(null));
    expect(reply?.ok && reply.messages.map((m) => m.key).sort()).toEqual(
      s.scanner
        .summary()
        .flagged.map((f) => f.key)
        .sort(),
    );
    expect(reply?.ok && reply.messages.every((m) => m.box === null)).toBe(true);
    expect(scroll).not.toHaveBeenCalled();
  });

  it('before any rules: not ready', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.disable();
    const reply = await s.scanner.evidence(KEY);
    expect(reply.ok).toBe(false);
  });
});
