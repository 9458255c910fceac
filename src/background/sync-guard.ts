/**
 * While a parent PIN is set, settings are kept on this device (src/shared/settings/device-settings.ts)
 * and a change synced from another computer is not applied. This notes each such change that
 * would have changed something, so the options page can say so (issue 17, point 9), and keeps
 * the copy and the PIN together:
 *   - a PIN set by an older version (no copy yet) gets its copy at the next worker start;
 *   - a copy left without a readable PIN (a damaged record reads as "no PIN") is written back
 *     to sync and dropped, so settings never stay stuck on the device with no way to unlock.
 * Storage is injected (the tests use memory).
 */
import { differingSettings, parseSyncRefusal, type SyncRefusal } from '../shared/settings/device-settings';
import { DEVICE_SETTINGS_KEY, SETTINGS_KEY, SYNC_REFUSED_KEY } from '../shared/settings/keys';
import { isPinSet } from '../shared/settings/parent-lock';

interface Area {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface SyncGuardDeps {
  local: Area;
  sync: Area;
  now(): number;
}

type Changes = Record<string, { newValue?: unknown; oldValue?: unknown }>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** storage.onChanged: a synced settings change while the settings are kept here is noted, not applied. */
export async function noteRefusedSync(
  deps: SyncGuardDeps,
  changes: Changes,
  area: string,
): Promise<SyncRefusal | null> {
  if (area !== 'sync' || !(SETTINGS_KEY in changes)) return null;
  const kept = (await deps.local.get([DEVICE_SETTINGS_KEY]))[DEVICE_SETTINGS_KEY];
  if (!isRecord(kept)) return null;
  // Our own write-back when the PIN is removed carries the kept values: nothing was refused.
  const keys = differingSettings(kept, changes[SETTINGS_KEY]?.newValue);
  if (keys.length === 0) return null;
  const before = parseSyncRefusal((await deps.local.get([SYNC_REFUSED_KEY]))[SYNC_REFUSED_KEY]);
  const refusal: SyncRefusal = {
    at: deps.now(),
    // Several refused changes before the parent looks: name every setting they touched.
    keys: [...new Set([...(before?.keys ?? []), ...keys])],
  };
  await deps.local.set({ [SYNC_REFUSED_KEY]: refusal });
  return refusal;
}

/** At every worker start: the copy exists exactly while a PIN does. */
export async function reconcileKeptSettings(deps: SyncGuardDeps): Promise<'created' | 'released' | 'ok'> {
  const got = await deps.local.get([DEVICE_SETTINGS_KEY]);
  const kept = got[DEVICE_SETTINGS_KEY];
  const pin = await isPinSet(deps.local);
  if (pin && !isRecord(kept)) {
    const synced = (await deps.sync.get(SETTINGS_KEY).catch(() => ({}) as Record<string, unknown>))[
      SETTINGS_KEY
    ];
    await deps.local.set({ [DEVICE_SETTINGS_KEY]: isRecord(synced) ? synced : {} });
    return 'created';
  }
  if (!pin && kept !== undefined) {
    if (isRecord(kept))
      await deps.sync.set({ [SETTINGS_KEY]: kept }).catch(() => deps.local.set({ [SETTINGS_KEY]: kept }));
    await deps.local.remove([DEVICE_SETTINGS_KEY, SYNC_REFUSED_KEY]);
    return 'released';
  }
  return 'ok';
}
