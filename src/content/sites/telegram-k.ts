/**
 * Telegram Web K (web.telegram.org/k/). Bubbles carry data-mid (unique per peer) and data-peer-id,
 * so the key is "peerId:mid". K never recycles a bubble for another message: edits update the text
 * in place (or, when the body's structure changes, build a new node with the same mid); sending
 * renames a temporary mid in place (docs/DOM.md §0, §1.1; evidence per selector in
 * docs/selectors.md).
 */

import type { CompiledSelectors } from '../selectors';
import {
  type ChatInfo,
  chatTitle,
  type Extracted,
  isForwarded,
  isService,
  type PageLocation,
  pickAnchor,
  pickSender,
  pickText,
  type SiteAdapter,
} from './adapter';

function key(el: Element, _sel: CompiledSelectors, chatId: string | null): string | null {
  const mid = el.getAttribute('data-mid');
  if (!mid) return null;
  return `${el.getAttribute('data-peer-id') ?? chatId ?? ''}:${mid}`;
}

function extract(el: Element, sel: CompiledSelectors, chatId: string | null): Extracted | null {
  const k = key(el, sel, chatId);
  if (k === null) return null;
  const service = isService(el, sel);
  // Emoji-only bubbles keep their text in .attachment and drop (or empty) .message: skip empty matches.
  const { textEl, text } = service ? { textEl: null, text: '' } : pickText(el, sel, { skipEmpty: true });
  const ts = Number(el.getAttribute('data-timestamp'));
  // sender, forwarded and anchor are getters: only flagged messages ever need them.
  return {
    key: k,
    text,
    get sender() {
      return service ? null : pickSender(el, sel);
    },
    time: Number.isFinite(ts) && ts > 0 ? ts * 1000 : null,
    isService: service,
    get forwarded() {
      return isForwarded(el, sel);
    },
    textEl,
    get anchor() {
      return pickAnchor(el, sel);
    },
  };
}

function chat(doc: Document, sel: CompiledSelectors, loc: PageLocation, sample: Element | null): ChatInfo {
  const { el, title } = chatTitle(doc, sel);
  const hash = decodeHash(loc.hash);
  // K's hash is "#@username" or "#<peerId>" (negative for groups and channels, no -100 prefix).
  const username = /^@([A-Za-z0-9_]{3,64})$/.exec(hash)?.[1] ?? null;
  const id =
    el?.getAttribute('data-peer-id') ??
    (/^-?\d+$/.test(hash) ? hash : null) ??
    sample?.getAttribute('data-peer-id') ??
    (username ? `@${username}` : null);
  return { id, title, publicLink: username ? `https://t.me/${username}` : null };
}

export function decodeHash(hash: string): string {
  const raw = hash.replace(/^#/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const telegramK: SiteAdapter = { client: 'telegram-k', chat, key, extract };
