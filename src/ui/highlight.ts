/**
 * Splits an excerpt into plain and highlighted segments from the engine's spans, so the popup can
 * render matched words as <mark> elements with Preact (text nodes only, never innerHTML).
 * Spans come from another context: they are clamped, sorted and merged, never trusted.
 */
import type { Span } from '../engine/types';

export interface Segment {
  text: string;
  marked: boolean;
}

export function segmentExcerpt(text: string, spans: readonly Span[]): Segment[] {
  const clean = spans
    .filter((s) => Array.isArray(s) && Number.isInteger(s[0]) && Number.isInteger(s[1]))
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of clean) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out: Segment[] = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push({ text: text.slice(pos, a), marked: false });
    out.push({ text: text.slice(a, b), marked: true });
    pos = b;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), marked: false });
  return out;
}
