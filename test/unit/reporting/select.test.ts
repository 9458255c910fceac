import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/engine/types';
import {
  defaultContext,
  REPORT_CONTEXTS,
  selectChannels,
  suggestsDanger,
} from '../../../src/shared/reporting';
import { COUNTRIES } from '../../../src/shared/settings/catalog';

const ids = (q: Parameters<typeof selectChannels>[0]) => selectChannels(q).channels.map((c) => c.id);

describe('selectChannels', () => {
  it('France, public channel, drugs: PHAROS first, then Ma Sécurité, then the platform', () => {
    const list = ids({ country: 'FR', category: 'drugs', context: 'public', platform: 'telegram' });
    expect(list[0]).toBe('fr-pharos');
    expect(list[1]).toBe('fr-ma-securite');
    expect(list).toContain('telegram-dsa-form');
    expect(list.indexOf('telegram-in-app')).toBeGreaterThan(list.indexOf('fr-ma-securite'));
    expect(list).not.toContain('fr-17cyber'); // private content only
    expect(list).not.toContain('whatsapp-report-block');
  });

  it('France, private chat: police channels, never PHAROS (public content only)', () => {
    const list = ids({ country: 'FR', category: 'drugs', context: 'private', platform: 'whatsapp' });
    expect(list).not.toContain('fr-pharos');
    expect(list.slice(0, 2)).toEqual(['fr-ma-securite', 'fr-17cyber']);
    expect(list).toContain('whatsapp-report-block');
  });

  it('France, child at risk: 3018 and 119, emergency shown', () => {
    const sel = selectChannels({ country: 'FR', category: 'drugs', context: 'child', platform: null });
    expect(sel.channels.map((c) => c.id).slice(0, 2)).toEqual(['fr-3018', 'fr-119']);
    expect(sel.isDanger).toBe(true);
    expect(sel.emergency.map((c) => c.id)).toEqual(['fr-17']);
  });

  it('France: counterfeit → SignalConso; stolen bank data → Perceval; not the other way round', () => {
    const counterfeit = ids({ country: 'FR', category: 'counterfeit', context: 'private', platform: null });
    expect(counterfeit).toContain('fr-signalconso');
    expect(counterfeit).not.toContain('fr-perceval');
    const financial = ids({ country: 'FR', category: 'financial', context: 'private', platform: null });
    expect(financial).toContain('fr-perceval');
    expect(financial).not.toContain('fr-signalconso');
  });

  it('weapons suggest danger; drugs in a public channel do not', () => {
    expect(
      selectChannels({ country: 'GB', category: 'weapons', context: 'public', platform: null }).isDanger,
    ).toBe(true);
    expect(suggestsDanger('drugs', 'public')).toBe(false);
  });

  it('switching country switches the official channels', () => {
    const gb = ids({ country: 'GB', category: 'drugs', context: 'public', platform: null });
    expect(gb[0]).toBe('gb-crimestoppers');
    expect(gb.every((id) => id.startsWith('gb-'))).toBe(true);
    const ca = ids({ country: 'CA', category: 'financial', context: 'private', platform: null });
    expect(ca).toContain('ca-cafc');
  });

  it("'other' country gives only the platform's reporting", () => {
    const sel = selectChannels({
      country: 'other',
      category: 'drugs',
      context: 'public',
      platform: 'telegram',
    });
    expect(sel.channels.every((c) => 'platform' in c.scope)).toBe(true);
    expect(sel.channels.length).toBeGreaterThan(0);
    expect(sel.emergency).toEqual([]);
  });

  it('property: results always belong to the country or platform asked, handle the category and context', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom(...CATEGORIES),
        fc.constantFrom(...REPORT_CONTEXTS),
        fc.constantFrom('telegram' as const, 'whatsapp' as const, null),
        (country, category, context, platform) => {
          const sel = selectChannels({ country, category, context, platform });
          for (const ch of sel.channels) {
            if ('country' in ch.scope) expect(ch.scope.country).toBe(country);
            else expect(ch.scope.platform).toBe(platform);
            expect(ch.contexts).toContain(context);
            if (ch.categories !== 'all') expect(ch.categories).toContain(category);
            expect(ch.emergency).toBeUndefined();
          }
          for (const ch of sel.emergency) expect(ch.emergency).toBe(true);
        },
      ),
    );
  });

  it('every supported country offers at least one way to report a public drug listing on Telegram', () => {
    for (const country of COUNTRIES) {
      expect(
        ids({ country, category: 'drugs', context: 'public', platform: 'telegram' }).length,
      ).toBeGreaterThan(0);
    }
  });

  it('defaultContext: a public link means public content', () => {
    expect(defaultContext('https://t.me/shop')).toBe('public');
    expect(defaultContext(null)).toBe('private');
  });
});
