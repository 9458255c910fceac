/**
 * "Keep evidence" end to end (issue 16), in real Chromium and Firefox ESR, on the Telegram Web K
 * fixture at its real origin, with the production manifest (activeTab, no host permission) and
 * the blur option on, at a real device pixel ratio of 2:
 *   - without a toolbar click the browser refuses the capture: the popup says so and saves the
 *     text-only file, whose sums verify;
 *   - after the toolbar button is clicked on the chat tab (the browser's own code path, see
 *     support/extension-action.ts), a click on "Keep evidence" scrolls the message into view and
 *     produces one zip: `sha256sum -c` accepts it, the screenshot is the viewport × 2, the cropped
 *     image is the message's box × 2 with the margin and holds the same pixels as that area of the
 *     screenshot, and the text is the page's; no network request during the capture, nothing new
 *     in storage.local / sync / session; the click → file time is printed;
 *   - the evidence.html of that zip, opened from disk (file://) with the network cut, renders its
 *     text and both images with no request beyond its own files and no console error;
 *   - with the chat tab hidden behind another tab (after the grant), the capture is refused as
 *     such and the text-only file is offered; with the setting off, the popup says so instead.
 *   - on the Telegram Web A, WhatsApp and Snapchat fixtures too: the zip verifies, the crop is the message
 *     element's box (margin clamped to the page) × 2, the text is what that element shows, no
 *     request, nothing stored;
 *   - the whole chat from the "looks like a shop" banner: the tab capture and every flagged
 *     message in one verified zip;
 *   - an evidence.html carrying hostile page text in each kind of section stays inert.
 * The popup page runs in a window of its own (?tab=<id>), so the chat stays the shown tab of its
 * window, as it does behind the real popup.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { renderEvidenceHtml } from '../../src/shared/evidence/render-html';
import type { TabSummary } from '../../src/shared/messages';
import { SETTINGS_KEY } from '../../src/shared/settings/keys';
import {
  buildVariant,
  downloadPrefs,
  FIXTURE_URLS,
  launchChromium,
  launchFirefox,
  lazy,
  startConnectProxy,
  startFixtureServer,
  waitInPage,
} from './support';
import {
  openPopupWindowChromium,
  openPopupWindowFirefox,
  triggerActionChromium,
  triggerActionFirefox,
} from './support/extension-action';

const VARIANT = `evidence-${process.pid}`;
/** The build users get: no content-script test hooks (this test waits on the content script's answers). */
const USER_BUILD = { VIGIE_TEST_HOOKS: '0' };
const KEY = '-1987654321:1202';
const MESSAGE = '.bubble[data-mid="1202"]';
const MARGIN = 16;
const DPR = 2;

function removeVariant(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // The other browser's build is still there.
  }
}

/** What the two drivers' pages share for this test. */
interface UiPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

interface Harness {
  /** A fixture chat in a new tab (Web K unless told). */
  openChat(url?: string): Promise<{ page: UiPage; tabId: number }>;
  toolbarClick(chat: UiPage): Promise<void>;
  openPopup(tabId: number): Promise<UiPage>;
  /** A trusted click on `selector`, then the downloaded file once complete, and how long it took. */
  clickAndDownload(page: UiPage, selector: string): Promise<{ path: string; ms: number }>;
  /** Every request the browser made so far (not the extension's own files). */
  requests(): string[];
  evaluateInExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Opens a file:// page; console errors and requests are recorded from before it loads. */
  openFile(path: string): Promise<{ page: UiPage; consoleErrors: string[]; requests: string[] }>;
  fixtureRequests(): number;
}

type StorageArea = { get(keys: null): Promise<Record<string, unknown>>; set(o: object): Promise<void> };
type ExtensionApi = {
  storage: { local: StorageArea; sync: StorageArea; session: StorageArea };
  tabs: {
    sendMessage(id: number, m: unknown): Promise<unknown>;
    get(id: number): Promise<{ windowId: number; active: boolean }>;
    create(o: { windowId: number; url: string; active: boolean }): Promise<{ id: number }>;
    update(id: number, o: { active: boolean }): Promise<unknown>;
    remove(id: number): Promise<void>;
  };
};

function storageSnapshot(h: Harness): Promise<string> {
  return h.evaluateInExtension(async () => {
    const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
    const api = (g.browser ?? g.chrome) as ExtensionApi;
    const [local, sync, session] = await Promise.all([
      api.storage.local.get(null),
      api.storage.sync.get(null),
      api.storage.session.get(null),
    ]);
    // The background rewrites each tab's badge report (platform, state, counts, shop category:
    // no text) whenever the tab reports, at its own time; it is not the capture's doing, and a
    // snapshot that kept it raced with it (seen on the Snapchat fixture). Everything else counts.
    const { 'tab-badge/reports': _badges, ...rest } = session;
    return JSON.stringify({ local, sync, session: rest });
  }, null);
}

function setSettings(h: Harness, values: Record<string, unknown>) {
  return h.evaluateInExtension(
    async ({ key, values }) => {
      const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
      const api = (g.browser ?? g.chrome) as ExtensionApi;
      await api.storage.sync.set({ [key]: values });
    },
    { key: SETTINGS_KEY, values },
  );
}

function summaryOf(h: Harness, tabId: number): Promise<TabSummary> {
  return h.evaluateInExtension(async (id) => {
    const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
    const api = (g.browser ?? g.chrome) as ExtensionApi;
    return (await api.tabs.sendMessage(id, { type: 'popup-cs/get-summary' })) as TabSummary;
  }, tabId);
}

/** Opens a blank tab in front of the chat tab, in its window (null: the chat is shown again). */
function coverChat(h: Harness, tabId: number, cover: number | null): Promise<number | null> {
  return h.evaluateInExtension(
    async ({ tabId, cover }) => {
      const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
      const api = (g.browser ?? g.chrome) as ExtensionApi;
      if (cover !== null) {
        await api.tabs.remove(cover);
        await api.tabs.update(tabId, { active: true });
        return null;
      }
      const { windowId } = await api.tabs.get(tabId);
      return (await api.tabs.create({ windowId, url: 'about:blank', active: true })).id;
    },
    { tabId, cover },
  );
}

async function poll<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Unzips into a fresh folder and runs `sha256sum -c` there; returns the files and the folder. */
function unpackAndVerify(zipPath: string) {
  const files = unzipSync(readFileSync(zipPath));
  const dir = mkdtempSync(join(tmpdir(), 'vigie-evidence-e2e-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
  expect(lines).toHaveLength(Object.keys(files).length - 1);
  return { files, dir, text: (name: string) => new TextDecoder().decode(files[name]) };
}

/** The message's text as the page shows it (its text, without the time stamp), spaces collapsed. */
function pageText(chat: UiPage): Promise<string> {
  return chat.evaluate((sel) => {
    const message = document.querySelector(`${sel} .message`)?.cloneNode(true) as HTMLElement;
    for (const el of message.querySelectorAll('.time, .clearfix')) el.remove();
    return (message.textContent ?? '').replace(/\s+/g, ' ').trim();
  }, MESSAGE);
}

/** Compares the crop with the same area of the screenshot, pixel by pixel, in an extension page. */
function cropMatchesScreenshot(
  h: Harness,
  screenshot: Uint8Array,
  crop: Uint8Array,
  at: { x: number; y: number },
): Promise<{ maxDiff: number; pixels: number }> {
  return h.evaluateInExtension(
    async ({ shot, cut, x, y }) => {
      const decode = async (b64: string) => {
        const bin = atob(b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      };
      const [a, b] = await Promise.all([decode(shot), decode(cut)]);
      const pixelsOf = (img: ImageBitmap, sx: number, sy: number) => {
        const canvas = new OffscreenCanvas(b.width, b.height);
        const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        ctx.drawImage(img, sx, sy, b.width, b.height, 0, 0, b.width, b.height);
        return ctx.getImageData(0, 0, b.width, b.height).data;
      };
      const pa = pixelsOf(a, x, y);
      const pb = pixelsOf(b, 0, 0);
      let maxDiff = 0;
      for (let i = 0; i < pa.length; i++) maxDiff = Math.max(maxDiff, Math.abs((pa[i] ?? 0) - (pb[i] ?? 0)));
      return { maxDiff, pixels: pb.length / 4 };
    },
    {
      shot: Buffer.from(screenshot).toString('base64'),
      cut: Buffer.from(crop).toString('base64'),
      x: at.x,
      y: at.y,
    },
  );
}

/**
 * Page text built to break out of evidence.html: markup, scripts, event handlers, a closing </pre>,
 * remote loads of every kind, a meta refresh, a right-to-left override, and line endings the HTML
 * parser rewrites. Each kind of section carries it, as the page could put it in any of them.
 */
const HOSTILE =
  '\nFresh coke </pre></bdi></td></table><script>window.pwned=1;fetch("https://evil.example/s")</script>' +
  '<img src="https://evil.example/i.png" onerror="window.pwned=2"><svg onload="window.pwned=3"></svg>' +
  '<iframe src="https://evil.example/f"></iframe><link rel=stylesheet href="https://evil.example/c.css">' +
  '<meta http-equiv="refresh" content="0;url=https://evil.example/r"><style>@import "https://evil.example/i.css";</style>' +
  '<!-- <a href="javascript:window.pwned=4">x</a> --> &amp; &lt;b&gt; \u202Eevil\u202C\r\nline 2\rline 3 \0 ☠️';
/** What a browser can show of it: no HTML carries a NUL (evidence.txt does). */
const HOSTILE_SHOWN = HOSTILE.replace(/\0/g, '\uFFFD');

function hostileDocument(): Parameters<typeof renderEvidenceHtml>[0] {
  return {
    lang: 'en',
    title: `Evidence ${HOSTILE}`,
    subtitle: HOSTILE,
    sections: [
      { kind: 'facts', heading: HOSTILE, rows: [[HOSTILE, HOSTILE]] },
      { kind: 'text', heading: HOSTILE, text: HOSTILE },
      { kind: 'list', heading: HOSTILE, items: [HOSTILE] },
      { kind: 'note', heading: HOSTILE, paragraphs: [HOSTILE] },
    ],
  };
}

function evidenceFlow(name: 'chromium' | 'firefox', env: { get(): Promise<Harness> }) {
  const setup = lazy(async () => {
    const h = await env.get();
    await setSettings(h, { language: 'en', country: 'FR', blur: true });
    const { page: chat, tabId } = await h.openChat();
    await poll(
      'the chat read and its listings flagged',
      () => summaryOf(h, tabId),
      (s) => s.state === 'active' && s.flagged.some((f) => f.key === KEY),
    );
    return { h, chat, tabId };
  });
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /**
   * Keep evidence, refused for `why`: the popup says so, and its text-only file verifies and holds
   * the message and the reason.
   */
  async function refusedThenTextOnly(h: Harness, tabId: number, why: string) {
    const popup = await h.openPopup(tabId);
    const button = `li[data-key="${KEY}"] button.keep-evidence`;
    await waitInPage(popup, (sel) => !!document.querySelector(sel), {
      arg: button,
      message: 'Keep evidence button',
    });
    await popup.click(button);
    const refused = `li[data-key="${KEY}"] .evidence-panel.refused`;
    await waitInPage(popup, (sel) => !!document.querySelector(sel), {
      arg: refused,
      timeoutMs: 20_000,
      message: 'the refusal',
    });
    const refusal = await popup.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', refused);
    expect(refusal).toContain(`The screen could not be captured: ${why}`);
    const { path } = await h.clickAndDownload(popup, `${refused} button.primary`);
    const { files, dir, text } = unpackAndVerify(path);
    dirs.push(dir);
    expect(Object.keys(files).sort()).toEqual(['SHA256SUMS', 'evidence.html', 'evidence.txt']);
    expect(text('evidence.txt')).toContain(`No image could be taken: ${why}`);
    expect(text('evidence.txt')).toContain('Fresh coke and weed in stock today');
    await popup.close();
  }

  it('without a toolbar click the capture is refused: the popup says so and saves the text-only file', async () => {
    const { h, tabId } = await setup.get();
    await refusedThenTextOnly(h, tabId, 'the browser did not allow it');
  });

  it('after a toolbar click: one zip whose files verify, the message cropped at ×2, the page text, no request, nothing stored', async () => {
    const { h, chat, tabId } = await setup.get();
    // Push the message out of view: a tall block above the chat, scrolled to the top.
    await chat.evaluate((sel) => {
      const message = document.querySelector(sel) as HTMLElement;
      const scroller = message.closest('.scrollable') as HTMLElement;
      const spacer = document.createElement('div');
      spacer.style.height = '1800px';
      // Into the list that holds the message (the scroller's first child may be another list).
      message.closest('.bubbles-inner')?.prepend(spacer);
      scroller.scrollTop = 0;
    }, MESSAGE);
    const offscreen = await chat.evaluate(
      (sel) => (document.querySelector(sel) as HTMLElement).getBoundingClientRect().top > innerHeight,
      MESSAGE,
    );
    expect(offscreen).toBe(true);

    await h.toolbarClick(chat);
    const popup = await h.openPopup(tabId);
    const button = `li[data-key="${KEY}"] button.keep-evidence`;
    await waitInPage(popup, (sel) => !!document.querySelector(sel), {
      arg: button,
      message: 'Keep evidence button',
    });
    const storageBefore = await storageSnapshot(h);
    const requestsBefore = h.requests().length;
    const fixtureBefore = h.fixtureRequests();

    const { path, ms } = await h.clickAndDownload(popup, button);
    const inPage = await popup.evaluate(
      () => performance.getEntriesByName('vigie-keep-evidence').map((e) => Math.round(e.duration)),
      null,
    );
    console.log(
      `[evidence] ${name}: click → file on disk ${ms} ms; click → file handed to the download ${inPage.join(', ')} ms (in the popup)`,
    );

    // Nothing left the device, nothing was kept.
    expect(h.requests().slice(requestsBefore)).toEqual([]);
    expect(h.fixtureRequests()).toBe(fixtureBefore);
    expect(await storageSnapshot(h)).toBe(storageBefore);

    const { files, dir, text } = unpackAndVerify(path);
    dirs.push(dir);
    // VIGIE_E2E_EVIDENCE_OUT=<dir> keeps a copy of what the browser saved, for a person to read.
    const keep = process.env.VIGIE_E2E_EVIDENCE_OUT;
    if (keep) cpSync(dir, join(keep, name), { recursive: true });
    expect(Object.keys(files).sort()).toEqual([
      'SHA256SUMS',
      'evidence.html',
      'evidence.txt',
      'message.png',
      'screenshot.png',
    ]);
    // The message was scrolled into view, wholly.
    const page = await chat.evaluate((sel) => {
      const r = (document.querySelector(sel) as HTMLElement).getBoundingClientRect();
      return {
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
        vw: innerWidth,
        vh: innerHeight,
        dpr: devicePixelRatio,
      };
    }, MESSAGE);
    expect(page.dpr).toBe(DPR);
    expect(page.y).toBeGreaterThanOrEqual(MARGIN);
    expect(page.y + page.height).toBeLessThanOrEqual(page.vh - MARGIN);
    // The screenshot is the viewport at the device pixel ratio; the crop is the box × 2 plus the margin.
    const shot = pngSize(files['screenshot.png'] as Uint8Array);
    expect(shot).toEqual({ width: page.vw * DPR, height: page.vh * DPR });
    const cut = pngSize(files['message.png'] as Uint8Array);
    expect(Math.abs(cut.width - (page.width + 2 * MARGIN) * DPR)).toBeLessThanOrEqual(2);
    expect(Math.abs(cut.height - (page.height + 2 * MARGIN) * DPR)).toBeLessThanOrEqual(2);
    // …and it is that area of the screenshot, pixel for pixel.
    const same = await cropMatchesScreenshot(
      h,
      files['screenshot.png'] as Uint8Array,
      files['message.png'] as Uint8Array,
      {
        x: Math.floor((page.x - MARGIN) * DPR),
        y: Math.floor((page.y - MARGIN) * DPR),
      },
    );
    expect(same.pixels).toBe(cut.width * cut.height);
    expect(same.maxDiff).toBeLessThanOrEqual(2);

    // The text is the page's, whole; the facts are there, blur included.
    const txt = text('evidence.txt');
    const shown = await pageText(chat);
    const block = /Message text, as Vigie read it\n-+\n([\s\S]*?)\n\n/.exec(txt)?.[1] ?? '';
    expect(block.replace(/^ {4}/gm, '').replace(/\s+/g, ' ').trim()).toBe(shown);
    for (const fact of [
      'Telegram Web (K)',
      'Market Deals 24/7',
      'https://web.telegram.org/k/',
      'Dealer Mike',
      'The blur option was on',
      'Ma Sécurité',
      'Do not contact or answer the seller',
      'screenshot.png',
      'message.png',
    ]) {
      expect(txt, fact).toContain(fact);
    }
    expect(txt).toMatch(
      /Timestamp \(ISO 8601, with UTC offset\): \u2068\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\u2069/,
    );

    // The popup says what to do now.
    const saved = await popup.evaluate(
      (key) => document.querySelector(`li[data-key="${key}"] .evidence-panel.saved`)?.textContent ?? '',
      KEY,
    );
    expect(saved).toMatch(/Evidence saved: vigie-evidence-.*\.zip/);
    expect(saved).toContain('Report it to: Ma Sécurité');
    expect(saved).toContain('Do not forward this content');
    await popup.close();

    // evidence.html from disk, offline: its own files only, no console error, text and images shown.
    const html = join(dir, 'evidence.html');
    const { page: view, consoleErrors, requests } = await h.openFile(html);
    const shownHtml = await view.evaluate(
      () => ({
        title: document.title,
        pre: document.querySelector('pre')?.textContent ?? '',
        images: [...document.images].map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth })),
        scripts: document.scripts.length,
      }),
      null,
    );
    expect(shownHtml.title).toBe('Vigie – evidence of a flagged message');
    expect(shownHtml.pre.replace(/\s+/g, ' ').trim()).toBe(shown);
    expect(shownHtml.scripts).toBe(0);
    expect(shownHtml.images).toEqual([
      { src: 'screenshot.png', w: shot.width },
      { src: 'message.png', w: cut.width },
    ]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    const dirUrl = pathToFileURL(dir).href;
    expect(requests.filter((u) => !u.startsWith(`${dirUrl}/`))).toEqual([]);
    await view.close();
  });

  it('the whole chat, from the "looks like a shop" banner: the tab capture and every flagged message, verified', async () => {
    const { h, chat, tabId } = await setup.get();
    const summary = await summaryOf(h, tabId);
    expect(summary.shop, 'the Web K market group reads as a shop').toBeTruthy();
    await h.toolbarClick(chat);
    const popup = await h.openPopup(tabId);
    const button = 'section.shop-banner button.keep-evidence';
    await waitInPage(popup, (sel) => !!document.querySelector(sel), {
      arg: button,
      message: 'the banner button',
    });
    const requestsBefore = h.requests().length;
    const storageBefore = await storageSnapshot(h);
    const { path } = await h.clickAndDownload(popup, button);
    expect(h.requests().slice(requestsBefore)).toEqual([]);
    expect(await storageSnapshot(h)).toBe(storageBefore);
    const saved = await popup.evaluate(
      (sel) => document.querySelector(sel)?.closest('.evidence')?.textContent ?? '',
      'section.shop-banner .evidence-panel.saved',
    );
    expect(saved).toMatch(/Evidence saved: vigie-evidence-.*\.zip/);
    await popup.close();
    const { files, dir, text } = unpackAndVerify(path);
    dirs.push(dir);
    expect(Object.keys(files).sort()).toEqual([
      'SHA256SUMS',
      'evidence.html',
      'evidence.txt',
      'screenshot.png',
    ]);
    const view = await chat.evaluate(() => ({ vw: innerWidth, vh: innerHeight }), null);
    expect(pngSize(files['screenshot.png'] as Uint8Array)).toEqual({
      width: view.vw * DPR,
      height: view.vh * DPR,
    });
    const txt = text('evidence.txt');
    expect(txt).toContain('Market Deals 24/7');
    expect(txt).toContain('The blur option was on');
    // Every flagged message the popup lists, with its text as read (the excerpt is its beginning).
    expect(summary.flagged.length).toBeGreaterThan(1);
    const flat = txt.replace(/^ {4}/gm, '').replace(/\s+/g, ' ');
    for (const item of summary.flagged) {
      const start = [...item.excerpt].slice(0, 30).join('').replace(/\s+/g, ' ').trim();
      expect(flat, item.key).toContain(start);
    }
  });

  it('the chat tab hidden behind another tab: no capture of the wrong tab, the text-only file offered', async () => {
    const { h, tabId } = await setup.get();
    // After the toolbar click of the test above: the grant is there, only the tab is not shown.
    const cover = await coverChat(h, tabId, null);
    try {
      await refusedThenTextOnly(h, tabId, 'the chat tab is not the one shown');
    } finally {
      await coverChat(h, tabId, cover);
    }
  });

  it('turned off in the settings: the popup shows why instead of the button', async () => {
    const { h, tabId } = await setup.get();
    await setSettings(h, { language: 'en', country: 'FR', blur: true, keepEvidence: false });
    try {
      const popup = await h.openPopup(tabId);
      await waitInPage(popup, (key) => !!document.querySelector(`li[data-key="${key}"] .evidence-off`), {
        arg: KEY,
        message: 'the note that Keep evidence is off',
      });
      const card = await popup.evaluate(
        (key) => ({
          note: document.querySelector(`li[data-key="${key}"] .evidence-off`)?.textContent ?? '',
          buttons: document.querySelectorAll('button.keep-evidence').length,
        }),
        KEY,
      );
      expect(card).toEqual({ note: '“Keep evidence” is turned off in Vigie’s settings.', buttons: 0 });
      await popup.close();
    } finally {
      await setSettings(h, { language: 'en', country: 'FR', blur: true });
    }
  });

  it('hostile page text in every part of evidence.html stays text in the real browser: no script, no load', async () => {
    const h = await env.get();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-evidence-hostile-'));
    dirs.push(dir);
    const file = join(dir, 'evidence.html');
    writeFileSync(file, renderEvidenceHtml(hostileDocument()));
    const { page, consoleErrors, requests } = await h.openFile(file);
    // Give a script, a handler or a refresh the time to run, had any been created.
    await new Promise((r) => setTimeout(r, 500));
    const seen = await page.evaluate(
      () => ({
        url: location.protocol,
        pwned: (window as unknown as { pwned?: number }).pwned ?? null,
        elements: [...new Set([...document.querySelectorAll('*')].map((e) => e.localName))].sort(),
        pre: document.querySelector('pre')?.textContent ?? null,
        cells: [...document.querySelectorAll('td, th, li, h2, .subtitle')].map((e) => e.textContent),
        title: document.title,
      }),
      null,
    );
    expect(seen.url).toBe('file:');
    expect(seen.pwned).toBeNull();
    // Only the renderer's own elements: nothing the text named was created.
    expect(seen.elements).toEqual(
      [
        'bdi',
        'body',
        'h1',
        'h2',
        'head',
        'html',
        'li',
        'meta',
        'p',
        'pre',
        'style',
        'table',
        'tbody',
        'td',
        'th',
        'title',
        'tr',
        'ul',
      ].sort(),
    );
    expect(seen.pre).toBe(HOSTILE_SHOWN);
    for (const text of seen.cells) expect(text).toBe(HOSTILE_SHOWN);
    expect(seen.title).toBe(`Evidence ${HOSTILE_SHOWN}`.replace(/\s+/g, ' ').trim());
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    expect(requests.filter((u) => u !== pathToFileURL(file).href)).toEqual([]);
    await page.close();
  });

  // The other clients' fixture pages, and how to find the message element there: by the page's
  // own id, or (Snapchat has none; Vigie keys it by hashes) the message item holding the text.
  for (const [client, find] of [
    [
      'telegram-a',
      (key: string) => ({ css: `#message-${key.slice(key.lastIndexOf(':') + 1)}[data-message-id]` }),
    ],
    ['whatsapp', (key: string) => ({ css: `[data-id="${key}"]` })],
    ['snapchat', () => ({ css: 'li li', holding: true })],
  ] as const) {
    it(`${client}: the zip verifies, the crop is the message's box, the text is the page's, no request`, async () => {
      const { h } = await setup.get();
      const { page: chat, tabId } = await h.openChat(FIXTURE_URLS[client]);
      try {
        const summary = await poll(
          `${client} read and a listing flagged`,
          () => summaryOf(h, tabId),
          (s) => s.state === 'active' && s.flagged.length > 0,
        );
        const first = summary.flagged[0] as TabSummary['flagged'][number];
        const key = first.key;
        await h.toolbarClick(chat);
        const popup = await h.openPopup(tabId);
        const button = `li[data-key=${JSON.stringify(key)}] button.keep-evidence`;
        await waitInPage(popup, (sel) => !!document.querySelector(sel), {
          arg: button,
          message: 'the button',
        });
        const requestsBefore = h.requests().length;
        const storageBefore = await storageSnapshot(h);
        const { path } = await h.clickAndDownload(popup, button).catch(async (error) => {
          // Say what the popup showed instead of a file.
          const shown = await popup.evaluate(
            (sel) => document.querySelector(sel)?.textContent,
            `li[data-key=${JSON.stringify(key)}]`,
          );
          throw new Error(`${error}; the card says: ${shown}`);
        });
        expect(h.requests().slice(requestsBefore)).toEqual([]);
        expect(await storageSnapshot(h)).toBe(storageBefore);
        await popup.close();
        const { files, dir, text } = unpackAndVerify(path);
        dirs.push(dir);
        expect(Object.keys(files).sort()).toEqual([
          'SHA256SUMS',
          'evidence.html',
          'evidence.txt',
          'message.png',
          'screenshot.png',
        ]);
        const el = await chat.evaluate(
          ({ css, holding }) => {
            const found = [...document.querySelectorAll(css)].filter(
              (e) => !holding || (e.textContent ?? '').replace(/\s+/g, ' ').includes(holding),
            );
            const e = found[0] as HTMLElement;
            const r = e.getBoundingClientRect();
            return {
              count: found.length,
              box: { x: r.x, y: r.y, width: r.width, height: r.height },
              vw: innerWidth,
              vh: innerHeight,
              // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is the point
              text: e.innerText.replace(/\s+/g, ' ').trim(),
            };
          },
          { css: find(key).css, holding: 'holding' in find(key) ? first.excerpt.slice(0, 40) : null },
        );
        expect(el.count).toBe(1);
        // The crop: the box with the margin, clamped to the visible page, at the device pixel ratio.
        const { x, y, width, height } = el.box;
        const left = Math.max(0, x - MARGIN);
        const top = Math.max(0, y - MARGIN);
        const right = Math.min(el.vw, x + width + MARGIN);
        const bottom = Math.min(el.vh, y + height + MARGIN);
        const cut = pngSize(files['message.png'] as Uint8Array);
        expect(Math.abs(cut.width - (right - left) * DPR), JSON.stringify({ cut, el })).toBeLessThanOrEqual(
          2,
        );
        expect(Math.abs(cut.height - (bottom - top) * DPR), JSON.stringify({ cut, el })).toBeLessThanOrEqual(
          2,
        );
        // The text as read is what the page shows in that element (which also holds the time, a name…).
        const block =
          /Message text, as Vigie read it\n-+\n([\s\S]*?)\n\n/.exec(text('evidence.txt'))?.[1] ?? '';
        const read = block.replace(/^ {4}/gm, '').replace(/\s+/g, ' ').trim();
        expect(read.length).toBeGreaterThan(10);
        expect(el.text).toContain(read);
      } finally {
        await chat.close();
      }
    });
  }
}

describe('Keep evidence in Chromium', () => {
  const downloads = mkdtempSync(join(tmpdir(), 'vigie-evidence-dl-'));
  const env = lazy(async () => {
    const server = await startFixtureServer();
    try {
      const extensionDir = await buildVariant(VARIANT, 'chrome', USER_BUILD);
      const chromium = await launchChromium({
        serverPort: server.port,
        extensionDir,
        deviceScaleFactor: DPR,
      });
      const seen: string[] = [];
      chromium.context.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith('chrome-extension://') && !url.startsWith('data:') && !url.startsWith('blob:'))
          seen.push(url);
      });
      return { server, chromium, extensionDir, seen };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(async () => {
    await env.dispose(async ({ server, chromium, extensionDir }) => {
      await chromium.close();
      await server.close();
      removeVariant(extensionDir);
    });
    rmSync(downloads, { recursive: true, force: true });
  });
  evidenceFlow('chromium', {
    async get() {
      const { server, chromium, seen } = await env.get();
      return {
        async openChat(url = FIXTURE_URLS['telegram-k']) {
          const page = await chromium.openPage(url);
          return { page: page as unknown as UiPage, tabId: await chromium.tabIdOf(page) };
        },
        toolbarClick: (chat) => triggerActionChromium(chromium, chat as unknown as PlaywrightPage),
        openPopup: async (tabId) => (await openPopupWindowChromium(chromium, tabId)) as unknown as UiPage,
        async clickAndDownload(page, selector) {
          const p = page as unknown as PlaywrightPage;
          const started = Date.now();
          const [download] = await Promise.all([
            p.waitForEvent('download', { timeout: 30_000 }),
            p.click(selector),
          ]);
          const tmp = await download.path();
          const ms = Date.now() - started;
          const path = join(downloads, download.suggestedFilename());
          writeFileSync(path, readFileSync(tmp));
          return { path, ms };
        },
        requests: () => [...seen],
        evaluateInExtension: chromium.evaluateInExtension,
        async openFile(path) {
          const page = await chromium.context.newPage();
          const consoleErrors: string[] = [];
          const requests: string[] = [];
          page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
          page.on('pageerror', (e) => consoleErrors.push(String(e)));
          page.on('request', (r) => requests.push(r.url()));
          await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
          return { page: page as unknown as UiPage, consoleErrors, requests };
        },
        fixtureRequests: () => server.requests.filter((r) => r.path !== '/favicon.ico').length,
      };
    },
  });
});

describe('Keep evidence in Firefox ESR', () => {
  const downloads = mkdtempSync(join(tmpdir(), 'vigie-evidence-dl-'));
  const env = lazy(async () => {
    const server = await startFixtureServer();
    const proxy = await startConnectProxy({ targetPort: server.port });
    try {
      const extensionDir = await buildVariant(VARIANT, 'firefox', USER_BUILD);
      const firefox = await launchFirefox({
        proxyPort: proxy.port,
        extensionDir,
        prefs: {
          'layout.css.devPixelsPerPx': String(DPR),
          ...downloadPrefs(downloads),
        },
      });
      return { server, proxy, firefox, extensionDir };
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
  evidenceFlow('firefox', {
    async get() {
      const { server, proxy, firefox } = await env.get();
      return {
        async openChat(url = FIXTURE_URLS['telegram-k']) {
          const page = await firefox.openPage(url);
          return { page: page as unknown as UiPage, tabId: await firefox.tabIdOf(page) };
        },
        toolbarClick: (chat) => triggerActionFirefox(firefox, chat as unknown as PuppeteerPage),
        openPopup: async (tabId) => (await openPopupWindowFirefox(firefox, tabId)) as unknown as UiPage,
        async clickAndDownload(page, selector) {
          const before = new Set(readdirSync(downloads));
          const started = Date.now();
          await (page as unknown as PuppeteerPage).click(selector);
          const until = started + 30_000;
          for (;;) {
            const name = readdirSync(downloads).find((n) => !before.has(n) && n.endsWith('.zip'));
            const path = name ? join(downloads, name) : '';
            // Firefox writes to a .part file and renames it when done: the .zip is complete.
            if (name && existsSync(path) && statSync(path).size > 0 && !existsSync(`${path}.part`)) {
              return { path, ms: Date.now() - started };
            }
            if (Date.now() > until) throw new Error(`No download in ${downloads}: ${readdirSync(downloads)}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        // Every Firefox request goes through the proxy: its log is the browser's network log.
        requests: () => proxy.log.map((e) => `${e.kind} ${e.host}:${e.port}`),
        evaluateInExtension: firefox.evaluateInExtension,
        async openFile(path) {
          const page = await firefox.browser.newPage();
          const consoleErrors: string[] = [];
          const requests: string[] = [];
          page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
          page.on('pageerror', (e) => consoleErrors.push(String(e)));
          page.on('request', (r) => void requests.push(r.url()));
          const before = proxy.log.length;
          await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
          // Nothing may reach the network from the file either (the proxy sees every request).
          expect(proxy.log.slice(before)).toEqual([]);
          return { page: page as unknown as UiPage, consoleErrors, requests };
        },
        fixtureRequests: () => server.requests.filter((r) => r.path !== '/favicon.ico').length,
      };
    },
  });
});
