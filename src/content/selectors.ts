/**
 * Turns the rule bundle's selector DATA for one client into something the adapters can use:
 * invalid CSS is dropped (a bad rule update must not break the page), lists are kept in order.
 */
import type { SiteSelectors } from '../engine/ruleset/sites';
import { BADGE_ATTR } from './text';

export interface CompiledSelectors {
  root: string[];
  message: string[];
  text: string[];
  /** One selector list (comma-joined), always including our own badge. */
  textExclude: string;
  /** One selector list, or '' when there is none. */
  service: string;
  sender: string[];
  forwarded: string;
  chatTitle: string[];
  badgeAnchor: string[];
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
    textExclude: [...keep(site.textExclude), `[${BADGE_ATTR}]`].join(', '),
    service: keep(site.service).join(', '),
    sender: keep(site.sender),
    forwarded: keep(site.forwarded).join(', '),
    chatTitle: keep(site.chatTitle),
    badgeAnchor: keep(site.badgeAnchor),
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
