/**
 * Conservative fallback for when the rule set's selectors find no message although the chat
 * plainly shows text (the client changed its layout). It looks for the biggest run of repeated
 * sibling blocks that carry text — the shape of any chat — and treats each block as a message.
 * Used to MARK only (never blur or hide), and reported to the popup as "layout not recognised".
 * Structure only: tag names and text, never class names (they are what changed).
 */
import { isOwn } from './own-nodes';
import { extractText } from './text';

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

/** Text of a block minus lines that are only a clock time. */
export function blockText(el: Element): string {
  return extractText(el, `[contenteditable], [aria-hidden='true']`)
    .split('\n')
    .filter((line) => !TIME_ONLY.test(line))
    .join('\n')
    .trim();
}

/** The children of the element whose text-bearing children are most numerous and wordiest. */
export function findTextBlocks(scope: Element): TextBlock[] {
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
  return blocks.length >= MIN_BLOCKS ? blocks : [];
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
