// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

import { handlePopupMessage, type SummaryProvider } from '../../../src/content/messaging';
import { type EvidenceReply, parseEvidenceReply, type TabSummary } from '../../../src/shared/messages';

function provider() {
  const calls: string[] = [];
  const summary: TabSummary = {
    client: 'whatsapp',
    state: 'active',
    chat: { id: 'c', title: 't', publicLink: null },
    scanned: 3,
    flagged: [],
    rulesVersion: 7,
  };
  const p: SummaryProvider = {
    summary: () => summary,
    showMessage: (key) => {
      calls.push(`show ${key}`);
      return key === 'k1';
    },
    dismiss: (key, scope) => void calls.push(`dismiss ${scope} ${key}`),
    undismiss: (key, scope) => void calls.push(`undismiss ${scope} ${key}`),
    evidence: async (key) => {
      calls.push(`evidence ${key}`);
      return { ok: false, reason: 'not-flagged' };
    },
  };
  return { p, calls, summary };
}

describe('popup → content messages', () => {
  it('answers each valid message', () => {
    const { p, calls, summary } = provider();
    expect(handlePopupMessage({ type: 'popup-cs/get-summary' }, p)).toBe(summary);
    expect(handlePopupMessage({ type: 'popup-cs/show-message', key: 'k1' }, p)).toEqual({ ok: true });
    expect(handlePopupMessage({ type: 'popup-cs/show-message', key: 'gone' }, p)).toEqual({ ok: false });
    expect(handlePopupMessage({ type: 'popup-cs/dismiss', key: 'k1', scope: 'message' }, p)).toEqual({
      ok: true,
    });
    expect(handlePopupMessage({ type: 'popup-cs/undismiss', key: 'c', scope: 'chat' }, p)).toEqual({
      ok: true,
    });
    expect(calls).toEqual(['show k1', 'show gone', 'dismiss message k1', 'undismiss chat c']);
  });

  it('asks for evidence of one message or of the whole chat, and answers with a promise', async () => {
    const { p, calls } = provider();
    await expect(handlePopupMessage({ type: 'popup-cs/evidence', key: 'k1' }, p)).resolves.toEqual({
      ok: false,
      reason: 'not-flagged',
    });
    await handlePopupMessage({ type: 'popup-cs/evidence', key: null }, p);
    expect(calls).toEqual(['evidence k1', 'evidence null']);
  });

  it('ignores anything malformed', () => {
    const { p, calls } = provider();
    for (const bad of [
      null,
      'popup-cs/get-summary',
      { type: 'popup-cs/show-message' },
      { type: 'popup-cs/show-message', key: 'x'.repeat(600) },
      { type: 'popup-cs/dismiss', key: 'k', scope: 'everything' },
      { type: 'cs-bg/get-rules' },
      { type: 'popup-cs/unknown' },
      { type: 'popup-cs/evidence' },
      { type: 'popup-cs/evidence', key: 42 },
      { type: 'popup-cs/evidence', key: 'k'.repeat(600) },
    ]) {
      expect(handlePopupMessage(bad, p)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });
});

describe('evidence replies (content script → popup) are data, checked before use', () => {
  const good: EvidenceReply = {
    ok: true,
    page: {
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 2,
      chat: { title: 'Shop', publicLink: 'https://t.me/shop' },
      pageUrl: 'https://web.telegram.org/k/#@shop',
      visible: true,
      blur: true,
    },
    messages: [
      {
        key: 'p:1',
        text: 'Permis sans examen\n900€',
        matched: ['Permis sans examen'],
        sender: 'Plug',
        time: 1_790_000_000_000,
        box: { x: 10, y: -40, width: 400, height: 120 },
      },
    ],
  };
  const message = good.ok ? good.messages[0] : undefined;

  it('accepts a well-formed reply, a refusal, and a chat-level reply without boxes', () => {
    expect(parseEvidenceReply(good)).toEqual(good);
    expect(parseEvidenceReply({ ok: false, reason: 'not-ready' })).toEqual({
      ok: false,
      reason: 'not-ready',
    });
    const chat = {
      ...good,
      messages: [
        { ...message, box: null },
        { ...message, key: 'p:2', box: null },
      ],
    };
    expect(parseEvidenceReply(chat)).toEqual(chat);
  });

  it.each([
    ['null', null],
    ['an unknown refusal', { ok: false, reason: 'because' }],
    ['no page', { ...good, page: undefined }],
    [
      'a zero-width viewport',
      { ...good, page: { ...(good.ok && good.page), viewport: { width: 0, height: 9 } } },
    ],
    ['a NaN pixel ratio', { ...good, page: { ...(good.ok && good.page), devicePixelRatio: Number.NaN } }],
    ['an absurd pixel ratio', { ...good, page: { ...(good.ok && good.page), devicePixelRatio: 1000 } }],
    [
      'a page address that is not https',
      { ...good, page: { ...(good.ok && good.page), pageUrl: 'javascript:1' } },
    ],
    [
      'a negative box size',
      { ...good, messages: [{ ...message, box: { x: 0, y: 0, width: -1, height: 9 } }] },
    ],
    [
      'an infinite box',
      { ...good, messages: [{ ...message, box: { x: Infinity, y: 0, width: 1, height: 9 } }] },
    ],
    ['a text over the cap', { ...good, messages: [{ ...message, text: 'x'.repeat(65_537) }] }],
    ['matched words that are not strings', { ...good, messages: [{ ...message, matched: [1] }] }],
    ['a time that is not a number', { ...good, messages: [{ ...message, time: '12:00' }] }],
    ['too many messages', { ...good, messages: Array.from({ length: 501 }, () => message) }],
  ])('refuses %s', (_label, value) => {
    expect(parseEvidenceReply(value)).toBeNull();
  });
});
