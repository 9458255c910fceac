/**
 * The in-place warning: a small badge appended to a flagged message, inside a CLOSED shadow root
 * so the page's styles and ours never mix and page scripts cannot read or restyle it. Everything
 * is built with createElement + textContent: page text is never parsed as HTML.
 *
 * The panel (reasons, highlighted words, note, how to report) is built only when the badge is
 * first opened, so 2 000 messages cost 2 000 small buttons at most, usually far fewer.
 */
import type { Category } from '../engine/types';
import type { FlaggedItem } from '../shared/messages';
import { isOwn, markOwn } from './own-nodes';
import { appendReportRow, elementMaker, PANEL_CSS } from './panel-parts';
import { type PageLang, STRINGS } from './strings';

export interface BadgeInfo {
  item: FlaggedItem;
  /** Per reason (same order as item.reasons): the words it matched in the message. */
  words: string[][];
  /** Element to blur until revealed; null for no blur. */
  blurEl: Element | null;
}

interface Attached {
  host: HTMLElement;
  anchor: Element;
  key: string;
  /** Identity of what the badge shows; a different one rebuilds it. */
  signature: string;
  blurEl: Element | null;
}

/** Only tests look inside the closed roots (the page cannot). */
const roots = new WeakMap<Element, ShadowRoot>();
export function badgeShadowRoot(host: Element): ShadowRoot | undefined {
  return roots.get(host);
}

/**
 * The host's inline style: set inline in case a page stylesheet targets every span (inline
 * declarations beat the page's rules, which beat :host). Also how a copy of a host that the client
 * cloned along with its message is recognised: a clone is not in our set and has no shadow root.
 */
const HOST_STYLE =
  'all:initial;display:block;margin:4px 0 2px;font:12px/1.35 system-ui,sans-serif;color:#1f1f1f;text-align:start;white-space:normal;';

const CSS = `
:host { display: block; }
.badge { all: unset; box-sizing: border-box; display: inline-flex; vertical-align: top; align-items: center; gap: 4px; max-width: 100%; padding: 2px 8px; border-radius: 10px; background: #fff4d6; color: #6b4700; border: 1px solid #e0b44a; cursor: pointer; font: inherit; font-weight: 600; }
.badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
.panel { margin-top: 4px; padding: 8px 10px; border-radius: 8px; background: #fffdf6; border: 1px solid #e0b44a; max-width: 420px; }
mark { background: #ffe08a; color: inherit; border-radius: 2px; padding: 0 1px; }
.excerpt { margin: 4px 0 6px; padding: 4px 6px; background: #f6f6f6; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
${PANEL_CSS}`;

export class Marker {
  private readonly attached = new WeakMap<Element, Attached>();
  /** Every host in the page and every blurred element with its previous filter, for removeAll. */
  private readonly hosts = new Set<HTMLElement>();
  private readonly blurred = new Map<HTMLElement, string>();
  /** null: not tried yet; false: constructed sheets unusable here. */
  private sheet: CSSStyleSheet | null | false = null;

  constructor(
    private readonly doc: Document,
    private readonly lang: () => PageLang,
    private readonly onReveal: (key: string) => void,
  ) {}

  /** Idempotent: keeps a badge that is still in place and up to date, else (re)builds it. */
  attach(message: Element, anchor: Element, info: BadgeInfo): void {
    const signature = `${info.item.key}|${info.item.category}|${info.item.excerpt.length}|${info.item.score}|${this.lang()}|${info.blurEl ? 1 : 0}`;
    const current = this.attached.get(message);
    if (
      current &&
      current.signature === signature &&
      current.host.isConnected &&
      current.host.parentElement === anchor &&
      current.blurEl === info.blurEl
    ) {
      return;
    }
    this.detach(message);
    // Hosts copied along when the client cloned or re-serialised the node are dead: drop them.
    for (const stale of message.querySelectorAll('span[style]')) {
      if (!isOwn(stale) && stale.getAttribute('style') === HOST_STYLE) stale.remove();
    }
    const host = this.build(info);
    anchor.appendChild(host);
    this.hosts.add(host);
    if (info.blurEl) this.applyBlur(info.blurEl);
    this.attached.set(message, { host, anchor, key: info.item.key, signature, blurEl: info.blurEl });
  }

  detach(message: Element): void {
    const current = this.attached.get(message);
    if (!current) return;
    current.host.remove();
    this.hosts.delete(current.host);
    if (current.blurEl) this.removeBlur(current.blurEl);
    this.attached.delete(message);
  }

  has(message: Element): boolean {
    const current = this.attached.get(message);
    return current?.host.isConnected === true;
  }

  /** Removes every badge and blur we ever added to this document (teardown, rules change). */
  removeAll(): void {
    for (const host of this.hosts) host.remove();
    this.hosts.clear();
    for (const el of [...this.blurred.keys()]) this.removeBlur(el);
  }

  /** Blurs `el`, remembering its own filter (in memory, not in an attribute the page could read). */
  private applyBlur(el: Element): void {
    if (!('style' in el)) return;
    const target = el as HTMLElement;
    if (!this.blurred.has(target)) this.blurred.set(target, target.style.filter || '');
    target.style.filter = 'blur(6px)';
  }

  private removeBlur(el: Element): void {
    const target = el as HTMLElement;
    const previous = this.blurred.get(target);
    if (previous === undefined) return;
    this.blurred.delete(target);
    target.style.filter = previous;
  }

  private build(info: BadgeInfo): HTMLElement {
    const doc = this.doc;
    const t = STRINGS[this.lang()];
    const { item } = info;
    const host = doc.createElement('span');
    markOwn(host);
    host.setAttribute('style', HOST_STYLE);
    // delegatesFocus: focusing the host (or clicking around the button) focuses the button.
    const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
    roots.set(host, root);
    this.addStyle(root);

    const category = t.category[item.category as Category] ?? item.category;
    const badge = doc.createElement('button');
    badge.type = 'button';
    badge.className = 'badge';
    badge.setAttribute('aria-expanded', 'false');
    badge.setAttribute('aria-controls', 'panel');
    badge.setAttribute('aria-label', t.badgeLabel(category));
    badge.textContent = `⚠ ${category} · ${t.possibleListing}`;
    root.append(badge);

    const panel = doc.createElement('div');
    panel.className = 'panel';
    panel.id = 'panel';
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', t.why);
    panel.hidden = true;
    root.append(panel);

    let built = false;
    // A real <button>: click, Enter and Space all arrive as "click".
    badge.addEventListener('click', (event) => {
      event.stopPropagation();
      event.preventDefault();
      if (!built) {
        this.fillPanel(panel, info);
        built = true;
      }
      panel.hidden = !panel.hidden;
      badge.setAttribute('aria-expanded', String(!panel.hidden));
    });
    // The chat must not treat clicks on our badge as clicks on the message (select, open media).
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'contextmenu']) {
      host.addEventListener(type, (event) => event.stopPropagation());
    }
    host.addEventListener('keydown', (event) => {
      // The chat must not take our keys as shortcuts; Escape closes the panel.
      event.stopPropagation();
      if (event.key === 'Escape' && !panel.hidden) {
        panel.hidden = true;
        badge.setAttribute('aria-expanded', 'false');
        badge.focus();
      }
    });

    if (info.blurEl) {
      const reveal = doc.createElement('button');
      reveal.type = 'button';
      reveal.className = 'action';
      reveal.textContent = t.reveal;
      reveal.setAttribute('aria-label', `${t.blurred}. ${t.reveal}`);
      reveal.style.marginInlineStart = '6px';
      reveal.addEventListener('click', (event) => {
        event.stopPropagation();
        if (info.blurEl) this.removeBlur(info.blurEl);
        reveal.remove();
        this.onReveal(item.key);
      });
      badge.after(reveal);
    }
    return host;
  }

  private fillPanel(panel: HTMLElement, info: BadgeInfo): void {
    const doc = this.doc;
    const lang = this.lang();
    const t = STRINGS[lang];
    const { item } = info;
    const el = elementMaker(doc);

    panel.append(el('h2', t.why));
    const list = el('ul');
    item.reasons.forEach((reason, i) => {
      const li = el('li', reason.text[lang] || reason.explain);
      const words = info.words[i] ?? [];
      if (words.length > 0) {
        li.append(doc.createTextNode(' — '));
        words.forEach((w, j) => {
          if (j > 0) li.append(doc.createTextNode(', '));
          li.append(el('mark', w));
        });
      }
      list.append(li);
    });
    panel.append(list);

    panel.append(el('h2', t.matched));
    const excerpt = el('div', undefined, 'excerpt');
    let pos = 0;
    for (const [s, e] of item.highlights) {
      if (s < pos) continue;
      if (s > pos) excerpt.append(doc.createTextNode(item.excerpt.slice(pos, s)));
      excerpt.append(el('mark', item.excerpt.slice(s, e)));
      pos = e;
    }
    if (pos < item.excerpt.length) excerpt.append(doc.createTextNode(item.excerpt.slice(pos)));
    panel.append(excerpt);

    panel.append(el('p', t.note, 'note'));

    appendReportRow(panel, el, { howToReport: t.howToReport, help: t.reportHelp, close: t.close }, () => {
      const badge = panel.parentNode?.querySelector('.badge');
      badge?.setAttribute('aria-expanded', 'false');
      (badge as HTMLElement | null)?.focus();
    });
  }

  private addStyle(root: ShadowRoot): void {
    // One constructed sheet shared by every badge (parsed once). Where adopting fails or does not
    // take (a Firefox content script's sheet may belong to another compartment), a <style>.
    if (this.sheet !== false) {
      try {
        const view = this.doc.defaultView as (Window & typeof globalThis) | null;
        if (this.sheet === null && view) {
          const sheet = new view.CSSStyleSheet();
          sheet.replaceSync(CSS);
          this.sheet = sheet;
        }
        if (this.sheet) {
          root.adoptedStyleSheets = [this.sheet];
          if (root.adoptedStyleSheets.length === 1) return;
        }
      } catch {
        // fall through to the <style> element
      }
      this.sheet = false;
    }
    const style = this.doc.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}
