/**
 * UI strings for Vigie's own pages (popup, options, welcome).
 *
 * browser.i18n always answers in the browser's language and cannot be switched, so when the user
 * picks a language in the options page we read that locale's messages.json ourselves (it is a
 * file of the extension package, fetched from runtime.getURL: no network involved) and apply the
 * same substitution rules. 'auto' keeps using browser.i18n.
 */
import browser from '../browser';
import type { UiLanguage } from './catalog';

export type Lang = 'en' | 'fr';

export interface Translator {
  /** The language strings are in (for `<html lang>` and bilingual data such as reasons). */
  lang: Lang;
  t(key: string, ...subs: (string | number)[]): string;
}

export type LocaleMessages = Record<string, { message: string }>;

/** Chrome's rule for direct substitutions in messages.json: $1…$9; "$$" is a literal "$". */
export function substitute(message: string, subs: readonly (string | number)[]): string {
  return message.replace(/\$(\$|\d)/g, (_, d: string) =>
    d === '$' ? '$' : String(subs[Number(d) - 1] ?? ''),
  );
}

/** Pure translator over one locale's messages, falling back to a second locale, then the key. */
export function createTranslator(
  lang: Lang,
  messages: LocaleMessages,
  fallback: LocaleMessages = {},
): Translator {
  return {
    lang,
    t: (key, ...subs) => {
      const entry = messages[key] ?? fallback[key];
      return entry ? substitute(entry.message, subs) : key;
    },
  };
}

/** 'fr' for any French UI language, else 'en' (the two locales Vigie ships). */
export function langOf(tag: string): Lang {
  return tag.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function browserTranslator(): Translator {
  const lang = langOf(browser.i18n.getUILanguage());
  return {
    lang,
    t: (key, ...subs) => browser.i18n.getMessage(key, subs.map(String)) || key,
  };
}

async function readLocale(lang: Lang): Promise<LocaleMessages> {
  const res = await fetch(browser.runtime.getURL(`_locales/${lang}/messages.json`));
  if (!res.ok) throw new Error(`Cannot read the ${lang} messages (${res.status})`);
  return (await res.json()) as LocaleMessages;
}

/**
 * The translator for a language setting. If the override cannot be read (should not happen in a
 * packaged extension), Vigie falls back to the browser's language rather than showing keys.
 */
export async function loadTranslator(setting: UiLanguage): Promise<Translator> {
  if (setting === 'auto' || setting === langOf(browser.i18n.getUILanguage())) return browserTranslator();
  try {
    const [messages, fallback] = await Promise.all([
      readLocale(setting),
      readLocale(setting === 'fr' ? 'en' : 'fr'),
    ]);
    return createTranslator(setting, messages, fallback);
  } catch {
    return browserTranslator();
  }
}
