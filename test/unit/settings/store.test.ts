import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush } from './fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import {
  loadSettings,
  onSettingsChanged,
  resetSetting,
  SETTINGS_KEY,
  saveSetting,
} from '../../../src/shared/settings/store';

let fake: FakeBrowser;
beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-BE' });
  h.fake = fake;
});

describe('settings store', () => {
  it('loads defaults, with the country from the browser language', async () => {
    const s = await loadSettings();
    expect(s.country).toBe('BE');
    expect(s.sensitivity).toBe('normal');
  });

  it('saves to storage.sync only what the user changed, and reads it back', async () => {
    await saveSetting('sensitivity', 'high');
    await saveSetting('blur', true);
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ sensitivity: 'high', blur: true });
    const s = await loadSettings();
    expect(s.sensitivity).toBe('high');
    expect(s.blur).toBe(true);
    await resetSetting('blur');
    expect((await loadSettings()).blur).toBe(false);
  });

  it('rejects an invalid value without writing', async () => {
    await expect(saveSetting('sensitivity', 'extreme' as never)).rejects.toThrow(/sensitivity/);
    expect(fake.storage.sync.set).not.toHaveBeenCalled();
  });

  it('survives a corrupted stored object', async () => {
    fake.storage.sync.data.set(SETTINGS_KEY, { sensitivity: 42, blur: 'no', country: 'CH' });
    const s = await loadSettings();
    expect(s).toMatchObject({ sensitivity: 'normal', blur: false, country: 'CH' });
  });

  it('falls back to storage.local when sync is unavailable', async () => {
    fake = createFakeBrowser({ syncFails: true });
    h.fake = fake;
    await saveSetting('language', 'fr');
    expect(fake.storage.local.data.get(SETTINGS_KEY)).toEqual({ language: 'fr' });
    expect((await loadSettings()).language).toBe('fr');
  });

  it('notifies listeners of real changes only, and can unsubscribe', async () => {
    const cb = vi.fn();
    const stop = onSettingsChanged(cb);
    await flush();
    await saveSetting('blur', true);
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]?.[0].blur).toBe(true);
    // Firefox may fire onChanged with an unchanged value: no callback then.
    await saveSetting('blur', true);
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
    expect(fake.listenerCount()).toBe(0);
    await saveSetting('blur', false);
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('serialises quick successive writes so none is lost', async () => {
    await Promise.all([
      saveSetting('blur', true),
      saveSetting('sensitivity', 'low'),
      saveSetting('country', 'IT'),
    ]);
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({
      blur: true,
      sensitivity: 'low',
      country: 'IT',
    });
  });
});
