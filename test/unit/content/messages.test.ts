// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

import { handlePopupMessage, type SummaryProvider } from '../../../src/content/messaging';
import type { TabSummary } from '../../../src/shared/messages';

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
    ]) {
      expect(handlePopupMessage(bad, p)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });
});
