/**
 * The chat-level evidence document (for issue 15's "this chat looks like a shop"): the verdict's
 * words, every flagged message with its own facts and its text exactly as read, the time range,
 * the organisation's contact first in "what to do", and hostile text inert as in the message file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it, vi } from 'vitest';
import {
  chatEvidenceDocument,
  type EvidenceContext,
  renderEvidenceHtml,
  renderEvidenceText,
} from '../../../src/shared/evidence';
import type { FlaggedItem } from '../../../src/shared/messages';
import { createTranslator, type LocaleMessages } from '../../../src/shared/settings/i18n';

vi.mock('../../../src/shared/browser', () => ({ default: {} }));

const locale = (lang: string) =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  ) as LocaleMessages;
const fr = createTranslator('fr', locale('fr'), locale('en'));
const en = createTranslator('en', locale('en'), locale('fr'));

const item = (n: number, over: Partial<FlaggedItem> = {}): FlaggedItem => ({
  key: `c:${n}`,
  category: 'counterfeit',
  level: 'medium',
  score: 5,
  excerpt: `post ${n}`,
  highlights: [],
  reasons: [{ kind: 'price', explain: 'price', text: { en: 'a price', fr: 'un prix' } }],
  time: Date.UTC(2026, 11, n, 9, 0),
  sender: 'Montres Luxe',
  ...over,
});

const ctx: EvidenceContext = {
  platform: 'Telegram Web (A)',
  chatTitle: 'Montres Luxe 1:1',
  publicLink: 'https://t.me/montresluxe',
  pageUrl: 'https://web.telegram.org/a/#-100123',
  capturedAt: Date.UTC(2026, 11, 5, 13, 3, 27),
  timeZone: 'Europe/Paris',
  blur: false,
  images: [{ file: 'screenshot.png', alt: 'tab', caption: 'The visible tab', width: 1280, height: 720 }],
  captureProblem: null,
  vigieVersion: '0.2.0',
  rulesVersion: 7,
  channels: [],
  contact: { name: 'Lycée Jean Moulin — CPE', url: 'https://ent.example/report' },
};

const verdict = {
  reasons: ['18 of the 40 messages read are offers: prices, “dispo”, a contact'],
  categories: ['counterfeit', 'other-illicit'] as const,
  read: 40,
  supporting: 18,
};

describe('chat-level evidence', () => {
  it('lays out the verdict, each flagged message with its text, the period and the contact first', () => {
    const messages = [
      { item: item(2), text: 'Rolex 250€\ndispo', matched: ['250€'] },
      { item: item(4, { sender: null, time: null }), text: 'Sac LV 90€', matched: [] },
    ];
    const doc = chatEvidenceDocument({ ...verdict, categories: [...verdict.categories] }, messages, ctx, en);
    const txt = renderEvidenceText(doc);
    for (const expected of [
      'Vigie – evidence of a flagged chat',
      'Montres Luxe 1:1',
      'https://t.me/montresluxe',
      'Messages read: \u206840\u2069',
      'Messages that look like listings: \u206818\u2069',
      'Flagged messages: \u20682\u2069',
      '18 of the 40 messages read are offers',
      'Counterfeit',
      'Flagged message 1',
      '    Rolex 250€',
      '    dispo',
      'Flagged message 2',
      '    Sac LV 90€',
      'not shown on the page',
      'First tell your organisation: Lycée Jean Moulin — CPE — https://ent.example/report',
      'screenshot.png',
    ]) {
      expect(txt, expected).toContain(expected);
    }
    // From the first dated message to the last one (a single one here), in the device's zone.
    expect(txt).toMatch(/Period: \u2068from December 2, 2026.* to December 2, 2026/);
    expect(txt.indexOf('First tell your organisation')).toBeLessThan(txt.indexOf('Report the content'));
  });

  it('in French, and hostile text stays text', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const doc = chatEvidenceDocument(
      { ...verdict, categories: ['counterfeit'], reasons: ['<b>bold</b>'] },
      [{ item: item(2, { sender: '<iframe>' }), text: hostile, matched: ['<i>'] }],
      { ...ctx, chatTitle: '"><svg onload=alert(3)>' },
      fr,
    );
    const html = renderEvidenceHtml(doc);
    const dom = new new Window().DOMParser().parseFromString(html, 'text/html');
    expect(dom.querySelectorAll('script, iframe, svg, b, i').length).toBe(0);
    expect(dom.querySelectorAll('img').length).toBe(1);
    expect(dom.querySelector('pre')?.textContent).toBe(hostile);
    expect(renderEvidenceText(doc)).toContain('Messages lus');
    expect(dom.documentElement.getAttribute('lang')).toBe('fr');
  });
});
