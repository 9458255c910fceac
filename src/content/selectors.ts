/**
 * Turns the rule bundle's selector DATA for one client into something the adapters can use:
 * invalid CSS is dropped (a bad rule update must not break the page), lists are kept in order.
 */
import type { SiteSelectors } from '../engine/ruleset/sites';

export interface CompiledSelectors {
  root: string[];
  message: string[];
  text: string[];
  /** One selector list (comma-joined), or '' when there is none. Our own badge hosts are skipped by identity. */
  textExclude: string;
  /** One selector list, or '' when there is none. */
  service: string;
  sender: string[];
  forwarded: string;
  chatTitle: string[];
  badgeAnchor: string[];
  /** The open chat's header, where the chat-level marker goes ([] when the bundle names none). */
  chatHeader: string[];
  watchAttributes: string[];
  /** Selectors dropped because the browser could not parse them (for diagnostics and tests). */
  rejected: string[];
}

function isValidSelector(doc: Document, selector: string): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

export function compileSelectors(site: SiteSelectors, doc: Document): CompiledSelectors {
  const rejected: string[] = [];
  const keep = (list: readonly string[]): string[] =>
    list.filter((s) => {
      const ok = isValidSelector(doc, s);
      if (!ok) rejected.push(s);
      return ok;
    });
  return {
    root: keep(site.root),
    message: keep(site.message),
    text: keep(site.text),
    // Our own badge hosts are skipped by identity when text is read (./own-nodes.ts).
    textExclude: keep(site.textExclude).join(', '),
    service: keep(site.service).join(', '),
    sender: keep(site.sender),
    forwarded: keep(site.forwarded).join(', '),
    chatTitle: keep(site.chatTitle),
    badgeAnchor: keep(site.badgeAnchor),
    chatHeader: keep(site.chatHeader ?? []),
    watchAttributes: site.watchAttributes.filter((a) => /^[a-z][a-z0-9-]*$/.test(a)),
    rejected,
  };
}

/** First element matching the first candidate that matches anything under `scope`. */
export function firstMatch(scope: ParentNode, candidates: readonly string[]): Element | null {
  for (const selector of candidates) {
    const el = scope.querySelector(selector);
    if (el) return el;
  }
  return null;
}

/**
 * Longest one query of a bundle's selector may take on the page before the built-in selectors
 * are used instead: one frame. The bundle check (src/engine/ruleset/selector-cost.ts) already
 * refuses the forms measured to be costly; this catches what a page makes costly anyway.
 */
export const QUERY_BUDGET_MS = 16;

export interface GuardedSelectors {
  selectors: CompiledSelectors;
  source: 'bundle' | 'builtin';
  /** Why the built-in selectors are used: a query too slow, or nothing matched here. */
  reason: 'slow' | 'no-match' | null;
  /** The slowest single query of the bundle's selectors, in ms (for diagnostics and tests). */
  slowestMs: number;
}

/** Every selector of the compiled set, once each. */
function allSelectors(c: CompiledSelectors): string[] {
  return [
    ...c.root,
    ...c.message,
    ...c.text,
    c.textExclude,
    c.service,
    ...c.sender,
    c.forwarded,
    ...c.chatTitle,
    ...c.badgeAnchor,
    ...c.chatHeader,
  ].filter((s) => s !== '');
}

function matchesAny(doc: Document, list: readonly string[]): boolean {
  return list.some((s) => doc.querySelector(s) !== null);
}

/**
 * The bundle's selectors, unless they are too slow on this page or match nothing here while the
 * built-in ones do (a signed update that missed a layout change, or a hostile one): then the
 * built-in selectors of this release (src/content/sites/builtin.ts). Each selector is run once
 * over the whole document and timed; that bounds what running it per message can cost.
 */
export function guardSelectors(
  fromBundle: SiteSelectors,
  builtin: SiteSelectors,
  doc: Document,
  clock: () => number = () => performance.now(),
): GuardedSelectors {
  const compiled = compileSelectors(fromBundle, doc);
  if (fromBundle === builtin) return { selectors: compiled, source: 'builtin', reason: null, slowestMs: 0 };
  let slowestMs = 0;
  const time = (selector: string) => {
    const t0 = clock();
    doc.querySelectorAll(selector);
    return clock() - t0;
  };
  for (const selector of allSelectors(compiled)) {
    let ms = time(selector);
    // Once more before judging: a garbage collection or a busy machine can stall one query.
    if (ms > QUERY_BUDGET_MS) ms = Math.min(ms, time(selector));
    slowestMs = Math.max(slowestMs, ms);
    if (ms > QUERY_BUDGET_MS) {
      return { selectors: compileSelectors(builtin, doc), source: 'builtin', reason: 'slow', slowestMs };
    }
  }
  const found = matchesAny(doc, compiled.root) || matchesAny(doc, compiled.message);
  if (!found) {
    const fallback = compileSelectors(builtin, doc);
    if (matchesAny(doc, fallback.root) || matchesAny(doc, fallback.message)) {
      return { selectors: fallback, source: 'builtin', reason: 'no-match', slowestMs };
    }
  }
  return { selectors: compiled, source: 'bundle', reason: null, slowestMs };
}
