/**
 * The parent lock in the options page: set a PIN; with a PIN set, unlock to change anything
 * (until the page closes or "Lock again"); change or remove it once unlocked. The logic and the
 * rate limit are in src/shared/settings/parent-lock.ts; this is only the form, and the clock that
 * makes a wait pass: while one runs, the page observes it once a second (the wait counts down
 * only while this page is open, so moving the system clock does not end it).
 */
import { useEffect, useState } from 'preact/hooks';
import { keepOnDeviceItems, removePinAndResumeSync } from '../shared/settings/device-settings';
import { currentWait, isValidPin, setPin, verifyPin } from '../shared/settings/parent-lock';
import { browserLockDeps } from '../shared/settings/parent-lock-store';
import { useT } from '../ui/i18n-context';

function NewPinForm({ onDone }: { onDone(): void }) {
  const { t } = useT();
  const [pin, setPinText] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!isValidPin(pin)) return setError(t('parent_invalid'));
    if (pin !== confirm) return setError(t('parent_mismatch'));
    setBusy(true);
    try {
      // The synced settings are copied to this device with the PIN (see device-settings.ts).
      await setPin(browserLockDeps(), pin, await keepOnDeviceItems());
      setPinText('');
      setConfirm('');
      setError('');
      onDone();
    } catch {
      setError(t('options_save_failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pin-form" onSubmit={(e) => void submit(e)}>
      <div class="field">
        <label for="pin-new">{t('parent_new_pin')}</label>
        <input
          id="pin-new"
          type="password"
          autocomplete="new-password"
          value={pin}
          onInput={(e) => setPinText(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="pin-confirm">{t('parent_confirm_pin')}</label>
        <input
          id="pin-confirm"
          type="password"
          autocomplete="new-password"
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('parent_set')}
      </button>
      <p class="status" role="alert">
        {error}
      </p>
    </form>
  );
}

/** Observes a running wait once a second (what makes it pass) and reports what is left. */
function useWait(active: boolean): [number, (ms: number) => void] {
  const [waitMs, setWaitMs] = useState(0);
  useEffect(() => {
    if (!active) return;
    // A wait started before this page opened goes on counting from here.
    void currentWait(browserLockDeps()).then(setWaitMs, () => undefined);
  }, [active]);
  useEffect(() => {
    if (!active || waitMs <= 0) return;
    const timer = setInterval(() => {
      void currentWait(browserLockDeps()).then(setWaitMs, () => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [active, waitMs > 0]);
  return [waitMs, setWaitMs];
}

function WaitNote({ waitMs }: { waitMs: number }) {
  const { t } = useT();
  const seconds = Math.ceil(waitMs / 1000);
  return (
    <p role="status" data-state="pin-wait">
      {seconds >= 120 ? t('parent_wait_minutes', Math.ceil(seconds / 60)) : t('parent_wait', seconds)}{' '}
      <span class="muted small">{t('parent_wait_page_open')}</span>
    </p>
  );
}

export function ParentLockSection({
  pinSet,
  unlocked,
  onUnlock,
  onLock,
}: {
  /** null while storage has not answered: shown as locked (fail closed). */
  pinSet: boolean | null;
  unlocked: boolean;
  onUnlock(): void;
  onLock(): void;
}) {
  const { t } = useT();
  const [pin, setPinText] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [changing, setChanging] = useState(false);
  const [weak, setWeak] = useState(false);
  const [waitMs, setWaitMs] = useWait(pinSet === true && !unlocked);

  const unlock = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await verifyPin(browserLockDeps(), pin);
      setPinText('');
      if (r.ok) {
        setMessage('');
        setWaitMs(0);
        // A PIN from before new PINs needed 6 characters: open the form to change it.
        setWeak(r.weak);
        setChanging(r.weak);
        onUnlock();
      } else if (r.reason === 'wait' || r.waitMs > 0) {
        setMessage(r.reason === 'wrong' ? t('parent_wrong') : '');
        setWaitMs(r.waitMs);
      } else {
        setMessage(t('parent_wrong'));
      }
    } catch {
      setMessage(t('parent_check_failed'));
    } finally {
      setBusy(false);
    }
  };

  if (pinSet === null) {
    return (
      <section aria-labelledby="h-parent" data-pin="checking">
        <h2 id="h-parent">{t('parent_title')}</h2>
        <p aria-busy="true">{t('popup_loading')}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="h-parent" data-pin={pinSet ? (unlocked ? 'unlocked' : 'locked') : 'none'}>
      <h2 id="h-parent">{t('parent_title')}</h2>
      <p class="muted small">{t('parent_intro')}</p>
      {!pinSet ? (
        <NewPinForm onDone={() => setMessage(t('parent_saved'))} />
      ) : !unlocked ? (
        <form class="pin-form" onSubmit={(e) => void unlock(e)}>
          <p>{t('parent_locked')}</p>
          <div class="field">
            <label for="pin-unlock">{t('parent_pin')}</label>
            <input
              id="pin-unlock"
              type="password"
              autocomplete="current-password"
              value={pin}
              onInput={(e) => setPinText(e.currentTarget.value)}
            />
          </div>
          <button type="submit" disabled={busy || waitMs > 0}>
            {t('parent_unlock')}
          </button>
          {waitMs > 0 && <WaitNote waitMs={waitMs} />}
        </form>
      ) : (
        <div class="pin-form">
          <p>{t('parent_unlocked')}</p>
          {weak && (
            <p class="warn" data-state="pin-weak">
              {t('parent_weak')}
            </p>
          )}
          <button type="button" onClick={onLock}>
            {t('parent_lock_again')}
          </button>{' '}
          <button type="button" onClick={() => setChanging(!changing)} aria-expanded={changing}>
            {t('parent_change')}
          </button>{' '}
          <button
            type="button"
            onClick={() =>
              void removePinAndResumeSync().then(
                () => {
                  setMessage(t('parent_removed'));
                  onLock();
                },
                () => setMessage(t('options_save_failed')),
              )
            }
          >
            {t('parent_remove')}
          </button>
          {changing && (
            <NewPinForm
              onDone={() => {
                setChanging(false);
                setWeak(false);
                setMessage(t('parent_saved'));
              }}
            />
          )}
        </div>
      )}
      <p class="status" role="status" aria-live="polite">
        {message}
      </p>
      <p class="muted small">{t('parent_recovery')}</p>
      <p class="muted small">{t('parent_limits')}</p>
    </section>
  );
}
