/**
 * Site selectors shipped in the rule bundle, so a layout change on a chat site can be fixed by a
 * rule update without a new release. Owned by the content script (issue 4); the engine only
 * validates the shape and passes it through. Pure: no DOM here, so CSS syntax is checked by the
 * content script when it compiles the selectors (a bad selector is skipped, never thrown).
 *
 * Every list is ORDERED, most stable first (data-* / id / role attributes before semantic
 * class names; obfuscated class names never). The content script uses the first candidate that
 * matches and falls back to the next ones.
 */

import { selectorCostProblem } from './selector-cost';

/** Selector data for one chat client (one rules/sites/<client>.json file). */
export interface SiteSelectors {
  /** Element(s) holding the open chat's message list. Scanning is scoped to the first that matches. */
  root: string[];
  /** One element per message. The first candidate that matches inside the root wins. */
  message: string[];
  /** The text (or caption) inside a message; if none matches, the message's own text is used. */
  text: string[];
  /** Parts of a message that are not its text: time, meta, reactions, reply quotes, names. */
  textExclude: string[];
  /** A message matching any of these is a service message or a date separator: never scanned. */
  service: string[];
  /** The sender's display name inside a message. */
  sender: string[];
  /** Present inside (or on) a message when it is forwarded. */
  forwarded: string[];
  /** The open chat's title. */
  chatTitle: string[];
  /** Where the warning badge is appended inside a message (first match wins; else the message). */
  badgeAnchor: string[];
  /** Attributes whose change means "this node now shows another message" (ids being renamed). */
  watchAttributes: string[];
  /**
   * Where the chat-level marker ("this chat looks like a shop") goes: an element of the open
   * chat's header, the marker appended to it. Optional (bundles before issue 15 have none; then
   * the marker goes just before the message list). Note: an extension older than this field
   * refuses a bundle that has it (unknown fields are refused), see docs/feed.md.
   */
  chatHeader?: string[];
}

/** The bundle's `sites` section: client id → selectors. */
export type SitesConfig = Record<string, SiteSelectors>;

const FIELDS: readonly (keyof SiteSelectors)[] = [
  'root',
  'message',
  'text',
  'textExclude',
  'service',
  'sender',
  'forwarded',
  'chatTitle',
  'badgeAnchor',
  'watchAttributes',
];
/** Fields a bundle may leave out. */
const OPTIONAL_FIELDS: readonly (keyof SiteSelectors)[] = ['chatHeader'];
/** Fields that must have at least one candidate, or the client cannot work at all. */
const REQUIRED_NON_EMPTY: ReadonlySet<keyof SiteSelectors> = new Set(['root', 'message', 'watchAttributes']);

const CLIENT_ID = /^[a-z][a-z0-9-]{0,31}$/;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const MAX_CANDIDATES = 32;
const MAX_SELECTOR_LENGTH = 400;

/** Validate the `sites` section; return a list of problems (empty when valid). */
export function validateSites(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['sites: expected an object'];
  const problems: string[] = [];
  for (const [client, site] of Object.entries(value)) {
    if (!CLIENT_ID.test(client)) {
      problems.push(`sites: client id ${JSON.stringify(client.slice(0, 40))} is not a lowercase id`);
      continue;
    }
    problems.push(...validateSite(site, `sites.${client}`));
  }
  return problems;
}

function validateSite(site: unknown, where: string): string[] {
  if (typeof site !== 'object' || site === null || Array.isArray(site))
    return [`${where}: expected an object`];
  const problems: string[] = [];
  const record = site as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key) && !(OPTIONAL_FIELDS as readonly string[]).includes(key))
      problems.push(`${where}: unknown field "${key}"`);
  }
  for (const field of [...FIELDS, ...OPTIONAL_FIELDS.filter((f) => record[f] !== undefined)]) {
    const list = record[field];
    const at = `${where}.${field}`;
    if (!Array.isArray(list)) {
      problems.push(`${at}: expected an array of strings`);
      continue;
    }
    if (list.length > MAX_CANDIDATES) problems.push(`${at}: more than ${MAX_CANDIDATES} candidates`);
    if (list.length === 0 && REQUIRED_NON_EMPTY.has(field)) problems.push(`${at}: needs at least one entry`);
    list.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        problems.push(`${at}[${i}]: expected a non-empty string`);
      } else if (item.length > MAX_SELECTOR_LENGTH) {
        problems.push(`${at}[${i}]: longer than ${MAX_SELECTOR_LENGTH} characters`);
      } else if (field === 'watchAttributes' && !ATTRIBUTE_NAME.test(item)) {
        problems.push(`${at}[${i}]: ${JSON.stringify(item)} is not an attribute name`);
      } else if (field !== 'watchAttributes' && /[{};]/.test(item)) {
        // A selector never needs braces or semicolons; they would only smuggle CSS rules.
        problems.push(`${at}[${i}]: selectors may not contain { } or ;`);
      } else if (field !== 'watchAttributes') {
        // Forms measured to freeze a long chat (./selector-cost.ts) are refused with the bundle.
        const cost = selectorCostProblem(item);
        if (cost) problems.push(`${at}[${i}]: too costly a selector: ${cost}`);
      }
    });
  }
  return problems;
}
