/**
 * The options page. Every control writes through the settings store (storage.sync); open chat
 * tabs follow storage.onChanged, so changes apply without reloading them. Values set by an
 * organisation's policy (issue 7) come back as locked and their controls are disabled.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { CATEGORIES, type Category } from '../engine/types';
import browser from '../shared/browser';
import { categoryKey, countryKey } from '../shared/labels';
import type { RulesStatus } from '../shared/messages';
import {
  COUNTRIES,
  type Country,
  SENSITIVITIES,
  type Settings,
  UI_LANGUAGES,
} from '../shared/settings/catalog';
import { loadPinSet, onPinSetChanged } from '../shared/settings/parent-lock-store';
import { EMPTY_POLICY, type PolicyCache } from '../shared/settings/policy';
import type { ResolvedSettings } from '../shared/settings/resolve';
import {
  clearDismissals,
  type Dismissals,
  forgetDismissal,
  loadDismissals,
  loadPolicy,
  loadSettingsState,
  NO_DISMISSALS,
  onDismissalsChanged,
  onPolicyChanged,
  onSettingsChanged,
  restoreDismissals,
  saveSetting,
} from '../shared/settings/store';
import { useT } from '../ui/i18n-context';
import { openCheckPage } from '../ui/open-check-page';
import { PLATFORM_NAMES } from '../ui/report-text';
import { RulesNotice } from '../ui/rules-notice';
import { fetchRulesStatus, parseRulesStatus } from '../ui/rules-status';
import { WhatsNewNotice } from '../ui/whats-new-notice';
import { AboutSection } from './about-section';
import { KeptOnDevice } from './kept-on-device';
import { OrganisationSection } from './organisation-section';
import { ParentLockSection } from './parent-lock-section';
import { ProtectionSection } from './protection-section';

function Locked({ locked }: { locked: boolean }) {
  const { t } = useT();
  return locked ? <span class="locked">{t('options_locked')}</span> : null;
}

/** While a parent PIN is set and not entered, every control of a section is disabled at once. */
function PinGuard({ pinLocked, children }: { pinLocked: boolean; children: preact.ComponentChildren }) {
  const { t } = useT();
  return (
    <fieldset class="pin-guard" disabled={pinLocked} data-pin-locked={pinLocked}>
      {pinLocked && <p class="locked">{t('options_pin_protected')}</p>}
      {children}
    </fieldset>
  );
}

function SettingsSection({ state, pinLocked }: { state: ResolvedSettings; pinLocked: boolean }) {
  const { t } = useT();
  const { values: v, locked } = state;
  const [error, setError] = useState('');
  const save = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    saveSetting(key, value).then(
      () => setError(''),
      () => setError(t('options_save_failed')),
    );
  const toggleCategory = (c: Category, on: boolean) =>
    save('categories', on ? [...v.categories, c] : v.categories.filter((x) => x !== c));

  return (
    <section aria-labelledby="h-detection">
      <h2 id="h-detection">{t('options_detection')}</h2>
      <PinGuard pinLocked={pinLocked}>
        <label class="check">
          <input
            type="checkbox"
            checked={v.enabled}
            disabled={locked.enabled}
            onChange={(e) => void save('enabled', e.currentTarget.checked)}
          />
          {t('options_enabled')} <Locked locked={locked.enabled} />
        </label>
        <fieldset disabled={locked.categories}>
          <legend>
            {t('options_categories')} <Locked locked={locked.categories} />
          </legend>
          {CATEGORIES.map((c) => (
            <label key={c} class="check">
              <input
                type="checkbox"
                name="categories"
                value={c}
                checked={v.categories.includes(c)}
                onChange={(e) => void toggleCategory(c, e.currentTarget.checked)}
              />
              {t(categoryKey(c))}
            </label>
          ))}
        </fieldset>
        <fieldset disabled={locked.sensitivity}>
          <legend>
            {t('options_sensitivity')} <Locked locked={locked.sensitivity} />
          </legend>
          {SENSITIVITIES.map((s) => (
            <label key={s} class="radio">
              <input
                type="radio"
                name="sensitivity"
                value={s}
                checked={v.sensitivity === s}
                onChange={() => void save('sensitivity', s)}
              />
              {t(`sensitivity_${s}`)}
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input
            type="checkbox"
            checked={v.blur}
            disabled={locked.blur}
            onChange={(e) => void save('blur', e.currentTarget.checked)}
          />
          {t('options_blur')} <Locked locked={locked.blur} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={v.keepEvidence}
            disabled={locked.keepEvidence}
            onChange={(e) => void save('keepEvidence', e.currentTarget.checked)}
          />
          {t('options_keep_evidence')} <Locked locked={locked.keepEvidence} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={v.shopVerdict}
            disabled={locked.shopVerdict}
            onChange={(e) => void save('shopVerdict', e.currentTarget.checked)}
          />
          {t('options_shop_verdict')} <Locked locked={locked.shopVerdict} />
        </label>
        <h2 id="h-language">{t('options_region')}</h2>
        <div class="field">
          <label for="country">{t('options_country')}</label>
          <select
            id="country"
            value={v.country}
            disabled={locked.country}
            onChange={(e) => void save('country', e.currentTarget.value as Country)}
          >
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {t(countryKey(c))}
              </option>
            ))}
          </select>
          <Locked locked={locked.country} />
        </div>
        <p class="muted small">{t('options_country_hint')}</p>
        <div class="field">
          <label for="language">{t('options_language')}</label>
          <select
            id="language"
            value={v.language}
            disabled={locked.language}
            onChange={(e) => void save('language', e.currentTarget.value as Settings['language'])}
          >
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language_${l}`)}
              </option>
            ))}
          </select>
          <Locked locked={locked.language} />
        </div>
      </PinGuard>
      <p class="status" role="alert">
        {error}
      </p>
    </section>
  );
}

function DismissedSection({ dismissals, pinLocked }: { dismissals: Dismissals; pinLocked: boolean }) {
  const { t, lang } = useT();
  const [cleared, setCleared] = useState<Dismissals | null>(null);
  const date = (ms: number) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(ms));
  const messages = Object.entries(dismissals.messages).sort((a, b) => b[1].at - a[1].at);
  const chats = Object.entries(dismissals.chats).sort((a, b) => b[1].at - a[1].at);
  const where = (client: string | null) =>
    client && client in PLATFORM_NAMES ? PLATFORM_NAMES[client as keyof typeof PLATFORM_NAMES] : '';
  return (
    <section aria-labelledby="h-dismissed">
      <h2 id="h-dismissed">{t('options_dismissed')}</h2>
      <p class="muted small">{t('options_dismissed_hint')}</p>
      <PinGuard pinLocked={pinLocked}>
        {cleared && (
          <div class="undo" role="status">
            <span>{t('options_cleared')}</span>
            <button
              type="button"
              onClick={() => {
                void restoreDismissals(cleared);
                setCleared(null);
              }}
            >
              {t('popup_undo')}
            </button>
          </div>
        )}
        {messages.length === 0 && chats.length === 0 ? (
          <p data-state="no-dismissals">{t('options_no_dismissed')}</p>
        ) : (
          <>
            {chats.length > 0 && <h3>{t('options_dismissed_chats')}</h3>}
            <ul class="dismissed" data-scope="chat">
              {chats.map(([key, rec]) => (
                <li key={key}>
                  <span>
                    {rec.chatTitle ?? t('options_untitled_chat')}{' '}
                    <span class="muted small">{where(rec.client)}</span> · {date(rec.at)}
                  </span>
                  <button type="button" onClick={() => void forgetDismissal(key, 'chat')}>
                    {t('options_restore')}
                  </button>
                </li>
              ))}
            </ul>
            {messages.length > 0 && <h3>{t('options_dismissed_messages')}</h3>}
            <ul class="dismissed" data-scope="message">
              {messages.map(([key, rec]) => (
                <li key={key}>
                  <span>
                    {t('options_message_in', rec.chatTitle ?? t('options_untitled_chat'))}{' '}
                    <span class="muted small">{where(rec.client)}</span> · {date(rec.at)}
                  </span>
                  <button type="button" onClick={() => void forgetDismissal(key, 'message')}>
                    {t('options_restore')}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void clearDismissals().then(setCleared)}>
              {t('options_clear_all')}
            </button>
          </>
        )}
      </PinGuard>
    </section>
  );
}

function RulesSection() {
  const { t, lang } = useT();
  const [status, setStatus] = useState<RulesStatus | null | 'loading'>('loading');
  const [checking, setChecking] = useState(false);
  const [note, setNote] = useState('');
  useEffect(() => {
    void fetchRulesStatus().then(setStatus);
  }, []);
  const when = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime())
      ? iso
      : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  };
  // Known error codes have plain-words messages (`error_<code>`); unknown ones show the code.
  const errorText = (code: string) => {
    const key = `error_${code.replaceAll('-', '_')}`;
    const text = t(key);
    return text === key || text === '' ? t('options_error_generic', code) : text;
  };
  const checkNow = async () => {
    setChecking(true);
    setNote('');
    try {
      const answer = parseRulesStatus(await browser.runtime.sendMessage({ type: 'ui-bg/check-now' }));
      const next = answer ?? (await fetchRulesStatus());
      setStatus(next);
      setNote(next?.lastError ? '' : t('options_check_done'));
    } catch {
      setNote(t('options_check_failed'));
    } finally {
      setChecking(false);
    }
  };
  return (
    <section aria-labelledby="h-rules">
      <h2 id="h-rules">{t('options_rules')}</h2>
      {status === 'loading' ? (
        <p aria-busy="true">{t('popup_loading')}</p>
      ) : status === null ? (
        <p data-state="rules-unavailable">{t('options_rules_unavailable')}</p>
      ) : (
        <dl class="rules-status">
          <dt>{t('options_rules_version')}</dt>
          <dd data-rules-version={status.version}>{status.version}</dd>
          <dt>{t('options_rules_published')}</dt>
          <dd>{when(status.published)}</dd>
          <dt>{t('options_rules_source')}</dt>
          <dd>
            {t(
              status.source !== 'feed'
                ? 'options_source_embedded'
                : status.owner === 'organisation'
                  ? 'options_source_feed_org'
                  : 'options_source_feed',
            )}
          </dd>
          <dt>{t('options_rules_last_check')}</dt>
          <dd>{status.lastCheck ? when(status.lastCheck) : t('options_never')}</dd>
          {status.lastError && (
            <>
              <dt>{t('options_rules_last_error')}</dt>
              <dd class="error-text">
                {errorText(status.lastError.code)} ({when(status.lastError.at)})
              </dd>
            </>
          )}
          {status.layoutProblems && status.layoutProblems.length > 0 && (
            <>
              <dt>{t('options_rules_layout')}</dt>
              <dd class="error-text" data-state="layout-not-recognised">
                {t(
                  'options_rules_layout_problem',
                  status.layoutProblems.map((c) => PLATFORM_NAMES[c]).join(', '),
                )}
              </dd>
            </>
          )}
        </dl>
      )}
      {status !== 'loading' && <RulesNotice status={status} />}
      <button type="button" onClick={() => void checkNow()} disabled={checking}>
        {checking ? t('options_checking') : t('options_check_now')}
      </button>
      <p class="status" role="status" aria-live="polite">
        {note}
      </p>
    </section>
  );
}

export function Options() {
  const { t } = useT();
  const [state, setState] = useState<ResolvedSettings | null>(null);
  const [dismissals, setDismissals] = useState<Dismissals>(NO_DISMISSALS);
  const [failed, setFailed] = useState(false);
  const [policy, setPolicy] = useState<PolicyCache>({ policy: EMPTY_POLICY, notes: [] });
  // null until storage answers: the page starts LOCKED, never open (issue 17, point 10).
  const [pinSet, setPinSet] = useState<boolean | null>(null);
  // Unlocking lasts as long as this page: it is never stored, so closing the tab locks again.
  const [unlocked, setUnlocked] = useState(false);
  const reload = useCallback(() => {
    loadSettingsState().then(setState, () => setFailed(true));
    void loadPolicy().then(setPolicy);
  }, []);
  useEffect(() => {
    reload();
    void loadDismissals().then(setDismissals, () => undefined);
    void loadPinSet().then(setPinSet);
    const stopS = onSettingsChanged(() => reload());
    // Notes about ignored values can change without any setting changing.
    const stopPolicy = onPolicyChanged(() => void loadPolicy().then(setPolicy));
    const stopD = onDismissalsChanged(setDismissals);
    const stopP = onPinSetChanged((isSet) => {
      setPinSet(isSet);
      if (!isSet) setUnlocked(false);
    });
    return () => {
      stopS();
      stopPolicy();
      stopD();
      stopP();
    };
  }, [reload]);
  const pinLocked = pinSet !== false && !unlocked;

  return (
    <main class="options">
      <h1>{t('options_title')}</h1>
      <WhatsNewNotice />
      <p>
        <button type="button" data-action="check-export" onClick={() => void openCheckPage()}>
          {t('check_open')}
        </button>
      </p>
      <ProtectionSection />
      {failed ? (
        <p role="alert" data-state="error">
          {t('options_load_failed')}
        </p>
      ) : state === null ? (
        <p aria-busy="true">{t('popup_loading')}</p>
      ) : (
        <>
          {pinSet && <KeptOnDevice />}
          <SettingsSection state={state} pinLocked={pinLocked} />
        </>
      )}
      <OrganisationSection cache={policy} />
      <DismissedSection dismissals={dismissals} pinLocked={pinLocked} />
      <ParentLockSection
        pinSet={pinSet}
        unlocked={unlocked}
        onUnlock={() => setUnlocked(true)}
        onLock={() => setUnlocked(false)}
      />
      <RulesSection />
      <section aria-labelledby="h-privacy">
        <h2 id="h-privacy">{t('options_privacy')}</h2>
        <p>{t('privacy_local')}</p>
        <p>{t('privacy_no_send')}</p>
        <p>{t('privacy_storage')}</p>
        <p>{t('privacy_network')}</p>
      </section>
      <AboutSection />
    </main>
  );
}
