/**
 * The nodes Vigie adds to a chat page (badge hosts), known by IDENTITY, not by an attribute: an
 * attribute such as `data-vigie-badge` told any page script that Vigie is installed and which
 * messages it flagged (issue 17, point 12). The set lives in the content script's isolated world,
 * which page scripts cannot reach. Test builds also set an attribute (./test-hooks.ts).
 */
import { TEST_BADGE_ATTR, TEST_HOOKS } from './test-hooks';

const own = new WeakSet<Node>();

export function markOwn(node: Element): void {
  own.add(node);
  if (TEST_HOOKS) node.setAttribute(TEST_BADGE_ATTR, '');
}

export function isOwn(node: Node): boolean {
  return own.has(node);
}
