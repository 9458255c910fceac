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
  pinSet: boolean;
}

/**
 * The last state any instance loaded: a report panel opened later starts from it, so the
 * organisation's contact is there at once instead of appearing a moment after the list.
 */
let lastKnown: AdminState = { contact: null, countryLocked: false, pinSet: false };

export function useAdmin(): AdminState {
  const [state, setState] = useState<AdminState>(lastKnown);
  useEffect(() => {
    let alive = true;
    const load = () =>
      Promise.all([loadPolicy(), loadSettingsState(), loadPinSet()]).then(
        ([{ policy }, settings, pinSet]) => {
          lastKnown = { contact: policy.reportingContact, countryLocked: settings.locked.country, pinSet };
          if (alive) setState(lastKnown);
        },
        () => undefined,
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
