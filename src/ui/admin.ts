/**
 * What the organisation and the parent lock change in the popup: the organisation's reporting
 * contact (shown first), whether the country is locked, and whether dismissing needs the PIN.
 * Both follow storage changes, so an open popup updates when a policy or PIN changes.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { POLICY_CACHE_KEY, SETTINGS_KEY } from '../shared/settings/keys';
import { loadPinSet, onPinSetChanged } from '../shared/settings/parent-lock-store';
import type { ReportingContact } from '../shared/settings/policy';
import { loadPolicy, loadSettingsState } from '../shared/settings/store';

export interface AdminState {
  contact: ReportingContact | null;
  countryLocked: boolean;
  /**
   * Whether changes need the parent PIN. FAILS CLOSED (issue 17, point 10): true until storage
   * has answered, and when it cannot answer.
   */
  pinSet: boolean;
  /** False until the PIN state was read: the popup then offers neither dismissing nor the note. */
  pinKnown: boolean;
}

/**
 * The last state any instance loaded: a report panel opened later starts from it, so the
 * organisation's contact is there at once instead of appearing a moment after the list.
 */
let lastKnown: AdminState = { contact: null, countryLocked: false, pinSet: true, pinKnown: false };

export function useAdmin(): AdminState {
  const [state, setState] = useState<AdminState>(lastKnown);
  useEffect(() => {
    let alive = true;
    // Each part on its own: a policy or settings read that fails must not leave the PIN unknown.
    const load = () =>
      Promise.all([loadPolicy().catch(() => null), loadSettingsState().catch(() => null), loadPinSet()]).then(
        ([cache, settings, pinSet]) => {
          lastKnown = {
            contact: cache ? cache.policy.reportingContact : lastKnown.contact,
            countryLocked: settings ? settings.locked.country : lastKnown.countryLocked,
            pinSet,
            pinKnown: true,
          };
          if (alive) setState(lastKnown);
        },
      );
    void load();
    // The policy cache itself, not onSettingsChanged: a new contact changes no setting value.
    const listener = (changes: Record<string, unknown>) => {
      if (POLICY_CACHE_KEY in changes || SETTINGS_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(listener);
    const stopP = onPinSetChanged(() => void load());
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(listener);
      stopP();
    };
  }, []);
  return state;
}
