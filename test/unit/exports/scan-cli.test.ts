import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { syntheticWhatsAppText } from '../../../scripts/lib/synthetic-export';
import { MAX_KEPT_FLAGGED } from '../../../src/exports/scan-events';

const root = new URL('../../../', import.meta.url).pathname;
const sample = (name: string) => join(root, 'test/fixtures/exports', name);

function scan(...args: string[]) {
  const run = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/scan.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('npm run scan on chat exports', { timeout: 60_000 }, () => {
  it('prints only the flagged message of the Android FR export, with sender, date, reasons and a summary', () => {
    const { code, out } = scan(sample('whatsapp-android-fr.txt'));
    expect(code).toBe(0);
    const flags = out.split('\n').filter((l) => l.startsWith('FLAG '));
    expect(flags).toHaveLength(1);
    const fields = flags[0]?.split('\t') ?? [];
    expect(fields[0]).toMatch(/^FLAG \w+ (low|medium|high) [\d.]+$/);
    expect(fields.slice(1, 4)).toEqual(['2025-03-12T11:02:00', 'Karim', 'line 4']);
    expect(fields.at(-1)).toMatch(/"CNI"/);
    // One entry per explanation, as in the popup: no reason printed twice.
    const reasons = (fields.at(-1) ?? '')
      .replace(/^\[|\]$/g, '')
      .split('; ')
      .map((r) => r.replace(/ ".*$/, ''));
    expect(reasons.length).toBeGreaterThan(2);
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(out).not.toMatch(/Bonjour à tous|Horaires/);
    expect(out).toMatch(/\(whatsapp\): 3 messages scanned, 1 flagged/);
  });

  it('reads an iOS zip and a Telegram result.json; --month-first fills the ambiguous dates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-scan-'));
    const zipPath = join(dir, 'WhatsApp Chat - Test.zip');
    writeFileSync(
      zipPath,
      zipSync({ '_chat.txt': new Uint8Array(readFileSync(sample('whatsapp-ios-en_chat.txt'))) }),
    );
    const ios = scan(zipPath, '--month-first');
    expect(ios.out).toMatch(/^FLAG .*\t2025-03-12T11:02:17\tKarim\tline 1\t.*"fullz"/m);
    expect(ios.out).toMatch(/"Test" \(whatsapp\): 1 messages scanned, 1 flagged/);
    const tg = scan(sample('telegram-result.json'));
    expect(tg.out).toMatch(/^FLAG .*\tKarim\tmessage 2\t/m);
    expect(tg.out).toMatch(/\(telegram-json\): 3 messages scanned, 1 flagged/);
  });

  it('streams a large export and prints the kept flagged messages, one per line, then how many more', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-scan-'));
    const path = join(dir, 'WhatsApp Chat with Bench.txt');
    writeFileSync(path, syntheticWhatsAppText({ messages: 100_000 }));
    const { code, out } = scan(path);
    expect(code).toBe(0);
    const summary = /\(whatsapp\): (\d+) messages scanned, (\d+) flagged/.exec(out);
    expect(Number(summary?.[1])).toBeGreaterThan(90_000);
    const flagged = Number(summary?.[2]);
    expect(flagged).toBeGreaterThan(MAX_KEPT_FLAGGED);
    const lines = out.split('\n').filter((l) => l.trim() && !l.includes('messages scanned'));
    // The scan keeps the first MAX_KEPT_FLAGGED in full (a hostile file could flag a million).
    expect(lines.slice(0, -1).every((l) => l.startsWith('FLAG '))).toBe(true);
    expect(lines).toHaveLength(MAX_KEPT_FLAGGED + 1);
    expect(lines.at(-1)).toBe(
      `… and ${flagged - MAX_KEPT_FLAGGED} more flagged message(s), counted but not listed: a scan keeps the first ${MAX_KEPT_FLAGGED}. Scan a shorter export to see them.`,
    );
  });

  it('says whether the whole export looks like a shop (issue 15): a SHOP line with the categories, counts, range and reasons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-scan-'));
    const posts = [
      'Bienvenue sur la vitrine 🔥 nouveautés chaque jour',
      '🍫 Jaune mousseux 10€ le g, livraison 7j/7, commande en DM',
      '🥦 Amnesia dispo, 12€ le g, min 5g',
      '❄️ Coke 70 le gramme, qualité top, discret',
      'Cali US 🇺🇸 15€/g, envoi rapide, snap en bio',
      'Résine marocaine 6€ le g, quantités dispo, passez en pv',
      'Merci pour vos retours 🙏',
      'Kush 10€ le g, dispo ce soir, commande en DM',
    ];
    const shopPath = join(dir, 'Discussion WhatsApp avec Vitrine.txt');
    writeFileSync(shopPath, posts.map((p, i) => `${13 + i}/11/2026 10:00 - Vitrine: ${p}`).join('\n'));
    const shop = scan(shopPath);
    expect(shop.code).toBe(0);
    const line = shop.out.split('\n').find((l) => l.startsWith('SHOP ')) ?? '';
    const fields = line.split('\t');
    expect(fields[0]).toBe('SHOP drugs');
    expect(fields[1]).toMatch(/^\d+ listings in 8 messages \(\d+ flagged one by one\)$/);
    expect(fields[2]).toMatch(/^2026-11-1\dT.* \.\. 2026-11-20T/);
    expect(fields[3]).toMatch(/^\[.*listings.*\]$/);
    expect(shop.out).toMatch(/\(whatsapp\): 8 messages scanned, \d+ flagged; looks like a shop/);
    // The Android FR sample (one flagged message among three): not a shop.
    const one = scan(sample('whatsapp-android-fr.txt'));
    expect(one.out).not.toMatch(/^SHOP /m);
    expect(one.out).toMatch(/3 messages scanned, 1 flagged; not a shop/);
  });

  it('a truncated zip exits 2 with a plain message; a plain text file keeps one verdict per line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-scan-'));
    const zip = zipSync({ '_chat.txt': new Uint8Array(readFileSync(sample('whatsapp-ios-fr_chat.txt'))) });
    const cut = join(dir, 'cut.zip');
    writeFileSync(cut, zip.slice(0, 40));
    const bad = scan(cut);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/damaged or cut short/);
    const plain = join(dir, 'lines.txt');
    writeFileSync(plain, 'bonjour\nvends permis et CNI livraison 48h\n');
    const lines = scan(plain);
    expect(lines.code).toBe(0);
    expect(lines.out).toMatch(/^ok {3}- [\d.]+\tbonjour$/m);
    expect(lines.out).toMatch(/2 scanned, \d flagged/);
  });
});
