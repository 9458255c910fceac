/**
 * Where the messages of the open chat are, as the scanner resolves it: shared with
 * `npm run sites:check`, so what that tool prints is what the content script does.
 */
import type { CompiledSelectors } from './selectors';
import type { ChatInfo, SiteAdapter } from './sites/adapter';

export interface RootPick {
  /** The open chat's message list; null when no root candidate resolves (then: the document). */
  root: Element | null;
  /** The message candidate that matches there, and its first match; null when none does. */
  messageSelector: string | null;
  sample: Element | null;
  /** The root candidates that resolved, in order: where the fallback looks. */
  scopes: Element[];
}

/**
 * The open chat's message list: the first root candidate that holds a message. A candidate that
 * resolves but holds none is not trusted (Web K places an empty `.bubbles-inner` before the real
 * one); the next is tried. With no candidate resolving at all, the whole document.
 */
export function pickRoot(doc: Document, adapter: SiteAdapter, sel: CompiledSelectors): RootPick {
  if (adapter.root) {
    const root = adapter.root(doc, sel);
    return { root, ...firstMessage(root ?? doc, sel), scopes: root ? [root] : [] };
  }
  const scopes: Element[] = [];
  for (const candidate of sel.root) {
    const el = doc.querySelector(candidate);
    if (!el || scopes.includes(el)) continue;
    const found = firstMessage(el, sel);
    if (found.messageSelector !== null) return { root: el, ...found, scopes: [el] };
    scopes.push(el);
  }
  if (scopes.length > 0) return { root: scopes[0] ?? null, messageSelector: null, sample: null, scopes };
  return { root: null, ...firstMessage(doc, sel), scopes };
}

/** The first message candidate that matches under `scope`, and the element it matched. */
export function firstMessage(
  scope: ParentNode,
  sel: CompiledSelectors,
): { messageSelector: string | null; sample: Element | null } {
  for (const candidate of sel.message) {
    const sample = scope.querySelector(candidate);
    if (sample) return { messageSelector: candidate, sample };
  }
  return { messageSelector: null, sample: null };
}

/**
 * Where the fallback looks when no selector reads a message: each root candidate that resolved,
 * in order. One that shows no text at all (Web K's empty decoy list) stands for the part of the
 * page around it: its nearest ancestor that shows text. With no candidate resolving, the body.
 * Beyond a candidate itself only when the page names an open chat (its address, its header):
 * with no chat open, the nearest text around an empty pane, or the body, is the chat list.
 */
export function fallbackScopes(doc: Document, scopes: readonly Element[], chat: ChatInfo): Element[] {
  const named = chat.id !== null || chat.title !== null;
  const body = doc.body ?? doc.documentElement;
  if (scopes.length === 0) return named ? [body] : [];
  const out: Element[] = [];
  for (const scope of scopes) {
    let el: Element | null = scope;
    if (!showsText(scope)) {
      el = named ? scope.parentElement : null;
      while (el && el !== body && !showsText(el)) el = el.parentElement;
    }
    if (el && !out.includes(el)) out.push(el);
  }
  return out;
}

/** Any non-blank text under `el` (stops at the first; runs only on a page Vigie cannot read). */
export function showsText(el: Element): boolean {
  // 4 = NodeFilter.SHOW_TEXT
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode())
    if (node.nodeValue?.trim()) return true;
  return false;
}
