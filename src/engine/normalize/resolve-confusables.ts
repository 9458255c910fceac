/**
 * Step 5 — Cyrillic, Greek and Armenian look-alikes → Latin (table in resolve-confusables.data.ts).
 *
 * @example resolveConfusable(0x0441) === 'c'  // Cyrillic с
 * @example resolveConfusable(0x63) === undefined
 */
import { CONFUSABLES } from './resolve-confusables.data';

export function resolveConfusable(cp: number): string | undefined {
  return CONFUSABLES.get(cp);
}
