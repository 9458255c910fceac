/**
 * Access to the two chat sites. Firefox MV3 treats host permissions, content-script matches
 * included, as something the user may withhold (MDN; see shared docs POLICY.md gotcha 7), so the
 * welcome page and the popup check it and offer to ask. permissions.request must run in a click
 * handler (user gesture).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { CHAT_ORIGINS } from '../shared/protection';

/** The chat hosts of manifest.json's content_scripts.matches (kept in src/shared/protection.ts). */
export { CHAT_ORIGINS };

export type Access = 'checking' | 'granted' | 'missing' | 'refused' | 'unknown';

export function useHostAccess(): { access: Access; request(): void } {
  const [access, setAccess] = useState<Access>('checking');
  useEffect(() => {
    browser.permissions.contains({ origins: CHAT_ORIGINS }).then(
      (ok) => setAccess(ok ? 'granted' : 'missing'),
      () => setAccess('unknown'),
    );
  }, []);
  const request = () => {
    browser.permissions.request({ origins: CHAT_ORIGINS }).then(
      (ok) => setAccess(ok ? 'granted' : 'refused'),
      () => setAccess('refused'),
    );
  };
  return { access, request };
}
