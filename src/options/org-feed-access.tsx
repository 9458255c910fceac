/**
 * Firefox only: an organisation's rule feed (named by policy) gets Firefox's per-install
 * `moz-extension://<uuid>` origin with every check unless Vigie holds a host permission for it;
 * with one, Firefox sends no Origin at all (MDN, "Make network requests"). The build cannot know
 * the organisation's host, so the manifest declares `https://*\/*` as OPTIONAL and this asks for
 * the named feed hosts alone, on a click (permissions.request needs a user gesture).
 * Chrome sends the extension id, the same for every user: nothing to ask there.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { useT } from '../ui/i18n-context';

type Access = 'checking' | 'granted' | 'missing' | 'refused';

/** `https://host/*` for each feed URL (duplicates removed). */
export function feedHostPatterns(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const url of urls) {
    try {
      out.add(`${new URL(url).origin}/*`);
    } catch {
      // The policy check already dropped malformed URLs; skip anything odd.
    }
  }
  return [...out];
}

function isFirefox(): boolean {
  return browser.runtime.getURL('').startsWith('moz-extension:');
}

export function OrgFeedAccess({ feedUrls }: { feedUrls: readonly string[] }) {
  const { t } = useT();
  const origins = feedHostPatterns(feedUrls);
  const [access, setAccess] = useState<Access>('checking');
  const key = origins.join(' ');
  useEffect(() => {
    if (origins.length === 0 || !isFirefox()) return;
    browser.permissions.contains({ origins }).then(
      (ok) => setAccess(ok ? 'granted' : 'missing'),
      () => setAccess('missing'),
    );
  }, [key]); // key stands for origins (a new array at every render)
  if (origins.length === 0 || !isFirefox() || access === 'checking') return null;
  if (access === 'granted')
    return <p data-state="org-feed-access-granted">{t('options_org_feed_access_granted')}</p>;
  const request = () => {
    browser.permissions.request({ origins }).then(
      (ok) => setAccess(ok ? 'granted' : 'refused'),
      () => setAccess('refused'),
    );
  };
  return (
    <div data-state="org-feed-access-missing">
      <p>{t('options_org_feed_access')}</p>
      <button type="button" onClick={request}>
        {t('options_org_feed_access_button')}
      </button>
      {access === 'refused' && <p role="alert">{t('options_org_feed_access_refused')}</p>}
    </div>
  );
}
