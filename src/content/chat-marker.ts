/**
 * The chat-level marker: ONE calm button near the open chat's header saying "this chat looks like
 * a shop for …", and on activation the same information as the popup's banner (the reasons in
 * plain words, that it is a warning and not a verdict, how to report). Like the message badges it
 * lives in a CLOSED shadow root, is built with createElement + textContent only, and stops the
 * events it handles from reaching the chat. Our nodes are known by identity (a WeakSet), never by
 * an attribute the page could look for.
 *
 *   in a header:       appended to the header element, inline
 *   without a header:  placed just before the message list, sticky at the top of its scroller
 */
import type { Category } from '../engine/types';
import type { ShopSummary } from '../shared/messages';
import { appendReportRow, elementMaker, PANEL_CSS } from './panel-parts';
import { type PageLang, STRINGS } from './strings';

/** Our own marker hosts (for the scanner, which ignores mutations that are only ours). */
const ownHosts = new WeakSet<Node>();
export function isShopMarkerHost(node: Node): boolean {
  return ownHosts.has(node);
}

/** Only tests look inside the closed root (the page cannot). */
const roots = new WeakMap<Element, ShadowRoot>();
export function shopMarkerRoot(host: Element): ShadowRoot | undefined {
  return roots.get(host);
}

export interface ShopPlace {
  /** The element the marker goes into (a header) or before (the message list). */
  el: Element;
  mode: 'append' | 'before';
}

const CSS = `
:host { display: inline-block; }
.shop { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 4px; max-width: 100%; padding: 1px 8px; border-radius: 10px; background: #eef2ff; color: #27306b; border: 1px solid #8d97d6; cursor: pointer; font: inherit; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.shop:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
.panel { position: absolute; z-index: 2147483646; margin-top: 4px; padding: 8px 10px; border-radius: 8px; background: #fbfbff; color: #1f1f1f; border: 1px solid #8d97d6; box-shadow: 0 2px 8px rgba(0,0,0,.15); width: min(380px, 90vw); white-space: normal; font-weight: 400; }
${PANEL_CSS}`;

export class ShopMarker {
  private host: HTMLElement | null = null;
  private signature = '';
  private place: ShopPlace | null = null;

  constructor(
    private readonly doc: Document,
    private readonly lang: () => PageLang,
  ) {}

  /**
   * Shows (or keeps) the marker at this place. `key` identifies what it says (categories and
   * counts); the summary is built only when that changed. Idempotent.
   */
  show(place: ShopPlace, key: string, summary: () => ShopSummary | null): void {
    const lang = this.lang();
    const signature = `${key}|${lang}`;
    const host = this.host;
    const inPlace =
      host?.isConnected === true &&
      this.place?.el === place.el &&
      this.place.mode === place.mode &&
      (place.mode === 'append' ? host.parentElement === place.el : host.nextElementSibling === place.el);
    if (host && inPlace && signature === this.signature) return;
    const shop = summary();
    if (!shop) {
      this.hide();
      return;
    }
    if (host && inPlace) {
      // Same place, new counts: refresh the words without moving focus or closing the panel.
      this.fill(host, shop, lang);
      this.signature = signature;
      return;
    }
    this.hide();
    const built = this.build(shop, lang, place.mode);
    if (place.mode === 'append') place.el.appendChild(built);
    else place.el.parentNode?.insertBefore(built, place.el);
    this.host = built;
    this.place = place;
    this.signature = signature;
  }

  hide(): void {
    this.host?.remove();
    this.host = null;
    this.place = null;
    this.signature = '';
  }

  /** The host in the page, when shown (tests, and the scanner's own checks). */
  get element(): HTMLElement | null {
    return this.host?.isConnected ? this.host : null;
  }

  private build(shop: ShopSummary, lang: PageLang, mode: ShopPlace['mode']): HTMLElement {
    const doc = this.doc;
    const host = doc.createElement('span');
    ownHosts.add(host);
    // Inline, so a page rule on every span cannot hide or restyle the host (see marker.ts).
    host.setAttribute(
      'style',
      mode === 'append'
        ? 'all:initial;display:inline-block;position:relative;margin:0 0 0 8px;vertical-align:middle;font:12px/1.35 system-ui,sans-serif;color:#1f1f1f;text-align:start;'
        : 'all:initial;display:block;position:sticky;top:0;z-index:3;margin:4px 8px;font:12px/1.35 system-ui,sans-serif;color:#1f1f1f;text-align:start;',
    );
    const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
    roots.set(host, root);
    const style = doc.createElement('style');
    style.textContent = CSS;
    root.append(style);
    this.fill(host, shop, lang);
    for (const type of [
      'mousedown',
      'mouseup',
      'pointerdown',
      'pointerup',
      'click',
      'dblclick',
      'contextmenu',
    ]) {
      host.addEventListener(type, (event) => event.stopPropagation());
    }
    host.addEventListener('keydown', (event) => {
      // The chat must not take our keys as shortcuts; Escape closes the panel.
      event.stopPropagation();
      const panel = root.querySelector<HTMLElement>('.panel');
      const button = root.querySelector<HTMLElement>('.shop');
      if (event.key === 'Escape' && panel && !panel.hidden) {
        panel.hidden = true;
        button?.setAttribute('aria-expanded', 'false');
        button?.focus();
      }
    });
    return host;
  }

  /** (Re)writes the button and the panel inside an existing host, keeping the panel's state. */
  private fill(host: HTMLElement, shop: ShopSummary, lang: PageLang): void {
    const root = roots.get(host);
    if (!root) return;
    const doc = this.doc;
    const t = STRINGS[lang];
    const wasOpen = root.querySelector<HTMLElement>('.panel')?.hidden === false;
    const hadFocus = root.activeElement !== null;
    for (const node of [...root.childNodes]) if (node.nodeName !== 'STYLE') node.remove();
    const el = elementMaker(doc);
    const names = shop.categories.map((c) => t.category[c as Category] ?? c);
    const headline = t.shopHeadline(names);

    const button = el('button', `⚠ ${t.shopBadge(names)}`, 'shop');
    button.type = 'button';
    button.setAttribute('aria-expanded', String(wasOpen));
    button.setAttribute('aria-controls', 'shop-panel');
    button.setAttribute('aria-label', `Vigie: ${headline}. ${t.showWhy}`);
    const panel = el('div', undefined, 'panel');
    panel.id = 'shop-panel';
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', headline);
    panel.hidden = !wasOpen;
    panel.append(el('h2', headline));
    const list = el('ul');
    for (const reason of shop.reasons) list.append(el('li', reason.text[lang] || reason.explain));
    panel.append(list, el('p', t.shopNote, 'note'));
    appendReportRow(panel, el, { howToReport: t.howToReport, help: t.shopReportHelp, close: t.close }, () => {
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    });
    // A real <button>: click, Enter and Space all arrive as "click".
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      event.preventDefault();
      panel.hidden = !panel.hidden;
      button.setAttribute('aria-expanded', String(!panel.hidden));
    });
    root.append(button, panel);
    if (hadFocus) button.focus();
  }
}
