/**
 * Snapchat for Web (www.snapchat.com/web, web.snapchat.com). Reconstructed from third-party tools,
 * not from a capture (shared docs SNAPCHAT.md):
 *
 *   #cv-<conversationId>            the OPEN conversation (kept-alive ones may stay mounted, hidden)
 *     > li                          a row: date separator (<time>), status line, or sender block
 *       > header                    sender name, only on the first block of a run
 *       > ul > li                   one message; an inset quote may precede the reply text
 *
 * The page has no message ids, so a message's key is conversation + sender hash + text hash +
 * occurrence (how many earlier messages of the same sender had the same text). Senders are
 * carried forward from the last block that showed a header. Hashed class names churn, so the
 * rules use structure only; when even the structure stops matching, `fallback` reads the text
 * leaves of the open conversation.
 */

import { isOwn } from '../own-nodes';
import type { CompiledSelectors } from '../selectors';
import { extractText, hashText, MAX_TEXT_LENGTH, safeMatches } from '../text';
import {
  type ChatInfo,
  type Extracted,
  type FallbackBlock,
  type PageLocation,
  pickAnchor,
  pickSender,
  type SiteAdapter,
} from './adapter';

const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/g;
/** How far back a sender is looked for: a run of header-less blocks is never this long. */
const MAX_SENDER_WALK = 200;

/**
 * Inline status lines (paulomobude's filters, SNAPCHAT.md §4): never messages, never attributed.
 * English only: the French and other wordings are not known.
 */
const STATUS_LINES = [
  /^you are using snapchat for web\.?$/i,
  /^(?:.{1,80} )?(?:saved|unsaved|deleted|replayed) (?:a|an|the|\d+) (?:chats?|snaps?|messages?)\.?$/i,
  /^(?:.{1,80} )?took a screenshot(?: of (?:a |the )?chat)?[.!]?$/i,
  /^(?:.{1,80} )?screen ?recorded(?: .{0,40})?$/i,
];
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** Date separators, when they are not in a <time> (fallback path only). */
const DATE_LINE = new RegExp(
  `^(?:today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day|${MONTH} \\d{1,2}(?:,? \\d{4})?|\\d{1,2} ${MONTH}(?: \\d{4})?)(?:,? (?:at )?\\d{1,2}[:.]\\d{2}(?: ?[ap]\\.?m\\.?)?)?$`,
  'i',
);

/** What the fallback walk never reads (SNAPCHAT.md §2, paulomobude's fallback). */
const FALLBACK_SKIP = `header, nav, footer, aside, blockquote, button, [role='button'], [role='textbox'], [contenteditable], time, svg, input, textarea, select, [aria-hidden='true']`;

export function isStatusLine(text: string): boolean {
  return text.length <= 160 && STATUS_LINES.some((re) => re.test(text));
}

export function isDateLine(text: string): boolean {
  return text.length <= 40 && DATE_LINE.test(text);
}

function clean(text: string): string {
  return text.replace(ZERO_WIDTH, '').trim();
}

/** The first root candidate that is shown; kept-alive conversations stay mounted but hidden. */
function root(doc: Document, sel: CompiledSelectors): Element | null {
  let first: Element | null = null;
  for (const candidate of sel.root) {
    let found: NodeListOf<Element>;
    try {
      found = doc.querySelectorAll(candidate);
    } catch {
      continue;
    }
    for (const el of found) {
      first ??= el;
      if (isShown(el)) return el;
    }
  }
  // None shown (the privacy screen may hide the open chat): the first one, never a hidden
  // sibling over it. Its badges stay as hidden as the chat.
  return first;
}

function isShown(el: Element): boolean {
  for (let p: Element | null = el; p !== null; p = p.parentElement) {
    if (p.hasAttribute('hidden') || p.getAttribute('aria-hidden') === 'true') return false;
    const style = (p as HTMLElement).style;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  }
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el) : true;
}

function rootOf(el: Element, sel: CompiledSelectors): Element | null {
  for (const candidate of sel.root) {
    try {
      const found = el.closest(candidate);
      if (found) return found;
    } catch {
      // An invalid selector was already dropped at compile time; be safe anyway.
    }
  }
  return null;
}

/** The message selector that matches inside this conversation (the scanner picks the same). */
function messageSelector(scope: ParentNode, sel: CompiledSelectors): string | null {
  for (const candidate of sel.message) if (scope.querySelector(candidate)) return candidate;
  return null;
}

export interface SnapMessage {
  /** The message's own text (zero-width characters removed). */
  text: string;
  /** The quoted message's text, '' when the message quotes nothing. */
  quote: string;
  textEl: Element | null;
}

/**
 * A message's text. A quoted reply shows an inset (the original author's label and text) BEFORE
 * its own text (paulomobude-cell/snapbot test/quoted-replies.mjs), and a message can hold several
 * text elements, one per line (Emmanuel-Rods/SnapBot reads every text span of a message). So the
 * LAST text element is the message's, and so are the earlier ones laid out with it (the same
 * parent, looking through wrappers that hold only one element); earlier ones elsewhere are the
 * quote. Semantic quotes (blockquote) are excluded by the rules outright.
 */
export function readMessage(el: Element, sel: CompiledSelectors): SnapMessage {
  for (const candidate of sel.text) {
    let matches: NodeListOf<Element>;
    try {
      matches = el.querySelectorAll(candidate);
    } catch {
      continue;
    }
    const usable: Element[] = [];
    for (const m of matches) {
      // Document order: a match nested in the last kept one is read with it (linear, not n²).
      const last = usable[usable.length - 1];
      if (last?.contains(m) || insideExcluded(m, el, sel.textExclude)) continue;
      usable.push(m);
    }
    const last = usable[usable.length - 1];
    if (!last) continue;
    const box = lineBox(last, el);
    const own = usable.filter((m) => lineBox(m, el) === box);
    const quote = usable
      .filter((m) => lineBox(m, el) !== box)
      .map((m) => clean(extractText(m, sel.textExclude)))
      .filter(Boolean)
      .join('\n');
    const text = own
      .map((m) => clean(extractText(m, sel.textExclude)))
      .filter(Boolean)
      .join('\n')
      .slice(0, MAX_TEXT_LENGTH);
    return { text, quote, textEl: own.length === 1 ? last : box };
  }
  return { text: clean(extractText(el, sel.textExclude)), quote: '', textEl: null };
}

/** The element a text element is laid out in: its parent, through wrappers holding only it. */
function lineBox(node: Element, stop: Element): Element {
  let child = node;
  let parent = node.parentElement;
  while (parent && parent !== stop && parent.childElementCount === 1) {
    child = parent;
    parent = parent.parentElement;
  }
  return parent ?? child;
}

function insideExcluded(node: Element, stop: Element, exclude: string): boolean {
  for (let p: Element | null = node; p !== null && p !== stop; p = p.parentElement) {
    if (safeMatches(p, exclude)) return true;
  }
  return false;
}

/** The row of `el`: its ancestor that is a direct child of the conversation root. */
function rowOf(el: Element, convRoot: Element): Element | null {
  let p: Element | null = el;
  while (p && p.parentElement !== convRoot) p = p.parentElement;
  return p;
}

/** Sender of a message: its block's header, else the last header of an earlier block. */
export function senderOf(el: Element, convRoot: Element, sel: CompiledSelectors): string | null {
  let row = rowOf(el, convRoot);
  for (let i = 0; row && i < MAX_SENDER_WALK; i++, row = row.previousElementSibling) {
    if (!row.querySelector('header')) continue;
    const name = pickSender(row, sel);
    if (name) return clean(name);
  }
  return null;
}

// Parsed text per element, reused while the element's text is unchanged (keys count earlier
// messages, which would otherwise be re-read once per later message).
const readCache = new WeakMap<Element, { raw: string; text: string }>();

function cachedText(el: Element, sel: CompiledSelectors): string {
  const raw = el.textContent ?? '';
  const hit = readCache.get(el);
  if (hit && hit.raw === raw) return hit.text;
  const text = readMessage(el, sel).text;
  readCache.set(el, { raw, text });
  return text;
}

/**
 * Hashes, not names or text: a key is kept when the user dismisses a message, and neither the
 * message nor who sent it should sit in storage for that.
 */
function makeKey(chatId: string | null, sender: string | null, text: string, occurrence: number): string {
  return `${chatId ?? ''}|${sender === null ? '' : hashText(sender)}|${hashText(text)}|${occurrence}`;
}

/**
 * Occurrence numbers of every message of a conversation, computed in ONE pass and reused while
 * the conversation's rows are the same (same count, same first and last row). Counting per
 * message instead would compare each message with all earlier ones: quadratic in a long chat.
 */
interface Occurrences {
  count: number;
  first: Element | null;
  last: Element | null;
  byElement: WeakMap<Element, number>;
}
const occurrenceCache = new WeakMap<Element, Occurrences>();

function occurrenceOf(el: Element, convRoot: Element, sel: CompiledSelectors, selector: string): number {
  let cached = occurrenceCache.get(convRoot);
  if (
    !cached ||
    cached.count !== convRoot.childElementCount ||
    cached.first !== convRoot.firstElementChild ||
    cached.last !== convRoot.lastElementChild ||
    !cached.byElement.has(el)
  ) {
    const seen = new Map<string, number>();
    const byElement = new WeakMap<Element, number>();
    for (const other of convRoot.querySelectorAll(selector)) {
      const base = `${senderOf(other, convRoot, sel) ?? ''}\u0000${cachedText(other, sel)}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      byElement.set(other, n);
    }
    cached = {
      count: convRoot.childElementCount,
      first: convRoot.firstElementChild,
      last: convRoot.lastElementChild,
      byElement,
    };
    occurrenceCache.set(convRoot, cached);
  }
  return cached.byElement.get(el) ?? 0;
}

function keyOf(el: Element, sel: CompiledSelectors, chatId: string | null, text: string): string | null {
  const convRoot = rootOf(el, sel);
  if (!convRoot) return null;
  const sender = senderOf(el, convRoot, sel);
  const selector = messageSelector(convRoot, sel);
  const occurrence = selector ? occurrenceOf(el, convRoot, sel, selector) : 0;
  return makeKey(chatId ?? convRoot.id.slice(3), sender, text, occurrence);
}

function key(el: Element, sel: CompiledSelectors, chatId: string | null): string | null {
  return keyOf(el, sel, chatId, cachedText(el, sel));
}

function extract(el: Element, sel: CompiledSelectors, chatId: string | null): Extracted | null {
  const convRoot = rootOf(el, sel);
  if (!convRoot) return null;
  const read = readMessage(el, sel);
  readCache.set(el, { raw: el.textContent ?? '', text: read.text });
  const k = keyOf(el, sel, chatId, read.text);
  if (k === null) return null;
  const service = isStatusLine(read.text);
  return {
    key: k,
    text: service ? '' : read.text,
    get sender() {
      return service ? null : senderOf(el, convRoot, sel);
    },
    time: null,
    isService: service,
    forwarded: false,
    textEl: read.textEl,
    get anchor() {
      return pickAnchor(el, sel);
    },
  };
}

/**
 * When the structure no longer matches: every visible text leaf inside the open conversation,
 * minus headers (their text becomes the sender carried forward), buttons, inputs and times.
 * A leaf is the first element, going down, that holds text of its own; its whole text counts.
 */
function fallback(scope: Element, _sel: CompiledSelectors, chatId: string | null): FallbackBlock[] {
  if (!scope.id.startsWith('cv-')) return [];
  const conversation = chatId ?? scope.id.slice(3);
  const blocks: FallbackBlock[] = [];
  const seen = new Map<string, number>();
  let sender: string | null = null;
  const walk = (el: Element): void => {
    for (let child = el.firstElementChild; child !== null; child = child.nextElementSibling) {
      if (isOwn(child)) continue;
      if (safeMatches(child, FALLBACK_SKIP)) {
        if (child.tagName === 'HEADER') sender = clean(child.textContent ?? '').slice(0, 200) || sender;
        continue;
      }
      if (!hasOwnText(child)) {
        walk(child);
        continue;
      }
      const text = clean(extractText(child, FALLBACK_SKIP));
      if (text.length < 2 || isStatusLine(text) || isDateLine(text)) continue;
      const base = `${sender ?? ''}|${text}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      blocks.push({
        el: child,
        text,
        sender,
        key: `${makeKey(conversation, sender, text, occurrence)}|leaf`,
      });
    }
  };
  walk(scope);
  return blocks;
}

function hasOwnText(el: Element): boolean {
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 3 && ZERO_WIDTH_OR_SPACE.test((n as Text).data) === false) return true;
  }
  return false;
}
const ZERO_WIDTH_OR_SPACE = /^[\s\u200B-\u200D\uFEFF]*$/;

function chat(doc: Document, sel: CompiledSelectors, _loc: PageLocation, sample: Element | null): ChatInfo {
  const convRoot = (sample && rootOf(sample, sel)) ?? root(doc, sel);
  const id = convRoot?.id.startsWith('cv-') ? convRoot.id.slice(3) || null : null;
  const titleEl = id ? titleOf(doc, sel, id) : null;
  const title = clean(titleEl?.textContent ?? '').slice(0, 200) || null;
  return { id, title, publicLink: null };
}

/**
 * The sidebar names each conversation in an element whose id is "title-<conversationId>"
 * (Emmanuel-Rods/SnapBot, span[id^='title-']): of the elements the chatTitle rules find, the one
 * of the open conversation.
 */
function titleOf(doc: Document, sel: CompiledSelectors, id: string): Element | null {
  const want = `title-${id}`;
  for (const candidate of sel.chatTitle) {
    let found: NodeListOf<Element>;
    try {
      found = doc.querySelectorAll(candidate);
    } catch {
      continue;
    }
    for (const el of found) if (el.id === want) return el;
  }
  return null;
}

export const snapchat: SiteAdapter = { client: 'snapchat', chat, key, extract, root, fallback };
