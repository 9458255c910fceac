// @vitest-environment happy-dom
/**
 * `npm run sites:check` (scripts/sites-check.ts): on every fixture it reads what the content
 * script's scanner reads, names the client from the saved address or the markup, reads MHTML
 * snapshots, warns about decoy roots, repeated keys and text outside messages, says what the
 * fallback would mark, redacts on request — and never makes a network request, even for a page
 * full of remote resources (checked against a real local server, with the real CLI).
 */
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckReport,
  checkPage,
  decodeQuotedPrintable,
  formatReport,
  offlineDocument,
  readSavedPage,
} from '../../../scripts/lib/sites-check';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import type { ClientId } from '../../../src/shared/messages';
import { FIXTURES, fixtureFileHtml, loadFixtureFile, setup } from '../content/helpers';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

const FIXTURE_CLIENTS: Record<string, ClientId> = {
  'telegram-k': 'telegram-k',
  'telegram-a': 'telegram-a',
  whatsapp: 'whatsapp',
  snapchat: 'snapchat',
};
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.html'));
const clientOf = (file: string): ClientId => {
  const id = Object.keys(FIXTURE_CLIENTS).find((c) => file.startsWith(c));
  if (!id) throw new Error(`no client for ${file}`);
  return FIXTURE_CLIENTS[id] as ClientId;
};
const page = (html: string, url: string | null = null) => ({ html, url, format: 'html' as const });
const K_DECOY_ONLY = {
  ...BUILTIN_SITES['telegram-k'],
  root: ['.chat.active .bubbles-inner', '.bubbles-inner'],
};

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

describe('sites:check on every fixture', () => {
  it('there are fixtures of every client, older and real-structure variants', () => {
    expect(new Set(fixtures.map(clientOf))).toEqual(
      new Set(['telegram-k', 'telegram-a', 'whatsapp', 'snapchat']),
    );
  });

  it.each(fixtures)(
    '%s: detects the client from the markup and reads what the scanner reads',
    async (file) => {
      const client = clientOf(file);
      const report = await checkPage(page(fixtureFileHtml(file)));
      expect(report.client).toBe(client);
      expect(report.clientFrom).toBe('markup');
      expect(report.read.length).toBeGreaterThan(0);
      expect(report.refused).toEqual([]);
      // The content script's scanner on the same page (with the address's hash, as in the tests).
      loadFixtureFile(file);
      const s = setup(client);
      cleanups.push(s.controller);
      s.scanner.flush();
      expect(s.scanner.summary().state).toBe('active');
      expect(report.read.length).toBe(s.scanner.summary().scanned);
      // Every read message has a key, and keys do not repeat on the fixtures.
      expect(new Set(report.read.map((m) => m.key)).size).toBe(report.read.length);
      expect(report.warnings.some((w) => w.startsWith('Key repeated'))).toBe(false);
    },
  );
});

describe('sites:check on the real-structure Web K page', () => {
  it('names the candidate used for each key, what was read and what skipped', async () => {
    const report = await checkPage(page(fixtureFileHtml('telegram-k-2026.html')));
    const key = (k: string) => report.keys.find((r) => r.key === k);
    expect(key('root')?.chosen).toBe(BUILTIN_SITES['telegram-k'].root[0]);
    expect(key('message')?.chosen).toBe("[role='article'][data-mid]");
    expect(key('chatTitle')?.chosen).toBe('.chat.active .topbar .peer-title[data-peer-id]');
    expect(report.chat).toMatchObject({ id: '-1987654321', title: 'Market Deals 24/7' });
    const read = Object.fromEntries(report.read.map((m) => [m.key.split(':')[1], m]));
    expect(read['2002']).toMatchObject({ sender: 'Dealer Mike', forwarded: false });
    expect(read['2018']).toMatchObject({ sender: 'Wholesale Channel', forwarded: true });
    expect(report.skipped).toContainEqual({ id: '2001', why: 'service message or date' });
    expect(report.fallback).toBeNull();
    const out = formatReport(report);
    expect(out).toContain("✓ [role='article'][data-mid]");
    expect(out).toContain('-1987654321:2002  Dealer Mike  "Fresh coke and weed in stock today');
  });

  it('with roots that find only the decoy: warns, and shows what the fallback would mark', async () => {
    const report = await checkPage(page(fixtureFileHtml('telegram-k-2026.html')), {
      sitesFile: { site: K_DECOY_ONLY, path: 'k-decoy.json' },
    });
    expect(report.read).toEqual([]);
    expect(report.warnings).toContain(
      'Root candidate .chat.active .bubbles-inner resolves to an element with no message (a decoy, or a stale selector).',
    );
    expect(report.warnings.some((w) => w.startsWith('No message read.'))).toBe(true);
    expect(report.fallback?.scope).toMatch(/^div\.bubbles/);
    expect(report.fallback?.blocks.some((b) => b.includes('Glock 19'))).toBe(true);
    const message = report.keys.find((k) => k.key === 'message');
    expect(message?.candidates[0]).toMatchObject({ matches: 0, note: '18 in the whole page' });
  });

  it('warns about keys that repeat and text that no message holds', async () => {
    const html = fixtureFileHtml('telegram-k-2026.html').replace('data-mid="2025"', 'data-mid="2024"');
    const report = await checkPage(page(html));
    expect(report.warnings).toContain(
      'Key repeated by 2 messages: -1987654321:2024 (they would share one verdict).',
    );
    expect(
      report.warnings.some((w) => /text-bearing block\(s\) inside the root but outside any message/.test(w)),
    ).toBe(true);
  });

  it('--redact prints lengths, never the page text or names', async () => {
    const report = await checkPage(page(fixtureFileHtml('telegram-k-2026.html')));
    const out = formatReport(report, { redact: true });
    expect(out).not.toMatch(/coke|Dealer Mike|Market Deals|Glock|27 novembre/i);
    expect(out).toMatch(/-1987654321:2002 {2}\[name\] {2}\[\d+ characters\]/);
  });
});

describe('saved pages', () => {
  it("takes the client from Chrome's saved-from address", () => {
    const html = `<!DOCTYPE html>\n<!-- saved from url=(0041)https://web.telegram.org/a/#-1001987654321 -->\n${fixtureFileHtml('telegram-a-2026.html')}`;
    const saved = readSavedPage(Buffer.from(html));
    expect(saved).toMatchObject({ url: 'https://web.telegram.org/a/#-1001987654321', format: 'html' });
    return checkPage(saved).then((report) => {
      expect(report).toMatchObject({ client: 'telegram-a', clientFrom: 'address' });
      // The address gives Web A its chat id, hence the keys.
      expect(report.read.every((m) => m.key.startsWith('-1001987654321:'))).toBe(true);
    });
  });

  it('reads an MHTML snapshot (quoted-printable HTML part, address in the header)', async () => {
    const html = fixtureFileHtml('whatsapp-2026.html');
    const qp = quotedPrintable(Buffer.from(html, 'utf8'));
    const mhtml = [
      'From: <Saved by Blink>',
      'Snapshot-Content-Location: https://web.whatsapp.com/',
      'Subject: WhatsApp',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related;',
      '\ttype="text/html";',
      '\tboundary="----MultipartBoundary--abc----"',
      '',
      '',
      '------MultipartBoundary--abc----',
      'Content-Type: text/html',
      'Content-ID: <frame-1@mhtml.blink>',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Location: https://web.whatsapp.com/',
      '',
      qp,
      '------MultipartBoundary--abc------',
      '',
    ].join('\r\n');
    const saved = readSavedPage(Buffer.from(mhtml, 'latin1'));
    expect(saved.format).toBe('mhtml');
    expect(saved.url).toBe('https://web.whatsapp.com/');
    expect(saved.html).toBe(html.replace(/\n/g, '\r\n'));
    const report = await checkPage(saved);
    expect(report).toMatchObject({ client: 'whatsapp', clientFrom: 'address' });
    // Read as the browser parses it (CR LF is LF): the same messages, the same texts.
    expect(report.read.map((m) => m.text)).toEqual((await checkPage(page(html))).read.map((m) => m.text));
  });

  /** As Chrome writes it: bytes ≥ 0x80 and '=' escaped, soft breaks keep lines ≤ 76 without splitting an escape. */
  function quotedPrintable(bytes: Buffer): string {
    let out = '';
    let line = 0;
    for (const b of bytes) {
      const piece =
        b === 0x0a
          ? '\n'
          : b >= 0x80 || b === 0x3d
            ? `=${b.toString(16).toUpperCase().padStart(2, '0')}`
            : String.fromCharCode(b);
      if (piece === '\n') {
        // A hard line break is CR LF in MHTML, as Chrome writes it.
        out += '\r\n';
        line = 0;
        continue;
      }
      if (line + piece.length > 75) {
        out += '=\r\n';
        line = 0;
      }
      out += piece;
      line += piece.length;
    }
    return out;
  }

  it('decodes quoted-printable soft breaks and escapes', () => {
    expect(decodeQuotedPrintable('caf=C3=A9 =\r\nau lait=3D').toString('utf8')).toBe('café au lait=');
  });

  it('a page no client reads is a clear error, not an empty report', async () => {
    await expect(checkPage(page('<html><body><p>hello</p></body></html>'))).rejects.toThrow(/--client/);
    const forced: CheckReport = await checkPage(page('<html><body><p>hello</p></body></html>'), {
      client: 'whatsapp',
    });
    expect(forced.read).toEqual([]);
    expect(forced.fallback?.blocks).toEqual([]);
  });
});

describe('sites:check never goes on the network', () => {
  let server: Server;
  let hits: string[];
  let port: number;
  beforeAll(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('/* */');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('the CLI reads a page full of remote resources and fetches none of them', {
    timeout: 60_000,
  }, async () => {
    const remote = `http://127.0.0.1:${port}`;
    const resources = `
      <link rel="stylesheet" href="${remote}/style.css"><link rel="preload" as="script" href="${remote}/preload.js">
      <link rel="icon" href="${remote}/favicon.ico"><script src="${remote}/app.js"></script>
      <script type="module">import '${remote}/module.js'; fetch('${remote}/fetch');</script>
      <style>@import url('${remote}/import.css'); body{background:url('${remote}/bg.png')}</style>
      <meta http-equiv="refresh" content="0; url=${remote}/refresh">`;
    const body = `<img src="${remote}/img.png" srcset="${remote}/img2.png 2x"><iframe src="${remote}/frame.html"></iframe>
      <video poster="${remote}/poster.png" src="${remote}/video.mp4"></video><object data="${remote}/object"></object>
      <embed src="${remote}/embed"><audio src="${remote}/audio.mp3"></audio><link rel="prefetch" href="${remote}/prefetch">`;
    const html = fixtureFileHtml('telegram-k-2026.html')
      .replace('<head>', `<head>${resources}`)
      .replace('<body', `${body}<body`)
      .replace(/^/, `<!-- saved from url=(0033)https://web.telegram.org/k/#-1987654321 -->\n`);
    const file = join(tmpdir(), `sites-check-${process.pid}.html`);
    writeFileSync(file, html);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'scripts/sites-check.ts'), file, '--json'],
      { cwd: ROOT, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ client: 'telegram-k', clientFrom: 'address' });
    expect(report.read.length).toBe(15);
    // Give any stray request time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toEqual([]);
  });

  it('anything in the parsed page that does try a request is answered locally, and refused', async () => {
    const offline = offlineDocument('<html><body><p>x</p></body></html>');
    const win = offline.doc.defaultView as unknown as {
      fetch(url: string): Promise<{ status: number }>;
      XMLHttpRequest: new () => {
        open(m: string, u: string, a: boolean): void;
        send(): void;
        status: number;
      };
    };
    const answer = await win.fetch(`http://127.0.0.1:${port}/from-the-page`);
    expect(answer.status).toBe(403);
    const xhr = new win.XMLHttpRequest();
    xhr.open('GET', `http://127.0.0.1:${port}/sync-from-the-page`, false);
    xhr.send();
    expect(xhr.status).toBe(403);
    await offline.close();
    expect(offline.refused).toEqual([
      `http://127.0.0.1:${port}/from-the-page`,
      `http://127.0.0.1:${port}/sync-from-the-page`,
    ]);
    expect(hits).toEqual([]);
  });

  it('the server does answer a real request (the check above could fail)', async () => {
    const { get } = await import('node:http');
    await new Promise<void>((done, failed) =>
      get(`http://127.0.0.1:${port}/probe`, (res) => res.resume().on('end', done)).on('error', failed),
    );
    expect(hits).toEqual(['GET /probe']);
    hits.length = 0;
  });
});

describe('the CLI', () => {
  it('prints the report, and a usage line for bad arguments', { timeout: 60_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'scripts/sites-check.ts'), resolve(FIXTURES, 'telegram-k.html')],
      { cwd: ROOT, timeout: 60_000 },
    );
    expect(stdout).toMatch(
      /^sites:check .*telegram-k\.html \(html, read offline\)\nClient: telegram-k \(detected from the markup/,
    );
    expect(stdout).toContain('Network: nothing was fetched or sent');
    await expect(
      run(
        process.execPath,
        ['--import', 'tsx', resolve(ROOT, 'scripts/sites-check.ts'), '--client', 'icq', 'x.html'],
        {
          cwd: ROOT,
        },
      ),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown client "icq"') });
  });
});
