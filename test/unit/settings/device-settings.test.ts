/**
 * Settings kept on this device while a parent PIN is set (issue 17, point 9): a change synced
 * from another computer (simulated by writing storage.sync, as sync does) is not applied, is
 * noted by the background, and removing the PIN hands this device's settings back to sync.
 */
import { webcrypto } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush } from './fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { noteRefusedSync, reconcileKeptSettings } from '../../../src/background/sync-guard';
import {
  DEVICE_SETTINGS_KEY,
  differingSettings,
  keepOnDeviceItems,
  loadSyncRefusal,
  removePinAndResumeSync,
  SYNC_REFUSED_KEY,
} from '../../../src/shared/settings/device-settings';
import { type LockDeps, PARENT_LOCK_KEY, setPin } from '../../../src/shared/settings/parent-lock';
import {
  loadSettings,
  onSettingsChanged,
  SETTINGS_KEY,
  saveSetting,
} from '../../../src/shared/settings/store';

let fake: FakeBrowser;
beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
});

function lockDeps(): LockDeps {
  return {
    storage: fake.storage.local,
    subtle: webcrypto.subtle as unknown as SubtleCrypto,
    randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
  };
}
const guard = () => ({ local: fake.storage.local, sync: fake.storage.sync, now: () => 1_700_000_000_000 });

/** What the browser does when another computer of the same account changes the settings. */
async function remoteSync(value: Record<string, unknown>) {
  const changes = { [SETTINGS_KEY]: { oldValue: fake.storage.sync.data.get(SETTINGS_KEY), newValue: value } };
  await fake.storage.sync.set({ [SETTINGS_KEY]: value });
  await flush();
  return changes;
}

describe('settings kept on this device while a PIN is set', () => {
  it('without a PIN, settings follow sync (another computer switching Vigie off applies here)', async () => {
    await saveSetting('blur', true);
    await remoteSync({ blur: true, enabled: false });
    expect((await loadSettings()).enabled).toBe(false);
  });

  it('with a PIN, a synced change from another computer is not applied, and no listener hears it', async () => {
    await saveSetting('blur', true);
    await setPin(lockDeps(), '246801', await keepOnDeviceItems());
    expect(fake.storage.local.data.get(DEVICE_SETTINGS_KEY)).toEqual({ blur: true });
    const heard = vi.fn();
    const stop = onSettingsChanged(heard);
    await flush();
    await remoteSync({ blur: false, enabled: false, sensitivity: 'low' });
    expect(await loadSettings()).toMatchObject({ enabled: true, blur: true, sensitivity: 'normal' });
    expect(heard).not.toHaveBeenCalled();
    stop();
  });

  it('with a PIN, changes made here (once unlocked) go to this device only', async () => {
    await setPin(lockDeps(), '246801', await keepOnDeviceItems());
    await saveSetting('enabled', false);
    expect(fake.storage.local.data.get(DEVICE_SETTINGS_KEY)).toEqual({ enabled: false });
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toBeUndefined();
    expect((await loadSettings()).enabled).toBe(false);
  });

  it('changing the PIN keeps the device copy as it is', async () => {
    await setPin(lockDeps(), '246801', await keepOnDeviceItems());
    await saveSetting('country', 'BE');
    await fake.storage.sync.set({ [SETTINGS_KEY]: { country: 'CH' } });
    await setPin(lockDeps(), '135792', await keepOnDeviceItems());
    expect((await loadSettings()).country).toBe('BE');
  });

  it('removing the PIN writes this device settings back to sync, then drops PIN, copy and note together', async () => {
    await setPin(lockDeps(), '246801', await keepOnDeviceItems());
    await saveSetting('sensitivity', 'high');
    await remoteSync({ enabled: false });
    await fake.storage.local.set({ [SYNC_REFUSED_KEY]: { at: 1, keys: ['enabled'] } });
    await removePinAndResumeSync();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ sensitivity: 'high' });
    for (const key of [PARENT_LOCK_KEY, DEVICE_SETTINGS_KEY, SYNC_REFUSED_KEY])
      expect(fake.storage.local.data.has(key), key).toBe(false);
    expect(await loadSettings()).toMatchObject({ enabled: true, sensitivity: 'high' });
  });
});

describe('background sync guard', () => {
  it('notes a refused synced change with the settings it would have changed; merges later ones', async () => {
    await fake.storage.local.set({ [DEVICE_SETTINGS_KEY]: { blur: true } });
    const first = await noteRefusedSync(guard(), await remoteSync({ blur: true, enabled: false }), 'sync');
    expect(first).toEqual({ at: 1_700_000_000_000, keys: ['enabled'] });
    await noteRefusedSync(guard(), await remoteSync({ blur: false, enabled: false }), 'sync');
    expect(await loadSyncRefusal()).toEqual({ at: 1_700_000_000_000, keys: ['enabled', 'blur'] });
  });

  it('notes nothing without a PIN, for other keys or areas, or for our own write-back', async () => {
    expect(await noteRefusedSync(guard(), await remoteSync({ enabled: false }), 'sync')).toBeNull();
    await fake.storage.local.set({ [DEVICE_SETTINGS_KEY]: { blur: true } });
    expect(await noteRefusedSync(guard(), { other: { newValue: 1 } }, 'sync')).toBeNull();
    expect(await noteRefusedSync(guard(), { [SETTINGS_KEY]: { newValue: {} } }, 'local')).toBeNull();
    // The same values as the kept copy (what removing the PIN writes): nothing was refused.
    expect(await noteRefusedSync(guard(), await remoteSync({ blur: true, junk: 1 }), 'sync')).toBeNull();
    expect(fake.storage.local.data.has(SYNC_REFUSED_KEY)).toBe(false);
  });

  it('gives a PIN set by an older version its copy; releases a copy left without a readable PIN', async () => {
    await fake.storage.sync.set({ [SETTINGS_KEY]: { country: 'BE' } });
    await setPin(lockDeps(), '246801');
    expect(await reconcileKeptSettings(guard())).toBe('created');
    expect(fake.storage.local.data.get(DEVICE_SETTINGS_KEY)).toEqual({ country: 'BE' });
    expect(await reconcileKeptSettings(guard())).toBe('ok');
    fake.storage.local.data.set(PARENT_LOCK_KEY, { v: 1, salt: 3 }); // damaged: reads as "no PIN"
    await fake.storage.local.set({ [DEVICE_SETTINGS_KEY]: { country: 'IT' } });
    expect(await reconcileKeptSettings(guard())).toBe('released');
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ country: 'IT' });
    expect(fake.storage.local.data.has(DEVICE_SETTINGS_KEY)).toBe(false);
  });

  it('compares valid values only, in any order', () => {
    expect(
      differingSettings({ categories: ['weapons', 'drugs'] }, { categories: ['drugs', 'weapons'] }),
    ).toEqual([]);
    expect(differingSettings({ enabled: 'no' }, {})).toEqual([]);
    expect(differingSettings({ enabled: true }, {})).toEqual(['enabled']);
  });
});
