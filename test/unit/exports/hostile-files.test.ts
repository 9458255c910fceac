/**
 * Hostile files (issue 17, point 3): anyone who can hand the user a file can make the export
 * checker and `npm run scan` read it. Every reader must stay linear: for each shape
 * (hostile-files.ts), the real entry point scanChatExport is timed on 1× and 4× the size — up to
 * 256 KB and 1 MB — in one run, and 4× the size must cost under 5× the time (linear-time.ts says
 * how the measure stays reliable on a loaded machine). A generous absolute bound catches a path
 * that is linear but absurdly slow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMeasure, LINEAR_BOUND, type LinearMeasure, measureInChild } from '../linear-time';
import { FILES } from './hostile-files';

/** CPU time allowed for the 4× file (1 MB): a reader manages tens of MB per second. */
const MAX_LARGE_MS = 2000;

describe('export readers on hostile files: every reader is linear', () => {
  let measures = new Map<string, LinearMeasure>();
  let errors = '';
  beforeAll(async () => {
    ({ measures, errors } = await measureInChild(new URL('./hostile-files.ts', import.meta.url)));
  }, 600_000);

  it.each(FILES.map(([name]) => name))('%s: 4× the size costs under 5× the time', (name) => {
    const m = measures.get(name);
    expect(m, `not measured: ${errors}`).toBeDefined();
    const measure = m as LinearMeasure;
    const text = `${name}: ${describeMeasure(measure)}`;
    expect(measure.slow, `one run was already slow at a small size: ${text}`).toBe(false);
    expect(measure.ratio, text).toBeLessThan(LINEAR_BOUND);
    expect(measure.large, text).toBeLessThan(MAX_LARGE_MS);
  });
});
