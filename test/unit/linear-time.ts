/**
 * Linear-time check for hostile input: time a path on an input of size 1× and on one of size 4×,
 * in the same run, and compare. A linear path takes ~4× the time, a quadratic one ~16×.
 *
 * Built to stay reliable on a loaded 2-core machine shared with other work:
 *  - it measures CPU time, not wall time: on a loaded machine a run is preempted for random
 *    stretches (wall times of the same run varied 1–3× at load 6), while the CPU time it used
 *    does not change. process.cpuUsage() counts the whole process, and vitest runs other test
 *    files in other threads of its process, so the measuring runs in a child process of its own
 *    (measureInChild);
 *  - both sizes are warmed up first (JIT, buffers grown to size);
 *  - each size is timed several times, interleaved, and the MINIMUM is kept: cache misses after a
 *    context switch and GC pauses only ever add time;
 *  - when a ratio is above the bound, the measurement is repeated (up to `attempts`): a quadratic
 *    path is above it every time, a disturbed run is not;
 *  - the 1× size doubles from `minSize` up to `maxSize`, so the 1× case takes several
 *    milliseconds, but stops early once one run takes `slowMs`: a quadratic path then fails in
 *    seconds at a small size instead of running for minutes at the full one.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LinearMeasure {
  /** Size of the 1× input (units of the case: characters, bytes, messages). */
  size: number;
  /** True when the size stopped growing before maxSize because one run took slowMs. */
  slow: boolean;
  /** Best (minimum) CPU time of the 1× input, ms. */
  small: number;
  /** Best (minimum) CPU time of the 4× input, ms. */
  large: number;
  /** large / small of the attempt with the lowest ratio. */
  ratio: number;
}

/** One hostile shape: how to build an input of a given size, and the path to time on it. */
export interface LinearCase<T = unknown> {
  name: string;
  make(size: number): T;
  /** The path to time; may be async (awaited, its CPU time counted across the awaits). */
  run(input: T): unknown;
  /** First 1× size tried (default 16 Ki). */
  minSize?: number;
  /** Largest 1× size (default 256 Ki; the 4× input is then 1 Mi). */
  maxSize?: number;
}

export interface LinearOptions {
  /** Timed repetitions per size and attempt. */
  reps?: number;
  /** Measurements tried before giving up. */
  attempts?: number;
  /** The ratio under which the path counts as linear. */
  bound?: number;
  /** Stop growing the 1× size once one run takes this long (ms of CPU). */
  slowMs?: number;
}

export const LINEAR_BOUND = 5;

/** CPU time used by this process so far, ms (user + system, all its threads). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timeOnce<T>(run: (input: T) => unknown, input: T, times = 1): Promise<number> {
  const t0 = cpuMs();
  for (let k = 0; k < times; k++) await run(input);
  return cpuMs() - t0;
}

/** Measure one case as described above. Call it only in a process of its own (measureInChild). */
export async function measureLinear<T>(
  c: LinearCase<T>,
  { reps = 5, attempts = 3, bound = LINEAR_BOUND, slowMs = 100 }: LinearOptions = {},
): Promise<LinearMeasure> {
  const maxSize = c.maxSize ?? 1 << 18;
  let size = Math.min(c.minSize ?? 1 << 14, maxSize);
  let small = c.make(size);
  await c.run(small); // the first run compiles, and may build what the path needs (a rule set)
  let slow = false;
  while (size < maxSize) {
    if ((await timeOnce(c.run, small)) >= slowMs) {
      slow = true;
      break;
    }
    size *= 2;
    small = c.make(size);
  }
  const large = c.make(size * 4);
  await c.run(small);
  await c.run(large);
  await c.run(small);
  let best: LinearMeasure | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let s = Number.POSITIVE_INFINITY;
    let l = Number.POSITIVE_INFINITY;
    for (let r = 0; r < reps; r++) {
      s = Math.min(s, (await timeOnce(c.run, small, 4)) / 4);
      l = Math.min(l, await timeOnce(c.run, large));
    }
    const measure = { size, slow, small: s, large: l, ratio: l / Math.max(s, 1e-3) };
    if (!best || measure.ratio < best.ratio) best = measure;
    // A quadratic path is far above the bound every time: only a near miss is worth another try.
    if (best.ratio < bound || best.ratio > 2 * bound) break;
  }
  return best as LinearMeasure;
}

/** "256 Ki: 12.30 ms → 49.00 ms (×3.98)", for failure messages and reports. */
export function describeMeasure(m: LinearMeasure): string {
  const size = m.size % 1024 === 0 ? `${m.size / 1024} Ki` : String(m.size);
  return `${size}${m.slow ? ' (slow: size stopped growing)' : ''}: ${m.small.toFixed(2)} ms → ${m.large.toFixed(2)} ms (×${m.ratio.toFixed(2)})`;
}

const CHILD = fileURLToPath(new URL('./linear-child.ts', import.meta.url));

/**
 * Measure every case of `module` (a file exporting `linearCases: LinearCase[]`) in a child
 * process, one after the other; resolves to name → measure. Cases the child could not measure
 * are missing from the map, and the child's error output is in `errors`.
 */
export function measureInChild(
  module: URL,
  names?: readonly string[],
): Promise<{ measures: Map<string, LinearMeasure>; errors: string }> {
  const args = ['--import', 'tsx', CHILD, fileURLToPath(module), ...(names ?? [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24, timeout: 600_000 }, (error, stdout, stderr) => {
      const measures = new Map<string, LinearMeasure>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const { name, ...m } = JSON.parse(line) as LinearMeasure & { name: string };
        measures.set(name, m);
      }
      resolve({ measures, errors: `${error ? `${error.message}\n` : ''}${stderr}` });
    });
  });
}
