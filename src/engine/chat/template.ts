/**
 * A fingerprint of a message's shape, for "the same post again": shops repost one template with
 * another price, a new date or a stock count. Every token counts by its hash except numbers, which
 * all count as one, and line breaks count as such; nothing of the text is kept, only 30 bits.
 * One pass over the tokens.
 */
import { SMI_MASK, TOKEN_NL, TOKEN_NUM, type Tokens } from '../match/tokenize';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const NUMBER = 0x2f1d;
const NEWLINE = 0x0a0a;

export function templateOf(tokens: Tokens): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    const v = kind === TOKEN_NUM ? NUMBER : kind === TOKEN_NL ? NEWLINE : (tokens.hash[i] as number);
    h = Math.imul(h ^ v, FNV_PRIME);
  }
  return (h ^ tokens.count) & SMI_MASK;
}
