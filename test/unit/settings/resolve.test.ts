import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/engine/types';
import { countryFromLanguage, SETTING_KEYS, SETTINGS_CATALOG } from '../../../src/shared/settings/catalog';
import { resolveSettings, validateSetting } from '../../../src/shared/settings/resolve';

const ctx = { uiLanguage: 'fr' };

describe('resolveSettings: policy ?? user ?? default', () => {
  it('uses defaults when nothing is stored', () => {
    const r = resolveSettings({ ctx });
    expect(r.values).toEqual({
      enabled: true,
      categories: [...CATEGORIES],
      sensitivity: 'normal',
      country: 'FR',
      language: 'auto',
      blur: false,
      keepEvidence: true,
      shopVerdict: true,
    });
    expect(Object.values(r.source).every((s) => s === 'default')).toBe(true);
    expect(Object.values(r.locked).some(Boolean)).toBe(false);
  });

  it('lets the user override a default and the policy override the user, locking it', () => {
    const r = resolveSettings({
      ctx,
      user: { sensitivity: 'high', blur: true, country: 'BE' },
      policy: { sensitivity: 'low' },
    });
    expect(r.values.sensitivity).toBe('low');
    expect(r.source.sensitivity).toBe('policy');
    expect(r.locked.sensitivity).toBe(true);
    expect(r.values.blur).toBe(true);
    expect(r.source.blur).toBe('user');
    expect(r.locked.blur).toBe(false);
    expect(r.values.country).toBe('BE');
  });

  it.each([
    ['a string for a boolean', { blur: 'yes' }, 'blur', false],
    ['an unknown enum value', { sensitivity: 'extreme' }, 'sensitivity', 'normal'],
    ['an unknown country', { country: 'ZZ' }, 'country', 'FR'],
    ['an unknown category in the set', { categories: ['drugs', 'poetry'] }, 'categories', [...CATEGORIES]],
    ['a non-array category set', { categories: 'drugs' }, 'categories', [...CATEGORIES]],
  ])('treats %s as absent, never throws', (_label, user, key, expected) => {
    const r = resolveSettings({ ctx, user, policy: user });
    expect(r.values[key as keyof typeof r.values]).toEqual(expected);
    expect(r.source[key as keyof typeof r.source]).toBe('default');
  });

  it('ignores a malformed container (array, null, string)', () => {
    for (const bad of [null, [], 'x', 42]) {
      expect(resolveSettings({ ctx, user: bad, policy: bad }).values.sensitivity).toBe('normal');
    }
  });

  it('a lock without a policy value pins the default and ignores the user value', () => {
    const r = resolveSettings({
      ctx,
      user: { blur: true, sensitivity: 'high' },
      locks: ['blur', 'nonsense', 7],
    });
    expect(r.values.blur).toBe(false);
    expect(r.source.blur).toBe('default');
    expect(r.locked.blur).toBe(true);
    expect(r.values.sensitivity).toBe('high');
    expect(r.locked.sensitivity).toBe(false);
    expect(resolveSettings({ ctx, locks: 'blur' }).locked.blur).toBe(false);
  });

  it('normalises category sets: deduplicated, catalogue order', () => {
    const r = resolveSettings({ ctx, user: { categories: ['weapons', 'drugs', 'weapons'] } });
    expect(r.values.categories).toEqual(['drugs', 'weapons']);
  });

  it('allows an empty category set (user turned every category off)', () => {
    expect(resolveSettings({ ctx, user: { categories: [] } }).values.categories).toEqual([]);
  });

  it('validateSetting rejects wrong types', () => {
    expect(validateSetting('blur', true)).toBe(true);
    expect(validateSetting('blur', 1)).toBeUndefined();
    expect(validateSetting('language', 'de')).toBeUndefined();
  });
});

describe('countryFromLanguage', () => {
  it.each([
    ['fr', 'FR'],
    ['fr-FR', 'FR'],
    ['fr-CA', 'CA'],
    ['fr-BE', 'BE'],
    ['de-CH', 'CH'],
    ['en-GB', 'GB'],
    ['en_GB', 'GB'],
    ['en-US', 'US'],
    ['en', 'US'],
    ['it', 'IT'],
    ['es-ES', 'ES'],
    ['pt-BR', 'other'],
    ['', 'other'],
  ])('%s → %s', (tag, country) => {
    expect(countryFromLanguage(tag)).toBe(country);
  });
});

describe('catalogue', () => {
  it('documents every key, and its default is valid for its own type', () => {
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS_CATALOG[key];
      expect(spec.key).toBe(key);
      expect(spec.description.length).toBeGreaterThan(20);
      for (const uiLanguage of ['fr', 'en-US', 'xx']) {
        const d = typeof spec.default === 'function' ? spec.default({ uiLanguage }) : spec.default;
        expect(validateSetting(key, d)).toEqual(d);
      }
    }
  });
});
