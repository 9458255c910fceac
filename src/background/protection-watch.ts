/**
 * Keeps the "protection off" record and the toolbar badge up to date (issue 17, point 11): at
 * every worker start, and whenever the browser removes or adds a permission. Measured in
 * Chromium: switching Vigie's site access to "on click" fires permissions.onRemoved with the chat
 * origins and permissions.contains then answers false; back to "on all sites" fires onAdded.
 * Firefox fires the same events for the add-ons manager's per-site toggles.
 */
import browser from '../shared/browser';
import { checkProtection, type ProtectionDeps } from '../shared/protection';
import type { TabBadges } from './tab-badge';

export function watchProtection(badges: Pick<TabBadges, 'setShared'>, now: () => number): void {
  const deps: ProtectionDeps = {
    contains: (origin) => browser.permissions.contains({ origins: [origin] }),
    storage: browser.storage.local,
    now,
  };
  // One check at a time, so two events in a row cannot record the period twice.
  let chain: Promise<unknown> = Promise.resolve();
  const refresh = () => {
    chain = chain
      .then(() => checkProtection(deps))
      .then((record) => badges.setShared({ protectionOff: record.off }))
      .catch(() => undefined);
  };
  refresh();
  browser.permissions.onRemoved.addListener(refresh);
  browser.permissions.onAdded.addListener(refresh);
}
