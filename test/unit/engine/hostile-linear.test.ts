/**
 * Hostile input: anyone who can message the user can make Vigie scan any text. Every engine path
 * (normaliser steps, tokenizer, term index, signals, scoring, span building, explanations) must
 * stay linear, or one message freezes the chat tab and one line hangs `npm run scan`.
 *
 * For each adversarial shape (hostile-shapes.ts) the whole public path is timed on 1× and 4× the
 * length — 256 Ki and 1 Mi characters — in one run, and 4× the length must cost under 5× the time.
 * linear-time.ts says how the measure stays reliable on a loaded machine (CPU time, in a child
 * process, minimum of several runs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMeasure, LINEAR_BOUND, type LinearMeasure, measureInChild } from '../linear-time';
import { SHAPES } from './hostile-shapes';

describe('engine on hostile input: every path is linear', () => {
  let measures = new Map<string, LinearMeasure>();
  let errors = '';
  beforeAll(async () => {
    ({ measures, errors } = await measureInChild(new URL('./hostile-shapes.ts', import.meta.url)));
  }, 600_000);

  it.each(SHAPES.map(([name]) => name))('%s: 4× the length costs under 5× the time', (name) => {
    const m = measures.get(name);
    expect(m, `not measured: ${errors}`).toBeDefined();
    const measure = m as LinearMeasure;
    // 1 Mi characters, unless one run was already slow at a smaller size (then the ratio tells).
    if (!measure.slow) expect(measure.size * 4).toBe(1 << 20);
    expect(measure.ratio, `${name}: ${describeMeasure(measure)}`).toBeLessThan(LINEAR_BOUND);
  });
});
