import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CATEGORIES } from '../../../src/engine/types';
import { createFakeBrowser, type FakeBrowser, localeMessages } from './fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { categoryKey, countryKey } from '../../../src/shared/labels';
import { REPORT_CONTEXTS } from '../../../src/shared/reporting';
import { COUNTRIES, SENSITIVITIES, UI_LANGUAGES } from '../../../src/shared/settings/catalog';
import { createTranslator, langOf, loadTranslator, substitute } from '../../../src/shared/settings/i18n';

const en = localeMessages('en');
const fr = localeMessages('fr');
const ROOT = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('locales', () => {
  it('en and fr have the same keys, valid Chrome message names, the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, { message }] of Object.entries(en)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(message.length).toBeGreaterThan(0);
      const placeholders = (m: string) => (m.match(/\$\d/g) ?? []).sort();
      expect(placeholders(fr[key]?.message ?? ''), key).toEqual(placeholders(message));
    }
  });

  it('keeps the manifest strings', () => {
    expect(en.extName?.message).toBeTruthy();
    expect(fr.extDescription?.message).toBeTruthy();
  });

  it('every literal key used by the popup, options and welcome pages exists', () => {
    const files = ['src/popup', 'src/options', 'src/welcome'].flatMap((d) => sourceFiles(join(ROOT, d)));
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-z0-9_]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(80);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('every computed key exists (categories, levels, countries, contexts, sensitivities, languages)', () => {
    const keys = [
      ...CATEGORIES.map(categoryKey),
      ...['none', 'low', 'medium', 'high'].map((l) => `level_${l}`),
      ...COUNTRIES.map(countryKey),
      ...REPORT_CONTEXTS.map((c) => `context_${c}`),
      ...SENSITIVITIES.map((s) => `sensitivity_${s}`),
      ...UI_LANGUAGES.map((l) => `language_${l}`),
      ...['popup_state_active', 'popup_state_fallback', 'popup_state_idle', 'popup_error_no_tab'],
      ...['popup_error_bad_answer', 'popup_dismissed', 'popup_chat_dismissed', 'options_source_feed'],
      ...['options_source_embedded', 'popup_undone', 'popup_shown', 'popup_show_failed'],
    ];
    expect(keys.filter((k) => !(k in en))).toEqual([]);
  });

  it('has a plain-words message for every background update error code', () => {
    const src = readFileSync(join(ROOT, 'src/background/update-pipeline.ts'), 'utf8');
    const block = src.slice(
      src.indexOf('export type UpdateErrorCode'),
      src.indexOf(';', src.indexOf('UpdateErrorCode')),
    );
    const codes = [...block.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as string);
    expect(codes.length).toBeGreaterThan(5);
    expect(codes.filter((c) => !(`error_${c.replaceAll('-', '_')}` in en))).toEqual([]);
  });
});

describe('translator', () => {
  it('substitutes $1…$9 and $$ like Chrome', () => {
    expect(substitute('Rules v$1', [7])).toBe('Rules v7');
    expect(substitute('$2 then $1, $$5', ['a', 'b'])).toBe('b then a, $5');
    expect(substitute('missing $3', [])).toBe('missing ');
  });

  it('falls back to the other locale, then to the key', () => {
    const tr = createTranslator('fr', { a: { message: 'A-fr' } }, { b: { message: 'B-en' } });
    expect(tr.t('a')).toBe('A-fr');
    expect(tr.t('b')).toBe('B-en');
    expect(tr.t('zzz')).toBe('zzz');
  });

  it('langOf maps any French tag to fr, everything else to en', () => {
    expect(langOf('fr-CA')).toBe('fr');
    expect(langOf('FR')).toBe('fr');
    expect(langOf('de-CH')).toBe('en');
  });
});

describe('loadTranslator (language override)', () => {
  let fake: FakeBrowser;
  beforeEach(() => {
    fake = createFakeBrowser({ uiLanguage: 'en-US' });
    h.fake = fake;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        const lang = /_locales\/(\w+)\//.exec(url)?.[1] as 'en' | 'fr';
        return new Response(JSON.stringify(localeMessages(lang)), { status: 200 });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("'auto' uses browser.i18n", async () => {
    const tr = await loadTranslator('auto');
    expect(tr.lang).toBe('en');
    expect(tr.t('popup_undo')).toBe('Undo');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an override reads that locale from the package, not browser.i18n', async () => {
    const tr = await loadTranslator('fr');
    expect(tr.lang).toBe('fr');
    expect(tr.t('popup_undo')).toBe('Annuler');
    expect(tr.t('popup_rules_version', 3)).toBe('Règles v3');
    expect(fetch).toHaveBeenCalledWith('chrome-extension://fake-id/_locales/fr/messages.json');
  });

  it('falls back to the browser language if the locale file cannot be read', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('nope', { status: 404 })),
    );
    const tr = await loadTranslator('fr');
    expect(tr.lang).toBe('en');
    expect(tr.t('popup_undo')).toBe('Undo');
  });
});
