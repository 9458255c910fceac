/**
 * How far ahead of the rule set in use a new bundle's version may be (issue 17, point 5).
 *
 * Versions only go up, so ONE bundle with a huge version (2^53−1: a typo, or a leaked key) used
 * to make every later bundle "not newer", for good. A bound on the jump stops that at the door.
 *
 * The project numbers bundles YYYYMMDDnn (rules/meta.json: 2026112801). Written as a number, a
 * date moves by less than 10^6 per calendar year: from any day of year Y to any day of year Y+k
 * the YYYYMMDD part grows by at most k·10^4 + 1130 (12-31 minus 01-01), ×100 for the nn digits,
 * plus 99 for nn itself: k·10^6 + 113 099. A bundle published t whole years after the set in use
 * is at most t+1 calendar years later, so its version is at most (t+1)·10^6 + 113 099 higher,
 * which is below the bound (t+2)·10^6 used here. A project or organisation bundle that follows
 * the scheme is therefore never refused, however long an install stayed offline (t grows with the
 * clock), while 2^53−1 (≈ 9·10^15) would need nine billion years. The bound is measured from the
 * set in use's signed `published` date; a clock set back only narrows it to 2·10^6 (two years of
 * the scheme), never below what a bundle published since then can need.
 */

export const VERSION_STEP_PER_YEAR = 1_000_000;
const YEAR_MS = 365.25 * 86_400_000;

/** Largest accepted `next − current` for a set in use published at `currentPublishedMs`. */
export function maxVersionJump(currentPublishedMs: number, nowMs: number): number {
  const elapsed = Number.isFinite(currentPublishedMs) ? nowMs - currentPublishedMs : 0;
  const years = Math.max(0, Math.floor(elapsed / YEAR_MS));
  return VERSION_STEP_PER_YEAR * (2 + years);
}
