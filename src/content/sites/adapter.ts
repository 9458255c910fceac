/**
 * What a site adapter does: turn one message element into the facts the scanner needs. Adapters
 * hold LOGIC only; every selector comes from the rule bundle (CompiledSelectors).
 */
import type { ClientId } from '../../shared/messages';
import type { CompiledSelectors } from '../selectors';
import { extractText, MAX_TEXT_LENGTH, safeMatches } from '../text';

export interface Extracted {
  /** Stable id of the message in this tab, e.g. "peerId:mid". */
  key: string;
  /** Normalised text (or caption); '' when the message shows none (media only, virtualised row). */
  text: string;
  sender: string | null;
  /** Unix ms, when the page shows it. */
  time: number | null;
  /** Service message or date separator: never scanned. */
  isService: boolean;
  forwarded: boolean;
  /** The element holding the text (blurred when the user asks); null when none matched. */
  textEl: Element | null;
  /** Where the badge goes. */
  anchor: Element;
}

export interface ChatInfo {
  id: string | null;
  title: string | null;
  publicLink: string | null;
}

export interface PageLocation {
  hash: string;
  pathname: string;
}

export interface SiteAdapter {
  client: ClientId;
  /** The open chat. `sample` is any message element of it, when there is one. */
  chat(doc: Document, sel: CompiledSelectors, loc: PageLocation, sample: Element | null): ChatInfo;
  /** Just the key (attribute reads only; cheap). Null when `el` is not a message. */
  key(el: Element, sel: CompiledSelectors, chatId: string | null): string | null;
  extract(el: Element, sel: CompiledSelectors, chatId: string | null): Extracted | null;
  /**
   * The open chat's root, when the first match of `sel.root` is not enough (a client that keeps
   * hidden chats mounted). Default: the first element matching the first candidate that matches.
   */
  root?(doc: Document, sel: CompiledSelectors): Element | null;
  /**
   * The client's own fallback when no message selector matches (`scope` is the root, or the body
   * when there is none). Default: the generic repeated-blocks heuristic (../fallback.ts).
   */
  fallback?(scope: Element, sel: CompiledSelectors, chatId: string | null): FallbackBlock[];
}

/** One text block found by a fallback, with the key the client gives it. */
export interface FallbackBlock {
  el: Element;
  text: string;
  key: string;
  sender: string | null;
}

/** More text blocks than this in one message are not read (a chat message has a few dozen lines). */
export const MAX_TEXT_BLOCKS = 2000;

/**
 * The message's text: EVERY block matching the first text candidate that matches anything usable
 * inside `el`, in document order, joined by newlines. A formatted message (a list, a quote block)
 * can render as several text blocks (WhatsApp: several `span.selectable-text` under one
 * `[data-pre-plain-text]`); reading only the first would read only the first line.
 * Matches inside an excluded part (reply quote, name, preview…) are skipped, and so are matches
 * nested in an earlier kept block (a link span inside a text span), so nothing is read twice.
 * `textEl` is the one block, or the closest element holding all of them (what gets blurred).
 * With `skipEmpty`, a candidate whose blocks hold no text does not end the search: a client may
 * leave an emptied element where the text used to be and put the text elsewhere (Web K's
 * emoji-only bubbles); the first such element is still returned, with '', when no candidate has text.
 */
export function pickText(
  el: Element,
  sel: CompiledSelectors,
  options: { skipEmpty?: boolean } = {},
): { textEl: Element | null; text: string } {
  let firstEmpty: Element | null = null;
  for (const candidate of sel.text) {
    let matches: NodeListOf<Element>;
    try {
      matches = el.querySelectorAll(candidate);
    } catch {
      continue;
    }
    const blocks: Element[] = [];
    const parts: string[] = [];
    let length = 0;
    for (const match of matches) {
      // Document order puts an ancestor before its descendants: only the last kept block can
      // contain this match.
      const last = blocks[blocks.length - 1];
      if (last?.contains(match)) continue;
      if (insideExcluded(match, el, sel.textExclude)) continue;
      blocks.push(match);
      const part = extractText(match, sel.textExclude);
      if (part !== '') {
        parts.push(part);
        length += part.length + 1;
      }
      // Bounded like extractText (a listing shows itself early), and in blocks, empty ones too.
      if (length >= MAX_TEXT_LENGTH || blocks.length >= MAX_TEXT_BLOCKS) break;
    }
    if (blocks.length === 0) continue;
    if (parts.length === 0 && options.skipEmpty) {
      firstEmpty ??= commonAncestor(blocks, el);
      continue;
    }
    return { textEl: commonAncestor(blocks, el), text: parts.join('\n').slice(0, MAX_TEXT_LENGTH) };
  }
  if (firstEmpty) return { textEl: firstEmpty, text: '' };
  // Selectors no longer match the text: read the whole message minus the known non-text parts.
  return { textEl: null, text: extractText(el, sel.textExclude) };
}

/** The closest element containing every block (the block itself when there is one), within `stop`. */
function commonAncestor(blocks: readonly Element[], stop: Element): Element {
  let common = blocks[0] as Element;
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i] as Element;
    while (common !== stop && !common.contains(block)) common = common.parentElement ?? stop;
  }
  return common;
}

function insideExcluded(node: Element, stop: Element, exclude: string): boolean {
  if (exclude === '') return false;
  for (let p: Element | null = node; p !== null && p !== stop; p = p.parentElement) {
    if (safeMatches(p, exclude)) return true;
  }
  return false;
}

export function isService(el: Element, sel: CompiledSelectors): boolean {
  return sel.service !== '' && safeMatches(el, sel.service);
}

export function isForwarded(el: Element, sel: CompiledSelectors): boolean {
  if (sel.forwarded === '') return false;
  return safeMatches(el, sel.forwarded) || el.querySelector(sel.forwarded) !== null;
}

/** Sender display name: an element's text, or its aria-label ("Name:") when it has no text. */
export function pickSender(el: Element, sel: CompiledSelectors): string | null {
  for (const candidate of sel.sender) {
    const found = el.querySelector(candidate);
    if (!found) continue;
    const text = (found.textContent ?? '').trim() || (found.getAttribute('aria-label') ?? '').trim();
    const name = text.replace(/:\s*$/, '').trim();
    if (name) return name.slice(0, 200);
  }
  return null;
}

export function pickAnchor(el: Element, sel: CompiledSelectors): Element {
  for (const candidate of sel.badgeAnchor) {
    const found = el.querySelector(candidate);
    if (found) return found;
  }
  return el;
}

export function chatTitle(
  doc: Document,
  sel: CompiledSelectors,
): { el: Element | null; title: string | null } {
  for (const candidate of sel.chatTitle) {
    const el = doc.querySelector(candidate);
    const title = el?.textContent?.trim();
    if (el && title) return { el, title: title.slice(0, 200) };
  }
  return { el: null, title: null };
}
