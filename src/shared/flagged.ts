/**
 * Builds the popup's view of one flagged message (in memory only): a short excerpt with the
 * matched words located inside it, and the reasons in plain words.
 */
import type { Explanation, Span, Verdict } from '../engine/types';
import type { FlaggedItem } from './messages';

export const EXCERPT_LENGTH = 280;

export interface ExplainSource {
  explanation(key: string): Explanation;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Up to 280 characters around the first match, with the matches' spans moved into it. */
export function makeExcerpt(text: string, spans: readonly Span[]): { excerpt: string; highlights: Span[] } {
  const sorted = [...spans].filter((s) => s[1] > s[0]).sort((a, b) => a[0] - b[0]);
  const first = sorted[0]?.[0] ?? 0;
  let start = first + 40 > EXCERPT_LENGTH ? Math.max(0, first - 40) : 0;
  // Never cut a surrogate pair in half (emoji, rare scripts).
  if (start > 0 && isHighSurrogate(text.charCodeAt(start - 1))) start -= 1;
  const prefix = start > 0 ? '…' : '';
  let end = text.length;
  let suffix = '';
  if (prefix.length + (end - start) > EXCERPT_LENGTH) {
    end = start + EXCERPT_LENGTH - prefix.length - 1;
    if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    suffix = '…';
  }
  const excerpt = prefix + text.slice(start, end) + suffix;
  const shift = prefix.length - start;
  // Merged: several rules often match the same or overlapping words.
  const highlights: [number, number][] = [];
  for (const [s, e] of sorted) {
    const cs = Math.max(s, start) + shift;
    const ce = Math.min(e, end) + shift;
    if (ce <= cs) continue;
    const last = highlights.at(-1);
    if (last && cs <= last[1]) last[1] = Math.max(last[1], ce);
    else highlights.push([cs, ce]);
  }
  return { excerpt, highlights };
}

/**
 * Reasons that point TOWARDS a listing, strongest first, one per explanation (reasons sharing
 * an explanation are merged, their matched spans kept together).
 */
export function positiveReasons(verdict: Verdict): Verdict['reasons'] {
  const byExplain = new Map<string, Verdict['reasons'][number]>();
  for (const r of [...verdict.reasons].sort((a, b) => b.weight - a.weight)) {
    if (r.kind === 'counter' || r.weight <= 0) continue;
    const seen = byExplain.get(r.explain);
    if (seen) byExplain.set(r.explain, { ...seen, spans: [...seen.spans, ...r.spans] });
    else byExplain.set(r.explain, r);
  }
  return [...byExplain.values()];
}

export function makeFlaggedItem(
  key: string,
  text: string,
  verdict: Verdict,
  detector: ExplainSource,
  meta: { time: number | null; sender: string | null },
): FlaggedItem {
  const reasons = positiveReasons(verdict);
  const { excerpt, highlights } = makeExcerpt(
    text,
    reasons.flatMap((r) => r.spans),
  );
  return {
    key,
    category: verdict.category ?? 'other-illicit',
    level: verdict.level,
    score: verdict.score,
    excerpt,
    highlights,
    reasons: reasons.map((r) => ({
      kind: r.kind,
      explain: r.explain,
      text: safeExplanation(detector, r.explain),
    })),
    time: meta.time,
    sender: meta.sender,
  };
}

function safeExplanation(detector: ExplainSource, key: string): Explanation {
  try {
    // A fresh object per reason: the engine may hand out one shared (even frozen) object per key.
    const { en, fr } = detector.explanation(key);
    return { en: String(en), fr: String(fr) };
  } catch {
    return { en: key, fr: key };
  }
}

/** The distinct words a reason matched, for the badge's "matched words" list. */
export function matchedWords(text: string, spans: readonly Span[], max = 6): string[] {
  const words: string[] = [];
  for (const [s, e] of spans) {
    const w = text.slice(s, e).trim().slice(0, 60);
    if (w && !words.includes(w)) words.push(w);
    if (words.length >= max) break;
  }
  return words;
}
