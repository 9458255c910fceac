/**
 * On an update, remember that there is something to say only when a version between the previous
 * and the current one changed what the user sees (src/shared/whats-new.ts). The popup and the
 * options page show it once.
 */
import { notesBetween, WHATS_NEW_KEY, type WhatsNewEntry } from '../shared/whats-new';

export interface InstalledDetails {
  reason: string;
  previousVersion?: string;
}

export interface WhatsNewDeps {
  currentVersion: string;
  set(items: Record<string, unknown>): Promise<void>;
  entries?: readonly WhatsNewEntry[];
}

/** True when a note was stored. A first install says nothing here (the welcome page does). */
export async function noteUpdate(details: InstalledDetails, deps: WhatsNewDeps): Promise<boolean> {
  if (details.reason !== 'update' || !details.previousVersion) return false;
  if (notesBetween(details.previousVersion, deps.currentVersion, deps.entries).length === 0) return false;
  await deps.set({ [WHATS_NEW_KEY]: { from: details.previousVersion, to: deps.currentVersion } });
  return true;
}
