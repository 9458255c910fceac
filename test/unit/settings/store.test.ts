import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush } from './fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import {
  clearDismissals,
  DISMISSALS_KEY,
  dismiss,
  isDismissed,
  loadDismissals,
  loadSettings,
  onDismissalsChanged,
  onSettingsChanged,
  resetSetting,
  restoreDismissals,
  SETTINGS_KEY,
  saveSetting,
  undismiss,
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

describe('dismissals store', () => {
  it('dismisses and undismisses a message and a chat in storage.local', async () => {
    await dismiss('peer1:42', 'message', {
      chatId: 'peer1',
      chatTitle: 'Shop',
      client: 'telegram-k',
      at: 1000,
    });
    await dismiss('peer2', 'chat', { chatTitle: 'Friends', client: 'whatsapp', at: 2000 });
    expect(fake.storage.sync.set).not.toHaveBeenCalled();
    let d = await loadDismissals();
    expect(d.messages['peer1:42']).toEqual({
      at: 1000,
      chatId: 'peer1',
      chatTitle: 'Shop',
      client: 'telegram-k',
    });
    expect(isDismissed(d, 'peer1:42', 'peer1')).toBe(true);
    expect(isDismissed(d, 'peer1:43', 'peer1')).toBe(false);
    expect(isDismissed(d, 'peer2:1', 'peer2')).toBe(true);
    await undismiss('peer1:42', 'message');
    await undismiss('peer2', 'chat');
    d = await loadDismissals();
    expect(d).toEqual({ messages: {}, chats: {} });
  });

  it('stores no message text', async () => {
    await dismiss('k', 'message', { chatTitle: 'Chat', ...({ excerpt: 'secret text' } as object) });
    expect(JSON.stringify(fake.storage.local.data.get(DISMISSALS_KEY))).not.toContain('secret');
  });

  it('clears all and restores on undo', async () => {
    await dismiss('a', 'message', { at: 1 });
    await dismiss('c', 'chat', { at: 2 });
    const removed = await clearDismissals();
    expect(await loadDismissals()).toEqual({ messages: {}, chats: {} });
    await restoreDismissals(removed);
    const d = await loadDismissals();
    expect(Object.keys(d.messages)).toEqual(['a']);
    expect(Object.keys(d.chats)).toEqual(['c']);
  });

  it('drops malformed stored records', async () => {
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: { ok: { at: 5 }, bad: { at: 'x' }, worse: 3 },
      chats: [],
    });
    const d = await loadDismissals();
    expect(Object.keys(d.messages)).toEqual(['ok']);
    expect(d.chats).toEqual({});
  });

  it('notifies dismissal listeners', async () => {
    const cb = vi.fn();
    const stop = onDismissalsChanged(cb);
    await dismiss('a', 'message', { at: 1 });
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]?.[0].messages.a.at).toBe(1);
    stop();
  });
});
