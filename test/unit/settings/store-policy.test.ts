/** The store reads the background's checked policy cache: values, locks, live changes, refused writes. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { POLICY_CACHE_KEY } from '../../../src/shared/settings/keys';
import { parsePolicy } from '../../../src/shared/settings/policy';
import { createFakeBrowser, type FakeBrowser, flush } from './fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import {
  loadSettings,
  loadSettingsState,
  onSettingsChanged,
  SETTINGS_KEY,
  saveSetting,
} from '../../../src/shared/settings/store';

let fake: FakeBrowser;
beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
});

const setPolicy = (raw: unknown) => fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy(raw) });

describe('settings store with a policy', () => {
  it('policy → user → default, with locks', async () => {
    await fake.storage.sync.set({ [SETTINGS_KEY]: { sensitivity: 'low', blur: true, enabled: false } });
    await setPolicy({ sensitivity: 'high', lockedSettings: ['enabled'] });
    const s = await loadSettingsState();
    expect(s.values).toMatchObject({ sensitivity: 'high', blur: true, enabled: true });
    expect(s.locked).toMatchObject({ sensitivity: true, enabled: true, blur: false });
  });

  it('refuses to save a locked setting, still saves an unlocked one', async () => {
    await setPolicy({ lockedSettings: ['enabled'] });
    await expect(saveSetting('enabled', false)).rejects.toThrow('set by your organisation');
    await saveSetting('blur', true);
    expect((await loadSettings()).blur).toBe(true);
    expect((await loadSettings()).enabled).toBe(true);
  });

  it('calls back when the organisation changes its policy', async () => {
    const seen: string[] = [];
    const stop = onSettingsChanged((s) => seen.push(s.sensitivity));
    await flush();
    await setPolicy({ sensitivity: 'low' });
    await flush();
    expect(seen).toEqual(['low']);
    stop();
  });
});
