/** The downloadable report's text, and the helpers that name refs and dates in the UI language. */
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';

// The i18n module reaches the browser wrapper; nothing here calls it.
vi.mock('../../../src/shared/browser', () => ({ default: {} }));

import { formatExportDate, refText, shownItem, toFoundItem } from '../../../src/check/found-item';
import {
  buildCheckReportText,
  buildCheckReportZip,
  type CheckReport,
  reportFileName,
} from '../../../src/check/report-export';
import { parseRulesInfo } from '../../../src/check/rules-info';
import { noteText } from '../../../src/check/warning-text';
import { readExport } from '../../../src/exports';
import { createTranslator, type Lang } from '../../../src/shared/settings/i18n';
import { localeMessages } from '../settings/fake-browser';
import { flagged, LISTING_TEXT, RULES_JSON } from './fixtures';

const rules = parseRulesInfo(RULES_JSON);
const tr = (lang: Lang) => createTranslator(lang, localeMessages(lang));

function report(over: Partial<CheckReport> = {}): CheckReport {
  const items = over.items ?? [
    toFoundItem(flagged(0), rules),
    toFoundItem(flagged(6, { sender: null, date: null }), rules),
  ];
  return {
    checkedAt: Date.UTC(2026, 10, 28, 19, 15),
    timeZone: 'Europe/Paris',
    fileName: 'WhatsApp Chat with Bons plans 75.txt',
    chatName: 'Bons plans 75',
    format: 'whatsapp',
    messages: 9,
    items,
    flagged: items.length,
    vigieVersion: '0.1.0',
    rulesVersion: 2026112801,
    ...over,
  };
}

describe('report text', () => {
  it('English: facts of the check, then each message in full with sender, date, ref, category, reasons, words', () => {
    const text = buildCheckReportText(report(), tr('en'));
    expect(text).toBe(
      [
        'Vigie – report of a check of an exported chat',
        'An automatic warning, not a legal verdict.',
        '',
        'Date of the check: November 28, 2026 at 8:15 PM',
        'Time of the check (ISO 8601, with UTC offset): 2026-11-28T20:15:00+01:00',
        'Device time zone: Europe/Paris',
        'File: WhatsApp Chat with Bons plans 75.txt',
        'Chat: Bons plans 75',
        'Kind of export: WhatsApp export',
        'Messages checked: 9',
        'Messages flagged: 2',
        'Vigie version / rules version: 0.1.0 / 2026112801',
        '',
        '1. Flagged message (line 4)',
        'Sender as shown: Karim',
        'Date of the message: March 12, 2025 at 11:02 AM',
        'Category: Forged papers, Level: medium',
        'Why Vigie flagged it: identity document or licence + offer or stock wording + delivery or discretion terms',
        'Matched words: Dispo, cartes grises, CNI, livraison',
        'Text of the message:',
        '    Dispo : cartes grises, permis, CNI, livraison 48h',
        '    Contact en privé',
        '',
        '2. Flagged message (line 10)',
        'Sender as shown: unknown',
        'Date of the message: date unknown',
        'Category: Forged papers, Level: medium',
        'Why Vigie flagged it: identity document or licence + offer or stock wording + delivery or discretion terms',
        'Matched words: Dispo, cartes grises, CNI, livraison',
        'Text of the message:',
        '    Dispo : cartes grises, permis, CNI, livraison 48h',
        '    Contact en privé',
        '',
        'This is a warning, not a legal verdict: Vigie can be wrong. Read the messages yourself before you act or report.',
        'Keep the original export file unchanged: a complaint form may let you attach it, and the line or message numbers above point into it.',
        'Keep this zip file unchanged: SHA256SUMS lets anyone check that this report was not modified (sha256sum -c SHA256SUMS).',
        'The file was read on the device of the person who made this report; nothing was uploaded.',
        '',
      ].join('\n'),
    );
  });

  it('French, with a Telegram page ref and unknown versions', () => {
    const text = buildCheckReportText(
      report({
        format: 'telegram-html',
        chatName: null,
        vigieVersion: null,
        rulesVersion: null,
        items: [toFoundItem(flagged(0, { ref: 'messages2.html message 1234' }), rules)],
      }),
      tr('fr'),
    );
    expect(text).toContain('Date de la vérification : 28 novembre 2026 à 20:15');
    expect(text).toContain('Discussion : (pas de nom de discussion dans le fichier)');
    expect(text).toContain('Type d’export : Export Telegram Desktop (HTML)');
    expect(text).toContain('Version de Vigie / version des règles : inconnu / inconnu');
    expect(text).toContain('1. Message signalé (messages2.html, message 1234)');
    expect(text).toContain('Date du message : 12 mars 2025 à 11:02');
    expect(text).toContain(
      'Pourquoi Vigie l’a signalé : pièce d’identité ou permis + vocabulaire d’offre ou de stock + livraison ou discrétion',
    );
    expect(text).toContain('Ceci est un avertissement, pas un verdict juridique');
  });

  it('a check that found nothing says so', () => {
    const text = buildCheckReportText(report({ items: [] }), tr('en'));
    expect(text).toContain('Messages flagged: 0');
    expect(text).toContain('\nNothing looks like a listing\n');
    expect(text).not.toContain('Flagged message (');
    expect(text).not.toContain('Keep the original export file');
  });

  it('counts the flagged messages the scan did not keep', () => {
    const text = buildCheckReportText(report({ flagged: 1502 }), tr('en'));
    expect(text).toContain('Messages flagged: 1502');
    expect(text).toContain(
      'Vigie keeps the first 1000 flagged messages of a file: 1500 more were flagged and are counted here and in the report, but not listed.',
    );
    expect(buildCheckReportText(report(), tr('en'))).not.toContain('Vigie keeps the first');
  });

  it('keeps message text as it is: no markup is added or interpreted', () => {
    const evil = '<script>alert(1)</script> CNI dispo\r\nline two';
    const text = buildCheckReportText(
      report({ items: [toFoundItem(flagged(0, { text: evil }), rules)] }),
      tr('en'),
    );
    expect(text).toContain('    <script>alert(1)</script> CNI dispo\n    line two');
  });

  it('names the file after the day of the check', () => {
    expect(reportFileName(new Date(2026, 0, 5, 23, 59).getTime())).toBe('vigie-report-2026-01-05.zip');
  });

  it('zips report.txt with SHA256SUMS that sha256sum -c accepts, like an evidence file', async () => {
    const pack = await buildCheckReportZip(report(), tr('fr'), webcrypto.subtle as unknown as SubtleCrypto);
    expect(pack.files).toEqual(['report.txt', 'SHA256SUMS']);
    const files = unzipSync(pack.zip);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-report-'));
    try {
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe(
        'report.txt: OK\n',
      );
      const text = new TextDecoder().decode(files['report.txt']);
      expect(text).toContain(
        'Horodatage de la vérification (ISO 8601, avec décalage horaire) : 2026-11-28T20:15:00+01:00',
      );
      expect(text).toContain('Fuseau horaire de l’appareil : Europe/Paris');
      expect(text).toContain('    Contact en privé');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('found items', () => {
  it('keep the whole text with every positive match; very long messages fall back to the excerpt', () => {
    const found = toFoundItem(flagged(0), rules);
    expect(found.item.category).toBe('documents');
    expect(found.item.reasons.map((r) => r.explain)).toEqual(['id-doc', 'offer', 'delivery']);
    expect(shownItem(found).excerpt).toBe(LISTING_TEXT);
    expect(shownItem(found).highlights.map(([a, b]) => LISTING_TEXT.slice(a, b))).toEqual([
      'Dispo',
      'cartes grises',
      'CNI',
      'livraison',
    ]);
    const long = `${'x'.repeat(5000)} ${LISTING_TEXT}`;
    const shift = 5001;
    const verdict = flagged(0).verdict;
    const moved = {
      ...verdict,
      reasons: verdict.reasons.map((r) => ({
        ...r,
        spans: r.spans.map(([a, b]) => [a + shift, b + shift] as const),
      })),
    };
    const big = toFoundItem(flagged(0, { text: long, verdict: moved }), rules);
    expect(shownItem(big).excerpt.length).toBeLessThanOrEqual(280);
    expect(shownItem(big).excerpt).toContain('cartes grises');
    expect(big.text).toBe(long);
  });

  it('refs and dates in the UI language', () => {
    const { t } = tr('fr');
    expect(refText('line 12', t)).toBe('ligne 12');
    expect(refText('message 7', t)).toBe('message 7');
    expect(refText('messages3.html message 2001', t)).toBe('messages3.html, message 2001');
    expect(refText('something else', t)).toBe('something else');
    expect(formatExportDate('2025-03-12T11:02:17', 'en')).toBe('March 12, 2025 at 11:02 AM');
    expect(formatExportDate(null, 'en')).toBeNull();
    expect(formatExportDate('not a date', 'en')).toBeNull();
  });
});

describe('rules info', () => {
  it('reads the version and explanations, with neutral fallbacks for anything odd', () => {
    expect(rules.version).toBe(2026112801);
    expect(rules.explanation('weapon')).toEqual({ en: 'firearm', fr: 'arme à feu' });
    expect(rules.explanation('missing')).toEqual({ en: 'missing', fr: 'missing' });
    expect(rules.explanation('__proto__')).toEqual({ en: '__proto__', fr: '__proto__' });
    for (const bad of [null, '', '{', '[]', '{"version":"7","explanations":{"a":{"en":1}}}']) {
      const info = parseRulesInfo(bad);
      expect(info.version).toBeNull();
      expect(info.explanation('a')).toEqual({ en: 'a', fr: 'a' });
    }
  });
});

describe("readers' notes", () => {
  it('every note the readers write about the sample exports has a translation', () => {
    const dir = resolve(__dirname, '../../fixtures/exports');
    const warnings = new Set<string>();
    for (const name of readdirSync(dir).filter((n) => /\.(txt|json|html)$/.test(n))) {
      for (const dayFirst of ['auto', true] as const) {
        const chat = readExport({ name, data: readFileSync(join(dir, name)) }, { dayFirst });
        for (const w of chat.warnings) warnings.add(w);
      }
    }
    // Two files of a one-file format.
    const one = readFileSync(join(dir, 'whatsapp-android-fr.txt'));
    for (const w of readExport([
      { name: 'a.txt', data: one },
      { name: 'b.txt', data: one },
    ]).warnings)
      warnings.add(w);
    expect(warnings.size).toBeGreaterThan(3);
    const { t } = tr('fr');
    for (const w of warnings) {
      const note = noteText(w, t);
      expect(note.key, w).not.toBeNull();
      expect(note.text).not.toMatch(/^check_/);
    }
    expect(noteText('3 system or deleted message(s) skipped.', t).text).toBe(
      '3 messages système ou supprimés ont été ignorés.',
    );
    expect(noteText('Something new.', t)).toEqual({ text: 'Something new.', lang: 'en', key: null });
  });
});
