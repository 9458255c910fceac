/**
 * `npm run sites:check` on pages saved from real Chromium and Firefox ESR (issue 13, points 4
 * and 5): each fixture is
 * opened at its real origin with the built extension running (its badges are in the page, as on
 * a user's machine), saved as a DOM snapshot (MHTML, DevTools Page.captureSnapshot: what "Save
 * page as… single file" writes) and as the serialised DOM (page.content(), like "Save page as…
 * HTML only"), and checked offline. Each save reads exactly what the fixture file reads, and the
 * snapshot names its client from the address it records. Firefox has no MHTML: its save is the
 * serialised DOM ("Save Page As… → Web Page, complete"), which records no address, so the client
 * comes from the markup. (test/fixtures/sites/saved/ keeps such saves, checked by
 * test/unit/scripts/sites-check-saved.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, readSavedPage } from '../../scripts/lib/sites-check';
import type { ClientId } from '../../src/shared/messages';
import { fixtureFileHtml } from '../unit/content/helpers';
import { firefoxEnv, fixtureFile, launchChromium, lazy, startFixtureServer } from './support';

const PAGES: { file: string; url: string; client: ClientId }[] = [
  { file: 'telegram-k-2026.html', url: 'https://web.telegram.org/k/#-1987654321', client: 'telegram-k' },
  { file: 'telegram-k.html', url: 'https://web.telegram.org/k/#-1987654321', client: 'telegram-k' },
  { file: 'telegram-a-2026.html', url: 'https://web.telegram.org/a/#-1001987654321', client: 'telegram-a' },
  { file: 'whatsapp-2026.html', url: 'https://web.whatsapp.com/', client: 'whatsapp' },
  { file: 'whatsapp.html', url: 'https://web.whatsapp.com/', client: 'whatsapp' },
  {
    file: 'snapchat-2025-12.html',
    url: 'https://www.snapchat.com/web/7c1d2e3f-4a5b-5c6d-9e0f-1a2b3c4d5e6f',
    client: 'snapchat',
  },
];

describe('Chromium: sites:check on pages saved from the browser', () => {
  const env = lazy(async () => {
    const server = await startFixtureServer();
    try {
      const chromium = await launchChromium({ serverPort: server.port });
      return { server, chromium };
    } catch (error) {
      await server.close();
      throw error;
    }
  });
  afterAll(() =>
    env.dispose(async ({ server, chromium }) => {
      await chromium.close();
      await server.close();
    }),
  );

  it.each(PAGES)(
    '$file: the MHTML snapshot and the saved DOM read as the file does',
    async ({ file, url, client }) => {
      const { server, chromium } = await env.get();
      const { origin, pathname } = new URL(url);
      server.route(`${origin}${pathname}`, fixtureFile(file));
      const page = await chromium.openPage(url);
      try {
        // Vigie reads the page first (badges in the DOM, as on a user's machine).
        await page.waitForSelector('[data-vigie-badge]', { timeout: 20_000 });
        const cdp = await chromium.context.newCDPSession(page);
        const { data } = (await cdp.send('Page.captureSnapshot', { format: 'mhtml' })) as { data: string };
        const html = await page.content();

        const expected = await checkPage({ html: fixtureFileHtml(file), url, format: 'html' });
        const snapshot = await checkPage(readSavedPage(Buffer.from(data, 'latin1')));
        expect(snapshot).toMatchObject({ client, clientFrom: 'address', url });
        expect(snapshot.read.map((m) => [m.key, m.text])).toEqual(expected.read.map((m) => [m.key, m.text]));
        expect(snapshot.refused).toEqual([]);

        const dom = await checkPage(readSavedPage(Buffer.from(html)), { client });
        expect(dom.read.map((m) => m.text)).toEqual(expected.read.map((m) => m.text));
      } finally {
        await page.close();
      }
    },
  );
});

describe('Firefox ESR: sites:check on pages saved from the browser', () => {
  const env = firefoxEnv();

  it.each(PAGES)('$file: the saved DOM reads as the file does', async ({ file, url, client }) => {
    const { server, firefox } = await env.get();
    const { origin, pathname } = new URL(url);
    server.route(`${origin}${pathname}`, fixtureFile(file));
    const page = await firefox.openPage(url);
    try {
      await page.waitForSelector('[data-vigie-badge]', { timeout: 20_000 });
      const html = await page.content();
      const expected = await checkPage({ html: fixtureFileHtml(file), url, format: 'html' });
      const dom = await checkPage(readSavedPage(Buffer.from(html)));
      // No address recorded: the client is recognised from the markup.
      expect(dom).toMatchObject({ client, clientFrom: 'markup', url: null });
      expect(dom.read.map((m) => m.text)).toEqual(expected.read.map((m) => m.text));
      expect(dom.read.length).toBeGreaterThan(0);
      expect(dom.refused).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
