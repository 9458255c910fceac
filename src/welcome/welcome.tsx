/**
 * First-run page (the background opens it on runtime.onInstalled reason 'install'): what Vigie
 * does, the privacy promise, the reporting country, and — where the browser makes host access
 * opt-in (Firefox MV3) — a button that asks for access to the two chat sites. The request must
 * come from the click handler: permissions.request needs a user gesture.
 */
export { CHAT_ORIGINS } from '../ui/host-access';

import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { countryKey } from '../shared/labels';
import { PRIVACY_POLICY } from '../shared/project';
import { COUNTRIES, type Country } from '../shared/settings/catalog';
import { loadPinSet, onPinSetChanged } from '../shared/settings/parent-lock-store';
import { loadSettingsState, onSettingsChanged, saveSetting } from '../shared/settings/store';
import { useHostAccess } from '../ui/host-access';
import { useT } from '../ui/i18n-context';

export function Welcome() {
  const { t } = useT();
  const [country, setCountry] = useState<Country | null>(null);
  const { access, request: requestAccess } = useHostAccess();
  const [saved, setSaved] = useState(false);
  // An organisation may set the country by policy (issue 7): then it is shown, not offered.
  const [countryLocked, setCountryLocked] = useState(false);
  // The page can be opened again at any time by its address: with a parent PIN it changes
  // nothing (the options page does, once unlocked). null until known: locked meanwhile.
  const [pinSet, setPinSet] = useState<boolean | null>(null);

  useEffect(() => {
    const load = () =>
      loadSettingsState().then((s) => {
        setCountry(s.values.country);
        setCountryLocked(s.locked.country);
      });
    void load();
    void loadPinSet().then(setPinSet);
    const stopPin = onPinSetChanged(setPinSet);
    const stopSettings = onSettingsChanged(() => void load());
    return () => {
      stopPin();
      stopSettings();
    };
  }, []);

  return (
    <main class="welcome">
      <h1>{t('welcome_title')}</h1>
      <p class="lead">{t('welcome_lead')}</p>
      <section aria-labelledby="h-what">
        <h2 id="h-what">{t('welcome_what_title')}</h2>
        <ul>
          <li>{t('welcome_what_1')}</li>
          <li>{t('welcome_what_2')}</li>
          <li>{t('welcome_what_3')}</li>
        </ul>
      </section>
      <section aria-labelledby="h-privacy">
        <h2 id="h-privacy">{t('welcome_privacy_title')}</h2>
        <p>{t('privacy_local')}</p>
        <p>{t('privacy_no_send')}</p>
        <p>
          <a href={PRIVACY_POLICY} target="_blank" rel="noreferrer noopener">
            {t('privacy_policy_link')}
          </a>
        </p>
      </section>
      {(access === 'missing' || access === 'refused') && (
        <section aria-labelledby="h-access" class="access" data-access={access}>
          <h2 id="h-access">{t('welcome_access_title')}</h2>
          <p>{t('welcome_access_body')}</p>
          <button type="button" class="primary" onClick={requestAccess}>
            {t('welcome_access_button')}
          </button>
          {access === 'refused' && <p role="alert">{t('welcome_access_refused')}</p>}
        </section>
      )}
      {access === 'granted' && (
        <p class="ok" data-access="granted" role="status">
          {t('welcome_access_granted')}
        </p>
      )}
      <section aria-labelledby="h-country">
        <h2 id="h-country">{t('welcome_country_title')}</h2>
        <p>{t('options_country_hint')}</p>
        {country && (
          <div class="field">
            <label for="country">{t('options_country')}</label>
            <select
              id="country"
              value={country}
              disabled={countryLocked || pinSet !== false}
              onChange={(e) => {
                const next = e.currentTarget.value as Country;
                void loadPinSet()
                  .then((locked) =>
                    locked ? Promise.reject(new Error('PIN')) : saveSetting('country', next),
                  )
                  .then(
                    () => setSaved(true),
                    () => setSaved(false),
                  );
              }}
            >
              {COUNTRIES.map((c) => (
                <option key={c} value={c}>
                  {t(countryKey(c))}
                </option>
              ))}
            </select>
            {pinSet && (
              <span class="locked" data-state="pin-protected">
                {t('options_pin_protected')}
              </span>
            )}
          </div>
        )}
        <p class="status" role="status" aria-live="polite">
          {saved ? t('welcome_saved') : ''}
        </p>
      </section>
      <p>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('welcome_more_options')}
        </button>
      </p>
    </main>
  );
}
