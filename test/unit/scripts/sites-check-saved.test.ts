// @vitest-environment happy-dom
/**
 * `npm run sites:check` on pages saved from the real browsers (issue 13, point 4: "works on a page
 * you save by hand from a fixture"). test/fixtures/sites/saved/ holds fixture pages saved from
 * Debian's Chromium (MHTML, "Save page as… single file") and Firefox ESR (serialised DOM, "Web
 * Page, complete") with the package users install running, by test/e2e/support/save-fixture-pages.ts.
 * Each must read exactly what its fixture reads: same client, keys and texts; Vigie's own badges,
 * which the browser saved into the page, must not be read as anyone's text.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkPage, readSavedPage } from '../../../scripts/lib/sites-check';
import { FIXTURES, fixtureFileHtml } from '../content/helpers';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const SAVED = resolve(FIXTURES, 'saved');
const saved = readdirSync(SAVED).filter((f) => /\.(mhtml|html)$/.test(f));
/** telegram-k-2026.chromium.mhtml → telegram-k-2026.html */
const fixtureOf = (file: string) => file.replace(/\.(chromium|firefox)\.(mhtml|html)$/, '.html');
const clientOf = (file: string) =>
  (['telegram-k', 'telegram-a', 'whatsapp', 'snapchat'] as const).find((c) => file.startsWith(c));
const REGENERATE = 'fixture changed? re-save: npx tsx test/e2e/support/save-fixture-pages.ts';

describe('pages saved from real browsers', () => {
  it('there are saved pages from Chromium and Firefox, the four clients among them', () => {
    expect(saved.some((f) => f.endsWith('.chromium.mhtml'))).toBe(true);
    expect(saved.some((f) => f.endsWith('.firefox.html'))).toBe(true);
    expect(new Set(saved.map(clientOf))).toEqual(
      new Set(['telegram-k', 'telegram-a', 'whatsapp', 'snapchat']),
    );
  });

  it.each(saved)('%s reads as its fixture reads', async (file) => {
    const bytes = readFileSync(resolve(SAVED, file));
    const page = readSavedPage(bytes);
    const report = await checkPage(page);
    // The fixture at the address the page was saved from (chat ids come from it).
    const expected = await checkPage({
      html: fixtureFileHtml(fixtureOf(file)),
      url: page.url,
      format: 'html',
    });

    expect(report.client).toBe(clientOf(file));
    if (file.endsWith('.mhtml')) {
      // A real Blink snapshot, which records the address: the client comes from it.
      expect(bytes.subarray(0, 40).toString('latin1')).toMatch(/^From: <Saved by Blink>/);
      expect(page.format).toBe('mhtml');
      expect(report.clientFrom).toBe('address');
    } else {
      // Firefox records no address: the client comes from the markup.
      expect(report.clientFrom).toBe('markup');
    }
    expect(report.read.length, REGENERATE).toBeGreaterThan(0);
    expect(
      report.read.map((m) => [m.key, m.sender, m.text]),
      REGENERATE,
    ).toEqual(expected.read.map((m) => [m.key, m.sender, m.text]));
    expect(report.skipped, REGENERATE).toEqual(expected.skipped);
    // The chat-level marker Vigie adds next to the chat's title is not read into the title.
    expect(report.chat, REGENERATE).toEqual(expected.chat);
    expect(report.refused).toEqual([]);
    expect(report.warnings, REGENERATE).toEqual(expected.warnings);
  });

  it("Vigie's badges and chat marker were saved into the Chromium pages, and none of their text is read", async () => {
    const page = readSavedPage(readFileSync(resolve(SAVED, 'telegram-k-2026.chromium.mhtml')));
    // Chromium writes closed shadow roots as <template shadowmode="closed">: our five badges.
    const badges = page.html.match(/<template shadowmode="closed"[^>]*><button[^>]*class="badge"/g) ?? [];
    expect(badges.length).toBe(5);
    expect(page.html).toContain('annonce illicite possible');
    // And the chat-level "looks like a shop" marker by the chat's title (issue 15).
    expect(page.html).toMatch(/<template shadowmode="closed"[^>]*><button class="shop"/);
    // The package users install puts no attribute on the page (issue 17.12): none was saved.
    expect(page.html).not.toMatch(/data-vigie/i);
    const report = await checkPage(page);
    for (const m of report.read) expect(m.text).not.toMatch(/annonce illicite possible|boutique|Vigie/);
    expect(report.chat.title).toBe('Market Deals 24/7');
  });

  it('the CLI reads a saved snapshot: client from its address, every message', {
    timeout: 60_000,
  }, async () => {
    const file = resolve(SAVED, 'telegram-k-2026.chromium.mhtml');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'scripts/sites-check.ts'), file],
      {
        cwd: ROOT,
        timeout: 60_000,
      },
    );
    const expected = await checkPage({
      html: fixtureFileHtml('telegram-k-2026.html'),
      url: 'https://web.telegram.org/k/#-1987654321',
      format: 'html',
    });
    expect(stdout).toMatch(
      /\(mhtml, read offline\)\nClient: telegram-k \(from the saved address https:\/\/web\.telegram\.org\/k\/#-1987654321\)/,
    );
    expect(stdout).toContain(`Messages read: ${expected.read.length}\n`);
    for (const m of expected.read) expect(stdout).toContain(m.key);
    expect(stdout).toContain('Network: nothing was fetched or sent');
  });
});
