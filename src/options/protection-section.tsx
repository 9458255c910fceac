/**
 * "Protection off since …" in the options page (issue 17, point 11): the browser's own switches
 * (site access "on click" or "on specific sites" in Chrome, the per-site permissions of the
 * add-ons manager in Firefox) stop Vigie reading a chat site without a word. The background
 * records since when (src/shared/protection.ts); this shows it, offers to allow the sites again
 * (permissions.request needs the click), and says plainly what Vigie cannot see: being disabled
 * or removed.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import {
  CHAT_ORIGINS,
  NO_PROTECTION_RECORD,
  PROTECTION_KEY,
  type ProtectionRecord,
  parseProtection,
} from '../shared/protection';
import { useT } from '../ui/i18n-context';

const SITE_NAMES: Record<string, string> = {
  'https://web.telegram.org/*': 'Telegram Web',
  'https://web.whatsapp.com/*': 'WhatsApp Web',
  'https://www.snapchat.com/web*': 'Snapchat for Web',
  'https://web.snapchat.com/*': 'Snapchat for Web',
};
const siteNames = (origins: string[]) => [...new Set(origins.map((o) => SITE_NAMES[o] ?? o))].join(', ');

/** Which chat sites the browser lets Vigie read now (null while asking). */
function useMissingOrigins(): [string[] | null, () => void] {
  const [missing, setMissing] = useState<string[] | null>(null);
  const check = () => {
    void Promise.all(
      CHAT_ORIGINS.map((o) => browser.permissions.contains({ origins: [o] }).catch(() => false)),
    ).then((granted) => setMissing(CHAT_ORIGINS.filter((_, i) => !granted[i])));
  };
  useEffect(() => {
    check();
    const onChange = () => check();
    browser.permissions.onRemoved.addListener(onChange);
    browser.permissions.onAdded.addListener(onChange);
    return () => {
      browser.permissions.onRemoved.removeListener(onChange);
      browser.permissions.onAdded.removeListener(onChange);
    };
  }, []);
  return [missing, check];
}

export function ProtectionSection() {
  const { t, lang } = useT();
  const [record, setRecord] = useState<ProtectionRecord>(NO_PROTECTION_RECORD);
  const [missing, recheck] = useMissingOrigins();
  useEffect(() => {
    const load = () =>
      void browser.storage.local.get([PROTECTION_KEY]).then(
        (got) => setRecord(parseProtection(got[PROTECTION_KEY])),
        () => undefined,
      );
    load();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && PROTECTION_KEY in changes) load();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const when = (ms: number) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  // The live answer decides whether it is off; the background's record says since when.
  const off = missing !== null && missing.length > 0;
  const allowAgain = () => {
    browser.permissions.request({ origins: missing ?? CHAT_ORIGINS }).then(recheck, recheck);
  };
  return (
    <section
      aria-labelledby="h-protection"
      data-protection={missing === null ? 'checking' : off ? 'off' : 'on'}
    >
      <h2 id="h-protection">{t('protection_title')}</h2>
      {off ? (
        <div class="warn" role="alert" data-state="protection-off">
          <p>
            {record.off
              ? t('protection_off_since', when(record.off.since), siteNames(missing))
              : t('protection_off_now', siteNames(missing))}
          </p>
          <p class="small">{t('protection_off_why')}</p>
          <button type="button" class="primary" onClick={allowAgain}>
            {t('protection_allow_again')}
          </button>
        </div>
      ) : missing !== null ? (
        <p data-state="protection-on">{t('protection_on')}</p>
      ) : null}
      {!off && record.last && (
        <p class="muted small" data-state="protection-was-off">
          {t(
            'protection_was_off',
            when(record.last.from),
            when(record.last.to),
            siteNames(record.last.origins),
          )}
        </p>
      )}
      <p class="muted small">{t('protection_disabled_unseen')}</p>
    </section>
  );
}
