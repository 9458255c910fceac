/**
 * Conservative fallback for when the rule set's selectors find no message although the chat
 * plainly shows text (the client changed its layout). It looks for the biggest run of repeated
 * sibling blocks that carry text — the shape of any chat — and treats each block as a message.
 * Used to MARK only (never blur or hide), and reported to the popup as "layout not recognised".
 * Blocks are found by structure only: tag names and text, never class names (they are what
 * changed). Within a block, what the rule set still names as not the sender's (previews, quotes,
 * names, service rows) is left out when it still matches, so a parent's warning next to a shop's
 * link preview is not marked here either.
 */
import { isOwn } from './own-nodes';
import { extractText, safeMatches } from './text';

/** Fewer repeated blocks than this is not "plainly a chat". */
export const MIN_BLOCKS = 5;
/** Bounds the walk on huge pages; the fallback must stay cheap too. */
const MAX_ELEMENTS = 20_000;
const MIN_TEXT = 2;
const TIME_ONLY = /^\s*\d{1,2}[:.h]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?\s*$/;
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'svg',
  'HEAD',
  'INPUT',
  'TEXTAREA',
  'SELECT',
]);

export interface TextBlock {
  el: Element;
  text: string;
}

/**
 * What the rule set still knows when only its message selectors broke: the parts of a message
 * that are not the sender's (`textExclude`: previews, quotes, names, UI strings), service rows,
 * and where the sender's text sits (`text`). Used only to leave such parts out of a block; a hint
 * that would empty a block is ignored, since the hints may be stale too.
 */
export interface FallbackHints {
  textExclude: string;
  service: string;
  text: readonly string[];
}

/** Text of a block minus lines that are only a clock time (and the parts `skip` says). */
export function blockText(el: Element, skip?: (el: Element) => boolean): string {
  return extractText(el, `[contenteditable], [aria-hidden='true']`, skip)
    .split('\n')
    .filter((line) => !TIME_ONLY.test(line))
    .join('\n')
    .trim();
}

/**
 * A block's text without the parts `hints` name as not the sender's. An exclusion that holds the
 * sender's text is not applied (Web K lists `.bubble`, to skip a bubble nested in a message, but
 * a block here may be a whole group of bubbles). Null when the block is only service rows.
 */
function hintedText(el: Element, hints: FallbackHints): string | null {
  const { textExclude, service } = hints;
  const text = hints.text.join(', ');
  if (service !== '' && blockText(el, (e) => safeMatches(e, service)) === '') return null;
  return blockText(
    el,
    (e) =>
      (service !== '' && safeMatches(e, service)) ||
      (textExclude !== '' && safeMatches(e, textExclude) && (text === '' || !holds(e, text))),
  );
}

function holds(el: Element, selector: string): boolean {
  try {
    return el.querySelector(selector) !== null;
  } catch {
    return false;
  }
}

/** The children of the element whose text-bearing children are most numerous and wordiest. */
export function findTextBlocks(scope: Element, hints?: FallbackHints): TextBlock[] {
  let best: { parent: Element; score: number } | null = null;
  const stack: Element[] = [scope];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_ELEMENTS) {
    const el = stack.pop() as Element;
    visited++;
    if (SKIP.has(el.tagName) || isOwn(el) || el.getAttribute('contenteditable') === 'true') continue;
    const children = el.children;
    if (children.length >= MIN_BLOCKS) {
      const score = scoreParent(el);
      if (score > 0 && (best === null || score > best.score)) best = { parent: el, score };
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Element);
  }
  if (!best) return [];
  const blocks: TextBlock[] = [];
  for (const child of best.parent.children) {
    const text = blockText(child);
    if (text.length >= MIN_TEXT) blocks.push({ el: child, text });
  }
  if (blocks.length < MIN_BLOCKS) return [];
  if (!hints) return blocks;
  // Service rows dropped, parts that are not the sender's left out; a hint that would drop
  // every block, or empty one, is not trusted.
  const hinted: TextBlock[] = [];
  for (const block of blocks) {
    const text = hintedText(block.el, hints);
    if (text === null) continue;
    hinted.push({ el: block.el, text: text.length >= MIN_TEXT ? text : block.text });
  }
  return hinted.length > 0 ? hinted : blocks;
}

/** Sum of (capped) text lengths of the children that share the most common tag name. */
function scoreParent(parent: Element): number {
  const byTag = new Map<string, number>();
  for (const child of parent.children) byTag.set(child.tagName, (byTag.get(child.tagName) ?? 0) + 1);
  let tag = '';
  let count = 0;
  for (const [t, n] of byTag) if (n > count) [tag, count] = [t, n];
  if (count < MIN_BLOCKS) return 0;
  let score = 0;
  let withText = 0;
  for (const child of parent.children) {
    if (child.tagName !== tag) continue;
    const length = (child.textContent ?? '').trim().length;
    if (length >= MIN_TEXT) {
      withText++;
      score += Math.min(length, 400);
    }
  }
  return withText >= MIN_BLOCKS ? score : 0;
}
