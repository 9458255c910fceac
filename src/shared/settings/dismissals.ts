/**
 * Dismissals ("not an illicit listing"), per device, in storage.local (issue 17, point 13):
 *
 *   "dismissals/salt@1"  base64 of 32 random bytes, made once per install
 *   "dismissals@2"       { v: 2, messages: { id → rec }, chats: { id → rec }, shops: { id → rec } }
 *                        id  = base64url(HMAC-SHA-256(salt, scope NUL key)), first 128 bits
 *                        rec = { at, client, chatTitle }      (no message text, no key, no chat id)
 *
 * Message keys and chat ids identify people: a WhatsApp chat id is a phone number, and keys of
 * clients without message ids are short hashes of the text. Stored in clear they were a list of
 * who the user talked to, kept forever. Now only keyed hashes are kept, with a salt random per
 * install (a list copied from one profile tells nothing about another, and no precomputed table
 * of phone numbers applies), and every record is dropped 90 days after it was made. The chat
 * title stays, for the options page to show what can be restored; it expires with the record.
 *
 * Matching stays synchronous, as the content script's scanner needs: the HMAC is @noble/hashes'
 * (WebCrypto's is asynchronous only), and ids are memoised.
 *
 * The background migrates 'dismissals@1' once (hashing its keys, dropping expired ones) and
 * makes the salt at start-up; pages make it under a Web Lock if it is somehow missing. Content
 * scripts only read (through the background where storage.local is closed to them).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import browser from '../browser';
import type { ClientId } from '../messages';
import { onStorageChanged, readLocal } from '../storage-access';
import { DISMISSAL_SALT_KEY, DISMISSALS_KEY, LEGACY_DISMISSALS_KEY } from './keys';

export { DISMISSAL_SALT_KEY, DISMISSALS_KEY, LEGACY_DISMISSALS_KEY };

/** How long a dismissal is kept. */
export const DISMISSAL_TTL_MS = 90 * 24 * 3600_000;
const MAX_DISMISSALS = 2000;
const SALT_BYTES = 32;
const SALT_LOCK = 'vigie-dismissal-salt';

export interface DismissalRecord {
  /** Unix ms when the user dismissed it. */
  at: number;
  client: ClientId | null;
  /** Chat title shown in the options list; never message text. */
  chatTitle: string | null;
}

export interface Dismissals {
  /** Keyed by dismissalId(salt, 'message', key). */
  messages: Record<string, DismissalRecord>;
  /** Keyed by dismissalId(salt, 'chat', chatId). */
  chats: Record<string, DismissalRecord>;
  /** Chats whose chat-level "looks like a shop" verdict was dismissed: dismissalId(salt, 'shop', chatId). */
  shops: Record<string, DismissalRecord>;
  /** The install's salt; null until the first dismissal (nothing can match then). */
  salt: string | null;
}

export type DismissScope = 'message' | 'chat' | 'shop';

export const NO_DISMISSALS: Dismissals = { messages: {}, chats: {}, shops: {}, salt: null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Ids are asked for every flagged message at every render: keep the recent ones.
const idCache = new Map<string, string>();
const ID_CACHE_MAX = 4096;

/** The stored id of a message key or chat id: 128 bits of HMAC-SHA-256 under the install's salt. */
export function dismissalId(salt: string, scope: DismissScope, key: string): string {
  const cacheKey = `${salt}\u0000${scope}\u0000${key}`;
  const hit = idCache.get(cacheKey);
  if (hit !== undefined) return hit;
  const enc = new TextEncoder();
  const mac = hmac(sha256, enc.encode(salt), enc.encode(`${scope}\u0000${key}`));
  const id = toBase64Url(mac.subarray(0, 16));
  if (idCache.size >= ID_CACHE_MAX) idCache.clear();
  idCache.set(cacheKey, id);
  return id;
}

function cleanRecords(value: unknown, now: number): Record<string, DismissalRecord> {
  const out: Record<string, DismissalRecord> = {};
  if (!isRecord(value)) return out;
  for (const [key, rec] of Object.entries(value)) {
    if (!isRecord(rec) || typeof rec.at !== 'number' || !Number.isFinite(rec.at)) continue;
    if (now - rec.at > DISMISSAL_TTL_MS) continue;
    out[key] = {
      at: rec.at,
      client: typeof rec.client === 'string' ? (rec.client as ClientId) : null,
      chatTitle: typeof rec.chatTitle === 'string' ? rec.chatTitle : null,
    };
  }
  return out;
}

/** Validates stored dismissals; anything malformed or older than 90 days is dropped, never thrown. */
export function parseDismissals(value: unknown, salt: unknown, now = Date.now()): Dismissals {
  const v = isRecord(value) ? value : {};
  return {
    messages: cleanRecords(v.messages, now),
    chats: cleanRecords(v.chats, now),
    shops: cleanRecords(v.shops, now),
    salt: typeof salt === 'string' && salt.length >= 16 ? salt : null,
  };
}

/** True when the message, or its whole chat, was dismissed. */
export function isDismissed(d: Dismissals, messageKey: string, chatId: string | null): boolean {
  if (d.salt === null) return false;
  return (
    Object.hasOwn(d.messages, dismissalId(d.salt, 'message', messageKey)) ||
    (chatId !== null && Object.hasOwn(d.chats, dismissalId(d.salt, 'chat', chatId)))
  );
}

/** True when the chat's "looks like a shop" verdict was dismissed, or the whole chat was. */
export function isShopDismissed(d: Dismissals, chatId: string | null): boolean {
  if (d.salt === null || chatId === null) return false;
  return (
    Object.hasOwn(d.shops, dismissalId(d.salt, 'shop', chatId)) ||
    Object.hasOwn(d.chats, dismissalId(d.salt, 'chat', chatId))
  );
}

export async function loadDismissals(): Promise<Dismissals> {
  const got = await readLocal([DISMISSALS_KEY, DISMISSAL_SALT_KEY]);
  return parseDismissals(got[DISMISSALS_KEY], got[DISMISSAL_SALT_KEY]);
}

/** The install's salt, made on first need (one page at a time, so two pages never make two). */
export async function ensureDismissalSalt(): Promise<string> {
  const read = async () => (await browser.storage.local.get([DISMISSAL_SALT_KEY]))[DISMISSAL_SALT_KEY];
  const make = async () => {
    const existing = await read();
    if (typeof existing === 'string' && existing.length >= 16) return existing;
    const salt = toBase64Url(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
    await browser.storage.local.set({ [DISMISSAL_SALT_KEY]: salt });
    return salt;
  };
  const existing = await read();
  if (typeof existing === 'string' && existing.length >= 16) return existing;
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? ((await locks.request(SALT_LOCK, make)) as string) : make();
}

// Writes within one page are serialised so two quick clicks do not overwrite each other.
let writeChain: Promise<unknown> = Promise.resolve();
function serialise<T>(task: () => Promise<T>): Promise<T> {
  const next = writeChain.then(task, task);
  writeChain = next.catch(() => undefined);
  return next;
}

function writeDismissals(mutate: (d: Dismissals) => void): Promise<void> {
  return serialise(async () => {
    const salt = await ensureDismissalSalt();
    const got = await browser.storage.local.get([DISMISSALS_KEY]);
    const d = parseDismissals(got[DISMISSALS_KEY], salt);
    mutate(d);
    // Keep the newest entries only, so an old profile cannot grow storage without bound.
    for (const scope of ['messages', 'chats', 'shops'] as const) {
      const entries = Object.entries(d[scope]);
      if (entries.length > MAX_DISMISSALS) {
        entries.sort((a, b) => b[1].at - a[1].at);
        d[scope] = Object.fromEntries(entries.slice(0, MAX_DISMISSALS));
      }
    }
    await browser.storage.local.set({
      // 'shops' only when there is one: a list written by this version reads the same in an older one.
      [DISMISSALS_KEY]: {
        v: 2,
        messages: d.messages,
        chats: d.chats,
        ...(Object.keys(d.shops).length > 0 ? { shops: d.shops } : {}),
      },
    });
  });
}

const SCOPE_FIELD = { message: 'messages', chat: 'chats', shop: 'shops' } as const;

/**
 * Remembers "not an illicit listing" for a message key, or for a whole chat id, or "not a shop" for
 * a chat id (the chat-level verdict only; its messages keep their warnings). Idempotent.
 */
export function dismiss(
  key: string,
  scope: DismissScope,
  meta: Partial<Omit<DismissalRecord, 'at'>> & { at?: number } = {},
): Promise<void> {
  return writeDismissals((d) => {
    d[SCOPE_FIELD[scope]][dismissalId(d.salt as string, scope, key)] = {
      at: meta.at ?? Date.now(),
      client: meta.client ?? null,
      chatTitle: meta.chatTitle ?? null,
    };
  });
}

/** Undoes a dismissal of a message key or chat id (the popup's undo). Idempotent. */
export function undismiss(key: string, scope: DismissScope): Promise<void> {
  return writeDismissals((d) => {
    delete d[SCOPE_FIELD[scope]][dismissalId(d.salt as string, scope, key)];
  });
}

/** Forgets one stored dismissal by its id (the options page, which knows only ids). */
export function forgetDismissal(id: string, scope: DismissScope): Promise<void> {
  return writeDismissals((d) => {
    delete d[SCOPE_FIELD[scope]][id];
  });
}

/** Restores records removed by `clearDismissals` (the options page's undo). */
export function restoreDismissals(previous: Dismissals): Promise<void> {
  return writeDismissals((d) => {
    Object.assign(d.messages, previous.messages);
    Object.assign(d.chats, previous.chats);
    Object.assign(d.shops, previous.shops);
  });
}

/** Forgets every dismissal; returns what was removed so the caller can offer undo. */
export async function clearDismissals(): Promise<Dismissals> {
  let removed: Dismissals = NO_DISMISSALS;
  await writeDismissals((d) => {
    removed = { messages: { ...d.messages }, chats: { ...d.chats }, shops: { ...d.shops }, salt: d.salt };
    d.messages = {};
    d.chats = {};
    d.shops = {};
  });
  return removed;
}

/** Calls back with the dismissals whenever they (or the salt) change, in any page or tab. */
export function onDismissalsChanged(cb: (d: Dismissals) => void): () => void {
  return onStorageChanged((changes, area) => {
    if (area !== 'local' || (!(DISMISSALS_KEY in changes) && !(DISMISSAL_SALT_KEY in changes))) return;
    void loadDismissals().then(cb, () => undefined);
  });
}

/**
 * Once, in the background: hashes the keys of 'dismissals@1' (kept in clear by older versions)
 * into 'dismissals@2', drops those older than 90 days, and removes the old list.
 */
export async function migrateLegacyDismissals(now = Date.now()): Promise<number> {
  const got = await browser.storage.local.get([LEGACY_DISMISSALS_KEY]);
  const legacy = got[LEGACY_DISMISSALS_KEY];
  if (legacy === undefined) return 0;
  let moved = 0;
  const old = isRecord(legacy) ? legacy : {};
  await writeDismissals((d) => {
    for (const scope of ['message', 'chat'] as const) {
      for (const [key, rec] of Object.entries(cleanRecords(old[SCOPE_FIELD[scope]], now))) {
        d[SCOPE_FIELD[scope]][dismissalId(d.salt as string, scope, key)] = rec;
        moved++;
      }
    }
  });
  await browser.storage.local.remove(LEGACY_DISMISSALS_KEY);
  return moved;
}
