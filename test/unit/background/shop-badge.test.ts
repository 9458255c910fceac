/**
 * "This chat looks like a shop" on the toolbar badge (issue 15): one more input of the pure
 * badge function and one more rule in its priority order, carried by the tab's report as a
 * category (never a chat name, id or text).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

import { type ActionApi, BADGE_COLORS, badgeFor, TabBadges } from '../../../src/background/tab-badge';
import { isContentToBackground, type TabReport } from '../../../src/shared/messages';
import { createTranslator, type LocaleMessages } from '../../../src/shared/settings/i18n';

const locale = (lang: 'en' | 'fr') =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  ) as LocaleMessages;
const en = createTranslator('en', locale('en')).t;
const fr = createTranslator('fr', locale('fr')).t;

const scan = (over: Partial<TabReport> = {}): TabReport => ({
  client: 'telegram-k',
  state: 'active',
  flagged: 0,
  ...over,
});

describe('the shop rule of badgeFor', () => {
  it('says the chat looks like a shop, with its category, above the count of single messages', () => {
    const badge = badgeFor({ scan: scan({ flagged: 3, shop: 'counterfeit' }) }, en);
    expect(badge).toEqual({
      text: 'SHOP',
      color: BADGE_COLORS.flagged,
      title: 'Vigie: this chat looks like a shop (Counterfeits). Open Vigie for details.',
    });
    expect(badgeFor({ scan: scan({ shop: 'drugs' }) }, fr).title).toBe(
      'Vigie : cette discussion ressemble à une boutique (Drogues). Ouvrez Vigie pour les détails.',
    );
  });

  it('also when no single message was flagged (a shop of posts each under the threshold)', () => {
    expect(badgeFor({ scan: scan({ flagged: 0, shop: 'drugs' }) }, en).text).toBe('SHOP');
  });

  it('a layout not recognised still comes first; idle shows nothing of it', () => {
    expect(badgeFor({ scan: scan({ state: 'fallback', shop: 'drugs' }) }, en).text).toBe('?');
    expect(badgeFor({ scan: scan({ state: 'idle', shop: 'drugs' }) }, en).text).toBe('');
  });

  it('without it, the count as before', () => {
    expect(badgeFor({ scan: scan({ flagged: 2 }) }, en).text).toBe('2');
    expect(badgeFor({ scan: scan({ flagged: 2, shop: null }) }, en).text).toBe('2');
  });
});

describe('the report carries it', () => {
  it('as a known category or nothing', () => {
    const msg = { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 0 };
    expect(isContentToBackground({ ...msg, shop: 'weapons' })).toBe(true);
    expect(isContentToBackground({ ...msg, shop: null })).toBe(true);
    expect(isContentToBackground({ ...msg, shop: 'Famille Martin' })).toBe(false);
    expect(isContentToBackground({ ...msg, shop: 3 })).toBe(false);
  });

  it('TabBadges applies it and drops it when the tab stops reporting it', async () => {
    const shown = new Map<string, string>();
    const action: ActionApi = {
      setBadgeText: async (d) => void shown.set('text', d.text),
      setBadgeBackgroundColor: async (d) => void shown.set('color', d.color),
      setTitle: async (d) => void shown.set('title', d.title),
    };
    const badges = new TabBadges({ action, translate: async () => en });
    await badges.report(3, scan({ flagged: 1, shop: 'drugs' }));
    expect(shown.get('text')).toBe('SHOP');
    await badges.report(3, scan({ flagged: 1 }));
    expect(shown.get('text')).toBe('1');
    // Nothing a sender adds beyond the report's fields is kept.
    await badges.report(3, { ...scan({ shop: 'drugs' }), title: 'Famille Martin' } as TabReport);
    expect(JSON.stringify(badges.inputsFor(3))).not.toContain('Martin');
  });
});
