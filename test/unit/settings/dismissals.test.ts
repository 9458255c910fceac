/**
 * Dismissals (issue 17, point 13): stored as salted hashes (never a message key or chat id in
 * clear: WhatsApp's hold phone numbers), with a per-install salt, dropped after 90 days, and the
 * clear list of older versions migrated once. The popup and the content script still match them.
 */
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
  DISMISSAL_SALT_KEY,
  DISMISSAL_TTL_MS,
  DISMISSALS_KEY,
  dismiss,
  dismissalId,
  forgetDismissal,
  isDismissed,
  LEGACY_DISMISSALS_KEY,
  loadDismissals,
  migrateLegacyDismissals,
  onDismissalsChanged,
  restoreDismissals,
  undismiss,
} from '../../../src/shared/settings/dismissals';

const PHONE = '33612345678';
const WA_CHAT = `${PHONE}@c.us`;
const WA_MESSAGE = `false_${PHONE}@c.us_3EB0C0FFEE1234`;
const DAY = 24 * 3600_000;

let fake: FakeBrowser;
beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-BE' });
  h.fake = fake;
});
const everythingStored = () => JSON.stringify([...fake.storage.local.data.entries()]);

describe('dismissals', () => {
  it('dismiss and undo a message and a chat; they match by their key, others do not', async () => {
    await dismiss(WA_MESSAGE, 'message', { chatTitle: 'Shop', client: 'whatsapp' });
    await dismiss('peer2', 'chat', { chatTitle: 'Friends', client: 'telegram-k' });
    expect(fake.storage.sync.set).not.toHaveBeenCalled();
    let d = await loadDismissals();
    expect(isDismissed(d, WA_MESSAGE, WA_CHAT)).toBe(true);
    expect(isDismissed(d, `${WA_MESSAGE}x`, WA_CHAT)).toBe(false);
    expect(isDismissed(d, 'peer2:1', 'peer2')).toBe(true);
    expect(Object.values(d.messages)).toEqual([
      { at: expect.any(Number), client: 'whatsapp', chatTitle: 'Shop' },
    ]);
    await undismiss(WA_MESSAGE, 'message');
    await undismiss('peer2', 'chat');
    d = await loadDismissals();
    expect([d.messages, d.chats]).toEqual([{}, {}]);
  });

  it('keeps no message key, chat id or phone number in clear, and no message text', async () => {
    await dismiss(WA_MESSAGE, 'message', { chatTitle: 'Shop', ...({ excerpt: 'secret text' } as object) });
    await dismiss(WA_CHAT, 'chat', {});
    const stored = everythingStored();
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain('3EB0C0FFEE1234');
    expect(stored).not.toContain('secret');
    const ids = Object.keys((fake.storage.local.data.get(DISMISSALS_KEY) as { messages: object }).messages);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits, base64url
  });

  it('the salt is random per install: the same key gets another id elsewhere', async () => {
    await dismiss(WA_CHAT, 'chat', {});
    const salt = fake.storage.local.data.get(DISMISSAL_SALT_KEY) as string;
    expect(Buffer.from(salt, 'base64url')).toHaveLength(32);
    const other = createFakeBrowser();
    h.fake = other;
    await dismiss(WA_CHAT, 'chat', {});
    expect(other.storage.local.data.get(DISMISSAL_SALT_KEY)).not.toBe(salt);
    expect(
      Object.keys((other.storage.local.data.get(DISMISSALS_KEY) as { chats: object }).chats),
    ).not.toEqual(Object.keys((fake.storage.local.data.get(DISMISSALS_KEY) as { chats: object }).chats));
    // Ids depend on salt, scope and key alike.
    expect(dismissalId(salt, 'chat', 'a')).not.toBe(dismissalId(salt, 'message', 'a'));
  });

  it('a dismissal older than 90 days is dropped when read and gone after the next write', async () => {
    const now = Date.now();
    await dismiss('old', 'message', { at: now - 91 * DAY });
    await dismiss('recent', 'message', { at: now - 89 * DAY });
    const d = await loadDismissals();
    expect(isDismissed(d, 'old', null)).toBe(false);
    expect(isDismissed(d, 'recent', null)).toBe(true);
    expect(DISMISSAL_TTL_MS).toBe(90 * DAY);
    await dismiss('new', 'chat', {});
    const stored = fake.storage.local.data.get(DISMISSALS_KEY) as { messages: object };
    expect(Object.keys(stored.messages)).toHaveLength(1);
  });

  it('migrates the clear list of older versions once: hashed, expired ones dropped, the old list removed', async () => {
    const now = Date.now();
    fake.storage.local.data.set(LEGACY_DISMISSALS_KEY, {
      messages: {
        [WA_MESSAGE]: { at: now - DAY, client: 'whatsapp', chatTitle: 'Shop', chatId: WA_CHAT },
        stale: { at: now - 200 * DAY, client: null, chatTitle: null, chatId: null },
      },
      chats: { [WA_CHAT]: { at: now - 2 * DAY, client: 'whatsapp', chatTitle: `+${PHONE}`, chatId: null } },
    });
    expect(await migrateLegacyDismissals(now)).toBe(2);
    expect(fake.storage.local.data.has(LEGACY_DISMISSALS_KEY)).toBe(false);
    const d = await loadDismissals();
    expect(isDismissed(d, WA_MESSAGE, null)).toBe(true);
    expect(isDismissed(d, 'any', WA_CHAT)).toBe(true);
    expect(isDismissed(d, 'stale', null)).toBe(false);
    // The chat title is what the options page shows; no key or chat id is left in clear.
    const stored = JSON.stringify(fake.storage.local.data.get(DISMISSALS_KEY));
    expect(stored).not.toContain(WA_CHAT);
    expect(stored).not.toContain('3EB0C0FFEE1234');
    expect(await migrateLegacyDismissals(now)).toBe(0);
  });

  it('clears all and restores on undo; the options page forgets one by its id', async () => {
    await dismiss('a', 'message', {});
    await dismiss('c', 'chat', {});
    const removed = await clearDismissals();
    let d = await loadDismissals();
    expect([d.messages, d.chats]).toEqual([{}, {}]);
    await restoreDismissals(removed);
    d = await loadDismissals();
    expect(isDismissed(d, 'a', null) && isDismissed(d, 'x', 'c')).toBe(true);
    await forgetDismissal(Object.keys(d.chats)[0] as string, 'chat');
    expect(isDismissed(await loadDismissals(), 'x', 'c')).toBe(false);
  });

  it('drops malformed stored records and matches nothing without a salt', async () => {
    const now = Date.now();
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: { ok: { at: now }, bad: { at: 'x' }, worse: 3 },
      chats: [],
    });
    const d = await loadDismissals();
    expect(Object.keys(d.messages)).toEqual(['ok']);
    expect(d.chats).toEqual({});
    expect(d.salt).toBeNull();
    expect(isDismissed(d, 'ok', null)).toBe(false);
  });

  it('notifies listeners with the new dismissals', async () => {
    const cb = vi.fn();
    const stop = onDismissalsChanged(cb);
    await dismiss('a', 'message', {});
    await flush();
    expect(cb).toHaveBeenCalled();
    expect(isDismissed(cb.mock.calls.at(-1)?.[0], 'a', null)).toBe(true);
    stop();
  });
});
