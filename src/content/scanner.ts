/**
 * The incremental scanner of one chat page.
 *
 *   MutationObserver ──collect nodes──▶ pending ──idle callback / rAF──▶ message elements
 *        ──time-sliced (≤ 8 ms per task)──▶ extract (adapter) ──▶ (key, same text) seen? ──▶ done
 *                                                                 │ no
 *                                              verdict cache (LRU by key, same text) ──▶ hit: re-mark
 *                                                                 │ miss
 *                                                          detector.scan ──▶ mark / unmark, summary
 *
 * One observer per page, one AbortSignal for everything. Nothing runs while the tab is hidden.
 * The summary (scanned / flagged) is per chat, in memory only, and resets on a chat switch.
 */
import type { ChatSection } from '../engine/chat';
import { type MessageFacts, messageFacts } from '../engine/chat/facts';
import type { ScanOptions, Verdict } from '../engine/types';
import { makeFlaggedItem, matchedWords, positiveReasons } from '../shared/flagged';
import {
  type ClientId,
  type CssBox,
  type EvidenceReply,
  type FlaggedItem,
  MAX_EVIDENCE_MESSAGES,
  type TabReport,
  type TabSummary,
} from '../shared/messages';
import { isShopMarkerHost, type ShopMarker, type ShopPlace } from './chat-marker';
import { findTextBlocks } from './fallback';
import { HEALTH_DELAY_MS, StateGate } from './health';
import { Lru } from './lru';
import type { BadgeInfo, Marker } from './marker';
import { isOwn } from './own-nodes';
import { fallbackScopes, pickRoot } from './reading';
import { type CompiledSelectors, firstMatch } from './selectors';
import { ShopState } from './shop-state';
import type { ChatInfo, Extracted, FallbackBlock, PageLocation, SiteAdapter } from './sites/adapter';
import { hashText } from './text';

export interface DetectorLike {
  readonly version: number;
  scan(text: string, options?: ScanOptions): Verdict;
  explanation(key: string): { en: string; fr: string };
}

export interface ScannerConfig {
  selectors: CompiledSelectors;
  detector: DetectorLike;
  options: ScanOptions;
  blur: boolean;
  /** Dismissed message keys and chat ids: counted, but no badge. `shops`: chat ids whose chat-level verdict was dismissed. */
  dismissed: {
    messages: Pick<ReadonlySet<string>, 'has'>;
    chats: Pick<ReadonlySet<string>, 'has'>;
    shops?: Pick<ReadonlySet<string>, 'has'>;
  };
  /** The chat-level verdict's thresholds (issue 15); null or absent when it is off. */
  chat?: ChatSection | null;
}

export interface ScannerDeps {
  doc: Document;
  adapter: SiteAdapter;
  marker: Marker;
  location: () => PageLocation;
  signal: AbortSignal;
  /** Called when the state changes ('active' | 'fallback' | 'idle'). */
  onState?: (state: TabSummary['state']) => void;
  /** Called when the tab's report (state, flagged count) changes: what the toolbar badge shows. */
  onReport?: (report: TabReport) => void;
  /** Per-task budget in ms (default 8: no task we cause should approach 50 ms). */
  sliceMs?: number;
  /** How long "nothing read" must last before the state changes (default HEALTH_DELAY_MS). */
  healthDelayMs?: number;
  /** The chat-level marker near the chat's header ("this chat looks like a shop"). */
  shopMarker?: ShopMarker;
}

export interface ScannerStats {
  /** Messages handed to the detector. */
  scans: number;
  /** Messages re-marked from the verdict cache (rebuilt nodes). */
  cacheHits: number;
  /** Message visits, including those found unchanged. */
  visits: number;
  tasks: number;
  /** Time spent in our tasks (ms) and the longest one. */
  busyMs: number;
  longestTaskMs: number;
  engineErrors: number;
  /** Searches for text blocks because no selector read a message (none on a page Vigie reads). */
  fallbackPasses: number;
}

/**
 * What a message was judged on. The TEXT, not a hash of it: a verdict is reused only for the
 * same text, and any 32-bit hash can be made to collide, so that a benign message edited into a
 * listing would keep its old verdict (issue 17). Comparing costs no more than hashing did, and
 * the texts are bounded: ≤ MAX_TEXT_LENGTH each, memos only for elements still in the page,
 * the verdict cache by VERDICT_CACHE_CHARS.
 */
interface Memo {
  key: string;
  text: string;
  flagged: boolean;
  generation: number;
}

interface FlaggedEntry {
  item: FlaggedItem;
  words: string[][];
  text: string;
}

const VERDICT_CACHE_SIZE = 4000;
/** Characters of text the verdict cache may keep (2 MB of UTF-16). */
const VERDICT_CACHE_CHARS = 1 << 20;
const MAX_PENDING = 4000;
const MAX_SCANNED_KEYS = 100_000;
const FALLBACK_INTERVAL_MS = 1000;
/** How many ancestors of the root have their class watched (see watchRootAncestors). */
const ROOT_WATCH_DEPTH = 12;

type IdleWindow = Window & {
  requestIdleCallback?: (
    cb: (deadline: { timeRemaining(): number }) => void,
    opts?: { timeout: number },
  ) => number;
  cancelIdleCallback?: (id: number) => void;
};

export class Scanner {
  readonly stats: ScannerStats = {
    scans: 0,
    cacheHits: 0,
    visits: 0,
    tasks: 0,
    busyMs: 0,
    longestTaskMs: 0,
    engineErrors: 0,
    fallbackPasses: 0,
  };
  private config: ScannerConfig | null = null;
  private readonly memos = new WeakMap<Element, Memo>();
  private readonly verdicts = new Lru<
    string,
    { text: string; verdict: Verdict | null; facts: MessageFacts | null }
  >(VERDICT_CACHE_SIZE, (v) => v.text.length, VERDICT_CACHE_CHARS);
  private readonly revealed = new Set<string>();
  /** The chat-level verdict of the open chat (issue 15). */
  private readonly shop = new ShopState();
  private scannedKeys = new Set<string>();
  private flagged = new Map<string, FlaggedEntry>();
  /** Added nodes: searched for messages inside them. */
  private pending = new Set<Node>();
  /** Mutation targets: mapped to the message that contains them, if any. */
  private pendingTargets = new Set<Node>();
  private queue: Element[] = [];
  private queueIndex = 0;
  private fullRescan = true;
  private scheduled: { cancel(): void } | null = null;
  private observer: MutationObserver | null = null;
  private chat: ChatInfo = { id: null, title: null, publicLink: null };
  private state: TabSummary['state'] = 'idle';
  private messageSelector: string | null = null;
  /** The root the last plan used: a different one (a thread or chat shown) is scanned whole. */
  private rootEl: Element | null = null;
  /** Watches the classes of the root's ancestors; set when one changed, until the next plan. */
  private rootWatcher: MutationObserver | null = null;
  private rootCheck = false;
  private fallbackAt = Number.NEGATIVE_INFINITY;
  private generation = 0;
  private lastReport = '';
  private readonly gate: StateGate;
  /** Set while flush() runs: decisions apply at once, as if the page had stayed that way. */
  private settling = false;
  private recheck: number | null = null;
  /** Since when no selector has read a message (null while they do). */
  private unreadSince: number | null = null;
  private readonly healthDelayMs: number;
  private readonly sliceMs: number;
  private readonly win: IdleWindow;

  constructor(private readonly deps: ScannerDeps) {
    this.sliceMs = deps.sliceMs ?? 8;
    this.healthDelayMs = deps.healthDelayMs ?? HEALTH_DELAY_MS;
    this.gate = new StateGate(this.healthDelayMs);
    this.win = deps.doc.defaultView as IdleWindow;
    const { signal } = deps;
    signal.addEventListener('abort', () => this.stop(), { once: true });
    deps.doc.addEventListener('visibilitychange', () => this.onVisibility(), { signal });
    this.win.addEventListener('hashchange', () => this.requestFullRescan(), { signal });
    this.win.addEventListener('popstate', () => this.requestFullRescan(), { signal });
  }

  get client(): ClientId {
    return this.deps.adapter.client;
  }

  /** New rules or settings: forget verdicts (they depend on both) and rescan everything. */
  configure(config: ScannerConfig): void {
    const rulesChanged =
      this.config === null ||
      this.config.detector !== config.detector ||
      this.config.selectors !== config.selectors ||
      JSON.stringify(this.config.options) !== JSON.stringify(config.options) ||
      this.config.blur !== config.blur ||
      (this.config.chat ?? null) !== (config.chat ?? null);
    const selectorsChanged = this.config?.selectors !== config.selectors;
    this.config = config;
    this.shop.configure(config.chat ?? null, (key) => config.detector.explanation(key));
    if (rulesChanged) {
      this.shop.reset();
      this.verdicts.clear();
      this.flagged.clear();
      this.scannedKeys.clear();
      this.deps.marker.removeAll();
      // Element memos are in a WeakMap (not clearable): a new generation makes them all stale.
      this.generation++;
    }
    if (selectorsChanged) this.observe();
    this.requestFullRescan();
  }

  /** Vigie switched off in the settings: no observer, no work, no badges until configure(). */
  disable(): void {
    this.config = null;
    this.observer?.disconnect();
    this.unwatchRoot();
    this.scheduled?.cancel();
    this.scheduled = null;
    this.pending.clear();
    this.pendingTargets.clear();
    this.queue = [];
    this.queueIndex = 0;
    this.verdicts.clear();
    this.flagged.clear();
    this.scannedKeys.clear();
    this.shop.reset();
    this.generation++;
    this.deps.marker.removeAll();
    this.gate.reset();
    this.unreadSince = null;
    this.setState('idle');
    this.notify();
  }

  /** Just re-evaluates which badges are shown (dismissals changed). */
  setDismissed(dismissed: ScannerConfig['dismissed']): void {
    if (!this.config) return;
    this.config = { ...this.config, dismissed };
    this.requestFullRescan();
  }

  requestFullRescan(): void {
    this.fullRescan = true;
    this.schedule();
  }

  // ------------------------------------------------------------------ observation

  private observe(): void {
    this.observer?.disconnect();
    if (this.deps.signal.aborted || !this.config || this.deps.doc.hidden) return;
    const target = this.deps.doc.body ?? this.deps.doc.documentElement;
    this.observer ??= new MutationObserver((records) => this.collect(records));
    this.observer.observe(target, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: this.config.selectors.watchAttributes.length > 0,
      ...(this.config.selectors.watchAttributes.length > 0
        ? { attributeFilter: this.config.selectors.watchAttributes }
        : {}),
    });
  }

  /** The mutation callback: collect only, never process here. */
  private collect(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'childList') {
        if (onlyOurBadges(record)) continue;
        // The parent only needs mapping to its own message (a child came or went inside it);
        // only the added subtrees need searching for messages. Searching the parent would
        // revisit every message of a day section on each arrival.
        this.pendingTargets.add(record.target);
        for (const node of record.addedNodes) if (node.nodeType === 1) this.pending.add(node);
      } else {
        this.pendingTargets.add(record.target);
      }
    }
    if (this.pending.size + this.pendingTargets.size > MAX_PENDING) {
      // A burst this big (chat switch, first load) is cheaper as one full pass.
      this.pending.clear();
      this.pendingTargets.clear();
      this.fullRescan = true;
    }
    this.schedule();
  }

  private onVisibility(): void {
    if (this.deps.doc.hidden) {
      this.observer?.disconnect();
      this.unwatchRoot();
      this.scheduled?.cancel();
      this.scheduled = null;
    } else {
      this.observe();
      this.requestFullRescan();
    }
  }

  private stop(): void {
    if (this.recheck !== null) this.win.clearTimeout(this.recheck);
    this.recheck = null;
    this.observer?.disconnect();
    this.observer = null;
    this.unwatchRoot();
    this.scheduled?.cancel();
    this.scheduled = null;
    this.pending.clear();
    this.pendingTargets.clear();
    this.queue = [];
    this.deps.marker.removeAll();
  }

  // ------------------------------------------------------------------ scheduling

  private schedule(): void {
    if (this.scheduled || this.deps.signal.aborted || this.deps.doc.hidden || !this.config) return;
    const run = (budget: number) => {
      this.scheduled = null;
      this.runTask(budget);
    };
    if (typeof this.win.requestIdleCallback === 'function') {
      const id = this.win.requestIdleCallback((deadline) => run(Math.max(4, deadline.timeRemaining())), {
        timeout: 200,
      });
      this.scheduled = { cancel: () => this.win.cancelIdleCallback?.(id) };
    } else {
      const id = this.win.setTimeout(() => run(this.sliceMs), 16);
      this.scheduled = { cancel: () => this.win.clearTimeout(id) };
    }
  }

  private runTask(budget: number): void {
    if (this.deps.signal.aborted || this.deps.doc.hidden) return;
    const t0 = performance.now();
    const limit = Math.min(budget, this.sliceMs);
    try {
      this.work(() => performance.now() - t0 >= limit);
    } finally {
      const took = performance.now() - t0;
      this.stats.tasks++;
      this.stats.busyMs += took;
      if (took > this.stats.longestTaskMs) this.stats.longestTaskMs = took;
    }
    if (this.hasWork()) this.schedule();
  }

  /**
   * Processes everything now, ignoring time slices and the health check's grace period, as if
   * the page had stayed as it is (tests, and the benchmark's settle step).
   */
  flush(): void {
    if (!this.config) return;
    let guard = 0;
    this.settling = true;
    try {
      do this.work(() => false);
      while (this.hasWork() && ++guard < 100);
    } finally {
      this.settling = false;
    }
  }

  private hasWork(): boolean {
    return (
      this.fullRescan ||
      this.rootCheck ||
      this.pending.size > 0 ||
      this.pendingTargets.size > 0 ||
      this.queueIndex < this.queue.length
    );
  }

  // ------------------------------------------------------------------ the work

  private work(outOfTime: () => boolean): void {
    const config = this.config;
    if (!config) return;
    try {
      if (this.queueIndex >= this.queue.length) {
        this.queue = [];
        this.queueIndex = 0;
        this.plan(config);
      }
      while (this.queueIndex < this.queue.length) {
        const el = this.queue[this.queueIndex++] as Element;
        this.visit(el, config);
        // Checked after every message: a cold (not yet optimised) message can take a millisecond.
        if (outOfTime()) return;
      }
    } finally {
      this.notify();
    }
  }

  /** Turns pending mutations (or a full rescan) into the queue of message elements to visit. */
  private plan(config: ScannerConfig): void {
    const { doc, adapter } = this.deps;
    const sel = config.selectors;
    const pick = pickRoot(this.deps.doc, this.deps.adapter, sel);
    const root = pick.root;
    this.rootCheck = false;
    if (root !== this.rootEl) {
      // Another element is the open chat's list now (a thread or comments view slid in, a chat
      // opened): what it holds was filtered out until now, so it is scanned whole.
      this.rootEl = root;
      this.watchRoot(root);
      this.fullRescan = true;
    }
    const chat = adapter.chat(doc, sel, this.deps.location(), pick.sample);
    if (chat.id !== this.chat.id) {
      // A chat switch without a page load: the summary is per chat.
      this.scannedKeys = new Set();
      this.flagged = new Map();
      this.shop.reset();
      // Elements of a chat shown again keep their memos: they must be counted again (cheaply,
      // from the verdict cache), not skipped as already seen.
      this.generation++;
      this.fullRescan = true;
    }
    this.chat = chat;

    if (pick.messageSelector === null) {
      // The selectors read nothing here. Pending changes are covered by this pass.
      this.messageSelector = null;
      this.fullRescan = false;
      this.pending.clear();
      this.pendingTargets.clear();
      this.planUnreadable(pick.scopes, chat);
      return;
    }

    if (this.fullRescan || this.messageSelector !== pick.messageSelector) {
      this.fullRescan = false;
      this.pending.clear();
      this.pendingTargets.clear();
      this.messageSelector = pick.messageSelector;
      this.decide('active');
      // Newest first: a chat opens scrolled to its end, which is what the user reads first.
      this.queue = Array.from((root ?? doc).querySelectorAll(this.messageSelector)).reverse();
      return;
    }

    const pending = this.pending;
    const targets = this.pendingTargets;
    this.pending = new Set();
    this.pendingTargets = new Set();
    const selector = this.messageSelector;
    const found = new Set<Element>();
    for (const node of targets) {
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      const own = el?.isConnected ? el.closest(selector) : null;
      if (own) found.add(own);
    }
    for (const node of pending) {
      const el = node as Element;
      if (!el.isConnected) continue;
      const own = el.closest(selector);
      if (own) found.add(own);
      for (const inner of el.querySelectorAll(selector)) found.add(inner);
    }
    // Only the open chat: Web A keeps the previous chat's list in the DOM during its transition.
    this.queue = root ? Array.from(found).filter((el) => root.contains(el)) : Array.from(found);
  }

  /**
   * Watches the class attribute of the root's ancestors. A view can become the shown one by a
   * class change alone: Web A's Transition marks the sliding-in list Transition_slide-to and only
   * swaps classes when the animation ends, and Web K moves .active between chats. The body
   * observer does not watch class (far too many changes); these few elements are cheap to watch,
   * and a change only makes the next plan resolve the root again.
   */
  private watchRoot(root: Element | null): void {
    this.rootWatcher?.disconnect();
    if (!root || this.deps.doc.hidden) return;
    this.rootWatcher ??= new MutationObserver(() => {
      this.rootCheck = true;
      this.schedule();
    });
    let depth = 0;
    for (let p = root.parentElement; p !== null && depth < ROOT_WATCH_DEPTH; p = p.parentElement, depth++) {
      this.rootWatcher.observe(p, { attributes: true, attributeFilter: ['class'] });
    }
  }

  private unwatchRoot(): void {
    this.rootWatcher?.disconnect();
    this.rootEl = null;
    this.rootCheck = false;
  }

  private visit(el: Element, config: ScannerConfig): void {
    if (!el.isConnected) return;
    this.stats.visits++;
    const { adapter } = this.deps;
    const sel = config.selectors;
    // Nested matches (album items inside a bubble) belong to their outer message.
    if (this.messageSelector && el.parentElement?.closest(this.messageSelector)) return;
    let ex: Extracted | null;
    try {
      ex = adapter.extract(el, sel, this.chat.id);
    } catch {
      ex = null;
    }
    if (!ex) return;
    this.handle(el, ex, config);
  }

  private handle(el: Element, ex: Extracted, config: ScannerConfig): void {
    const { marker } = this.deps;
    const stored = this.memos.get(el);
    const memo = stored?.generation === this.generation ? stored : undefined;
    if (ex.isService || ex.text === '') {
      // Service rows, media without caption, and virtualised rows whose content is gone.
      if (memo?.flagged) marker.detach(el);
      this.memos.set(el, { key: ex.key, text: '', flagged: false, generation: this.generation });
      return;
    }
    const text = ex.text;
    if (memo && memo.key === ex.key && memo.text === text) {
      if (memo.flagged) this.mark(el, ex, config);
      return;
    }
    if (memo && memo.key !== ex.key && memo.text === text) {
      // Same node, same text, new id: a local id became the server id. The old key is gone.
      this.scannedKeys.delete(memo.key);
      this.flagged.delete(memo.key);
      this.shop.forget(memo.key);
    }

    let verdict: Verdict | null;
    let facts: MessageFacts | null;
    const cached = this.verdicts.get(ex.key);
    if (cached && cached.text === text) {
      verdict = cached.verdict;
      facts = cached.facts;
      this.stats.cacheHits++;
    } else {
      verdict = this.scanText(ex.text, config);
      // What the chat-level verdict keeps of it: counts and categories, never the text.
      facts = verdict && this.shop.enabled ? messageFacts(verdict) : null;
      this.verdicts.set(ex.key, { text, verdict: verdict?.flagged ? verdict : null, facts });
    }
    this.shop.observe(ex.key, facts, ex.time);
    if (this.scannedKeys.size < MAX_SCANNED_KEYS) this.scannedKeys.add(ex.key);

    const isFlagged = verdict?.flagged === true && verdict.category !== null;
    if (isFlagged && verdict) {
      let entry = this.flagged.get(ex.key);
      if (!entry || entry.text !== text) {
        entry = this.makeEntry(ex, verdict, config);
        this.flagged.set(ex.key, entry);
      }
      this.mark(el, ex, config);
    } else {
      this.flagged.delete(ex.key);
      marker.detach(el);
    }
    this.memos.set(el, { key: ex.key, text, flagged: isFlagged, generation: this.generation });
  }

  private scanText(text: string, config: ScannerConfig): Verdict | null {
    this.stats.scans++;
    try {
      // The chat-level verdict adds up messages too weak to flag: their evidence is kept for it.
      return config.detector.scan(text, config.chat ? { ...config.options, evidence: true } : config.options);
    } catch {
      // The engine promises never to throw; if it does, the page must not notice.
      this.stats.engineErrors++;
      return null;
    }
  }

  private makeEntry(ex: Extracted, verdict: Verdict, config: ScannerConfig): FlaggedEntry {
    const item = makeFlaggedItem(ex.key, ex.text, verdict, config.detector, {
      time: ex.time,
      sender: ex.sender,
    });
    const words = positiveReasons(verdict).map((r) => matchedWords(ex.text, r.spans));
    return { item, words, text: ex.text };
  }

  private mark(el: Element, ex: Extracted, config: ScannerConfig): void {
    const entry = this.flagged.get(ex.key);
    if (!entry || this.isDismissed(ex.key, config)) {
      this.deps.marker.detach(el);
      return;
    }
    const blurEl = config.blur && this.state !== 'fallback' && !this.revealed.has(ex.key) ? ex.textEl : null;
    const info: BadgeInfo = { item: entry.item, words: entry.words, blurEl };
    this.deps.marker.attach(el, ex.anchor, info);
  }

  private isDismissed(key: string, config: ScannerConfig): boolean {
    return (
      config.dismissed.messages.has(key) ||
      (this.chat.id !== null && config.dismissed.chats.has(this.chat.id))
    );
  }

  // ------------------------------------------------------------------ health and fallback

  /**
   * No selector reads a message. If the conversation pane shows text (repeated text blocks
   * that are displayed), the layout is not recognised: after the grace period of the gate
   * (./health.ts) the state says so and the fallback marks those blocks. Otherwise idle.
   * The block search runs at most once per FALLBACK_INTERVAL_MS, and only on such a page.
   */
  private planUnreadable(scopes: Element[], chat: ChatInfo): void {
    const now = performance.now();
    // A chat that was being read: a gap (K rebuilds its list while scrolling, a chat switch
    // animates) is not a broken layout. Nothing is searched until it has lasted the grace
    // period; then the decision is made at once, the waiting being done.
    this.unreadSince ??= now;
    const waited = now - this.unreadSince;
    if (this.state === 'active' && !this.settling && waited < this.healthDelayMs) {
      this.recheckAt(this.healthDelayMs - waited);
      return;
    }
    if (!this.settling && now - this.fallbackAt < FALLBACK_INTERVAL_MS) {
      this.recheckAt(this.fallbackAt + FALLBACK_INTERVAL_MS - now);
      return;
    }
    this.fallbackAt = now;
    this.stats.fallbackPasses++;
    const where = fallbackScopes(this.deps.doc, scopes, chat);
    let blocks: FallbackBlock[] = [];
    for (const scope of where) {
      blocks = this.fallbackBlocks(scope);
      if (blocks.length > 0) break;
    }
    const shown = blocks.some((b) => isDisplayed(b.el));
    const settle = this.state === 'active';
    if (this.decide(shown ? 'fallback' : 'idle', settle) !== 'fallback') return;
    const config = this.config as ScannerConfig;
    for (const { el, text, key, sender } of blocks) {
      this.stats.visits++;
      const ex: Extracted = {
        key,
        text,
        sender,
        time: null,
        isService: false,
        forwarded: false,
        textEl: null,
        anchor: el,
      };
      this.handle(el, ex, config);
    }
  }

  private fallbackBlocks(scope: Element): FallbackBlock[] {
    const config = this.config as ScannerConfig;
    const { adapter } = this.deps;
    if (adapter.fallback) return adapter.fallback(scope, config.selectors, this.chat.id);
    return findTextBlocks(scope, config.selectors).map(({ el, text }) => ({
      el,
      text,
      key: `fallback:${hashText(text)}`,
      sender: null,
    }));
  }

  /** Asks the gate; applies its answer; plans a look again when a change is pending. */
  private decide(wanted: TabSummary['state'], settle = false): TabSummary['state'] {
    if (wanted === 'active') this.unreadSince = null;
    const { state, recheckInMs } = this.gate.propose(wanted, performance.now(), this.settling || settle);
    this.setState(state);
    if (recheckInMs !== null) this.recheckAt(recheckInMs);
    return state;
  }

  /** One timer at a time: a full pass once the pending decision (or the throttle) is due. */
  private recheckAt(ms: number): void {
    if (this.recheck !== null || this.deps.signal.aborted) return;
    this.recheck = this.win.setTimeout(() => {
      this.recheck = null;
      this.requestFullRescan();
    }, Math.max(0, ms) + 1);
  }

  private setState(state: TabSummary['state']): void {
    if (state === this.state) return;
    if (this.state === 'fallback') this.deps.marker.removeAll();
    this.state = state;
    this.deps.onState?.(state);
    this.notify();
  }

  /** State and counts for the toolbar badge; never text. */
  report(): TabReport {
    let flagged = 0;
    if (this.config)
      for (const key of this.flagged.keys()) if (!this.isDismissed(key, this.config)) flagged++;
    const shop = this.config && !this.isShopDismissed(this.config) ? this.shop.category() : null;
    return { client: this.deps.adapter.client, state: this.state, flagged, ...(shop ? { shop } : {}) };
  }

  private isShopDismissed(config: ScannerConfig): boolean {
    const id = this.chat.id;
    return id !== null && (config.dismissed.chats.has(id) || config.dismissed.shops?.has(id) === true);
  }

  /**
   * The chat-level marker: shown near the open chat's header while the chat looks like a shop
   * and the user has not dismissed that; else removed. Cheap when nothing changed (counts only).
   */
  private updateShopMarker(): void {
    const marker = this.deps.shopMarker;
    if (!marker) return;
    const config = this.config;
    if (!config || this.state === 'idle' || this.isShopDismissed(config) || this.shop.category() === null) {
      marker.hide();
      return;
    }
    const place = this.shopPlace(config);
    if (place) marker.show(place, this.shop.key(), () => this.shop.summary());
    else marker.hide();
  }

  /** In the header when the rules name one that is there, else just before the message list. */
  private shopPlace(config: ScannerConfig): ShopPlace | null {
    const header = firstMatch(this.deps.doc, config.selectors.chatHeader);
    if (header) return { el: header, mode: 'append' };
    return this.rootEl?.isConnected ? { el: this.rootEl, mode: 'before' } : null;
  }

  /** Tells onReport when what the badge shows changed (cheap: a count over flagged messages). */
  private notify(): void {
    this.updateShopMarker();
    if (!this.deps.onReport) return;
    const report = this.report();
    const signature = `${report.state}:${report.flagged}:${report.shop ?? ''}`;
    if (signature === this.lastReport) return;
    this.lastReport = signature;
    this.deps.onReport(report);
  }

  // ------------------------------------------------------------------ popup

  summary(): TabSummary {
    return {
      client: this.deps.adapter.client,
      state: this.state,
      chat: { ...this.chat },
      scanned: this.scannedKeys.size,
      flagged: Array.from(this.flagged.values(), (e) => e.item),
      rulesVersion: this.config?.detector.version ?? null,
      shop: this.shop.summary(),
    };
  }

  getState(): TabSummary['state'] {
    return this.state;
  }

  /** The message element of `key` in the page, or null when it is not there (virtual lists). */
  private findMessage(key: string): Element | null {
    const config = this.config;
    if (!config || !this.messageSelector) return null;
    for (const el of this.deps.doc.querySelectorAll(this.messageSelector)) {
      if (
        this.memos.get(el)?.key === key ||
        this.deps.adapter.key(el, config.selectors, this.chat.id) === key
      )
        return el;
    }
    return null;
  }

  /** Scrolls the message into view and outlines it briefly. False when it is not in the DOM. */
  showMessage(key: string): boolean {
    const el = this.findMessage(key);
    if (!el) return false;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const target = el as HTMLElement;
    const previous = target.style.outline;
    target.style.outline = '3px solid #e0b44a';
    this.win.setTimeout(() => {
      target.style.outline = previous;
    }, 2000);
    return true;
  }

  /**
   * What "Keep evidence" needs (issue 16), from what this scanner already holds: the flagged
   * message's whole text, matched words, sender and time, plus where it is on screen. With a key,
   * the message is scrolled into view first when it is not wholly visible (no outline: the capture
   * shows the page as the user sees it). With null, every flagged message of the chat, no scroll.
   */
  async evidence(key: string | null): Promise<EvidenceReply> {
    const config = this.config;
    if (!config) return { ok: false, reason: 'not-ready' };
    const entries = key === null ? [...this.flagged.values()] : [this.flagged.get(key)];
    if (key !== null && !entries[0]) return { ok: false, reason: 'not-flagged' };
    let box: CssBox | null = null;
    if (key !== null) {
      let el = this.findMessage(key);
      if (el && !whollyInView(el, this.win)) {
        el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
        // Let the page lay out and paint the scrolled view before the popup captures it; a chat
        // may also rebuild the node while it scrolls, so it is looked up again.
        await nextFrames(this.win, 2);
        el = el.isConnected ? el : this.findMessage(key);
      }
      if (el) box = cssBox(el);
    }
    const loc = this.win.location;
    return {
      ok: true,
      page: {
        viewport: { width: this.win.innerWidth, height: this.win.innerHeight },
        devicePixelRatio: this.win.devicePixelRatio || 1,
        chat: { title: this.chat.title, publicLink: this.chat.publicLink },
        pageUrl: loc.href,
        visible: this.deps.doc.visibilityState === 'visible',
        blur: config.blur,
      },
      messages: entries
        .filter((e): e is FlaggedEntry => e !== undefined)
        .slice(0, MAX_EVIDENCE_MESSAGES)
        .map((e) => ({
          key: e.item.key,
          text: e.text,
          matched: [...new Set(e.words.flat())].slice(0, 200),
          sender: e.item.sender,
          time: e.item.time,
          box: key === null ? null : box,
        })),
    };
  }

  /** The user revealed a blurred message: keep it revealed while the tab lives. */
  reveal(key: string): void {
    this.revealed.add(key);
  }
}

function onlyOurBadges(record: MutationRecord): boolean {
  if (record.removedNodes.length > 0 || record.addedNodes.length === 0) return false;
  for (const node of record.addedNodes) {
    if (!isOwn(node) && !isShopMarkerHost(node)) return false;
  }
  return true;
}

function cssBox(el: Element): CssBox {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

/** The element's box lies wholly inside the viewport (a message taller than it never does). */
function whollyInView(el: Element, win: Window): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= win.innerHeight && r.right <= win.innerWidth;
}

/** Resolves after `n` frames, or after 100 ms per frame where frames do not come (hidden tab). */
function nextFrames(win: Window, n: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = win.setTimeout(resolve, 100 * n);
    const step = (left: number) => {
      if (left === 0) {
        win.clearTimeout(timer);
        resolve();
        return;
      }
      win.requestAnimationFrame(() => step(left - 1));
    };
    step(n);
  });
}

/** Displayed (not display:none up its ancestors) when the browser can tell; assumed so otherwise. */
function isDisplayed(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el) : true;
}
