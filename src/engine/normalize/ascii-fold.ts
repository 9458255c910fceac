/**
 * Steps 2–4 and 9 for ASCII, as tables: the fast path of both decoders (decode.ts, fast-path.ts).
 * Built once at load from the same functions the non-ASCII path uses, so they cannot disagree.
 */
import { asciiClass, CLS_OTHER } from './char-class';
import { isInvisible } from './strip-invisible';

export const CR = 13;
/** ASCII_OUT value of a control character that is dropped (and of CR, handled apart). */
export const DROP = -1;

/** ASCII code unit → normalised code unit (lowercase, tab → space, VT/FF → '\n'), or DROP. */
export const ASCII_OUT = new Int32Array(128);
/** Class of ASCII_OUT[c]. */
export const ASCII_OUT_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let out = c;
  if (c >= 65 && c <= 90) out = c + 32;
  else if (c === 9) out = 32;
  else if (c === 11 || c === 12) out = 10;
  else if (c === CR)
    out = DROP; // not dropped: CR LF → '\n', handled by the decoder
  else if (c !== 10 && isInvisible(c)) out = DROP;
  ASCII_OUT[c] = out;
  ASCII_OUT_CLASS[c] = out >= 0 ? asciiClass(out) : CLS_OTHER;
}
