/**
 * WhatsApp Web. The only message id in the DOM is data-id. Up to 2025 it was
 * "<fromMe>_<chatJid>_<msgId>[_<participant>]" and also gave the chat, since the URL never
 * changes; 2026 builds put the bare message id there (WAWebMessageWrapper.react renders
 * "data-id": msg.id.id next to data-testid="conv-msg-<id>"), and then the chat is known only by
 * its title. Rows are virtualised and may be reused, so everything is keyed by data-id and
 * checked on every visit (docs/DOM.md §2, docs/selectors.md).
 */

import type { CompiledSelectors } from '../selectors';
import { hashText, safeMatches } from '../text';
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

const TESTID_PREFIX = 'conv-msg-';

function key(el: Element, _sel: CompiledSelectors, _chatId: string | null): string | null {
  const id = el.getAttribute('data-id');
  if (id) return id;
  const testId = el.getAttribute('data-testid');
  if (testId?.startsWith(TESTID_PREFIX) && testId.length > TESTID_PREFIX.length)
    return testId.slice(TESTID_PREFIX.length);
  return null;
}

/** "[10:05, 27/11/2026] Dealer Mike: " → stamp and sender. The sender may itself contain ":". */
export function parsePrePlainText(value: string): { stamp: string; sender: string } | null {
  const m = /^\[(.+?)\]\s(.*?):\s*$/s.exec(value);
  if (!m?.[1] || m[2] === undefined) return null;
  return { stamp: m[1], sender: m[2].trim() };
}

/**
 * The stamp follows the browser locale ("10:54 PM, 12/9/2025" or "10:54, 9/12/2025"). Parsed
 * loosely; an ambiguous day/month is read the way the page language writes dates.
 */
export function parseStamp(stamp: string, lang: string): number | null {
  const m =
    /^(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?,\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(
      stamp.trim(),
    );
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  const ampm = m[4]?.toLowerCase();
  if (ampm?.startsWith('p') && hour < 12) hour += 12;
  if (ampm?.startsWith('a') && hour === 12) hour = 0;
  const a = Number(m[5]);
  const b = Number(m[6]);
  const c = Number(m[7]);
  let year: number;
  let month: number;
  let day: number;
  if (m[5]?.length === 4) [year, month, day] = [a, b, c];
  else {
    year = c < 100 ? 2000 + c : c;
    const monthFirst = a <= 12 && (b > 12 || (b <= 12 && /^en-US/i.test(lang)));
    [month, day] = monthFirst ? [a, b] : [b, a];
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const time = new Date(year, month - 1, day, hour, minute, second).getTime();
  return Number.isFinite(time) ? time : null;
}

function extract(el: Element, sel: CompiledSelectors, chatId: string | null): Extracted | null {
  const k = key(el, sel, chatId);
  if (k === null) return null;
  const pre = firstOutside(el, '[data-pre-plain-text]', sel.textExclude);
  const parsed = pre ? parsePrePlainText(pre.getAttribute('data-pre-plain-text') ?? '') : null;
  const picked = pickText(el, sel);
  // System rows (joins, "messages are end-to-end encrypted") render msg-notification-container
  // inside the row element, and a message deleted for everyone a "recalled" placeholder; rows of
  // either kind, and date pills, carry neither the pre-plain-text header nor a text span.
  const service =
    isService(el, sel) ||
    (sel.service !== '' && firstOutside(el, sel.service, sel.textExclude) !== null) ||
    (pre === null && picked.textEl === null);
  // sender, time, forwarded and anchor are getters: only flagged messages ever need them.
  return {
    key: k,
    text: service ? '' : picked.text,
    get sender() {
      return service ? null : parsed?.sender || pickSender(el, sel);
    },
    get time() {
      return parsed
        ? parseStamp(parsed.stamp, el.ownerDocument.documentElement.lang || navigatorLanguage())
        : null;
    },
    isService: service,
    get forwarded() {
      return isForwarded(el, sel);
    },
    textEl: picked.textEl,
    get anchor() {
      return pickAnchor(el, sel);
    },
  };
}

/**
 * The first element inside `el` matching `selector` that is not inside an excluded part: a quoted
 * message can carry markup of its own (a deleted original, its own header) that is not this one's.
 */
function firstOutside(el: Element, selector: string, exclude: string): Element | null {
  let found: NodeListOf<Element>;
  try {
    found = el.querySelectorAll(selector);
  } catch {
    return null;
  }
  for (const match of found) {
    let inside = false;
    for (let p: Element | null = match; p !== null && p !== el; p = p.parentElement) {
      if (exclude !== '' && safeMatches(p, exclude)) {
        inside = true;
        break;
      }
    }
    if (!inside) return match;
  }
  return null;
}

function navigatorLanguage(): string {
  return typeof navigator === 'undefined' ? '' : navigator.language;
}

/** The chat JID from a data-id: "false_120363…@g.us_3A…_participant" → "120363…@g.us". */
export function chatIdFromDataId(dataId: string): string | null {
  const part = dataId.split('_')[1];
  return part?.includes('@') ? part : null;
}

/**
 * The open chat. Its JID when the data-ids carry one; otherwise (2026 builds, bare ids) a hash of
 * its title, so a chat switch still starts a new summary and "ignore this chat" still works. The
 * hash keeps the chat's name out of storage; two chats with the same name share it.
 */
function chat(doc: Document, sel: CompiledSelectors, _loc: PageLocation, sample: Element | null): ChatInfo {
  const { title } = chatTitle(doc, sel);
  const k = sample ? key(sample, sel, null) : null;
  const jid = k ? chatIdFromDataId(k) : null;
  return { id: jid ?? (title ? `title:${hashText(title)}` : null), title, publicLink: null };
}

export const whatsapp: SiteAdapter = { client: 'whatsapp', chat, key, extract };
