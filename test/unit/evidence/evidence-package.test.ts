/**
 * The evidence package (issue 16): every field in both renderings, hostile text inert, hashes that
 * `sha256sum -c` accepts, a 1 MB message, odd Unicode, and capture times with their offset.
 */
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildEvidencePackage,
  captureTime,
  type EvidenceContext,
  messageEvidenceDocument,
  renderEvidenceHtml,
  renderEvidenceText,
} from '../../../src/shared/evidence';
import type { FlaggedItem } from '../../../src/shared/messages';
import { CHANNELS } from '../../../src/shared/reporting/channels';
import { createTranslator, type LocaleMessages } from '../../../src/shared/settings/i18n';

// i18n.ts reads locales through the extension API in pages; here the translator is built directly.
vi.mock('../../../src/shared/browser', () => ({ default: {} }));

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const locale = (lang: string) =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  ) as LocaleMessages;
const fr = createTranslator('fr', locale('fr'), locale('en'));
const en = createTranslator('en', locale('en'), locale('fr'));

const item: FlaggedItem = {
  key: '-100123:4567',
  category: 'documents',
  level: 'high',
  score: 9.5,
  excerpt: 'Permis sans examen 900€',
  highlights: [[0, 18]],
  reasons: [
    {
      kind: 'sales-term',
      explain: 'id-forgery',
      text: { en: 'forged papers offered', fr: 'faux papiers proposés' },
    },
    { kind: 'price', explain: 'price', text: { en: 'a price', fr: 'un prix' } },
  ],
  time: Date.UTC(2026, 11, 4, 21, 15),
  sender: 'Plug ✈️ Docs',
};

const ctx: EvidenceContext = {
  platform: 'Telegram Web (K)',
  chatTitle: 'Docs 24/7',
  publicLink: 'https://t.me/docs247',
  pageUrl: 'https://web.telegram.org/k/#@docs247',
  capturedAt: Date.UTC(2026, 11, 5, 13, 3, 27),
  timeZone: 'Europe/Paris',
  blur: true,
  images: [
    { file: 'screenshot.png', alt: 'tab', caption: 'The visible tab', width: 1280, height: 800 },
    { file: 'message.png', alt: 'message', caption: 'The message', width: 420, height: 180 },
  ],
  captureProblem: null,
  vigieVersion: '0.2.0',
  rulesVersion: 2026120501,
  channels: CHANNELS.filter((c) => 'country' in c.scope && c.scope.country === 'FR').slice(0, 2),
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function parseHtml(html: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

describe('evidence document', () => {
  it('holds every field in evidence.html and evidence.txt, in French', () => {
    const text = 'Permis sans examen 900€\nrésultat en 10 jours';
    const doc = messageEvidenceDocument({ item, text, matched: ['Permis sans examen', '900€'] }, ctx, fr);
    const html = renderEvidenceHtml(doc);
    const txt = renderEvidenceText(doc);
    for (const out of [html, txt]) {
      for (const expected of [
        'Telegram Web (K)',
        'Docs 24/7',
        'https://t.me/docs247',
        'https://web.telegram.org/k/#@docs247',
        'Plug ✈️ Docs',
        'résultat en 10 jours',
        'faux papiers proposés',
        'un prix',
        '2026-12-05T14:03:27+01:00',
        'Europe/Paris',
        '0.2.0',
        '2026120501',
        'pas un verdict',
        'screenshot.png',
        'message.png',
        'flout',
        'Ne contactez pas le vendeur',
        'Ne transférez pas',
      ]) {
        expect(out, expected).toContain(expected);
      }
    }
    // The level once, bare, after its label (not "Niveau: Niveau : élevé").
    expect(txt).toContain('Niveau: \u2068élevé\u2069');
    expect(html).toContain('<th scope="row">Niveau</th><td><bdi>élevé</bdi></td>');
    // The message time as the page showed it, in the device's zone: 4 Dec 22:15 in Paris.
    expect(txt).toMatch(/4 décembre 2026.*22:15/);
    const dom = parseHtml(html);
    expect(dom.documentElement.getAttribute('lang')).toBe('fr');
    expect(dom.querySelector('pre')?.textContent).toBe(text);
  });

  it('writes English when the UI is English, and says why there are no images when capture failed', () => {
    const doc = messageEvidenceDocument(
      { item, text: 'x', matched: [] },
      { ...ctx, images: null, captureProblem: 'the tab was hidden', blur: false },
      en,
    );
    const txt = renderEvidenceText(doc);
    expect(txt).toContain('not a legal verdict');
    expect(txt).toContain('No image could be taken: the tab was hidden');
    expect(txt).not.toContain('screenshot.png');
  });

  it('keeps hostile message text inert: markup and scripts come out as text', () => {
    const hostile =
      '</pre><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>' +
      '<style>body{display:none}</style><meta http-equiv="refresh" content="0;url=https://evil.example">';
    const doc = messageEvidenceDocument(
      { item: { ...item, sender: '"><script>alert(4)</script>' }, text: hostile, matched: ['<b>'] },
      { ...ctx, chatTitle: '<iframe src="https://evil.example"></iframe>' },
      en,
    );
    const html = renderEvidenceHtml(doc);
    const dom = parseHtml(html);
    expect(dom.querySelectorAll('script, iframe, a, meta[http-equiv="refresh"]').length).toBe(0);
    expect(dom.querySelectorAll('img').length).toBe(2);
    for (const img of dom.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^[a-z]+\.png$/);
    expect(dom.querySelectorAll('style').length).toBe(1);
    expect(dom.querySelector('pre')?.textContent).toBe(hostile);
    expect(html).toContain("default-src 'none'");
  });

  it('writes what the HTML parser would rewrite as references: CR, NUL, a newline first in <pre>', () => {
    // The real browsers' parse of these is checked in test/e2e/evidence.e2e.ts.
    const doc = messageEvidenceDocument(
      { item, text: '\nfirst\r\nsecond\rthird\u0000', matched: [] },
      ctx,
      en,
    );
    const html = renderEvidenceHtml(doc);
    expect(html).toContain('<pre dir="auto">\n\nfirst&#13;\nsecond&#13;third&#xFFFD;</pre>');
    // evidence.txt indents each line of the text; the NUL stays.
    expect(renderEvidenceText(doc)).toContain('    \n    first\n    second\n    third\u0000\n');
  });

  it('renders a 1 MB message and odd Unicode exactly', () => {
    const odd = 'a\u202Eevil\u202C ☠️👩🏽‍💻 e\u0301 \u0000 \u200B \uFEFF ‮';
    const big = `${odd}\n`.repeat(Math.ceil(1_000_000 / (odd.length + 1)));
    const doc = messageEvidenceDocument({ item, text: big, matched: [] }, ctx, en);
    const html = renderEvidenceHtml(doc);
    expect(html.length).toBeGreaterThan(1_000_000);
    // Exactly, but for the NUL that no HTML can carry: U+FFFD stands in its place (the .txt keeps it).
    expect(parseHtml(html).querySelector('pre')?.textContent === big.replaceAll('\u0000', '\uFFFD')).toBe(
      true,
    );
    expect(renderEvidenceText(doc)).toContain(`    ${odd}`);
  });
});

describe('evidence package', () => {
  it('zips evidence.html, evidence.txt, the images and SHA256SUMS that sha256sum -c accepts', async () => {
    const doc = messageEvidenceDocument({ item, text: 'Permis sans examen 900€', matched: [] }, ctx, fr);
    const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n, n + 1, n + 2]);
    const pack = await buildEvidencePackage(
      doc,
      [
        { name: 'screenshot.png', bytes: png(1) },
        { name: 'message.png', bytes: png(2) },
      ],
      subtle,
      new Date(ctx.capturedAt),
    );
    expect(pack.files).toEqual([
      'evidence.html',
      'evidence.txt',
      'screenshot.png',
      'message.png',
      'SHA256SUMS',
    ]);
    const files = unzipSync(pack.zip);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-evidence-'));
    dirs.push(dir);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const sums = new TextDecoder().decode(files.SHA256SUMS);
    expect(sums.trim().split('\n')).toHaveLength(4);
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(
      out
        .trim()
        .split('\n')
        .every((line) => line.endsWith(': OK')),
    ).toBe(true);
    // One changed byte and the check fails.
    writeFileSync(join(dir, 'evidence.txt'), `${new TextDecoder().decode(files['evidence.txt'])}x`);
    expect(() =>
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, stdio: 'pipe' }),
    ).toThrow();
  });
  it('a 1 MB message with odd Unicode: the zip verifies with sha256sum -c and both files hold the text', async () => {
    const odd =
      'a\u202Eevil\u202C ☠️👩🏽‍💻 e\u0301 \u200B \uFEFF \u{10FFFF} 𝔘𝔫𝔦 \u0645\u0631\u062D\u0628\u0627';
    const big = `${odd}\n`.repeat(Math.ceil(1_000_000 / (odd.length + 1)));
    const doc = messageEvidenceDocument({ item, text: big, matched: [] }, ctx, en);
    const pack = await buildEvidencePackage(doc, [], subtle, new Date(ctx.capturedAt));
    const files = unzipSync(pack.zip);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-evidence-'));
    dirs.push(dir);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(out).toBe('evidence.html: OK\nevidence.txt: OK\n');
    // Strict UTF-8 (a decoder that throws on any bad byte), and the text whole in both files.
    const strict = new TextDecoder('utf-8', { fatal: true });
    const html = strict.decode(files['evidence.html']);
    expect(parseHtml(html).querySelector('pre')?.textContent).toBe(big);
    expect(strict.decode(files['evidence.txt'])).toContain(`    ${odd}\n    ${odd}\n`);
    expect((files['evidence.txt'] as Uint8Array).length).toBeGreaterThan(1_000_000);
  });

  it('a lone surrogate (not valid Unicode, so not writable as UTF-8) becomes U+FFFD; the sums still verify', async () => {
    const text = `avant \uD800 milieu \uDFFF après`;
    const doc = messageEvidenceDocument({ item, text, matched: [] }, ctx, fr);
    const pack = await buildEvidencePackage(doc, [], subtle, new Date(ctx.capturedAt));
    const files = unzipSync(pack.zip);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-evidence-'));
    dirs.push(dir);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir });
    const txt = new TextDecoder('utf-8', { fatal: true }).decode(files['evidence.txt']);
    expect(txt).toContain('avant \uFFFD milieu \uFFFD après');
  });
});

describe('capture time', () => {
  it('gives the ISO time with the zone offset, winter and summer, and odd offsets', () => {
    expect(captureTime(Date.UTC(2026, 0, 15, 12, 0, 5), 'Europe/Paris', 'en').iso).toBe(
      '2026-01-15T13:00:05+01:00',
    );
    expect(captureTime(Date.UTC(2026, 6, 15, 12, 0, 5), 'Europe/Paris', 'en').iso).toBe(
      '2026-07-15T14:00:05+02:00',
    );
    expect(captureTime(Date.UTC(2026, 6, 15, 2, 30), 'America/New_York', 'en').iso).toBe(
      '2026-07-14T22:30:00-04:00',
    );
    expect(captureTime(Date.UTC(2026, 6, 15, 12, 0), 'Asia/Kolkata', 'en').iso).toBe(
      '2026-07-15T17:30:00+05:30',
    );
    const utc = captureTime(Date.UTC(2026, 6, 15, 12, 0), 'Not/AZone', 'fr');
    expect(utc.timeZone).toBe('UTC');
    expect(utc.iso).toBe('2026-07-15T12:00:00+00:00');
    expect(utc.readable).toContain('UTC+00:00');
  });
});
