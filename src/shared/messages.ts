/**
 * Typed message contracts between Vigie's parts, one discriminated union per direction
 * (popup→content, popup/options→background). Every receiver checks the shape with the `is…`
 * guards before acting: a message is data from another context, never trusted blindly.
 *
 * Message TEXT never travels to the background. The popup asks the content script of the active
 * tab directly for its in-memory summary; nothing is written to disk.
 */
import { CATEGORIES, type Category, type Level, type Span } from '../engine/types';

// ---------------------------------------------------------------- popup → content script (tabs.sendMessage)

export type ClientId = 'telegram-k' | 'telegram-a' | 'whatsapp' | 'snapchat';

export type PopupToContent =
  | { type: 'popup-cs/get-summary' }
  | { type: 'popup-cs/show-message'; key: string }
  | { type: 'popup-cs/dismiss'; key: string; scope: DismissScopeName }
  | { type: 'popup-cs/undismiss'; key: string; scope: DismissScopeName }
  /**
   * "Keep evidence" (issue 16), sent only from a click in the popup. With a key: that flagged
   * message, scrolled into view when it is not wholly visible, with its box for the crop. With
   * `key: null`: the chat as a whole (the chat-level verdict), every flagged message, no scroll.
   */
  | { type: 'popup-cs/evidence'; key: string | null };

/** What a dismissal covers: one message, a whole chat, or only the chat-level "shop" verdict. */
export type DismissScopeName = 'message' | 'chat' | 'shop';
export const DISMISS_SCOPES: readonly DismissScopeName[] = ['message', 'chat', 'shop'];

export interface FlaggedItem {
  /** Stable key of the message in this tab (site-specific id, e.g. "peer:mid"). */
  key: string;
  category: Category;
  level: Level;
  score: number;
  /** Short excerpt of the message (first ~280 chars), held in memory only. */
  excerpt: string;
  /** Spans of matched words inside `excerpt`. */
  highlights: Span[];
  /** Explanation keys, deduplicated, most important first. */
  reasons: { kind: string; explain: string; text: { en: string; fr: string } }[];
  /** Unix ms of the message when the page shows it, else null. */
  time: number | null;
  sender: string | null;
}

export interface TabSummary {
  client: ClientId | null;
  /** 'active': selectors match; 'fallback': layout not recognised, heuristic in use; 'idle': no chat open. */
  state: 'active' | 'fallback' | 'idle';
  chat: { id: string | null; title: string | null; publicLink: string | null };
  scanned: number;
  flagged: FlaggedItem[];
  rulesVersion: number | null;
  /**
   * The chat-level verdict when the chat as a whole looks like a shop (issue 15); absent or null
   * otherwise, and when the setting is off. Dismissal is applied by the popup, as for messages.
   */
  shop?: ShopSummary | null;
}

/**
 * "This chat looks like a shop": the verdict's facts (counts, categories, explanation keys, the
 * time range shown; never message text), for the popup's banner, the report text and a
 * chat-level evidence document.
 */
export interface ShopSummary {
  /** Main category first; one or two. */
  categories: Category[];
  /** Messages read in the chat. */
  read: number;
  /** Of those, listings of these categories (flagged, or offers under the message threshold). */
  listings: number;
  /** Of the listings, flagged one by one. */
  flagged: number;
  /** Listings repeating an earlier listing with other numbers. */
  repeated: number;
  /** Commerce signals among the listings, most frequent first (`price`, `contact`…). */
  signals: string[];
  /** Explanation keys of what the listings name, most frequent first. */
  products: string[];
  /** Earliest and latest time the page shows among those listings (Unix ms), when it shows any. */
  firstTime: number | null;
  lastTime: number | null;
  /** The reasons in plain words, both languages. */
  reasons: { explain: string; text: { en: string; fr: string } }[];
}

// ---------------------------------------------------------------- evidence (popup ↔ content script)

/** A rectangle in CSS pixels, relative to the top-left corner of the page's viewport. */
export interface CssBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page as it is shown when the evidence is taken. */
export interface PageFacts {
  /** The viewport's size in CSS pixels (innerWidth × innerHeight: what the tab capture shows). */
  viewport: { width: number; height: number };
  devicePixelRatio: number;
  chat: { title: string | null; publicLink: string | null };
  /** The page address (WhatsApp's never names the chat; Telegram's may). */
  pageUrl: string;
  /** The page is the visible one (a hidden tab cannot be captured). */
  visible: boolean;
  /** The blur option is on: a message not revealed is captured blurred, as the user sees it. */
  blur: boolean;
}

/** One flagged message, as the content script holds it in memory (nothing new is kept for it). */
export interface MessageFacts {
  key: string;
  /** The whole text exactly as read (bounded by the content script's own cap), not the excerpt. */
  text: string;
  /** The words the reasons matched, as they appear in the text. */
  matched: string[];
  /** Sender and time as the page shows them (null when it shows none). */
  sender: string | null;
  time: number | null;
  /** Where the message is after scrolling; null when it is no longer in the page or not asked. */
  box: CssBox | null;
}

export type EvidenceReply =
  | { ok: true; page: PageFacts; messages: MessageFacts[] }
  /** 'not-flagged': the message is no longer flagged here; 'not-ready': no rules or no chat yet. */
  | { ok: false; reason: 'not-flagged' | 'not-ready' };

/** Bounds of a reply: the content script caps a message at 16 384 characters; this is looser. */
export const MAX_EVIDENCE_TEXT = 65_536;
export const MAX_EVIDENCE_MESSAGES = 500;
const MAX_MATCHED = 200;
const MAX_URL = 8_192;

const finiteIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const shortStringOrNull = (v: unknown, max = 4_096) =>
  v === null || (typeof v === 'string' && v.length <= max);

function isCssBox(v: unknown): v is CssBox {
  return (
    isObject(v) &&
    finiteIn(v.x, -1e7, 1e7) &&
    finiteIn(v.y, -1e7, 1e7) &&
    finiteIn(v.width, 0, 1e7) &&
    finiteIn(v.height, 0, 1e7)
  );
}

function isPageFacts(v: unknown): v is PageFacts {
  return (
    isObject(v) &&
    isObject(v.viewport) &&
    finiteIn(v.viewport.width, 1, 1e5) &&
    finiteIn(v.viewport.height, 1, 1e5) &&
    finiteIn(v.devicePixelRatio, 0.05, 16) &&
    isObject(v.chat) &&
    shortStringOrNull(v.chat.title) &&
    shortStringOrNull(v.chat.publicLink, MAX_URL) &&
    typeof v.pageUrl === 'string' &&
    v.pageUrl.length <= MAX_URL &&
    /^https:\/\//.test(v.pageUrl) &&
    typeof v.visible === 'boolean' &&
    typeof v.blur === 'boolean'
  );
}

function isMessageFacts(v: unknown): v is MessageFacts {
  return (
    isObject(v) &&
    typeof v.key === 'string' &&
    v.key.length < 512 &&
    typeof v.text === 'string' &&
    v.text.length <= MAX_EVIDENCE_TEXT &&
    Array.isArray(v.matched) &&
    v.matched.length <= MAX_MATCHED &&
    v.matched.every((w) => typeof w === 'string' && w.length <= 1_000) &&
    shortStringOrNull(v.sender) &&
    (v.time === null || finiteIn(v.time, 0, 8.64e15)) &&
    (v.box === null || isCssBox(v.box))
  );
}

/** Checks the content script's answer: anything malformed is refused, never half-used. */
export function parseEvidenceReply(v: unknown): EvidenceReply | null {
  if (!isObject(v)) return null;
  if (v.ok === false) {
    return v.reason === 'not-flagged' || v.reason === 'not-ready' ? { ok: false, reason: v.reason } : null;
  }
  if (
    v.ok !== true ||
    !isPageFacts(v.page) ||
    !Array.isArray(v.messages) ||
    v.messages.length > MAX_EVIDENCE_MESSAGES ||
    !v.messages.every(isMessageFacts)
  ) {
    return null;
  }
  return v as unknown as EvidenceReply;
}

// ---------------------------------------------------------------- popup/options → background (runtime.sendMessage)

export type UiToBackground = { type: 'ui-bg/get-status' } | { type: 'ui-bg/check-now' };

/** Why the background put the packaged rules back in place of a stored set (issue 17). */
export type FallbackReason = 'key-untrusted' | 'stored-invalid' | 'expired';

export interface RulesStatus {
  version: number;
  published: string;
  source: 'embedded' | 'feed';
  /** Whose feed the set came from (null: built into the extension). */
  owner?: 'project' | 'organisation' | null;
  /** ISO date-time after which a downloaded set is dropped for the packaged one. */
  expires?: string;
  /** 'soon': within 14 days; 'past': only ever for the packaged set, which is never dropped. */
  expiry?: 'soon' | 'past' | null;
  /** Set when a stored set was dropped for the packaged one, until the next update installs. */
  fallback?: { reason: FallbackReason; at: string } | null;
  /** ISO date-time of the last update check, or null if never. */
  lastCheck: string | null;
  /** Plain-words error code of the last failed check (see popup i18n keys `error_<code>`), or null. */
  lastError: { code: string; detail: string; at: string } | null;
  /**
   * Clients whose layout an open tab does not recognise right now (its selectors read nothing
   * while the conversation shows text): the rules may be outdated. Added by the background from
   * its tabs' reports; absent from older answers.
   */
  layoutProblems?: ClientId[];
}

// ---------------------------------------------------------------- content script → background (runtime.sendMessage)

/**
 * The active rule bundle lives in storage.local under RULESET_ACTIVE_KEY (written atomically by
 * the background; content scripts read it and follow storage.onChanged). When the key is missing
 * (first start), a content script asks the background, which installs the embedded default.
 * Only rule DATA flows this way, never message text.
 */
export const RULESET_ACTIVE_KEY = 'ruleset/active';

export interface ActiveRuleset {
  /** The exact bundle JSON text (verified before it was stored). */
  raw: string;
  version: number;
  source: 'embedded' | 'feed';
}

/** Guard for a stored or received ActiveRuleset (content scripts, the check page, the background). */
export function isActiveRuleset(value: unknown): value is ActiveRuleset {
  return (
    isObject(value) &&
    typeof value.raw === 'string' &&
    typeof value.version === 'number' &&
    (value.source === 'embedded' || value.source === 'feed')
  );
}

/** What the content script is doing in its tab (see TabSummary.state). */
export type ScanState = TabSummary['state'];
export const SCAN_STATES: readonly ScanState[] = ['active', 'fallback', 'idle'];
export const CLIENT_IDS: readonly ClientId[] = ['telegram-k', 'telegram-a', 'whatsapp', 'snapchat'];

/**
 * A tab's state for its toolbar badge: counts and state only, never text, never a chat name or
 * id. The background learns the tab from the sender, not from the message.
 */
export interface TabReport {
  client: ClientId;
  state: ScanState;
  /** Flagged messages in the open chat that the user has not dismissed. */
  flagged: number;
  /** The chat looks like a shop (not dismissed): its main category; absent or null otherwise. */
  shop?: Category | null;
}

/** A report's flagged count is shown as is up to this, so anything larger is a bad message. */
export const MAX_REPORTED_FLAGGED = 100_000;

/**
 * `cs-bg/get-rules`: the active set, re-checked by the background (content scripts and the check
 * page never use the stored value as is). `cs-bg/read-local`: the storage.local keys a content
 * script needs (src/shared/storage-access.ts), for Chrome, where content scripts cannot read
 * storage.local at all. `cs-bg/tab-state`: the tab's badge report.
 */
export type ContentToBackground =
  | { type: 'cs-bg/get-rules' }
  | { type: 'cs-bg/read-local'; keys: string[] }
  | ({ type: 'cs-bg/tab-state' } & TabReport);
export type GetRulesResponse = { ok: true; ruleset: ActiveRuleset } | { ok: false; error: string };
export type ReadLocalResponse = { ok: true; items: Record<string, unknown> } | { ok: false; error: string };

export function isTabReport(value: unknown): value is TabReport {
  return (
    isObject(value) &&
    (CLIENT_IDS as readonly unknown[]).includes(value.client) &&
    (SCAN_STATES as readonly unknown[]).includes(value.state) &&
    Number.isInteger(value.flagged) &&
    (value.flagged as number) >= 0 &&
    (value.flagged as number) <= MAX_REPORTED_FLAGGED &&
    (value.shop === undefined ||
      value.shop === null ||
      (CATEGORIES as readonly unknown[]).includes(value.shop))
  );
}

export function isContentToBackground(value: unknown): value is ContentToBackground {
  if (!isObject(value)) return false;
  if (value.type === 'cs-bg/get-rules') return true;
  if (value.type === 'cs-bg/read-local') {
    return (
      Array.isArray(value.keys) && value.keys.length <= 8 && value.keys.every((k) => typeof k === 'string')
    );
  }
  return value.type === 'cs-bg/tab-state' && isTabReport(value);
}

// ---------------------------------------------------------------- background → content script (tabs.sendMessage)

/** "What does this tab show now?" — answered with a TabReport (state and counts, never text). */
export type BackgroundToContent = { type: 'bg-cs/get-report' };

export function isBackgroundToContent(value: unknown): value is BackgroundToContent {
  return isObject(value) && value.type === 'bg-cs/get-report';
}

// ---------------------------------------------------------------- guards

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPopupToContent(value: unknown): value is PopupToContent {
  if (!isObject(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'popup-cs/get-summary':
      return true;
    case 'popup-cs/show-message':
      return typeof value.key === 'string' && value.key.length < 512;
    case 'popup-cs/evidence':
      return value.key === null || (typeof value.key === 'string' && value.key.length < 512);
    case 'popup-cs/dismiss':
    case 'popup-cs/undismiss':
      return (
        typeof value.key === 'string' &&
        value.key.length < 512 &&
        (DISMISS_SCOPES as readonly unknown[]).includes(value.scope)
      );
    default:
      return false;
  }
}

export function isUiToBackground(value: unknown): value is UiToBackground {
  return isObject(value) && (value.type === 'ui-bg/get-status' || value.type === 'ui-bg/check-now');
}
