/**
 * Telegram Web A (web.telegram.org/a/). Messages carry data-message-id (and id="message-N"); the
 * chat id lives only in the URL hash ("#<chatId>[_<thread>]"), so the key is "chatId:messageId".
 * A edits in place and renames local ids to server ids on the same node (docs/DOM.md §1.2).
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
import { decodeHash } from './telegram-k';

function messageId(el: Element): string | null {
  const id = el.getAttribute('data-message-id');
  if (id) return id;
  return /^message-(\d+(?:\.\d+)?)$/.exec(el.id)?.[1] ?? null;
}

function key(el: Element, _sel: CompiledSelectors, chatId: string | null): string | null {
  const id = messageId(el);
  return id === null ? null : `${chatId ?? ''}:${id}`;
}

function extract(el: Element, sel: CompiledSelectors, chatId: string | null): Extracted | null {
  const k = key(el, sel, chatId);
  if (k === null) return null;
  const service = isService(el, sel);
  const { textEl, text } = service ? { textEl: null, text: '' } : pickText(el, sel);
  // sender, forwarded and anchor are getters: only flagged messages ever need them.
  return {
    key: k,
    text,
    // For a forward this is the origin's name, which is what the page shows on the message.
    get sender() {
      return service ? null : pickSender(el, sel);
    },
    // A shows only a clock time ("10:05") with no date: not a time we can trust.
    time: null,
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

/** "#-1001987654321", "#-1001987654321_42", "#777000_pinned" → the chat id; anything else → null. */
export function chatIdFromHash(hash: string): string | null {
  return /^(-?\d+)(?:_[\w-]+)*$/.exec(decodeHash(hash))?.[1] ?? null;
}

function chat(doc: Document, sel: CompiledSelectors, loc: PageLocation, _sample: Element | null): ChatInfo {
  const { title } = chatTitle(doc, sel);
  return { id: chatIdFromHash(loc.hash), title, publicLink: null };
}

export const telegramA: SiteAdapter = { client: 'telegram-a', chat, key, extract };
