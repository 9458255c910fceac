/**
 * "Check an exported chat" (issue 9) in real Chromium and Firefox ESR, on the built extension:
 *   - the popup's and the options page's link open the page in a new tab;
 *   - a WhatsApp export picked with the real file input: the listing is flagged with its words
 *     highlighted and its reasons, the ordinary messages are not; the downloaded report (a real
 *     download into a folder of the test: a zip whose SHA256SUMS verify) holds the check's facts,
 *     with its time in ISO 8601 and the device's zone, the message and the disclaimer;
 *   - a Telegram result.json and an iOS zip (built here) are read too; a file with no listing
 *     shows "nothing looks like a listing"; a non-export and a cut-short zip show their errors and
 *     the page takes another file afterwards;
 *   - the print view hides the controls and shows the report header;
 *   - screenshots go to test-results/screenshots/<browser>-check-*.png.
 * No network is involved: every request of the page would go to the fixture server or fail.
 */

import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SETTINGS_KEY } from '../../src/shared/settings/keys';
import {
  buildVariant,
  downloadPrefs,
  launchChromium,
  launchFirefox,
  lazy,
  REPO_ROOT,
  startConnectProxy,
  startFixtureServer,
  waitInPage,
} from './support';

/**
 * The downloaded report is a zip (report.txt and SHA256SUMS, like an evidence file): unzipped into
 * a folder, checked with `sha256sum -c`, and its text returned.
 */
function reportOfZip(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toEqual(['report.txt', 'SHA256SUMS']);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-report-e2e-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe(
      'report.txt: OK\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return new TextDecoder().decode(files['report.txt']);
}

const SCREENSHOTS = resolve(REPO_ROOT, 'test-results/screenshots');
const EXPORTS = resolve(REPO_ROOT, 'test/fixtures/exports');
const CHECK_PATH = 'src/check/index.html';
/** A private build per process (see popup.e2e.ts). */
const VARIANT = `check-page-${process.pid}`;

/** Files made for this run: an iOS-style zip and the same zip cut short. */
const WORK = mkdtempSync(join(tmpdir(), 'vigie-check-e2e-'));
const IOS_ZIP = join(WORK, 'WhatsApp Chat - Bons plans 75.zip');
const CUT_ZIP = join(WORK, 'WhatsApp Chat - cut.zip');
{
  const zip = zipSync({
    '_chat.txt': readFileSync(join(EXPORTS, 'whatsapp-ios-fr_chat.txt')),
    '00000012-PHOTO-2025-03-12-11-05-40.jpg': new Uint8Array(2000).fill(7),
  });
  writeFileSync(IOS_ZIP, zip);
  writeFileSync(CUT_ZIP, zip.subarray(0, Math.floor(zip.length / 2)));
}

/**
 * A big WhatsApp export (about 25 MB, 300 000 messages): ordinary family chat with a listing every
 * 20 000 messages, to see progress, the first results before the end, Cancel, and a page that
 * keeps answering while the worker reads.
 */
const BIG_EXPORT = join(WORK, 'WhatsApp Chat with Big family.txt');
const BIG_MESSAGES = 300_000;
const BIG_LISTINGS = BIG_MESSAGES / 20_000;
{
  const ordinary = [
    'Tu rentres à quelle heure ce soir ?',
    "Vers 19h, je finis l'entraînement",
    'Ok, il reste des pâtes dans le frigo',
    'Je prends le bus de 8h demain',
    'Pense à acheter du pain stp',
  ];
  const lines: string[] = [];
  for (let i = 0; i < BIG_MESSAGES; i++) {
    const day = String((Math.floor(i / 1000) % 28) + 1).padStart(2, '0');
    const minute = String(i % 60).padStart(2, '0');
    const text =
      i % 20_000 === 10_000
        ? 'Dispo : cartes grises, permis, CNI "vraies fausses", livraison 48h, contact en privé'
        : (ordinary[i % ordinary.length] as string);
    lines.push(`${day}/03/2025 18:${minute} - ${i % 2 ? 'Maman' : 'Léo'}: ${text}`);
  }
  writeFileSync(BIG_EXPORT, `${lines.join('\n')}\n`);
}

interface UiPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

interface CheckHarness {
  openCheck(): Promise<UiPage>;
  openOptions(): Promise<UiPage>;
  openPopup(): Promise<UiPage>;
  /** Picks files with the page's real <input type=file>, through the driver. */
  upload(page: UiPage, paths: string[]): Promise<void>;
  /** Clicks the button and returns the name and text of the file the browser saved. */
  download(page: UiPage, selector: string): Promise<{ name: string; text: string }>;
  /** Runs `click` and waits for a tab showing the check page to appear; closes it. */
  expectCheckTabFrom(click: () => Promise<void>): Promise<string>;
  /** Renders the page as for printing (where the driver can), else null. */
  printMedia(page: UiPage, on: boolean): Promise<boolean>;
  setSettings(values: Record<string, unknown>): Promise<void>;
  /** Prints the page to a PDF file through the browser's own print engine. */
  savePdf(page: UiPage, path: string): Promise<void>;
  /** A real Tab key press through the driver. */
  pressTab(page: UiPage): Promise<void>;
}

const fixture = (name: string) => join(EXPORTS, name);

function waitIn<A, R = unknown>(page: UiPage, fn: (arg: A) => R, arg: A, what: string, timeoutMs = 15_000) {
  return waitInPage(page, fn, { arg, timeoutMs, message: `Timed out waiting for: ${what}` });
}

function clickIn(page: UiPage, selector: string) {
  return page.evaluate((s) => {
    const el = document.querySelector<HTMLElement>(s);
    if (!el) throw new Error(`Nothing matches ${s}`);
    el.click();
  }, selector);
}

function clickButton(page: UiPage, label: string) {
  return page.evaluate((label) => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === label);
    if (!b) throw new Error(`No button "${label}"`);
    b.click();
  }, label);
}

/** What the page shows once a check is over. */
function readResults(page: UiPage) {
  return page.evaluate(
    () => ({
      phase: document.querySelector('main')?.getAttribute('data-phase'),
      chat: document.querySelector('[data-fact="chat"]')?.textContent ?? null,
      file: document.querySelector('[data-fact="file"]')?.textContent ?? null,
      messages: document.querySelector('[data-fact="messages"]')?.textContent ?? null,
      flagged: document.querySelector('[data-fact="flagged"]')?.textContent ?? null,
      empty: document.querySelector('[data-state="empty"]')?.textContent ?? null,
      error: document.querySelector('[data-state="error"]')?.getAttribute('data-code') ?? null,
      errorText: document.querySelector('[data-state="error"]')?.textContent ?? null,
      disclaimer: document.querySelector('.found .reminder')?.textContent ?? null,
      cards: [...document.querySelectorAll('.cards > .card')].map((c) => ({
        heading: c.querySelector('.card-title')?.textContent ?? '',
        sender: c.querySelector('[data-field="sender"]')?.textContent ?? '',
        date: c.querySelector('[data-field="date"]')?.textContent ?? '',
        ref: c.querySelector('[data-field="ref"]')?.textContent ?? '',
        excerpt: c.querySelector('.excerpt')?.textContent ?? '',
        excerptHtml: c.querySelector('.excerpt')?.innerHTML ?? '',
        marks: [...c.querySelectorAll('.excerpt mark')].map((m) => m.textContent ?? ''),
        reasons: c.querySelector('.reasons')?.textContent ?? '',
      })),
    }),
    null,
  );
}

const finished = (page: UiPage) =>
  waitIn(
    page,
    () => ['done', 'error'].includes(document.querySelector('main')?.getAttribute('data-phase') ?? ''),
    null,
    'the check to end',
    30_000,
  );

function checkFlow(name: 'chromium' | 'firefox', env: { get(): Promise<CheckHarness> }) {
  let page: UiPage | undefined;
  const setup = lazy(async () => {
    const h = await env.get();
    // The country decides the official channels; Chromium's en-US would default to the US.
    await h.setSettings({ language: 'en', country: 'FR' });
    page = await h.openCheck();
    await waitIn(page, () => !!document.querySelector('#export-file'), null, 'the file input');
    return { h, page };
  });

  it('the popup and the options page open the page in a new tab', async () => {
    const { h } = await setup.get();
    const options = await h.openOptions();
    try {
      await waitIn(
        options,
        () => !!document.querySelector('[data-action="check-export"]'),
        null,
        'options link',
      );
      expect(
        await options.evaluate(
          () => document.querySelector('[data-action="check-export"]')?.textContent,
          null,
        ),
      ).toBe('Check an exported chat');
      expect(await h.expectCheckTabFrom(() => clickIn(options, '[data-action="check-export"]'))).toMatch(
        /\/src\/check\/index\.html$/,
      );
    } finally {
      await options.close();
    }
    const popup = await h.openPopup();
    try {
      await waitIn(popup, () => !!document.querySelector('[data-action="check-export"]'), null, 'popup link');
      // Not a chat tab: the popup settles on "not a supported chat page" (or an error), link below.
      await waitIn(popup, () => !document.querySelector('[aria-busy="true"]'), null, 'popup settled');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await popup.screenshot({ path: resolve(SCREENSHOTS, `${name}-check-popup-link.png`) });
      expect(await h.expectCheckTabFrom(() => clickIn(popup, '[data-action="check-export"]'))).toMatch(
        /\/src\/check\/index\.html$/,
      );
      // The link fits the popup's fixed width.
      expect(
        await popup.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
          null,
        ),
      ).toBe(false);
    } finally {
      await popup.close();
    }
  });

  it('idle: a real file input, the privacy promise and the date order are there', async () => {
    const { page } = await setup.get();
    const view = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#export-file');
      return {
        title: document.title,
        h1: document.querySelector('h1')?.textContent,
        type: input?.type,
        accept: input?.accept,
        multiple: input?.multiple,
        label: input?.labels?.[0]?.textContent,
        privacy: document.querySelector('[data-role="privacy"]')?.textContent,
        orders: [...document.querySelectorAll<HTMLInputElement>('input[name="day-order"]')].map((r) => [
          r.value,
          r.checked,
        ]),
      };
    }, null);
    expect(view).toEqual({
      title: 'Check an exported chat · Vigie',
      h1: 'Check an exported chat',
      type: 'file',
      accept: '.txt,.zip,.json,.html,.htm',
      multiple: true,
      label: 'Choose a file',
      privacy:
        'The file is read and checked on this device only. Nothing is uploaded, and nothing is kept unless you save the report.',
      orders: [
        ['auto', true],
        ['day', false],
        ['month', false],
      ],
    });
    // Keyboard: Tab reaches the file input, and its focus shows on the visible label.
    const { h } = await setup.get();
    let focused = false;
    for (let i = 0; i < 10 && !focused; i++) {
      await h.pressTab(page);
      focused = await page.evaluate(() => document.activeElement?.id === 'export-file', null);
    }
    expect(focused).toBe(true);
    expect(
      await page.evaluate(
        () => getComputedStyle(document.querySelector('.file-label') as Element).outlineStyle,
        null,
      ),
    ).toBe('solid');
  });

  it('a WhatsApp export: the listing is flagged with highlights and reasons, ordinary messages are not', async () => {
    const { h, page } = await setup.get();
    await h.upload(page, [fixture('whatsapp-android-fr.txt')]);
    await finished(page);
    const r = await readResults(page);
    expect(r.phase).toBe('done');
    expect(r.file).toBe('whatsapp-android-fr.txt');
    expect(Number(r.messages)).toBeGreaterThanOrEqual(3);
    expect(r.flagged).toBe('1');
    expect(r.cards).toHaveLength(1);
    const [card] = r.cards;
    if (!card) throw new Error('no card');
    expect(card.sender).toBe('Karim');
    expect(card.ref).toBe('line 4');
    expect(card.date).toMatch(/March 12, 2025|12 March 2025/);
    expect(card.heading).toMatch(/^Forged papersLevel: (low|medium|high)$/);
    expect(card.excerpt).toContain('cartes grises, permis, CNI');
    expect(card.excerpt).toContain('Contact en privé');
    expect(card.marks).toEqual(expect.arrayContaining(['cartes grises', 'CNI']));
    expect(card.reasons).toMatch(/^Why: \S/);
    expect(card.reasons).toContain(' + ');
    // Ordinary messages of the same chat are not listed.
    for (const c of r.cards) {
      expect(c.excerpt).not.toContain('Bonjour à tous');
      expect(c.excerpt).not.toContain('Horaires');
    }
    // Message text arrives as text nodes: no element other than the highlights.
    expect(card.excerptHtml.replace(/<\/?(mark|span)>/g, '')).not.toMatch(/</);
    expect(r.disclaimer).toMatch(/not a legal verdict/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-check-results-en.png`), fullPage: true });
  });

  it('"Where to report" under a flagged message gives the official channels of the country', async () => {
    const { page } = await setup.get();
    await clickButton(page, 'Where to report');
    await waitIn(page, () => !!document.querySelector('.card .report [data-channel]'), null, 'channels');
    const channels = await page.evaluate(
      () =>
        [...document.querySelectorAll('.card .report [data-channel]')].map((c) =>
          c.getAttribute('data-channel'),
        ),
      null,
    );
    expect(
      channels.some((c) => c?.startsWith('fr-')),
      String(channels),
    ).toBe(true);
    // The platform's own reporting too: the export is a WhatsApp chat.
    expect(channels).toContain('whatsapp-report-block');
    await clickButton(page, 'Where to report');
  });

  it('"Download the report" saves a zip whose sums verify: the facts with the time zone, the message, the disclaimer', async () => {
    const { h, page } = await setup.get();
    const saved = await h.download(page, '.toolbar button.primary');
    expect(saved.name).toMatch(/^vigie-report-\d{4}-\d{2}-\d{2}\.zip$/);
    const text = saved.text;
    expect(text).toContain('Vigie – report of a check of an exported chat');
    expect(text).toMatch(/Date of the check: \S/);
    expect(text).toMatch(
      /Time of the check \(ISO 8601, with UTC offset\): \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\n/,
    );
    expect(text).toContain('File: whatsapp-android-fr.txt');
    expect(text).toContain('Kind of export: WhatsApp export');
    expect(text).toContain('Messages flagged: 1');
    expect(text).toMatch(/Vigie version \/ rules version: 0\.\d+\.\d+ \/ \d+/);
    expect(text).toContain('1. Flagged message (line 4)');
    expect(text).toContain('Sender as shown: Karim');
    expect(text).toContain('    Dispo : cartes grises, permis, CNI "vraies fausses", livraison 48h');
    expect(text).toContain('    Contact en privé');
    expect(text).toMatch(/Matched words: .*cartes grises/);
    expect(text).toContain('This is a warning, not a legal verdict');
    expect(text).not.toContain('Bonjour à tous');
  });

  it('the print view shows the report header and hides the controls', async () => {
    const { h, page } = await setup.get();
    // The stylesheet itself (both browsers): a print rule hides controls and shows the header.
    const rules = await page.evaluate(() => {
      const texts: string[] = [];
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (rule instanceof CSSMediaRule && rule.media.mediaText === 'print') texts.push(rule.cssText);
        }
      }
      return texts.join('\n');
    }, null);
    expect(rules).toMatch(/\.no-print\s*\{\s*display: none/);
    expect(rules).toMatch(/\.print-only\s*\{\s*display: block/);
    if (await h.printMedia(page, true)) {
      try {
        const shown = await page.evaluate(
          () => ({
            toolbar: getComputedStyle(document.querySelector('.toolbar') as Element).display,
            picker: getComputedStyle(document.querySelector('.picker') as Element).display,
            facts: getComputedStyle(document.querySelector('.print-facts') as Element).display,
            factsText: document.querySelector('.print-facts')?.textContent ?? '',
            card: getComputedStyle(document.querySelector('.card') as Element).display,
          }),
          null,
        );
        expect(shown).toMatchObject({ toolbar: 'none', picker: 'none', facts: 'block', card: 'list-item' });
        expect(shown.factsText).toContain('whatsapp-android-fr.txt');
        await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-check-print-en.png`), fullPage: true });
      } finally {
        await h.printMedia(page, false);
      }
    }
    // "Save as PDF" as the browser does it: a real PDF of the print view.
    const pdf = resolve(SCREENSHOTS, `${name}-check-report.pdf`);
    await h.savePdf(page, pdf);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it('a Telegram result.json and an iOS zip are read as well', async () => {
    const { h, page } = await setup.get();
    await h.upload(page, [fixture('telegram-result.json')]);
    await waitIn(
      page,
      () => document.querySelector('[data-fact="file"]')?.textContent === 'telegram-result.json',
      null,
      'json done',
    );
    let r = await readResults(page);
    expect(r.chat).toBe('Marché Libre 🇫🇷');
    expect(r.cards.map((c) => [c.sender, c.ref])).toEqual([['Karim', 'message 2']]);
    expect(r.cards[0]?.marks.join(' ')).toContain('CNI');

    await h.upload(page, [IOS_ZIP]);
    await waitIn(
      page,
      (f) => document.querySelector('[data-fact="file"]')?.textContent === f,
      'WhatsApp Chat - Bons plans 75.zip',
      'zip done',
    );
    r = await readResults(page);
    expect(r.phase).toBe('done');
    expect(r.cards).toHaveLength(1);
    expect(r.cards[0]?.sender).toBe('Karim');
    expect(r.cards[0]?.excerpt).toContain('cartes grises');
  });

  it('a chat with no listing says so, with what was checked', async () => {
    const { h, page } = await setup.get();
    await h.upload(page, [fixture('check/whatsapp-family-fr.txt')]);
    await waitIn(page, () => !!document.querySelector('[data-state="empty"]'), null, 'empty state');
    const r = await readResults(page);
    expect(r.cards).toEqual([]);
    expect(r.messages).toBe('4');
    expect(r.empty).toContain('Nothing looks like a listing');
    expect(r.empty).toContain('the text of 4 messages');
  });

  it('a file that is not an export and a cut-short zip get plain-words errors; another file still works', async () => {
    const { h, page } = await setup.get();
    await h.upload(page, [fixture('check/not-an-export.txt')]);
    await finished(page);
    let r = await readResults(page);
    expect(r.phase).toBe('error');
    expect(['not-a-chat-export', 'unknown-format', 'unknown-locale']).toContain(r.error);
    expect(r.errorText).toContain('“not-an-export.txt” could not be checked');
    expect(r.cards).toEqual([]);
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-check-error-en.png`), fullPage: true });

    await h.upload(page, [CUT_ZIP]);
    await waitIn(
      page,
      () => document.querySelector('[data-state="error"]')?.getAttribute('data-code') === 'truncated-zip',
      null,
      'zip error',
    );
    r = await readResults(page);
    expect(r.errorText).toContain('damaged or cut short');

    await h.upload(page, [fixture('whatsapp-android-fr.txt')]);
    await waitIn(
      page,
      () => document.querySelectorAll('.cards > .card').length === 1,
      null,
      'a result again',
    );
    expect((await readResults(page)).error).toBeNull();
  });

  it('a big export: progress, first results before the end, a page that keeps answering, and Cancel', async () => {
    const { h, page } = await setup.get();
    // Longest gap between timer ticks in the page while it checks (a blocked page shows long gaps).
    await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __tick: number; __timer: number };
      w.__gaps = [];
      w.__tick = performance.now();
      w.__timer = window.setInterval(() => {
        const now = performance.now();
        w.__gaps.push(now - w.__tick);
        w.__tick = now;
      }, 20);
    }, null);
    const started = Date.now();
    await h.upload(page, [BIG_EXPORT]);
    const seen = await waitIn(
      page,
      () => {
        const bar = document.querySelector('[role="progressbar"], progress');
        const cards = document.querySelectorAll('.cards > .card').length;
        const phase = document.querySelector('main')?.getAttribute('data-phase');
        return phase === 'scanning' && bar && cards > 0
          ? {
              now: Number(bar.getAttribute('aria-valuenow')),
              read: document.querySelector('[data-count="read"]')?.textContent ?? '',
              cards,
            }
          : phase === 'done'
            ? { now: -1, read: 'finished before a result was seen', cards }
            : null;
      },
      null,
      'a first result while scanning',
      60_000,
    );
    const firstResultMs = Date.now() - started;
    if (!seen) throw new Error('unreachable: waitIn returns a truthy value');
    expect(seen.now, seen.read).toBeGreaterThanOrEqual(0);
    expect(seen.now).toBeLessThan(100);
    await finished(page);
    const totalMs = Date.now() - started;
    const stats = await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __timer: number };
      clearInterval(w.__timer);
      return { maxGap: Math.max(...w.__gaps), ticks: w.__gaps.length };
    }, null);
    const r = await readResults(page);
    expect(r.phase).toBe('done');
    expect(r.messages).toBe(String(BIG_MESSAGES));
    expect(r.flagged).toBe(String(BIG_LISTINGS));
    expect(r.cards).toHaveLength(BIG_LISTINGS);
    console.log(
      `${name}: ${BIG_MESSAGES} messages (${(readFileSync(BIG_EXPORT).length / 1e6).toFixed(1)} MB) in ${totalMs} ms, ` +
        `first result after ${firstResultMs} ms, longest main-thread gap ${Math.round(stats.maxGap)} ms`,
    );
    // The work is off the main thread: the page's timers keep running.
    expect(stats.maxGap).toBeLessThan(1000);

    // Cancel in the middle: back to the picker, nothing kept, nothing more arrives.
    await h.upload(page, [BIG_EXPORT]);
    await waitIn(
      page,
      () =>
        document.querySelector('main')?.getAttribute('data-phase') === 'scanning' &&
        Number(document.querySelector('progress')?.getAttribute('aria-valuenow')) > 0,
      null,
      'scanning again',
      30_000,
    );
    await clickButton(page, 'Cancel');
    await waitIn(
      page,
      () => document.querySelector('main')?.getAttribute('data-phase') === 'idle',
      null,
      'idle',
    );
    await new Promise((r) => setTimeout(r, 500));
    const after = await readResults(page);
    expect(after.phase).toBe('idle');
    expect(after.cards).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('[role="status"]')?.textContent, null)).toBe(
      'Check cancelled. Nothing was kept.',
    );
    // The page is ready for the next file.
    await h.upload(page, [fixture('whatsapp-android-fr.txt')]);
    await waitIn(
      page,
      () => document.querySelectorAll('.cards > .card').length === 1,
      null,
      'a result again',
    );
  });

  it('French UI, from the language setting', async () => {
    const { h, page } = await setup.get();
    try {
      await h.setSettings({ language: 'fr' });
      await waitIn(page, () => document.documentElement.lang === 'fr', null, 'French UI');
      await waitIn(
        page,
        () => document.querySelector('h1')?.textContent === 'Vérifier une discussion exportée',
        null,
        'French heading',
      );
      const r = await readResults(page);
      expect(r.cards[0]?.ref).toBe('ligne 4');
      expect(r.cards[0]?.date).toMatch(/12 mars 2025/);
      expect(r.cards[0]?.reasons).toMatch(/^Pourquoi/);
      await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-check-results-fr.png`), fullPage: true });
    } finally {
      await h.setSettings({ language: 'en' });
    }
  });

  afterAll(async () => {
    await page?.close().catch(() => undefined);
  });
}

// ---------------------------------------------------------------- browsers

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

type ExtensionApi = {
  storage: {
    sync: {
      get(k: string): Promise<Record<string, unknown>>;
      set(v: Record<string, unknown>): Promise<void>;
    };
  };
};

/** Changes user settings the way the options page does (storage.sync, merged). */
function setSettingsIn(evaluateInExtension: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>) {
  return (values: Record<string, unknown>) =>
    evaluateInExtension(
      async ({ key, values }) => {
        // Serialised into the page: everything it uses must be inside the function.
        const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
        const api = (g.browser ?? g.chrome) as ExtensionApi;
        const got = (await api.storage.sync.get(key))[key] as Record<string, unknown> | undefined;
        await api.storage.sync.set({ [key]: { ...(got ?? {}), ...values } });
      },
      { key: SETTINGS_KEY, values },
    );
}

function removeVariant(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // The other browser's build is still there.
  }
}

describe('check an exported chat in Chromium', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    try {
      const extensionDir = await buildVariant(VARIANT, 'chrome', {});
      return {
        server,
        extensionDir,
        chromium: await launchChromium({ serverPort: server.port, extensionDir }),
      };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, chromium, extensionDir }) => {
      await chromium.close();
      await server.close();
      removeVariant(extensionDir);
    }),
  );
  checkFlow('chromium', {
    async get() {
      const { chromium } = await env.get();
      const open = async (path: string, viewport?: { width: number; height: number }) => {
        const page = await chromium.context.newPage();
        if (viewport) await page.setViewportSize(viewport);
        await page.goto(chromium.extensionUrl(path), { waitUntil: 'load' });
        return page;
      };
      return {
        openCheck: async () => (await open(CHECK_PATH, { width: 900, height: 900 })) as unknown as UiPage,
        openOptions: async () => (await chromium.openOptions()) as unknown as UiPage,
        openPopup: async () => (await chromium.openPopup()) as unknown as UiPage,
        async upload(page, paths) {
          await (page as unknown as PlaywrightPage).setInputFiles('#export-file', paths);
        },
        async download(page, selector) {
          const p = page as unknown as PlaywrightPage;
          const [download] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
          const path = await download.path();
          return { name: download.suggestedFilename(), text: reportOfZip(readFileSync(path)) };
        },
        async expectCheckTabFrom(click) {
          const [tab] = await Promise.all([
            chromium.context.waitForEvent('page', { timeout: 10_000 }),
            click(),
          ]);
          await tab.waitForLoadState('load');
          await waitInPage(tab, () => !!document.querySelector('#export-file'), {
            message: 'check page in new tab',
          });
          const url = tab.url();
          await tab.close();
          return url;
        },
        async printMedia(page, on) {
          await (page as unknown as PlaywrightPage).emulateMedia({ media: on ? 'print' : 'screen' });
          return true;
        },
        setSettings: setSettingsIn(chromium.evaluateInExtension),
        pressTab: (page) => (page as unknown as PlaywrightPage).keyboard.press('Tab'),
        async savePdf(page, path) {
          await (page as unknown as PlaywrightPage).pdf({ path, format: 'A4' });
        },
      };
    },
  });
});

describe('check an exported chat in Firefox ESR', () => {
  const downloads = mkdtempSync(join(tmpdir(), 'vigie-check-downloads-'));
  const env = lazy(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const extensionDir = await buildVariant(VARIANT, 'firefox', {});
      const firefox = await launchFirefox({
        proxyPort: proxy.port,
        extensionDir,
        // Downloads go straight to a folder of this test, without a dialog.
        prefs: downloadPrefs(downloads),
      });
      return { server, proxy, extensionDir, firefox };
    } catch (error) {
      await proxy.close();
      await server.close();
      throw error;
    }
  });
  afterAll(async () => {
    await env.dispose(async ({ server, proxy, firefox, extensionDir }) => {
      await firefox.close();
      await proxy.close();
      await server.close();
      removeVariant(extensionDir);
    });
    rmSync(downloads, { recursive: true, force: true });
  });
  checkFlow('firefox', {
    async get() {
      const { firefox } = await env.get();
      const checkPages = async () => {
        const found: PuppeteerPage[] = [];
        for (const p of await firefox.browser.pages()) {
          const href = await p.evaluate(() => location.href).catch(() => '');
          if (href.endsWith(CHECK_PATH)) found.push(p);
        }
        return found;
      };
      return {
        openCheck: async () =>
          (await firefox.openExtensionPage(CHECK_PATH, { width: 900, height: 900 })) as unknown as UiPage,
        openOptions: async () => (await firefox.openOptions()) as unknown as UiPage,
        openPopup: async () => (await firefox.openPopup()) as unknown as UiPage,
        async upload(page, paths) {
          const input = await (page as unknown as PuppeteerPage).$('#export-file');
          if (!input) throw new Error('no file input');
          await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(...paths);
        },
        async download(page, selector) {
          const before = new Set(readdirSync(downloads));
          await (page as unknown as PuppeteerPage).click(selector);
          const until = Date.now() + 15_000;
          for (;;) {
            const name = readdirSync(downloads).find((n) => !before.has(n) && !n.endsWith('.part'));
            const path = name ? join(downloads, name) : '';
            // Firefox writes a .part file and renames it when the download is complete.
            if (name && existsSync(path) && !existsSync(`${path}.part`) && readFileSync(path).length > 0) {
              return { name, text: reportOfZip(readFileSync(path)) };
            }
            if (Date.now() > until) throw new Error(`No download in ${downloads}: ${readdirSync(downloads)}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        },
        async expectCheckTabFrom(click) {
          const before = new Set(await checkPages());
          await click();
          const until = Date.now() + 10_000;
          for (;;) {
            const tab = (await checkPages()).find((p) => !before.has(p));
            if (tab) {
              const url = await tab.evaluate(() => location.href);
              await tab.close();
              return url;
            }
            if (Date.now() > until) throw new Error('No check page tab opened');
            await new Promise((r) => setTimeout(r, 200));
          }
        },
        async printMedia(page, on) {
          try {
            await (page as unknown as PuppeteerPage).emulateMediaType(on ? 'print' : 'screen');
            return true;
          } catch {
            // Not offered over WebDriver BiDi by this Firefox: the stylesheet check above stands.
            return false;
          }
        },
        setSettings: setSettingsIn(firefox.evaluateInExtension),
        pressTab: (page) => (page as unknown as PuppeteerPage).keyboard.press('Tab'),
        async savePdf(page, path) {
          await (page as unknown as PuppeteerPage).pdf({ path, format: 'A4' });
        },
      };
    },
  });
});
