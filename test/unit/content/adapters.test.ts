// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { compileSelectors } from '../../../src/content/selectors';
import { ADAPTERS, detectClient } from '../../../src/content/sites';
import type { Extracted } from '../../../src/content/sites/adapter';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { chatIdFromHash } from '../../../src/content/sites/telegram-a';
import { chatIdFromDataId, parsePrePlainText, parseStamp } from '../../../src/content/sites/whatsapp';
import type { ClientId } from '../../../src/shared/messages';
import { HASH, loadFixture } from './helpers';

function extractAll(client: ClientId, chatId: string | null): Extracted[] {
  const sel = compileSelectors(BUILTIN_SITES[client], document);
  const root = sel.root.map((s) => document.querySelector(s)).find(Boolean) as Element;
  const selector = sel.message.find((s) => root.querySelector(s)) as string;
  return Array.from(root.querySelectorAll(selector))
    .filter((el) => !el.parentElement?.closest(selector))
    .map((el) => ADAPTERS[client].extract(el, sel, chatId))
    .filter((x): x is Extracted => x !== null);
}

describe('detectClient', () => {
  it('recognises the three clients by host and path only', () => {
    expect(detectClient({ hostname: 'web.telegram.org', pathname: '/k/', hash: '' })).toBe('telegram-k');
    expect(detectClient({ hostname: 'web.telegram.org', pathname: '/a/', hash: '#1' })).toBe('telegram-a');
    expect(detectClient({ hostname: 'web.whatsapp.com', pathname: '/', hash: '' })).toBe('whatsapp');
    expect(detectClient({ hostname: 'web.telegram.org', pathname: '/z/', hash: '' })).toBeNull();
    expect(detectClient({ hostname: 'example.org', pathname: '/k/', hash: '' })).toBeNull();
  });
});

describe('Telegram Web K adapter', () => {
  it('finds every bubble, skips service and date bubbles, and reads text without the time', () => {
    loadFixture('telegram-k');
    const all = extractAll('telegram-k', '-1987654321');
    // 1201 service, 1202, 1210, 1211, 1220, 1221, 1222 service, 1223, 1224 photo, 1227 album, 1228, 1212
    expect(all.map((m) => m.key.split(':')[1])).toEqual([
      '1201',
      '1202',
      '1210',
      '1211',
      '1220',
      '1221',
      '1222',
      '1223',
      '1224',
      '1227',
      '1228',
      '1212',
    ]);
    expect(all.filter((m) => m.isService).map((m) => m.key)).toEqual([
      '-1987654321:1201',
      '-1987654321:1222',
    ]);
    const byMid = new Map(all.map((m) => [m.key.split(':')[1], m]));
    expect(byMid.get('1202')?.text).toBe(
      'Fresh coke and weed in stock today, prices in DM. Delivery all districts example.invalid/shop',
    );
    expect(byMid.get('1202')?.text).not.toContain('10:05');
    expect(byMid.get('1202')?.sender).toBe('Dealer Mike');
    expect(byMid.get('1202')?.time).toBe(1795781100 * 1000);
    // caption of a photo
    expect(byMid.get('1210')?.text).toBe('New batch, 10% off today only. Message me for the menu');
    // forwarded: flag set, and the origin's "Forwarded from" line is not the text
    expect(byMid.get('1211')?.forwarded).toBe(true);
    expect(byMid.get('1211')?.text).not.toContain('Forwarded from');
    // K shows the origin on a forward; that is the name the popup can show
    expect(byMid.get('1211')?.sender).toBe('Wholesale Channel');
    // <br> lines stay lines
    expect(byMid.get('1220')?.text.split('\n')).toEqual([
      'MENU 🍃',
      'Weed 10€/g',
      'Coke 60€/g',
      'MDMA 15€ la pill',
      'Livraison 7j/7, DM @plug_paris',
    ]);
    // the reply quote is not this message's text
    expect(byMid.get('1221')?.text).toBe(
      'Please take this somewhere else, this group is for the neighbourhood market.',
    );
    expect(byMid.get('1223')?.text).toContain('<img src=x onerror=alert(1)>');
    expect(byMid.get('1224')?.text).toBe('');
    expect(byMid.get('1227')?.text).toBe('Glock 19 and ammo available, no papers needed, meet in person');
    expect(byMid.get('1212')?.text).toBe('Admins: please stop posting offers here.');
  });

  it('describes the open chat from the header, with a t.me link for #@username', () => {
    loadFixture('telegram-k');
    const sel = compileSelectors(BUILTIN_SITES['telegram-k'], document);
    expect(ADAPTERS['telegram-k'].chat(document, sel, HASH['telegram-k'], null)).toEqual({
      id: '-1987654321',
      title: 'Market Deals 24/7',
      publicLink: null,
    });
    const chat = ADAPTERS['telegram-k'].chat(
      document,
      sel,
      { hash: '#@market_deals', pathname: '/k/' },
      null,
    );
    expect(chat.publicLink).toBe('https://t.me/market_deals');
  });
});

describe('Telegram Web A adapter', () => {
  it('finds messages and service messages, reads captions, skips meta and hidden translations', () => {
    loadFixture('telegram-a');
    const all = extractAll('telegram-a', '-1001987654321');
    expect(all.map((m) => m.key.split(':')[1])).toEqual([
      '1201',
      '1202',
      '1210',
      '1211',
      '1220',
      '1221',
      '1222',
      '1223',
      '1224',
      '1225',
      '1226',
      '1212',
    ]);
    expect(all.every((m) => m.key.startsWith('-1001987654321:'))).toBe(true);
    expect(all.filter((m) => m.isService).map((m) => m.key.split(':')[1])).toEqual(['1201', '1222']);
    const byId = new Map(all.map((m) => [m.key.split(':')[1], m]));
    expect(byId.get('1202')?.text).not.toContain('10:05');
    expect(byId.get('1202')?.sender).toBe('Dealer Mike');
    expect(byId.get('1202')?.time).toBeNull();
    expect(byId.get('1210')?.text).toBe('New batch, 10% off today only. Message me for the menu');
    expect(byId.get('1211')?.forwarded).toBe(true);
    expect(byId.get('1211')?.text).toBe(
      'Fullz with CVV, fresh dumps+pin and bank logs in stock, price list at the link example.invalid/prices',
    );
    expect(byId.get('1221')?.text).toBe(
      'Please take this somewhere else, this group is for the neighbourhood market.',
    );
    expect(byId.get('1224')?.text).toBe('Glock 19 and ammo available, no papers needed, meet in person');
    expect(byId.get('1225')?.text).toBe('');
  });

  it('takes the chat id from the URL hash only in the parseLocationHash format', () => {
    expect(chatIdFromHash('#-1001987654321')).toBe('-1001987654321');
    expect(chatIdFromHash('#-1001987654321_42')).toBe('-1001987654321');
    expect(chatIdFromHash('#777000_pinned')).toBe('777000');
    expect(chatIdFromHash('#?tgaddr=foo')).toBeNull();
    expect(chatIdFromHash('')).toBeNull();
  });
});

describe('WhatsApp adapter', () => {
  it('keys by data-id, skips system rows, reads sender and time from data-pre-plain-text', () => {
    loadFixture('whatsapp');
    const all = extractAll('whatsapp', null);
    // 13 data-id wrappers; the join row, the deleted row and the caption-less photo are "service"
    expect(all).toHaveLength(13);
    expect(all.filter((m) => m.isService).map((m) => m.key.split('_')[2])).toEqual([
      '3A0000000000000000AA',
      '3A0000000000000000B2',
      '3A0000000000000000B3',
    ]);
    const texts = all.filter((m) => !m.isService && m.text !== '');
    expect(texts).toHaveLength(10);
    const first = all.find((m) => m.key.includes('AB_'));
    expect(first?.text).toBe(
      'Fresh coke and weed in stock today, prices in DM. Delivery all districts example.invalid/shop',
    );
    expect(first?.sender).toBe('Dealer Mike');
    expect(first?.time).toBe(new Date(2026, 10, 27, 10, 5).getTime());
    const forwarded = all.find((m) => m.key.includes('AD_'));
    expect(forwarded?.forwarded).toBe(true);
    expect(forwarded?.sender).toBe('Carol');
    const menu = all.find((m) => m.key.includes('B0_'));
    expect(menu?.text.split('\n')).toEqual([
      'MENU 🍃',
      'Weed 10€/g',
      'Coke 60€/g',
      'MDMA 15€ la pill',
      'Livraison 7j/7, DM @plug_paris',
    ]);
    const reply = all.find((m) => m.key.includes('B1_'));
    expect(reply?.text).not.toContain('MENU');
    const variant = all.find((m) => m.key.includes('AE_'));
    expect(variant?.text).toBe('Last call for orders today');
    const outgoing = all.find((m) => m.key.startsWith('true_'));
    expect(outgoing?.sender).toBe('You');
    for (const m of all) expect(m.text).not.toMatch(/^\d\d:\d\d|\d\d:\d\d$/);
  });

  it('gets the chat from data-id and the title from the header', () => {
    loadFixture('whatsapp');
    const sel = compileSelectors(BUILTIN_SITES.whatsapp, document);
    const sample = document.querySelector('#main [data-id]');
    expect(ADAPTERS.whatsapp.chat(document, sel, HASH.whatsapp, sample)).toEqual({
      id: '120363000000000001@g.us',
      title: 'Market Deals 24/7',
      publicLink: null,
    });
    expect(chatIdFromDataId('true_33612345678@c.us_3EB0')).toBe('33612345678@c.us');
    expect(chatIdFromDataId('garbage')).toBeNull();
  });

  it('parses the locale-dependent stamp loosely', () => {
    expect(parsePrePlainText('[10:05, 27/11/2026] A: b: ')).toEqual({
      stamp: '10:05, 27/11/2026',
      sender: 'A: b',
    });
    expect(parsePrePlainText('no brackets')).toBeNull();
    expect(parseStamp('10:54 PM, 12/9/2025', 'en-US')).toBe(new Date(2025, 11, 9, 22, 54).getTime());
    expect(parseStamp('10:54, 12/9/2025', 'fr')).toBe(new Date(2025, 8, 12, 10, 54).getTime());
    expect(parseStamp('10:54, 9/13/2025', 'fr')).toBe(new Date(2025, 8, 13, 10, 54).getTime());
    expect(parseStamp('yesterday', 'en')).toBeNull();
  });
});
