/**
 * The `[reason "words"; …]` field of `npm run scan`'s FLAG lines, for plain text and exports alike.
 * Reasons go through the same positiveReasons as the popup's cards: one per explanation (two rules
 * with one explanation used to print it twice: 'drug slang "coke"; drug slang "coke"'), strongest
 * first, counters left out as the user never sees them either.
 */
import type { Detector, Verdict } from '../../src/engine';
import { positiveReasons } from '../../src/shared/flagged';

export function reasonsLine(
  text: string,
  verdict: Verdict,
  detector: Pick<Detector, 'explanation'>,
  /** How a matched span is shown (an export flattens a span over several lines). */
  show: (words: string) => string = (w) => w,
): string {
  return positiveReasons(verdict)
    .map((r) => {
      const words = [...new Set(r.spans.map(([s, e]) => show(text.slice(s, e))))].slice(0, 3);
      return `${detector.explanation(r.explain).en}${words.length ? ` "${words.join('", "')}"` : ''}`;
    })
    .join('; ');
}
