/**
 * Saves fixture pages the way a user saves a chat page, from the real browsers, into
 * test/fixtures/sites/saved/ (issue 13, point 4: `sites:check` must work on "a page saved by hand
 * from a fixture"). Each fixture is opened at its real origin with the package users install
 * (dist/<browser>: no test hooks, so the saved DOM holds only what a user's would — Vigie's badge
 * hosts included), Vigie is left to read it, and the page is saved:
 *   - Chromium: Page.captureSnapshot as MHTML, the serialiser behind Chrome's "Save page as… →
 *     Webpage, Single File" (it records the address in Snapshot-Content-Location);
 *   - Firefox ESR: the serialised DOM, what "Save Page As… → Web Page, complete" writes for the
 *     page itself (no address recorded).
 * test/unit/scripts/sites-check-saved.test.ts checks the committed files. Run after a fixture
 * changes (build first: `npm run build`):
 *
 *   npx tsx test/e2e/support/save-fixture-pages.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { productionExtensionDir, REPO_ROOT } from './extension';
import { launchFirefox } from './firefox';
import { startConnectProxy } from './proxy';
import { type FixtureServer, fixtureFile, startFixtureServer } from './server';

export const SAVED_PAGES: { file: string; url: string; browsers: ('chromium' | 'firefox')[] }[] = [
  {
    file: 'telegram-k-2026.html',
    url: 'https://web.telegram.org/k/#-1987654321',
    browsers: ['chromium', 'firefox'],
  },
  { file: 'telegram-a-2026.html', url: 'https://web.telegram.org/a/#-1001987654321', browsers: ['chromium'] },
  { file: 'whatsapp-2026.html', url: 'https://web.whatsapp.com/', browsers: ['chromium'] },
  {
    file: 'snapchat-2025-12.html',
    url: 'https://www.snapchat.com/web/7c1d2e3f-4a5b-5c6d-9e0f-1a2b3c4d5e6f',
    browsers: ['chromium'],
  },
];

const OUT = resolve(REPO_ROOT, 'test/fixtures/sites/saved');

type Summary = { scanned: number; flagged: unknown[] } | undefined;
type Api = { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } };

/** Asks the tab's content script (as the popup does) until its count of messages read is still. */
async function waitForReading(
  ask: (tabId: number) => Promise<Summary>,
  tabId: number,
  what: string,
): Promise<number> {
  const end = Date.now() + 30_000;
  let last = -1;
  let still = 0;
  while (Date.now() < end) {
    const scanned = await ask(tabId)
      .then((s) => s?.scanned ?? 0)
      .catch(() => 0);
    still = scanned > 0 && scanned === last ? still + 1 : 0;
    if (still >= 3) return scanned;
    last = scanned;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: Vigie read nothing in 30 s`);
}

const askSummary = (arg: { tabId: number }) => {
  const g = globalThis as unknown as { browser?: Api; chrome: Api };
  return (g.browser ?? g.chrome).tabs.sendMessage(arg.tabId, { type: 'popup-cs/get-summary' });
};

function route(server: FixtureServer, file: string, url: string): void {
  const { origin, pathname } = new URL(url);
  server.route(`${origin}${pathname}`, fixtureFile(file));
}

async function saveFromChromium(server: FixtureServer): Promise<void> {
  const chromium = await launchChromium({
    serverPort: server.port,
    extensionDir: productionExtensionDir('chrome'),
  });
  try {
    for (const { file, url } of SAVED_PAGES.filter((p) => p.browsers.includes('chromium'))) {
      route(server, file, url);
      const page = await chromium.openPage(url);
      const tabId = await chromium.tabIdOf(page);
      const read = await waitForReading(
        (id) => chromium.evaluateInExtension(askSummary, { tabId: id }) as Promise<Summary>,
        tabId,
        file,
      );
      const cdp = await chromium.context.newCDPSession(page);
      const { data } = (await cdp.send('Page.captureSnapshot', { format: 'mhtml' })) as { data: string };
      const out = resolve(OUT, file.replace(/\.html$/, '.chromium.mhtml'));
      writeFileSync(out, Buffer.from(data, 'latin1'));
      process.stdout.write(`${out}: ${read} messages read by Vigie before saving\n`);
      await page.close();
    }
  } finally {
    await chromium.close();
  }
}

async function saveFromFirefox(server: FixtureServer): Promise<void> {
  const proxy = await startConnectProxy({ targetPort: server.port });
  try {
    const firefox = await launchFirefox({
      proxyPort: proxy.port,
      extensionDir: productionExtensionDir('firefox'),
    });
    try {
      for (const { file, url } of SAVED_PAGES.filter((p) => p.browsers.includes('firefox'))) {
        route(server, file, url);
        const page = await firefox.openPage(url);
        const tabId = await firefox.tabIdOf(page);
        const read = await waitForReading(
          (id) => firefox.evaluateInExtension(askSummary, { tabId: id }) as Promise<Summary>,
          tabId,
          file,
        );
        const out = resolve(OUT, file.replace(/\.html$/, '.firefox.html'));
        writeFileSync(out, await page.content());
        process.stdout.write(`${out}: ${read} messages read by Vigie before saving\n`);
        await page.close();
      }
    } finally {
      await firefox.close();
    }
  } finally {
    await proxy.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startFixtureServer();
  try {
    await saveFromChromium(server);
    await saveFromFirefox(server);
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
