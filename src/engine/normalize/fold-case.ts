/**
 * Step 4 — lowercase.
 *
 * Full Unicode lowercasing of one code point (may yield several: İ → i + U+0307, whose mark the
 * fold-char fixpoint then removes). ASCII never reaches this function: the pipeline lowercases
 * it with a table.
 *
 * @example foldCase(0x1d6a) — no-op for letters without case; foldCase(0x0421) === 'с' (Cyrillic)
 */
export function foldCase(cp: number): string {
  return String.fromCodePoint(cp).toLowerCase();
}
