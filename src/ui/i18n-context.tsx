/**
 * The translator as Preact context, following the "interface language" setting live: changing it
 * in the options page re-renders every open Vigie page (storage.onChanged), without a reload.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { createTranslator, loadTranslator, type Translator } from '../shared/settings/i18n';
import { loadSettings, onSettingsChanged } from '../shared/settings/store';

export const I18n = createContext<Translator>(createTranslator('en', {}));

export function useT(): Translator {
  return useContext(I18n);
}

/** Loads the translator for the current language setting; null until it is ready. */
export function useLanguage(): Translator | null {
  const [tr, setTr] = useState<Translator | null>(null);
  useEffect(() => {
    let alive = true;
    const apply = (setting: Parameters<typeof loadTranslator>[0]) =>
      loadTranslator(setting).then((next) => {
        if (!alive) return;
        document.documentElement.lang = next.lang;
        setTr(next);
      });
    loadSettings().then(
      (s) => apply(s.language),
      () => apply('auto'),
    );
    const stop = onSettingsChanged((s) => void apply(s.language));
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return tr;
}
