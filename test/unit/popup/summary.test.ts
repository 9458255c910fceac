import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/shared/browser', () => ({ default: {} }));

import { parseTabSummary } from '../../../src/popup/summary';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { buildReportText } from '../../../src/ui/report-text';
import { parseRulesStatus } from '../../../src/ui/rules-status';
import { localeMessages } from '../settings/fake-browser';
import { drugsItem, summary } from './fixtures';

describe('parseTabSummary (answers from the content script are data, not trusted)', () => {
  it('accepts a well-formed summary', () => {
    expect(parseTabSummary(summary())).not.toBeNull();
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['an unknown client', { ...summary(), client: 'signal' }],
    ['an unknown state', { ...summary(), state: 'busy' }],
    ['a missing chat', { ...summary(), chat: null }],
    ['a non-numeric count', { ...summary(), scanned: '3' }],
    ['an item with no reasons array', { ...summary(), flagged: [{ ...drugsItem, reasons: 'x' }] }],
    [
      'a reason without both languages',
      { ...summary(), flagged: [{ ...drugsItem, reasons: [{ kind: 'p', text: { en: 'x' } }] }] },
    ],
    ['an unknown level', { ...summary(), flagged: [{ ...drugsItem, level: 'extreme' }] }],
  ])('rejects %s', (_label, value) => {
    expect(parseTabSummary(value)).toBeNull();
  });
});

describe('parseRulesStatus', () => {
  const ok = { version: 3, published: '2026-01-01', source: 'feed', lastCheck: null, lastError: null };
  it('accepts a status, with or without an error', () => {
    expect(parseRulesStatus(ok)).toEqual(ok);
    const withError = { ...ok, lastError: { code: 'network', detail: 'x', at: '2026-01-02' } };
    expect(parseRulesStatus(withError)).toEqual(withError);
  });
  it.each([
    [{ ...ok, version: '3' }],
    [{ ...ok, source: 'web' }],
    [{ ...ok, lastCheck: 5 }],
    [{ ...ok, lastError: { code: 1 } }],
    [undefined],
    [{ ok: true }],
  ])('rejects %j', (value) => {
    expect(parseRulesStatus(value)).toBeNull();
  });
});

describe('buildReportText', () => {
  const now = Date.UTC(2026, 10, 28, 18, 0);
  it('is factual and complete in French', () => {
    const tr = createTranslator('fr', localeMessages('fr'));
    const text = buildReportText(summary(), drugsItem, tr, now);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'Plateforme: Telegram Web (K)',
        'Discussion: Shop Paris 75',
        'Lien public: https://t.me/shop_paris_75',
        'Expéditeur affiché: Plug75',
        drugsItem.excerpt,
        'Pourquoi Vigie l’a signalé: Drogues, Niveau : élevé — prix + quantité + livraison + argot de la drogue',
      ]),
    );
    expect(text).toMatch(/Date et heure du message: 27 novembre 2026/);
    expect(text).toMatch(/^Résumé préparé avec Vigie/);
  });

  it('says when the time is not shown, and omits the link and sender when unknown', () => {
    const tr = createTranslator('en', localeMessages('en'));
    const text = buildReportText(
      { client: null, chat: { id: null, title: null, publicLink: null } },
      { ...drugsItem, time: null, sender: null },
      tr,
      now,
    );
    expect(text).toContain('Platform: unknown');
    expect(text).toContain('Chat: unknown');
    expect(text).toContain('Date and time of the message: not shown on the page');
    expect(text).not.toContain('Public link');
    expect(text).not.toContain('Sender');
  });
});
