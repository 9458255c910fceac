/**
 * Reading a message's text out of the DOM, and hashing it. Reads only: never writes to the page.
 *
 * The text is collected from text nodes (never innerText, which forces a layout per message),
 * skipping excluded parts (time, meta, reply quotes, our own badge). Block boundaries and <br>
 * become newlines because the engine treats several item/price lines as a "menu".
 */

import { sha256 } from '@noble/hashes/sha2.js';
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
 * A stable id for a text: its length and the first 128 bits of its SHA-256, in hex. It keys what
 * has no id of its own (a Snapchat message, a fallback block, a chat known only by its title), and
 * a dismissal is kept under such a key, so two texts must not share an id: the 32-bit FNV-1a it
 * was took milliseconds to collide, and a sender could replace a message the user had dismissed by
 * a listing built to collide with it, dismissed in advance (issue 17, point 2). Collisions of 128
 * bits of SHA-256 are out of reach. Still not used to tell whether a text changed: the scanner
 * compares the texts themselves.
 */
export function hashText(text: string): string {
  // The UTF-16 code units themselves, not UTF-8: an encoder maps every lone surrogate to U+FFFD,
  // which would give texts that differ only there the same id.
  const units = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units[2 * i] = c & 0xff;
    units[2 * i + 1] = c >> 8;
  }
  const digest = sha256(units);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (digest[i] as number).toString(16).padStart(2, '0');
  return `${text.length}:${hex}`;
}
