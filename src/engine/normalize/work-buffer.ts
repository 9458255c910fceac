/**
 * The work buffer shared by the pipeline steps: one entry per normalised CODE POINT.
 *
 *   index:   0    1    2    3
 *   cp:     'c'  'o'  'k'  'e'      code point after folding
 *   cls:     L    L    L    L       char-class.ts
 *   st/en:  [0,1)[1,3)[4,5)[5,6)    the original UTF-16 range it came from
 *
 * Reused across calls (no allocation per message once warm) and grown by doubling. The engine is
 * single-threaded and normalize() is not re-entrant, so one module-level buffer is safe.
 */
export interface WorkBuffer {
  cp: Uint32Array;
  cls: Uint8Array;
  st: Uint32Array;
  en: Uint32Array;
  len: number;
  /** Set by the decoder when the text holds a regional indicator (rare: skips a pass otherwise). */
  hasRegional: boolean;
}

export function createWorkBuffer(capacity: number): WorkBuffer {
  return {
    cp: new Uint32Array(capacity),
    cls: new Uint8Array(capacity),
    st: new Uint32Array(capacity),
    en: new Uint32Array(capacity),
    len: 0,
    hasRegional: false,
  };
}

/** Make room for at least `capacity` entries, keeping the first `keep`. */
export function ensureCapacity(w: WorkBuffer, capacity: number, keep: number): void {
  if (w.cp.length >= capacity) return;
  const size = Math.max(capacity, w.cp.length * 2);
  const cp = new Uint32Array(size);
  const cls = new Uint8Array(size);
  const st = new Uint32Array(size);
  const en = new Uint32Array(size);
  cp.set(w.cp.subarray(0, keep));
  cls.set(w.cls.subarray(0, keep));
  st.set(w.st.subarray(0, keep));
  en.set(w.en.subarray(0, keep));
  w.cp = cp;
  w.cls = cls;
  w.st = st;
  w.en = en;
}
