// @vitest-environment happy-dom
/**
 * The chat-level verdict in the content script (issue 15), with the real engine and rules on the
 * real-structure fixtures: a shop channel gets it (summary, toolbar report, one marker in the
 * header, keyboard-operable), a family group with one flagged message does not, a chat switch
 * without a page load starts again, a dismissal hides the marker and the badge, and nothing of a
 * message's text is kept for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bundleAndDetector } from '../../../scripts/lib/detector';
import { ShopMarker, shopMarkerRoot } from '../../../src/content/chat-marker';
import { pageLang } from '../../../src/content/strings';
import type { ClientId } from '../../../src/shared/messages';
import { showChat } from '../../fixtures/sites/chat-variants';
import { loadFixtureFile, settle, setup, waitFor } from './helpers';

const { bundle, detector } = bundleAndDetector();
const section = bundle.chat ?? null;
const engine = () => Object.assign(Object.create(detector), { calls: [] as string[] });

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

function start(client: ClientId, opts: Parameters<typeof setup>[1] = {}) {
  const shopMarker = new ShopMarker(document, () => pageLang(document));
  const s = setup(client, { detector: engine(), chat: section, shopMarker, ...opts });
  cleanups.push(s.controller);
  return { ...s, shopMarker };
}

/** Our marker host, found by what it is (no attribute marks it), and its closed root. */
function markerIn(selector: string): { host: Element; root: ShadowRoot } | null {
  for (const el of document.querySelectorAll(`${selector} > span`)) {
    const root = shopMarkerRoot(el);
    if (root) return { host: el, root };
  }
  return null;
}

describe('a shop channel (telegram-k-2026.html, shop variant)', () => {
  it('gets the chat-level verdict: summary, toolbar report and one marker in the header', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const s = start('telegram-k');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat).toMatchObject({ id: '-1555000111', title: 'Vitrine Premium' });
    expect(summary.shop?.categories[0]).toBe('drugs');
    expect(summary.shop?.listings).toBeGreaterThanOrEqual(6);
    expect(summary.shop?.read).toBe(12);
    // The time range of the listings, from the times the page shows (data-timestamp).
    expect(summary.shop?.firstTime).toBeGreaterThanOrEqual(1795860000_000);
    expect(summary.shop?.lastTime).toBeGreaterThan(summary.shop?.firstTime ?? Number.POSITIVE_INFINITY);
    expect(summary.shop?.lastTime).toBeLessThanOrEqual(1795860000_000 + 11 * 600_000);
    expect(summary.shop?.reasons.map((r) => r.text.fr).join(' ')).toMatch(/des 12 messages lus/);
    expect(s.scanner.report().shop).toBe('drugs');
    const m = markerIn('.chat.active .topbar .chat-info .content');
    expect(m).not.toBeNull();
    // Nothing in the page names it: no attribute but its inline style.
    expect(m?.host.getAttributeNames()).toEqual(['style']);
    // Only one, however often the scanner passes.
    s.scanner.requestFullRescan();
    s.scanner.flush();
    let hosts = 0;
    for (const el of document.querySelectorAll('span')) if (shopMarkerRoot(el)) hosts++;
    expect(hosts).toBe(1);
  });

  it('the marker says it in the page language, opens and closes by keyboard and mouse', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const s = start('telegram-k');
    s.scanner.flush();
    const m = markerIn('.chat.active .topbar .chat-info .content');
    const root = m?.root as ShadowRoot;
    const button = root.querySelector('button.shop') as HTMLButtonElement;
    const panel = root.querySelector('.panel') as HTMLElement;
    expect(button.textContent).toContain('Ressemble à une boutique : Drogues');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    button.click();
    expect(panel.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(panel.textContent).toContain('Cette discussion ressemble à une boutique de drogues');
    expect(panel.textContent).toContain('pas un verdict');
    // Escape closes it and gives the focus back to the button.
    m?.host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(panel.hidden).toBe(true);
    // Clicks on it never reach the chat.
    let reached = 0;
    document.body.addEventListener('click', () => reached++);
    button.click();
    expect(reached).toBe(0);
  });

  it('keeps no message text for the verdict', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const s = start('telegram-k');
    s.scanner.flush();
    const json = JSON.stringify(s.scanner.summary().shop);
    for (const word of ['Amnesia', 'mousseux', 'Plaquettes', 'pochons', 'Kush'])
      expect(json).not.toContain(word);
  });
});

describe('a family group with one flagged message', () => {
  it('flags the message, but the chat is not a shop: no marker, no shop in the report', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('family');
    const s = start('telegram-k');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat.title).toBe('Famille Martin');
    expect(summary.flagged.length).toBe(1);
    expect(summary.shop).toBeNull();
    expect(s.scanner.report().shop).toBeUndefined();
    expect(markerIn('.chat.active .topbar .chat-info .content')).toBeNull();
  });
});

describe('switching chats without a page load', () => {
  it('starts the verdict again for the chat now open, and back', async () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const s = start('telegram-k');
    s.scanner.flush();
    expect(s.scanner.summary().shop?.categories[0]).toBe('drugs');
    showChat('family');
    await settle();
    s.scanner.flush();
    const family = s.scanner.summary();
    expect(family.chat.id).toBe('-1555000222');
    expect(family.shop).toBeNull();
    expect(family.scanned).toBe(18);
    expect(markerIn('.chat.active .topbar .chat-info .content')).toBeNull();
    showChat('shop');
    await settle();
    s.scanner.flush();
    await waitFor(() => s.scanner.summary().shop !== null);
    expect(s.scanner.summary().shop?.read).toBe(12);
    expect(markerIn('.chat.active .topbar .chat-info .content')).not.toBeNull();
  });
});

describe('dismissed, or switched off', () => {
  it('"not a shop" for this chat: no marker, no badge; the popup still gets the facts to filter', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const s = start('telegram-k', {
      dismissed: { messages: new Set(), chats: new Set(), shops: new Set(['-1555000111']) },
    });
    s.scanner.flush();
    expect(s.scanner.report().shop).toBeUndefined();
    expect(markerIn('.chat.active .topbar .chat-info .content')).toBeNull();
    expect(s.scanner.summary().shop?.categories[0]).toBe('drugs');
    // Undone: it comes back without a reload.
    s.scanner.setDismissed({ messages: new Set(), chats: new Set(), shops: new Set() });
    s.scanner.flush();
    expect(s.scanner.report().shop).toBe('drugs');
    expect(markerIn('.chat.active .topbar .chat-info .content')).not.toBeNull();
  });

  it('off in the settings: no verdict, and messages are scanned without the extra evidence', () => {
    loadFixtureFile('telegram-k-2026.html');
    showChat('shop');
    const seen: unknown[] = [];
    const d = Object.assign(Object.create(detector), {
      calls: [] as string[],
      scan(text: string, options?: unknown) {
        seen.push(options);
        return detector.scan(text, options as never);
      },
    });
    const s = start('telegram-k', { chat: null, detector: d });
    s.scanner.flush();
    expect(s.scanner.summary().shop).toBeNull();
    expect(markerIn('.chat.active .topbar .chat-info .content')).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => (o as { evidence?: boolean }).evidence !== true)).toBe(true);
  });
});

describe('where the marker goes on each client', () => {
  it('Web A: in the shown header; WhatsApp: in #main header; Snapchat: before the conversation', () => {
    const cases: [ClientId, string, string][] = [
      ['telegram-a', 'telegram-a-2026.html', '.MiddleHeader .Transition_slide-active .ChatInfo .info'],
      ['whatsapp', 'whatsapp.html', '#main header'],
    ];
    for (const [client, file, where] of cases) {
      loadFixtureFile(file);
      const s = start(client);
      s.scanner.flush();
      expect(s.scanner.summary().shop, file).not.toBeNull();
      expect(markerIn(where), file).not.toBeNull();
      s.controller.abort();
    }
    loadFixtureFile('snapchat-2025-12.html');
    const s = start('snapchat');
    s.scanner.flush();
    expect(s.scanner.summary().shop).not.toBeNull();
    const host = s.shopMarker.element;
    expect(host?.nextElementSibling?.id.startsWith('cv-')).toBe(true);
  });
});
