/**
 * Composes whole chats from labelled rows, deterministically, for the chat-level evaluation
 * (`npm run chats:compose -- tune|measure`, then `npm run eval:chats`). Two compositions from
 * DIFFERENT rows, so the thresholds are chosen on one and measured on the other
 * (docs/chat-verdict.md says which sources go where):
 *
 *   tune     dev.jsonl half A of agora2014, uci_sms_spam, tremolo_tweets, fr_ads_goods (by a hash of
 *            the id: scripts/lib/dev-split.ts), 88milsms_raw; own-chats.jsonl;
 *            test/fixtures/eval/chats-tune.jsonl
 *   measure  dev.jsonl half B of those four, 88milsms_eval, 88milsms, milsms88_fr, labforsims2_fr,
 *            fr_ads_housing, news_sentence, news_testimony, press_quote(_benign); topic-blind.jsonl;
 *            test/fixtures/eval/chats-measure.jsonl
 *
 * Shop chats: for every k from 2 to 50, SHOPS_PER_K chats of k listings of one category (or two,
 * the main one holding most), mixed with 0–2 ordinary messages per listing; a quarter of them use
 * only listings that are NOT flagged one by one but in which the engine finds topic evidence (it
 * is asked at composition time; listings with no evidence at all are drawn only in the others).
 * Those pools are small, so such a shop has min(k, pool size) listings, none repeated.
 * Ordinary chats: family chatter; chatter with one flagged listing; chatter with one borderline
 * message; second-hand sale groups; news-sharing groups; parents talking about a shop they saw.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATEGORIES, type Category, type Detector } from '../../src/engine';
import { HALF_SOURCES, half } from './dev-split';

export type ChatSet = 'tune' | 'measure';

export interface ChatRow {
  chat: string;
  text: string;
  label: string;
  chatKind: 'shop' | 'ordinary';
  chatCategory: Category | null;
  /** Finer kind of chat, for the breakdown (not part of the required interface). */
  chatType: string;
}

interface SourceRow {
  id?: string;
  text: string;
  label: string;
  source?: string;
  lang?: string;
  role?: string;
}

type Lang = 'fr' | 'en';
type Pool = Record<Lang, string[]>;

const ROOT = resolve(import.meta.dirname, '../..');
/** The shared dev corpus next to the checkout (../shared), or next to a worktree (../../shared). */
export const DEV_CORPUS =
  [resolve(ROOT, '../shared/corpus/dev.jsonl'), resolve(ROOT, '../../shared/corpus/dev.jsonl')].find((p) =>
    existsSync(p),
  ) ?? resolve(ROOT, '../shared/corpus/dev.jsonl');
function readJsonl(path: string): SourceRow[] {
  if (!existsSync(path)) throw new Error(`${path}: not found`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as SourceRow);
}

function langOf(row: SourceRow): Lang {
  return row.lang === 'fr' ? 'fr' : 'en';
}

/** mulberry32: small, fast, and the same numbers on every machine. */
export function prng(seed: string): () => number {
  let a = createHash('sha1').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pools {
  listings: Record<Category, { flagged: Pool; weak: Pool; unseen: Pool }>;
  chatter: Pool;
  borderline: Pool;
  secondhand: Pool;
  news: Pool;
  parents: Pool;
}

function emptyPool(): Pool {
  return { fr: [], en: [] };
}

function devRole(row: SourceRow, set: ChatSet): keyof Omit<Pools, 'listings'> | 'listing' | null {
  const source = row.source ?? '';
  const side = HALF_SOURCES.includes(source) ? (half(row.id ?? row.text) === 'a' ? 'tune' : 'measure') : null;
  if (side !== null && side !== set) return null;
  if (source === 'agora2014') return row.label === 'benign' ? null : 'listing';
  if (source === 'uci_sms_spam' || source === 'tremolo_tweets') return 'chatter';
  if (source === 'fr_ads_goods') return 'secondhand';
  if (set === 'tune') return source === '88milsms_raw' ? 'chatter' : null;
  if (['88milsms_eval', '88milsms', 'milsms88_fr', 'labforsims2_fr'].includes(source)) return 'chatter';
  if (source === 'fr_ads_housing') return 'secondhand';
  if (source === 'news_sentence' || source === 'news_testimony') return 'news';
  if (source === 'press_quote') return 'listing';
  if (source === 'press_quote_benign') return 'borderline';
  return null;
}

export function buildPools(set: ChatSet, detector: Detector, devPath = DEV_CORPUS): Pools {
  const pools: Pools = {
    listings: Object.fromEntries(
      CATEGORIES.map((c) => [c, { flagged: emptyPool(), weak: emptyPool(), unseen: emptyPool() }]),
    ) as Pools['listings'],
    chatter: emptyPool(),
    borderline: emptyPool(),
    secondhand: emptyPool(),
    news: emptyPool(),
    parents: emptyPool(),
  };
  const addListing = (row: SourceRow) => {
    if (!(CATEGORIES as readonly string[]).includes(row.label)) return;
    const verdict = detector.scan(row.text, { evidence: true });
    // Under the threshold: not flagged, but with topic evidence. A listing in which the engine
    // finds nothing at all cannot count towards anything; it is drawn only in ordinary shops.
    const pool = verdict.flagged ? 'flagged' : verdict.evidence ? 'weak' : 'unseen';
    pools.listings[row.label as Category][pool][langOf(row)].push(row.text);
  };
  for (const row of readJsonl(devPath)) {
    const role = devRole(row, set);
    if (role === null) continue;
    if (role === 'listing') addListing(row);
    else pools[role][langOf(row)].push(row.text);
  }
  const fixtures = resolve(ROOT, 'test/fixtures/eval');
  // The team's own chat rows: the per-message rules were written and tuned on own-chats, and the
  // topic batches measure them; here one goes with each composition.
  const own = readJsonl(resolve(fixtures, set === 'tune' ? 'own-chats.jsonl' : 'topic-blind.jsonl'));
  for (const row of own) {
    if (row.label === 'benign') pools.borderline[langOf(row)].push(row.text);
    else addListing(row);
  }
  for (const row of readJsonl(resolve(fixtures, `chats-${set}.jsonl`))) {
    if (row.role === 'listing') addListing(row);
    else if (
      row.role === 'chatter' ||
      row.role === 'secondhand' ||
      row.role === 'news' ||
      row.role === 'parents'
    )
      pools[row.role][langOf(row)].push(row.text);
  }
  return pools;
}

/** Draws from a pool without repeating until it is used up, then starts a new round. */
class Drawer {
  private order: string[] = [];
  constructor(
    private readonly items: readonly string[],
    private readonly rnd: () => number,
  ) {}
  next(): string {
    if (this.items.length === 0) throw new Error('empty pool');
    if (this.order.length === 0) this.order = shuffle([...this.items], this.rnd);
    return this.order.pop() as string;
  }
}

function shuffle<T>(a: T[], rnd: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

function int(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** The pool in the chat's language, or the other one when that is empty. */
function inLang(pool: Pool, lang: Lang): string[] {
  const own = pool[lang];
  return own.length > 0 ? own : pool[lang === 'fr' ? 'en' : 'fr'];
}

export const SHOPS_PER_K = 6;
/** A category with fewer listings under the threshold than this makes no such shop (18 chats of the same 3 rows measure those 3 rows). */
const MIN_WEAK_POOL = 5;
export const ORDINARY_COUNTS = {
  family: 200,
  'family-one-flagged': 120,
  'family-one-borderline': 80,
  'second-hand': 100,
  news: 60,
  parents: 60,
} as const;

export function composeChats(set: ChatSet, detector: Detector, devPath = DEV_CORPUS): ChatRow[] {
  const pools = buildPools(set, detector, devPath);
  const rnd = prng(`vigie-chats-${set}`);
  const out: ChatRow[] = [];
  const drawers = new Map<string[], Drawer>();
  const draw = (items: string[]) => {
    let d = drawers.get(items);
    if (!d) {
      d = new Drawer(items, rnd);
      drawers.set(items, d);
    }
    return d.next();
  };
  /** Listings under the threshold of one category, both languages (these pools are small). */
  const weakPool = (c: Category) =>
    cached(`${c}/weak`, [...pools.listings[c].weak.fr, ...pools.listings[c].weak.en]);
  const listingPool = (c: Category, lang: Lang, weakOnly: boolean): string[] => {
    const p = pools.listings[c];
    if (weakOnly) return weakPool(c);
    const all = [...p.flagged[lang], ...p.weak[lang], ...p.unseen[lang]];
    if (all.length > 0) return cached(`${c}/${lang}`, all);
    const other = lang === 'fr' ? 'en' : 'fr';
    return cached(`${c}/${other}`, [...p.flagged[other], ...p.weak[other], ...p.unseen[other]]);
  };
  const cache = new Map<string, string[]>();
  const cached = (key: string, items: string[]) => {
    const hit = cache.get(key);
    if (hit) return hit;
    cache.set(key, items);
    return items;
  };

  let n = 0;
  const emit = (
    rows: { text: string; label: string }[],
    kind: ChatRow['chatKind'],
    category: Category | null,
    type: string,
  ) => {
    const chat = `${set}-${String(++n).padStart(4, '0')}`;
    for (const r of rows)
      out.push({
        chat,
        text: r.text,
        label: r.label,
        chatKind: kind,
        chatCategory: category,
        chatType: type,
      });
  };
  const chatter = (lang: Lang, count: number) =>
    Array.from({ length: count }, () => ({ text: draw(inLang(pools.chatter, lang)), label: 'benign' }));
  /** Puts `items` at random places among `base`, keeping each list's own order. */
  const interleave = <T>(base: T[], items: T[]): T[] => {
    const marks = shuffle([...base.map(() => 0), ...items.map(() => 1)], rnd);
    let b = 0;
    let i = 0;
    return marks.map((m) => (m === 0 ? (base[b++] as T) : (items[i++] as T)));
  };

  // ---- shops
  for (let k = 2; k <= 50; k++) {
    for (let s = 0; s < SHOPS_PER_K; s++) {
      const lang: Lang = rnd() < 0.5 ? 'fr' : 'en';
      const main = CATEGORIES[(k * SHOPS_PER_K + s) % CATEGORIES.length] as Category;
      // Under the threshold: as many listings as the pool holds, each once (no row repeated in a chat).
      const weakOnly = rnd() < 0.25 && weakPool(main).length >= MIN_WEAK_POOL;
      const count = weakOnly ? Math.min(k, weakPool(main).length) : k;
      const second =
        !weakOnly && rnd() < 0.3
          ? pick(
              rnd,
              CATEGORIES.filter((c) => c !== main),
            )
          : null;
      const inSecond = second ? Math.floor(k * (0.1 + 0.25 * rnd())) : 0;
      const listings = Array.from({ length: count }, (_, i) => {
        const c = i < inSecond && second ? second : main;
        return { text: draw(listingPool(c, lang, weakOnly)), label: c };
      });
      shuffle(listings, rnd);
      const ratio = pick(rnd, [0, 0.3, 1, 2]);
      const talk = chatter(lang, Math.round(count * ratio) + int(rnd, 0, 4));
      const type = weakOnly ? 'shop-under-threshold' : second ? 'shop-two-categories' : 'shop';
      emit(interleave(talk, listings), 'shop', main, type);
    }
  }

  // ---- ordinary chats
  const flaggedAny = (lang: Lang) => {
    const c = pick(rnd, CATEGORIES);
    const p = pools.listings[c].flagged;
    const items = inLang(p, lang);
    return items.length > 0 ? { text: draw(items), label: c } : null;
  };
  const borderline = (lang: Lang) => {
    if (rnd() < 0.5) {
      const c = pick(rnd, CATEGORIES);
      const items = inLang(pools.listings[c].weak, lang);
      if (items.length > 0) return { text: draw(items), label: c };
    }
    return { text: draw(inLang(pools.borderline, lang)), label: 'benign' };
  };
  for (let i = 0; i < ORDINARY_COUNTS.family; i++) {
    const lang: Lang = rnd() < 0.5 ? 'fr' : 'en';
    emit(chatter(lang, int(rnd, 20, 200)), 'ordinary', null, 'family');
  }
  for (let i = 0; i < ORDINARY_COUNTS['family-one-flagged']; i++) {
    const lang: Lang = rnd() < 0.5 ? 'fr' : 'en';
    const one = flaggedAny(lang);
    emit(
      interleave(chatter(lang, int(rnd, 20, 150)), one ? [one] : []),
      'ordinary',
      null,
      'family-one-flagged',
    );
  }
  for (let i = 0; i < ORDINARY_COUNTS['family-one-borderline']; i++) {
    const lang: Lang = rnd() < 0.5 ? 'fr' : 'en';
    emit(
      interleave(chatter(lang, int(rnd, 20, 150)), [borderline(lang)]),
      'ordinary',
      null,
      'family-one-borderline',
    );
  }
  for (let i = 0; i < ORDINARY_COUNTS['second-hand']; i++) {
    const lang: Lang = rnd() < 0.75 ? 'fr' : 'en';
    const ads = Array.from({ length: int(rnd, 15, 80) }, () => ({
      text: draw(inLang(pools.secondhand, lang)),
      label: 'benign',
    }));
    emit(interleave(ads, chatter(lang, int(rnd, 0, 10))), 'ordinary', null, 'second-hand');
  }
  for (let i = 0; i < ORDINARY_COUNTS.news; i++) {
    const lang: Lang = rnd() < 0.6 ? 'fr' : 'en';
    const news = Array.from({ length: int(rnd, 10, 40) }, () => ({
      text: draw(inLang(pools.news, lang)),
      label: 'benign',
    }));
    emit(interleave(news, chatter(lang, int(rnd, 5, 30))), 'ordinary', null, 'news');
  }
  for (let i = 0; i < ORDINARY_COUNTS.parents; i++) {
    const lang: Lang = rnd() < 0.6 ? 'fr' : 'en';
    const talk = Array.from({ length: int(rnd, 3, 8) }, () => ({
      text: draw(inLang(pools.parents, lang)),
      label: 'benign',
    }));
    emit(interleave(chatter(lang, int(rnd, 15, 60)), talk), 'ordinary', null, 'parents');
  }
  return out;
}
