/**
 * Reading a message's text out of the DOM, and hashing it. Reads only: never writes to the page.
 *
 * The text is collected from text nodes (never innerText, which forces a layout per message),
 * skipping excluded parts (time, meta, reply quotes, our own badge). Block boundaries and <br>
 * become newlines because the engine treats several item/price lines as a "menu".
 */

import { MAX_MESSAGE_LENGTH } from '../shared/limits';
import { isOwn } from './own-nodes';

/** Longer texts are cut: a listing shows itself early, and this bounds the time one message can take. */
export const MAX_TEXT_LENGTH = MAX_MESSAGE_LENGTH;

const BLOCK_TAGS = new Set(['DIV', 'P', 'LI', 'BLOCKQUOTE', 'PRE', 'TR', 'H1', 'H2', 'H3', 'H4', 'SECTION']);
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'SVG',
  'svg',
  'BUTTON',
  'INPUT',
  'TEXTAREA',
]);

/**
 * Text of `root` without the parts matching `exclude` (a selector list, may be empty) or for
 * which `skip` says so. Emoji drawn as <img alt="😀"> count as their alt text.
 */
export function extractText(root: Element, exclude: string, skip?: (el: Element) => boolean): string {
  // A text block can itself be an emoji image (a message line that is only an emoji).
  if (root.tagName === 'IMG') return normaliseSpace(emojiAlt(root));
  const parts: string[] = [];
  let length = 0;
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (length >= MAX_TEXT_LENGTH) return;
      if (child.nodeType === 3) {
        const data = (child as Text).data;
        parts.push(data);
        length += data.length;
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName;
        // Our own badge hosts are known by identity (./own-nodes.ts); their content is never page text.
        if (SKIP_TAGS.has(tag) || isOwn(el)) continue;
        if (exclude !== '' && safeMatches(el, exclude)) continue;
        if (skip?.(el)) continue;
        if (tag === 'BR') {
          parts.push('\n');
          continue;
        }
        if (tag === 'IMG') {
          parts.push(emojiAlt(el));
          continue;
        }
        const block = BLOCK_TAGS.has(tag);
        if (block) parts.push('\n');
        walk(el);
        if (block) parts.push('\n');
      }
    }
  };
  walk(root);
  return normaliseSpace(parts.join('').slice(0, MAX_TEXT_LENGTH));
}

/** An <img>'s alt when it is short enough to be an emoji (a picture's description is not text). */
function emojiAlt(img: Element): string {
  const alt = img.getAttribute('alt');
  return alt && alt.length <= 8 ? alt : '';
}

/** Collapse runs of spaces and of newlines; trim. Offsets of spans refer to this normalised text. */
export function normaliseSpace(text: string): string {
  return text
    .replace(/[ \t\f\v\u00a0\u202f]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

export function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * FNV-1a over UTF-16 code units, plus the length: a short id for keys (a fallback block, a chat
 * title). Not proof that two texts are the same: 32-bit collisions are easy to build, so the
 * scanner compares the texts themselves before trusting a verdict.
 */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(36)}`;
}
