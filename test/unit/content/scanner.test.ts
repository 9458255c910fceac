// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { badgeShadowRoot } from '../../../src/content/marker';
import { compileSelectors } from '../../../src/content/selectors';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { badges, loadFixture, settle, setup, waitFor } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});
function start(...args: Parameters<typeof setup>) {
  const s = setup(...args);
  cleanups.push(s.controller);
  return s;
}

function badgeText(host: Element): string {
  return badgeShadowRoot(host)?.querySelector('.badge')?.textContent ?? '';
}

function flaggedKeys(s: ReturnType<typeof setup>): string[] {
  return s.scanner
    .summary()
    .flagged.map((f) => f.key)
    .sort();
}

describe('Scanner on the fixtures', () => {
  it('Telegram K: marks the listings, not the ordinary, service or quoted ones', () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.client).toBe('telegram-k');
    expect(summary.state).toBe('active');
    expect(summary.chat).toEqual({ id: '-1987654321', title: 'Market Deals 24/7', publicLink: null });
    expect(flaggedKeys(s)).toEqual([
      '-1987654321:1202',
      '-1987654321:1220',
      '-1987654321:1223',
      '-1987654321:1227',
    ]);
    // 9 messages with text: service bubbles, the caption-less photo and date bubbles are not scanned
    expect(summary.scanned).toBe(9);
    const hosts = badges();
    expect(hosts).toHaveLength(4);
    for (const host of hosts) expect(host.closest('.bubble-content')).not.toBeNull();
    expect(document.querySelector('[data-mid="1221"] [data-vigie-badge]')).toBeNull();
    expect(document.querySelector('[data-mid="1222"] [data-vigie-badge]')).toBeNull();
  });

  it('Telegram A: marks the listings inside .message-content', () => {
    loadFixture('telegram-a');
    const s = start('telegram-a');
    s.scanner.flush();
    expect(flaggedKeys(s)).toEqual([
      '-1001987654321:1202',
      '-1001987654321:1220',
      '-1001987654321:1223',
      '-1001987654321:1224',
    ]);
    expect(s.scanner.summary().scanned).toBe(9);
    for (const host of badges()) expect(host.parentElement?.classList.contains('message-content')).toBe(true);
  });

  it('WhatsApp: marks the listings, skips system rows and quoted text', () => {
    loadFixture('whatsapp');
    const s = start('whatsapp');
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat.id).toBe('120363000000000001@g.us');
    expect(summary.scanned).toBe(10);
    expect(flaggedKeys(s).map((k) => k.split('_')[2])).toEqual([
      '3A0000000000000000AB',
      '3A0000000000000000B0',
      '3A0000000000000000B5',
      '3A0000000000000000B6',
    ]);
    expect(badges()).toHaveLength(4);
    const item = summary.flagged.find((f) => f.key.includes('_3A0000000000000000AB_'));
    expect(item?.sender).toBe('Dealer Mike');
    expect(item?.category).toBe('drugs');
    expect(item?.excerpt.slice(item.highlights[0]?.[0], item.highlights[0]?.[1])).toBe('coke');
    expect(item?.reasons[0]?.text).toEqual({ en: 'EN drugs-name', fr: 'FR drugs-name' });
  });
});

describe('Scanner incremental behaviour', () => {
  it('batches: the mutation callback only collects, the work runs later in a task', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const scansBefore = s.detector.calls.length;
    const section = document.querySelectorAll('section.bubbles-date-group')[1] as Element;
    const group = document.createElement('div');
    group.className = 'bubbles-group';
    group.innerHTML =
      '<div class="bubble is-in" data-mid="1300" data-peer-id="-1987654321" data-timestamp="1795869000"><div class="bubble-content-wrapper"><div class="bubble-content"><div class="message">weed delivered tonight<span class="time">10:00</span></div></div></div></div>';
    section.append(group);
    await Promise.resolve();
    await Promise.resolve();
    // records delivered, but nothing scanned inside the callback
    expect(s.detector.calls.length).toBe(scansBefore);
    expect(group.querySelector('[data-vigie-badge]')).toBeNull();
    await waitFor(() => s.detector.calls.length > scansBefore);
    expect(s.detector.calls.slice(scansBefore)).toEqual(['weed delivered tonight']);
    expect(group.querySelector('[data-vigie-badge]')).not.toBeNull();
  });

  it('re-scans a recycled WhatsApp row (same element, new data-id and text) and drops its badge', async () => {
    loadFixture('whatsapp');
    const s = start('whatsapp');
    s.scanner.flush();
    const row = document.querySelector('[data-id*="_3A0000000000000000AB_"]') as Element;
    expect(row.querySelector('[data-vigie-badge]')).not.toBeNull();
    const oldKey = row.getAttribute('data-id') as string;
    row.setAttribute('data-id', 'false_120363000000000001@g.us_3A00000000000000FFFF_15550000005@c.us');
    (row.querySelector('.selectable-text > span') as Element).textContent = 'totally harmless greeting';
    await settle();
    s.scanner.flush();
    expect(row.querySelector('[data-vigie-badge]')).toBeNull();
    expect(s.detector.calls.at(-1)).toBe('totally harmless greeting');
    // the old message still exists in the chat (scrolled away): it stays in the summary
    expect(flaggedKeys(s)).toContain(oldKey);
    expect(s.scanner.summary().scanned).toBe(11);
  });

  it('re-scans an edit in place (Web A) and removes the badge when the text becomes ordinary', async () => {
    loadFixture('telegram-a');
    const s = start('telegram-a');
    s.scanner.flush();
    const msg = document.getElementById('message-1224') as Element;
    expect(msg.querySelector('[data-vigie-badge]')).not.toBeNull();
    const text = msg.querySelector('.text-content') as Element;
    (text.firstChild as Text).data = 'edited: sorry, wrong group';
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.at(-1)).toBe('edited: sorry, wrong group');
    expect(msg.querySelector('[data-vigie-badge]')).toBeNull();
    expect(flaggedKeys(s)).not.toContain('-1001987654321:1224');
  });

  it('re-scans an edit that replaces the node (Web K), and turns an ordinary message into a flagged one', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const old = document.querySelector('[data-mid="1228"]') as Element;
    const fresh = old.cloneNode(true) as Element;
    ((fresh.querySelector('.message') as Element).firstChild as Text).data = 'edited: mdma 10€ la pill';
    old.replaceWith(fresh);
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.at(-1)).toBe('edited: mdma 10€ la pill');
    expect(fresh.querySelector('[data-vigie-badge]')).not.toBeNull();
    expect(flaggedKeys(s)).toContain('-1987654321:1228');
  });

  it('re-marks a rebuilt node from the verdict cache without scanning again (K viewport slice)', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const scans = s.detector.calls.length;
    const old = document.querySelector('[data-mid="1220"]') as Element;
    const parent = old.parentElement as Element;
    const html = old.outerHTML;
    old.remove();
    await settle();
    s.scanner.flush();
    const holder = document.createElement('div');
    holder.innerHTML = html;
    for (const stale of holder.querySelectorAll('[data-vigie-badge]')) stale.remove();
    parent.append(holder.firstElementChild as Element);
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.length).toBe(scans);
    expect(s.scanner.stats.cacheHits).toBeGreaterThanOrEqual(1);
    expect(document.querySelector('[data-mid="1220"] [data-vigie-badge]')).not.toBeNull();
  });

  it('handles WhatsApp virtualisation: badge leaves with the content and returns from the cache', async () => {
    loadFixture('whatsapp');
    const s = start('whatsapp');
    s.scanner.flush();
    const scans = s.detector.calls.length;
    const row = document.querySelector('[data-id*="_3A0000000000000000B0_"]') as Element;
    const holder = row.querySelector('[data-virtualized]') as Element;
    const copy = holder.cloneNode(true) as Element;
    for (const stale of copy.querySelectorAll('[data-vigie-badge]')) stale.remove();
    const html = copy.innerHTML;
    holder.setAttribute('data-virtualized', 'true');
    holder.innerHTML = '';
    await settle();
    s.scanner.flush();
    expect(row.querySelector('[data-vigie-badge]')).toBeNull();
    holder.innerHTML = html;
    holder.setAttribute('data-virtualized', 'false');
    await settle();
    s.scanner.flush();
    expect(row.querySelector('[data-vigie-badge]')).not.toBeNull();
    expect(s.detector.calls.length).toBe(scans);
  });

  it('follows a local id becoming the server id on the same node (Web A)', async () => {
    loadFixture('telegram-a');
    const s = start('telegram-a');
    s.scanner.flush();
    const msg = document.getElementById('message-1223') as Element;
    msg.id = 'message-5000000001.000001';
    msg.setAttribute('data-message-id', '5000000001.000001');
    await settle();
    s.scanner.flush();
    expect(flaggedKeys(s)).toContain('-1001987654321:5000000001.000001');
    msg.id = 'message-1400';
    msg.setAttribute('data-message-id', '1400');
    await settle();
    s.scanner.flush();
    const keys = flaggedKeys(s);
    expect(keys).toContain('-1001987654321:1400');
    expect(keys).not.toContain('-1001987654321:5000000001.000001');
    expect(msg.querySelectorAll('[data-vigie-badge]')).toHaveLength(1);
  });

  it('re-attaches a badge the client removed while re-rendering', async () => {
    loadFixture('whatsapp');
    const s = start('whatsapp');
    s.scanner.flush();
    const row = document.querySelector('[data-id*="_3A0000000000000000B6_"]') as Element;
    row.querySelector('[data-vigie-badge]')?.remove();
    await settle();
    s.scanner.flush();
    expect(row.querySelectorAll('[data-vigie-badge]')).toHaveLength(1);
  });

  it('resets the per-chat summary on a chat switch without a page load', async () => {
    loadFixture('telegram-a');
    const s = start('telegram-a');
    s.scanner.flush();
    expect(s.scanner.summary().flagged.length).toBe(4);
    s.location.hash = '#5550001';
    const container = document.querySelector('.messages-container') as Element;
    container.innerHTML =
      '<div class="message-date-group"><div class="Message message-list-item" id="message-7" data-message-id="7"><div class="message-content-wrapper"><div class="message-content text"><div class="content-inner"><div class="text-content">see you tomorrow</div></div></div></div></div></div>';
    document.defaultView?.dispatchEvent(new Event('hashchange'));
    await settle();
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat.id).toBe('5550001');
    expect(summary.scanned).toBe(1);
    expect(summary.flagged).toEqual([]);
  });

  it('does no work while the tab is hidden and catches up when shown', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const scans = s.detector.calls.length;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    const section = document.querySelectorAll('section.bubbles-date-group')[1] as Element;
    section.insertAdjacentHTML(
      'beforeend',
      '<div class="bubbles-group"><div class="bubble is-in" data-mid="1301" data-peer-id="-1987654321"><div class="bubble-content"><div class="message">glock for sale</div></div></div></div>',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(s.detector.calls.length).toBe(scans);
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => s.detector.calls.length > scans);
    expect(s.detector.calls.slice(scans)).toEqual(['glock for sale']);
    expect(document.querySelector('[data-mid="1301"] [data-vigie-badge]')).not.toBeNull();
  });

  it('tears everything down on abort', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    expect(badges().length).toBeGreaterThan(0);
    s.controller.abort();
    expect(badges()).toHaveLength(0);
    const scans = s.detector.calls.length;
    document
      .querySelector('.bubbles-inner')
      ?.insertAdjacentHTML(
        'beforeend',
        '<div class="bubble" data-mid="9" data-peer-id="1"><div class="message">coke</div></div>',
      );
    await new Promise((r) => setTimeout(r, 300));
    expect(s.detector.calls.length).toBe(scans);
  });

  it('hides the badge of a dismissed message but keeps it in the summary', () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    s.scanner.setDismissed({ messages: new Set(['-1987654321:1220']), chats: new Set() });
    s.scanner.flush();
    expect(document.querySelector('[data-mid="1220"] [data-vigie-badge]')).toBeNull();
    expect(flaggedKeys(s)).toContain('-1987654321:1220');
    s.scanner.setDismissed({ messages: new Set(), chats: new Set(['-1987654321']) });
    s.scanner.flush();
    expect(badges()).toHaveLength(0);
    s.scanner.setDismissed({ messages: new Set(), chats: new Set() });
    s.scanner.flush();
    expect(badges()).toHaveLength(4);
  });

  it('blurs flagged text until revealed, when the option is on', () => {
    loadFixture('telegram-k');
    const s = start('telegram-k', { blur: true });
    s.scanner.flush();
    const text = document.querySelector('[data-mid="1220"] .message') as HTMLElement;
    expect(text.style.filter).toBe('blur(6px)');
    expect((document.querySelector('[data-mid="1228"] .message') as HTMLElement).style.filter).toBe('');
    const host = document.querySelector('[data-mid="1220"] [data-vigie-badge]') as Element;
    const reveal = Array.from(badgeShadowRoot(host)?.querySelectorAll('button') ?? []).find(
      (b) => b.textContent === 'Show the message',
    ) as HTMLButtonElement;
    reveal.click();
    expect(text.style.filter).toBe('');
    s.scanner.requestFullRescan();
    s.scanner.flush();
    expect(text.style.filter).toBe('');
    expect(badgeText(host)).toContain('Drugs');
  });
});

describe('Scanner lifecycle', () => {
  it('WhatsApp: a new #main for another chat resets the summary (the URL never changes)', async () => {
    loadFixture('whatsapp');
    const s = start('whatsapp');
    s.scanner.flush();
    expect(s.scanner.summary().flagged.length).toBe(4);
    const main = document.getElementById('main') as Element;
    const next = document.createElement('div');
    next.id = 'main';
    next.innerHTML =
      '<header><span dir="auto">Alice</span></header><div role="application"><div role="row"><div data-id="false_33600000000@c.us_AAA"><div data-virtualized="false"><div class="copyable-text" data-pre-plain-text="[09:00, 28/11/2026] Alice: "><span class="selectable-text copyable-text"><span>see you tomorrow</span></span></div></div></div></div></div>';
    main.replaceWith(next);
    await settle();
    s.scanner.flush();
    const summary = s.scanner.summary();
    expect(summary.chat).toEqual({ id: '33600000000@c.us', title: 'Alice', publicLink: null });
    expect(summary.scanned).toBe(1);
    expect(summary.flagged).toEqual([]);
  });

  it('disable() stops everything and removes badges; configure() brings it back', async () => {
    loadFixture('telegram-k');
    const s = start('telegram-k');
    s.scanner.flush();
    const config = {
      selectors: compileSelectors(BUILTIN_SITES['telegram-k'], document),
      detector: s.detector,
      options: {},
      blur: false,
      dismissed: { messages: new Set<string>(), chats: new Set<string>() },
    };
    s.scanner.disable();
    expect(badges()).toHaveLength(0);
    expect(s.scanner.summary()).toMatchObject({ state: 'idle', scanned: 0, flagged: [] });
    const calls = s.detector.calls.length;
    document
      .querySelector('section.bubbles-date-group')
      ?.insertAdjacentHTML(
        'beforeend',
        '<div class="bubble" data-mid="77" data-peer-id="-1987654321"><div class="message">coke</div></div>',
      );
    await new Promise((r) => setTimeout(r, 300));
    expect(s.detector.calls.length).toBe(calls);
    s.scanner.configure(config);
    s.scanner.flush();
    expect(badges()).toHaveLength(5);
  });
});

describe('Scope', () => {
  it('Web A: ignores messages added to a list that is not the active transition slide', async () => {
    loadFixture('telegram-a');
    const s = start('telegram-a');
    s.scanner.flush();
    const calls = s.detector.calls.length;
    const transition = document.querySelectorAll('#MiddleColumn > .Transition')[0] as Element;
    // the leaving chat's slide, placed first in the DOM
    transition.insertAdjacentHTML(
      'afterbegin',
      '<div class="Transition_slide"><div class="MessageList"><div class="messages-container"><div class="Message message-list-item" id="message-9" data-message-id="9"><div class="message-content"><div class="text-content">coke for sale</div></div></div></div></div></div>',
    );
    await settle();
    s.scanner.flush();
    expect(s.detector.calls.length).toBe(calls);
    expect(document.querySelector('#message-9 [data-vigie-badge]')).toBeNull();
  });
});
