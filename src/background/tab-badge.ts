/**
 * The toolbar badge, per tab: what the content script last reported (state and counts, never
 * text) turned into a badge text, colour and title in the UI language.
 *
 *   content script ──cs-bg/tab-state──▶ TabBadges.report(tabId) ──▶ badgeFor(inputs) ──▶ browser.action
 *   tabs.onRemoved / a new page in the tab ──▶ TabBadges.forget(tabId)
 *   a state of the whole browser (e.g. protection off) ──▶ TabBadges.setShared(...)
 *
 * `badgeFor` is pure: the badge is a function of its inputs, tried in priority order by
 * BADGE_RULES. A new input (a chat that looks like a shop, protection switched off) is a new
 * optional field of BadgeInputs plus one rule placed where its priority is.
 */
import { categoryKey } from '../shared/labels';
import { type ClientId, isTabReport, type TabReport } from '../shared/messages';
import type { ProtectionOff } from '../shared/protection';

export interface Badge {
  /** '' for no badge. About four characters fit. */
  text: string;
  /** Badge background, a CSS colour. */
  color: string;
  /** The toolbar button's tooltip (what a screen reader reads for it). */
  title: string;
}

export type Translate = (key: string, ...subs: (string | number)[]) => string;

/** Everything one tab's badge depends on. Parts that add a state add an optional field here. */
export interface BadgeInputs {
  /** The tab's content script's last report; null when none reported (not a chat page). */
  scan: TabReport | null;
  /**
   * The browser stopped Vigie reading some chat sites (site access, permission toggles), and
   * since when (src/shared/protection.ts); null or absent when it may read them all.
   */
  protectionOff?: ProtectionOff | null;
}

/** Inputs that hold for every tab at once (merged under each tab's own inputs). */
export type SharedBadgeInputs = Partial<Omit<BadgeInputs, 'scan'>>;

export const BADGE_COLORS = {
  /** Something was flagged: the same red as the in-page badges' "high" level. */
  flagged: '#b3261e',
  /** Vigie cannot read this page properly: amber, so it never reads as "something flagged". */
  layout: '#8a5a00',
  /** Protection off: dark grey, the colour of "not working", distinct from both. */
  off: '#4a4a4a',
} as const;

/** One rule of the badge: the badge it asks for, or null when it does not apply. */
export type BadgeRule = (inputs: BadgeInputs, t: Translate) => Badge | null;

/** Layout not recognised: the rules may be outdated; the page is read only by the fallback. */
const layoutNotRecognised: BadgeRule = ({ scan }, t) =>
  scan?.state === 'fallback'
    ? {
        text: '?',
        color: BADGE_COLORS.layout,
        title: scan.flagged > 0 ? t('badge_title_layout_flagged', scan.flagged) : t('badge_title_layout'),
      }
    : null;

/**
 * The chat as a whole looks like a shop (issue 15): above the count of single messages, which a
 * shop may not even have (its posts can each stay under the message threshold).
 */
const shopChat: BadgeRule = ({ scan }, t) =>
  scan && scan.state !== 'idle' && scan.shop
    ? {
        text: t('badge_text_shop'),
        color: BADGE_COLORS.flagged,
        title: t('badge_title_shop', t(categoryKey(scan.shop))),
      }
    : null;

const flaggedMessages: BadgeRule = ({ scan }, t) =>
  scan && scan.state === 'active' && scan.flagged > 0
    ? {
        text: scan.flagged > 99 ? '99+' : String(scan.flagged),
        color: BADGE_COLORS.flagged,
        title: t(scan.flagged === 1 ? 'badge_title_flagged_one' : 'badge_title_flagged', scan.flagged),
      }
    : null;

/** When, in the browser's own locale (the worker has no page language). */
const sinceText = (ms: number) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));

/**
 * Protection off (issue 17, point 11): shown on every tab that has nothing more urgent of its
 * own (a chat that Vigie still reads keeps its count), and kept until access comes back.
 */
const protectionOff: BadgeRule = ({ protectionOff: off }, t) =>
  off
    ? {
        text: t('badge_text_off'),
        color: BADGE_COLORS.off,
        title: t('badge_title_off', sinceText(off.since)),
      }
    : null;

const readingQuietly: BadgeRule = ({ scan }, t) =>
  scan?.state === 'active' ? { text: '', color: BADGE_COLORS.flagged, title: t('badge_title_active') } : null;

/** Highest priority first. */
export const BADGE_RULES: readonly BadgeRule[] = [
  layoutNotRecognised,
  shopChat,
  flaggedMessages,
  protectionOff,
  readingQuietly,
];

/** The badge for these inputs: the first rule that applies, else no badge and the plain name. */
export function badgeFor(inputs: BadgeInputs, t: Translate): Badge {
  for (const rule of BADGE_RULES) {
    const badge = rule(inputs, t);
    if (badge) return badge;
  }
  return { text: '', color: BADGE_COLORS.flagged, title: t('extName') };
}

// ---------------------------------------------------------------- applying it

/** The part of browser.action used here (tests pass a fake). */
export interface ActionApi {
  setBadgeText(details: { tabId?: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void>;
  setTitle(details: { tabId?: number; title: string }): Promise<void>;
  setBadgeTextColor?(details: { tabId?: number; color: string }): Promise<void>;
}

/** Where reports survive the worker's restarts (storage.session); optional. */
export interface ReportStore {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export const TAB_REPORTS_KEY = 'tab-badge/reports';

export interface TabBadgesDeps {
  action: ActionApi;
  /** The translator for the current UI language (re-read on each render; it is cached upstream). */
  translate: () => Promise<Translate>;
  store?: ReportStore;
}

export class TabBadges {
  private readonly reports = new Map<number, TabReport>();
  private shared: SharedBadgeInputs = {};
  /** What each tab (key -1: the global badge) shows now, to skip calls that change nothing. */
  private readonly shown = new Map<number, string>();
  private restored: Promise<void> | null = null;
  /** Renders run one after another, so a slow older one never overwrites a newer badge. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TabBadgesDeps) {}

  /** The tab's content script reported its state. */
  report(tabId: number, report: TabReport): Promise<void> {
    return this.after(async () => {
      const previous = this.reports.get(tabId);
      this.reports.set(tabId, copyReport(report));
      if (
        !previous ||
        previous.state !== report.state ||
        previous.client !== report.client ||
        (previous.shop ?? null) !== (report.shop ?? null)
      )
        await this.save();
      await this.render(tabId);
    });
  }

  /** The tab was closed or left the page that reported: forget it and drop its badge. */
  forget(tabId: number, { closed = false } = {}): Promise<void> {
    return this.after(async () => {
      const had = this.reports.delete(tabId);
      // The browser may already have reset it (Firefox does on navigation): render afresh.
      const showed = this.shown.delete(tabId);
      if (had) await this.save();
      if (!closed && (had || showed)) await this.render(tabId);
    });
  }

  /**
   * The tab started or finished loading something. Chrome says 'loading' even for a chat switch
   * inside the page (hash or history change, same document), so nothing is dropped on that
   * alone: the browser may have reset the badge (a new document), so what we showed is
   * forgotten, and once the load is complete the tab's content script is asked for its report.
   * No answer means no Vigie on that page any more: the tab is forgotten.
   */
  pageLoad(tabId: number, status: 'loading' | 'complete', ask: () => Promise<unknown>): Promise<void> {
    return this.after(async () => {
      if (!this.reports.has(tabId) && !this.shown.has(tabId)) return;
      if (status === 'loading') {
        this.shown.delete(tabId);
        return;
      }
      let answer: unknown;
      try {
        answer = await ask();
      } catch {
        answer = undefined;
      }
      if (isTabReport(answer)) {
        this.reports.set(tabId, copyReport(answer));
      } else if (this.reports.delete(tabId)) {
        await this.save();
      }
      this.shown.delete(tabId);
      await this.render(tabId);
    });
  }

  /** A state of the whole browser (every tab, and tabs no content script runs in). */
  setShared(inputs: SharedBadgeInputs): Promise<void> {
    return this.after(async () => {
      this.shared = { ...this.shared, ...inputs };
      await this.render(null);
      for (const tabId of this.reports.keys()) await this.render(tabId);
    });
  }

  /** Clients that an open tab reports as not recognised (for the rules status). */
  async layoutProblems(): Promise<ClientId[]> {
    await this.load();
    const clients = new Set<ClientId>();
    for (const r of this.reports.values()) if (r.state === 'fallback') clients.add(r.client);
    return [...clients].sort();
  }

  inputsFor(tabId: number | null): BadgeInputs {
    return { ...this.shared, scan: tabId === null ? null : (this.reports.get(tabId) ?? null) };
  }

  private after(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      await this.load();
      await step();
    });
    // A failed call (tab gone between report and render) must not block later ones.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async render(tabId: number | null): Promise<void> {
    const badge = badgeFor(this.inputsFor(tabId), await this.deps.translate());
    const key = tabId ?? -1;
    const signature = `${badge.text}\u0000${badge.color}\u0000${badge.title}`;
    if (this.shown.get(key) === signature) return;
    const target = tabId === null ? {} : { tabId };
    const { action } = this.deps;
    await Promise.all([
      action.setBadgeText({ ...target, text: badge.text }),
      action.setBadgeBackgroundColor({ ...target, color: badge.color }),
      action.setBadgeTextColor?.({ ...target, color: '#ffffff' }),
      action.setTitle({ ...target, title: badge.title }),
    ]);
    this.shown.set(key, signature);
  }

  private load(): Promise<void> {
    this.restored ??= (async () => {
      if (!this.deps.store) return;
      try {
        const stored = (await this.deps.store.get([TAB_REPORTS_KEY]))[TAB_REPORTS_KEY];
        for (const [id, report] of Object.entries(parseReports(stored)))
          if (!this.reports.has(Number(id))) this.reports.set(Number(id), report);
      } catch {
        // No session storage: reports live as long as the worker, which is still useful.
      }
    })();
    return this.restored;
  }

  private async save(): Promise<void> {
    if (!this.deps.store) return;
    const out: Record<string, TabReport> = {};
    for (const [id, r] of this.reports) out[String(id)] = r;
    await this.deps.store.set({ [TAB_REPORTS_KEY]: out }).catch(() => undefined);
  }
}

/** The fields of a report, and nothing else a sender may have added. */
function copyReport(r: TabReport): TabReport {
  return { client: r.client, state: r.state, flagged: r.flagged, ...(r.shop ? { shop: r.shop } : {}) };
}

/** Stored reports, checked like any message: a bad entry is dropped, not trusted. */
function parseReports(value: unknown): Record<string, TabReport> {
  const out: Record<string, TabReport> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [id, report] of Object.entries(value as Record<string, unknown>))
    if (/^\d{1,10}$/.test(id) && isTabReport(report)) out[id] = report;
  return out;
}
