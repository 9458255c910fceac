/**
 * The one-time "what's new" after an update (src/shared/whats-new.ts), at the top of the popup and
 * the options page: a few plain lines, a link to the full changelog, and "Got it", which removes
 * it everywhere. Nothing is shown when the update changed nothing the user sees.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { PROJECT_HOMEPAGE } from '../shared/project';
import { isPendingWhatsNew, notesBetween, type PendingWhatsNew, WHATS_NEW_KEY } from '../shared/whats-new';
import { useT } from './i18n-context';

export function WhatsNewNotice() {
  const { t } = useT();
  const [pending, setPending] = useState<PendingWhatsNew | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      browser.storage.local.get(WHATS_NEW_KEY).then(
        (items) => {
          const value = items[WHATS_NEW_KEY];
          if (live) setPending(isPendingWhatsNew(value) ? value : null);
        },
        () => undefined,
      );
    void read();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && WHATS_NEW_KEY in changes) void read();
    };
    browser.storage.onChanged.addListener(listener);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(listener);
    };
  }, []);
  if (!pending) return null;
  const entries = notesBetween(pending.from, pending.to);
  if (entries.length === 0) return null;
  return (
    <section class="whats-new" aria-labelledby="h-whats-new" data-state="whats-new">
      <h2 id="h-whats-new">{t('whats_new_title', pending.to)}</h2>
      <ul>{entries.flatMap((e) => e.notes.map((key) => <li key={key}>{t(key)}</li>))}</ul>
      <p class="whats-new-actions">
        <a href={`${PROJECT_HOMEPAGE}/blob/main/CHANGELOG.md`} target="_blank" rel="noreferrer noopener">
          {t('whats_new_changelog')}
        </a>
        <button
          type="button"
          onClick={() => {
            setPending(null);
            void browser.storage.local.remove(WHATS_NEW_KEY).catch(() => undefined);
          }}
        >
          {t('whats_new_dismiss')}
        </button>
      </p>
    </section>
  );
}
