/**
 * `npm run eval:chats -- FILE.jsonl --json` is an interface other sets are run through (issue 15):
 * rows {chat, text, label, chatKind, chatCategory} in reading order; the last line is one JSON
 * object with shopRecall, shopRecallWithin10, ordinaryFpr, categoryAccuracy and byChatKind.
 * And `chats:compose` builds the same chats from the same rows, every time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeChats } from '../../../scripts/lib/chat-compose';
import { detectorFromSources } from '../../../scripts/lib/detector';

const root = new URL('../../../', import.meta.url).pathname;

function run(file: string) {
  const out = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/eval-chats.ts', file, '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown> & {
    byChatKind: { shop: { chats: number; called: number }; ordinary: { chats: number; called: number } };
  };
}

const listings = [
  'Beuh 10€ le g, livraison 7j/7, commande en DM',
  'Amnesia 12€ le g, livraison Paris, snap en bio',
  'Résine 6€ le g, quantités dispo, passe en pv',
  'Weed cali 15€/g, livraison rapide, contact snap',
  'Shit jaune 8€ le g, livraison 7j/7',
  'Kush 10€ le g, dispo ce soir, commande en DM',
];
const chatter = ['On se voit demain ?', 'Ok ça marche', 'Merci pour hier', 'Je suis en retard', 'Bonne nuit'];

describe('npm run eval:chats', { timeout: 60_000 }, () => {
  it('reads chats in order and prints the summary object last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-chats-'));
    const file = join(dir, 'mini.jsonl');
    const rows: object[] = [];
    const shop = (chat: string) => (text: string, label: string) =>
      rows.push({ chat, text, label, chatKind: 'shop', chatCategory: 'drugs' });
    const plain =
      (chat: string) =>
      (text: string, label = 'benign') =>
        rows.push({ chat, text, label, chatKind: 'ordinary', chatCategory: null });
    const s1 = shop('s1');
    listings.forEach((t, i) => {
      s1(t, 'drugs');
      s1(chatter[i % chatter.length] as string, 'benign');
    });
    const f1 = plain('f1');
    for (let i = 0; i < 30; i++) f1(chatter[i % chatter.length] as string);
    f1(listings[0] as string, 'drugs'); // one flagged message in a family chat
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const s = run(file);
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'shopRecall',
        'shopRecallWithin10',
        'ordinaryFpr',
        'categoryAccuracy',
        'byChatKind',
      ]),
    );
    expect(s.byChatKind.shop).toMatchObject({ chats: 1, called: 1 });
    expect(s.byChatKind.ordinary).toMatchObject({ chats: 1, called: 0 });
    expect(s.shopRecall).toBe(1);
    expect(s.shopRecallWithin10).toBe(1);
    expect(s.ordinaryFpr).toBe(0);
    expect(s.categoryAccuracy).toBe(1);
    expect(s.ordinarySingleFlagged).toEqual({ chats: 1, called: 0 });
  });
});

describe('chats:compose', { timeout: 60_000 }, () => {
  it('composes the same chats from the same rows, with k from 2 to 50 and every ordinary kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-compose-'));
    const dev = join(dir, 'dev.jsonl');
    const rows = [
      ...listings.map((text, i) => ({
        id: `agora2014:${i}`,
        text,
        label: 'drugs',
        source: 'agora2014',
        lang: 'fr',
      })),
      ...chatter.map((text, i) => ({
        id: `tremolo_tweets:${i}`,
        text,
        label: 'benign',
        source: 'tremolo_tweets',
        lang: 'fr',
      })),
      ...chatter.map((text, i) => ({
        id: `uci_sms_spam:${i}`,
        text,
        label: 'benign',
        source: 'uci_sms_spam',
        lang: 'en',
      })),
    ];
    writeFileSync(dev, rows.map((r) => JSON.stringify(r)).join('\n'));
    const detector = detectorFromSources();
    const a = composeChats('measure', detector, dev);
    const b = composeChats('measure', detector, dev);
    expect(b).toEqual(a);
    const types = new Set(a.map((r) => r.chatType));
    for (const t of ['shop', 'family', 'family-one-flagged', 'second-hand', 'news', 'parents'])
      expect(types).toContain(t);
    const sizes = new Map<string, number>();
    for (const r of a)
      if (r.chatKind === 'shop' && r.label !== 'benign') sizes.set(r.chat, (sizes.get(r.chat) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBe(2);
    expect(Math.max(...sizes.values())).toBe(50);
  });
});
