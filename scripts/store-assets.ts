/**
 * `npm run store:assets`: the store images, made from the fixture chat pages with the built
 * extension in Debian's Chromium, so they show the product as it is (issue 18).
 *
 *   store/assets/<lang>/1-chat.png         1280×800  a listing marked in the chat, its panel open
 *   store/assets/<lang>/2-popup.png        1280×800  the chat with the popup: why, where to report
 *   store/assets/<lang>/3-check.png        1280×800  "Check an exported chat" with its results
 *   store/assets/<lang>/4-options.png      1280×800  the options: privacy, parent PIN, organisation
 *   store/assets/<lang>/tile-440x280.png   the Chrome Web Store small promo tile
 *   store/assets/<lang>/marquee-1400x560.png  the Chrome Web Store marquee / AMO header
 *
 * The chat pages are served at their real origins from test/fixtures/sites through the e2e
 * harness's host mapping; nothing reaches the network. Needs `npm run build && npm run
 * build:test-hooks` first (the test-hooks build puts an attribute on badges so the script can
 * click one; it looks exactly like the user build). Captions are in store/captions.json.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/chromium';
import { FIXTURE_URLS } from '../test/e2e/support/hosts';
import { fixtureFile, startFixtureServer } from '../test/e2e/support/server';

const ROOT = resolve(import.meta.dirname, '..');
const SIZE = { width: 1280, height: 800 };
type Lang = 'fr' | 'en';

interface Captions {
  chat: string;
  popup: string;
  check: string;
  options: string;
  tagline: string;
}
const CAPTIONS = JSON.parse(readFileSync(resolve(ROOT, 'store/captions.json'), 'utf8')) as Record<
  Lang,
  Captions
>;

/** Per language, a chat fixture in that language (the badges follow the page's language). */
const CHAT: Record<Lang, { site: 'telegram-k' | 'telegram-a'; file: string }> = {
  fr: { site: 'telegram-k', file: 'telegram-k-2026.html' },
  en: { site: 'telegram-a', file: 'telegram-a-2026.html' },
};
const EXPORT: Record<Lang, string> = {
  fr: 'test/fixtures/exports/whatsapp-android-fr.txt',
  // The English WhatsApp fixture has a single message; the Telegram export shows a real list.
  en: 'test/fixtures/exports/telegram-result.json',
};

const png = (buffer: Buffer) => `data:image/png;base64,${buffer.toString('base64')}`;
const escapeText = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** A caption band over a screenshot, composed as a page and photographed at the store's size. */
function stage(caption: string, shot: Buffer, overlay?: Buffer): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;width:1280px;height:800px;overflow:hidden;font:600 30px/1.25 system-ui,sans-serif;background:#12284f}
  .cap{height:96px;display:flex;align-items:center;padding:0 40px;color:#fff}
  .shot{position:absolute;left:40px;top:96px;width:1200px;height:750px;border-radius:10px 10px 0 0;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.4)}
  .shot img{width:1200px;display:block}
  .pop{position:absolute;right:70px;top:120px;width:380px;border-radius:10px;box-shadow:0 10px 40px rgba(0,0,0,.5);overflow:hidden;background:#fff}
  .pop img{width:380px;display:block}
  </style></head><body><div class="cap">${escapeText(caption)}</div>
  <div class="shot"><img src="${png(shot)}"></div>${overlay ? `<div class="pop"><img src="${png(overlay)}"></div>` : ''}</body></html>`;
}

function banner(width: number, height: number, name: string, tagline: string, icon: Buffer): string {
  const big = height > 300;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;width:${width}px;height:${height}px;overflow:hidden;background:linear-gradient(135deg,#12284f,#1f4c8f);color:#fff;font-family:system-ui,sans-serif}
  .row{display:flex;align-items:center;gap:${big ? 48 : 20}px;height:100%;padding:0 ${big ? 90 : 28}px;box-sizing:border-box}
  img{width:${big ? 220 : 96}px;height:${big ? 220 : 96}px}
  h1{margin:0 0 ${big ? 16 : 6}px;font-size:${big ? 72 : 34}px}
  p{margin:0;font-size:${big ? 32 : 17}px;line-height:1.3;color:#ffe08a}
  </style></head><body><div class="row"><img src="${png(icon)}"><div><h1>${escapeText(name)}</h1><p>${escapeText(tagline)}</p></div></div></body></html>`;
}

async function shootHtml(page: Page, html: string, size: { width: number; height: number }, path: string) {
  await page.setViewportSize(size);
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path, clip: { x: 0, y: 0, ...size } });
  console.log(`store:assets: ${path.replace(`${ROOT}/`, '')}`);
}

async function main(): Promise<void> {
  const server = await startFixtureServer();
  for (const { site, file } of Object.values(CHAT)) {
    server.route(FIXTURE_URLS[site], fixtureFile(file), { prefix: true });
  }
  const chromium = await launchChromium({
    serverPort: server.port,
    extensionDir: resolve(ROOT, 'dist-test/hooks/chrome'),
  });
  const icon = readFileSync(resolve(ROOT, 'public/icons/icon-128.png'));
  try {
    const composer = await chromium.context.newPage();
    for (const lang of ['fr', 'en'] as const) {
      const out = resolve(ROOT, 'store/assets', lang);
      mkdirSync(out, { recursive: true });
      const c = CAPTIONS[lang];
      await chromium.evaluateInExtension(
        (l: string) =>
          (
            globalThis as unknown as { chrome: { storage: { sync: { set(i: object): Promise<void> } } } }
          ).chrome.storage.sync.set({ 'settings@1': { language: l, country: l === 'fr' ? 'FR' : 'GB' } }),
        lang,
      );

      // 1. The chat with a listing marked and its panel open.
      const chat = await chromium.openPage(FIXTURE_URLS[CHAT[lang].site]);
      await chat.setViewportSize(SIZE);
      await chat.waitForSelector('[data-vigie-badge]', { timeout: 20_000 });
      // The fixture's own test buttons are not part of the chat client: keep them out of the picture.
      await chat.addStyleTag({ content: '#fixture-controls{display:none!important}' });
      const badge = chat.locator('[data-vigie-badge]').first();
      await badge.scrollIntoViewIfNeeded();
      // The badge host delegates focus to its button (closed shadow root): Enter opens the panel,
      // as it does for a keyboard user.
      await badge.focus();
      await chat.keyboard.press('Enter');
      await chat.waitForTimeout(400);
      const chatShot = await chat.screenshot();
      await shootHtml(composer, stage(c.chat, chatShot), SIZE, resolve(out, '1-chat.png'));

      // 2. The same chat with the popup describing it.
      const popup = await chromium.openPopup({ forPage: chat });
      await popup.waitForSelector('.cards > .card', { timeout: 20_000 });
      await popup.waitForTimeout(500);
      const popupShot = await popup.screenshot({ fullPage: false });
      await shootHtml(composer, stage(c.popup, chatShot, popupShot), SIZE, resolve(out, '2-popup.png'));
      await popup.close();
      await chat.close();

      // 3. Checking an exported chat.
      const check = await chromium.context.newPage();
      await check.setViewportSize(SIZE);
      await check.goto(chromium.extensionUrl('src/check/index.html'));
      await check.setInputFiles('#export-file', resolve(ROOT, EXPORT[lang]));
      await check.waitForSelector('#h-results', { timeout: 30_000 });
      await check.locator('#h-results').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await check.waitForTimeout(400);
      await shootHtml(composer, stage(c.check, await check.screenshot()), SIZE, resolve(out, '3-check.png'));
      await check.close();

      // 4. The options page.
      const options = await chromium.openOptions();
      await options.setViewportSize(SIZE);
      await options.waitForTimeout(500);
      await shootHtml(
        composer,
        stage(c.options, await options.screenshot()),
        SIZE,
        resolve(out, '4-options.png'),
      );
      await options.close();

      // Tiles.
      await shootHtml(
        composer,
        banner(440, 280, 'Vigie', c.tagline, icon),
        { width: 440, height: 280 },
        resolve(out, 'tile-440x280.png'),
      );
      await shootHtml(
        composer,
        banner(1400, 560, 'Vigie', c.tagline, icon),
        { width: 1400, height: 560 },
        resolve(out, 'marquee-1400x560.png'),
      );
    }
  } finally {
    await chromium.close();
    await server.close();
  }
}

await main();
