/**
 * `npm run sites:check` — what Vigie would read on a chat page saved from a real session, with the
 * real adapters and selectors, offline. The page is parsed by happy-dom with scripts, style
 * sheets, images and frames off and every request answered locally with a refusal, so nothing
 * is fetched or sent; the refusals are listed. Root, messages and fallback are resolved by the
 * content script's own code (src/content/reading.ts), so the output is what the scanner does.
 *
 * Accepted input: a page saved with "Save page as…" (HTML; Chrome writes the address in a
 * `<!-- saved from url=… -->` comment), or a DOM snapshot in MHTML ("Save page as… single file",
 * DevTools Page.captureSnapshot), whose `Snapshot-Content-Location` gives the address.
 */
import type { ISyncResponse, Response } from 'happy-dom';
import { Window } from 'happy-dom';
import { findTextBlocks } from '../../src/content/fallback';
import { fallbackScopes, pickRoot } from '../../src/content/reading';
import { type CompiledSelectors, compileSelectors, guardSelectors } from '../../src/content/selectors';
import { ADAPTERS, detectClient } from '../../src/content/sites';
import type { ChatInfo, PageLocation } from '../../src/content/sites/adapter';
import { BUILTIN_SITES } from '../../src/content/sites/builtin';
import { extractText } from '../../src/content/text';
import type { SiteSelectors } from '../../src/engine/ruleset/sites';
import { validateSites } from '../../src/engine/ruleset/sites';
import { CLIENT_IDS, type ClientId } from '../../src/shared/messages';

// ------------------------------------------------------------------ input

export interface SavedPage {
  html: string;
  /** The page's address when the file records it. */
  url: string | null;
  format: 'html' | 'mhtml';
}

/** Reads a saved page: plain HTML, or the HTML part of an MHTML snapshot. */
export function readSavedPage(bytes: Buffer): SavedPage {
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (
    /^(?:From|Snapshot-Content-Location|Subject|Date|MIME-Version):/im.test(head) &&
    /multipart\/related/i.test(head)
  )
    return readMhtml(bytes.toString('latin1'));
  const html = bytes.toString('utf8');
  // Chrome's "Save page as" comment: <!-- saved from url=(0042)https://web.telegram.org/k/#... -->
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1] ?? null;
  return { html, url: saved, format: 'html' };
}

function readMhtml(text: string): SavedPage {
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = text.slice(0, headerEnd);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  const location = /^Snapshot-Content-Location:\s*(\S+)/im.exec(headers)?.[1] ?? null;
  if (!boundary) throw new Error('MHTML without a multipart boundary');
  for (const part of text.split(`--${boundary}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const partHeaders = part.slice(0, split);
    if (!/^Content-Type:\s*text\/html/im.test(partHeaders)) continue;
    // The line break before the next boundary belongs to the boundary (RFC 2046).
    const body = part
      .slice(split)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n$/, '');
    const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(partHeaders)?.[1]?.toLowerCase();
    const raw =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : Buffer.from(body, 'latin1');
    const url = location ?? /^Content-Location:\s*(\S+)/im.exec(partHeaders)?.[1] ?? null;
    return { html: raw.toString('utf8'), url, format: 'mhtml' };
  }
  throw new Error('MHTML without an HTML part');
}

/** Quoted-printable (RFC 2045) to bytes, in one pass. */
export function decodeQuotedPrintable(body: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c !== 0x3d) {
      out.push(c & 0xff);
      continue;
    }
    const next = body.slice(i + 1, i + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(next)) {
      out.push(Number.parseInt(next, 16));
      i += 2;
    } else if (next.startsWith('\r\n')) i += 2;
    else if (next.startsWith('\n')) i += 1;
    else out.push(c);
  }
  return Buffer.from(out);
}

// ------------------------------------------------------------------ the offline document

export interface OfflineDocument {
  doc: Document;
  /** Requests happy-dom tried to make, all refused locally (none left the machine). */
  refused: string[];
  close(): Promise<void>;
}

/** Parses the page with nothing loaded or run; any request is answered here with a refusal. */
export function offlineDocument(html: string): OfflineDocument {
  const refused: string[] = [];
  const window: Window = new Window({
    // Reserved name (RFC 2606): even a resolver would never find it.
    url: 'https://sites-check.invalid/',
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      enableIframePageLoading: false,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
        disableFallbackToSetURL: true,
      },
      fetch: {
        interceptor: {
          beforeAsyncRequest: async ({ request }): Promise<Response> => {
            refused.push(request.url);
            return new window.Response('', { status: 403, statusText: 'sites:check is offline' });
          },
          beforeSyncRequest: ({ request }): ISyncResponse => {
            refused.push(request.url);
            return {
              status: 403,
              statusText: 'sites:check is offline',
              ok: false,
              url: request.url,
              redirected: false,
              headers: new window.Headers(),
              body: Buffer.alloc(0),
            };
          },
        },
      },
    },
  });
  const doc = window.document as unknown as Document;
  // A browser's HTML parser turns CR LF and CR into LF before anything else (HTML's input stream
  // preprocessing); MHTML stores the page with CR LF line ends. happy-dom does not: do it here.
  const source = html.replace(/\r\n?/g, '\n');
  const lang = /<html[^>]*\blang="([^"]*)"/i.exec(source)?.[1] ?? '';
  doc.documentElement.innerHTML = source
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>[\s\S]*$/i, '');
  if (lang) doc.documentElement.lang = lang;
  return {
    doc,
    refused,
    // Whatever the page started (nothing, with loading off) settles before the report: so a
    // request, if one were ever made, would be made (and seen by the tests) before we return.
    close: async () => {
      await window.happyDOM.waitUntilComplete();
      await window.happyDOM.close();
    },
  };
}

// ------------------------------------------------------------------ reading

export type SelectorSource =
  | { kind: 'bundle'; path: string; version: number | null }
  | { kind: 'sites-file'; path: string }
  | { kind: 'builtin' };

export interface CandidateReport {
  selector: string;
  /** Elements it matches (in the document for root and chatTitle; inside the messages otherwise). */
  matches: number;
  note?: string;
}

export interface KeyReport {
  key: keyof SiteSelectors;
  candidates: CandidateReport[];
  /** The candidate the content script uses (lists where the first match wins). */
  chosen: string | null;
}

export interface ReadMessage {
  key: string;
  sender: string | null;
  text: string;
  forwarded: boolean;
  /** No text candidate matched: the whole message minus the excluded parts was read. */
  wholeMessage: boolean;
}

export interface CheckReport {
  client: ClientId;
  clientFrom: 'address' | 'markup' | 'option';
  url: string | null;
  /** Messages each client's selectors read, when the client was detected from the markup. */
  detection: Partial<Record<ClientId, number>> | null;
  selectors: SelectorSource;
  /** The content script's guard (issue 17): the built-in selectors replace the bundle's here. */
  guard: 'slow' | 'no-match' | null;
  keys: KeyReport[];
  chat: ChatInfo;
  read: ReadMessage[];
  skipped: { id: string; why: string }[];
  /** What the fallback would mark when the selectors read nothing ("layout not recognised"). */
  fallback: { scope: string; blocks: string[] } | null;
  warnings: string[];
  refused: string[];
}

export interface CheckOptions {
  client?: ClientId;
  /** The sites section of a built bundle, and where it came from. */
  bundleSites?: { sites: Record<string, unknown>; path: string; version: number | null };
  /** One client's selectors file (rules/sites/<client>.json), e.g. while editing it. */
  sitesFile?: { site: unknown; path: string };
}

const ID_ATTRIBUTES = ['data-mid', 'data-message-id', 'data-id', 'id'];
const TIME_ONLY = /^\s*\d{1,2}[:.h]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?\s*$/;
const MAX_LISTED = 8;

export async function checkPage(page: SavedPage, options: CheckOptions = {}): Promise<CheckReport> {
  const offline = offlineDocument(page.html);
  try {
    return check(offline.doc, page, options, offline.refused);
  } finally {
    await offline.close();
  }
}

function check(doc: Document, page: SavedPage, options: CheckOptions, refused: string[]): CheckReport {
  const warnings: string[] = [];
  const location = page.url ? parseLocation(page.url) : null;

  // Which client: the option, else the saved address, else the client whose rules read most.
  let client: ClientId | null = options.client ?? null;
  let clientFrom: CheckReport['clientFrom'] = 'option';
  let detection: CheckReport['detection'] = null;
  if (!client && location) {
    client = detectClient(location);
    clientFrom = 'address';
  }
  if (!client) {
    detection = {};
    for (const id of CLIENT_IDS) {
      // A --sites file is one client's: detection uses the bundle (or built-in) selectors.
      const sel = compileSelectors(siteFor(id, { ...options, sitesFile: undefined }).site, doc);
      detection[id] = readMessages(doc, id, sel, defaultLocation(id)).read.length;
    }
    const best = CLIENT_IDS.reduce((a, b) => ((detection?.[b] ?? 0) > (detection?.[a] ?? 0) ? b : a));
    if ((detection[best] ?? 0) === 0)
      throw new Error(
        'No client recognised: the page records no address and no client’s selectors read a message. Give one with --client telegram-k|telegram-a|whatsapp|snapchat.',
      );
    client = best;
    clientFrom = 'markup';
  }

  const { site, source, problem } = siteFor(client, options);
  if (problem) warnings.push(problem);
  // As the content script does: the bundle's selectors unless too slow or matching nothing here.
  let guard: CheckReport['guard'] = null;
  let sel: CompiledSelectors;
  if (source.kind === 'bundle') {
    const guarded = guardSelectors(site, BUILTIN_SITES[client], doc);
    sel = guarded.selectors;
    guard = guarded.reason;
    if (guard)
      warnings.push(
        `The bundle's selectors are ${guard === 'slow' ? 'too slow' : 'matching nothing'} on this page: the content script would use the built-in ones (reported below).`,
      );
  } else sel = compileSelectors(site, doc);
  for (const bad of sel.rejected) warnings.push(`Invalid CSS, dropped: ${bad}`);

  const loc = location ?? defaultLocation(client);
  const reading = readMessages(doc, client, sel, loc);
  const { pick, read, skipped, elements } = reading;

  // Candidates per key.
  const scope: ParentNode = pick.root ?? doc;
  const messageEls = elements;
  const keys: KeyReport[] = [];
  keys.push({
    key: 'root',
    chosen:
      pick.messageSelector !== null
        ? (sel.root.find((c) => doc.querySelector(c) === pick.root) ?? null)
        : null,
    candidates: sel.root.map((c) => {
      const first = doc.querySelector(c);
      const holds = first ? reading.messageCount(first) : 0;
      return {
        selector: c,
        matches: doc.querySelectorAll(c).length,
        note: !first
          ? 'no match'
          : holds === 0
            ? 'its first match holds no message: not trusted'
            : `holds ${holds} messages`,
      };
    }),
  });
  keys.push({
    key: 'message',
    chosen: pick.messageSelector,
    candidates: sel.message.map((c) => {
      const inPage = doc.querySelectorAll(c).length;
      const inRoot = scope.querySelectorAll(c).length;
      return {
        selector: c,
        matches: inRoot,
        ...(pick.root && inPage !== inRoot ? { note: `${inPage} in the whole page` } : {}),
      };
    }),
  });
  for (const key of ['text', 'sender', 'badgeAnchor'] as const) {
    keys.push({
      key,
      chosen: sel[key].find((c) => messageEls.some((m) => m.querySelector(c))) ?? null,
      candidates: sel[key].map((c) => ({
        selector: c,
        matches: messageEls.filter((m) => m.querySelector(c)).length,
        note: 'messages where it matches',
      })),
    });
  }
  for (const key of ['textExclude', 'service', 'forwarded'] as const) {
    keys.push({
      key,
      chosen: null,
      candidates: site[key]
        .filter((c) => !sel.rejected.includes(c))
        .map((c) => ({
          selector: c,
          matches: messageEls.filter((m) => safeMatches(m, c) || m.querySelector(c)).length,
          note: 'messages where it matches',
        })),
    });
  }
  keys.push({
    key: 'chatTitle',
    chosen: sel.chatTitle.find((c) => doc.querySelector(c)?.textContent?.trim()) ?? null,
    candidates: sel.chatTitle.map((c) => ({ selector: c, matches: doc.querySelectorAll(c).length })),
  });

  // Warnings.
  for (const c of keys[0]?.candidates ?? [])
    if (c.note?.startsWith('its first match holds no message'))
      warnings.push(
        `Root candidate ${c.selector} resolves to an element with no message (a decoy, or a stale selector).`,
      );
  if (pick.messageSelector === null)
    warnings.push(
      'No message read. If this page shows a conversation, the content script says "layout not recognised, rules may be outdated" and only the fallback marks (below).',
    );
  const seen = new Map<string, number>();
  for (const m of read) seen.set(m.key, (seen.get(m.key) ?? 0) + 1);
  for (const [key, n] of seen)
    if (n > 1) warnings.push(`Key repeated by ${n} messages: ${key} (they would share one verdict).`);
  const whole = read.filter((m) => m.wholeMessage).length;
  if (whole > 0)
    warnings.push(
      `${whole} message(s) read whole (no text candidate matched): check that nothing but the sender's text is read.`,
    );
  const outside = textOutsideMessages(pick.root, pick.messageSelector);
  if (outside.length > 0)
    warnings.push(
      `${outside.length} text-bearing block(s) inside the root but outside any message, e.g. ${outside
        .slice(0, 3)
        .map((o) => `${o.where} "${o.text}"`)
        .join('; ')}`,
    );

  // What the fallback would mark when nothing is read.
  let fallback: CheckReport['fallback'] = null;
  if (pick.messageSelector === null) {
    const adapter = ADAPTERS[client];
    const chat = adapter.chat(doc, sel, loc, null);
    for (const where of fallbackScopes(doc, pick.scopes, chat)) {
      const blocks = adapter.fallback
        ? adapter.fallback(where, sel, chat.id).map((b) => b.text)
        : findTextBlocks(where, sel).map((b) => b.text);
      if (blocks.length > 0) {
        fallback = { scope: describe(where), blocks };
        break;
      }
    }
    fallback ??= { scope: '(none: no conversation text found; the state stays idle)', blocks: [] };
  }

  return {
    client,
    clientFrom,
    url: page.url,
    detection,
    selectors: source,
    guard,
    keys,
    chat: reading.chat,
    read,
    skipped,
    fallback,
    warnings,
    refused: [...refused],
  };
}

function siteFor(
  client: ClientId,
  options: CheckOptions,
): { site: SiteSelectors; source: SelectorSource; problem?: string } {
  if (options.sitesFile) {
    const errors = validateSites({ [client]: options.sitesFile.site });
    if (errors.length > 0) throw new Error(`${options.sitesFile.path}: ${errors.join('; ')}`);
    return {
      site: options.sitesFile.site as SiteSelectors,
      source: { kind: 'sites-file', path: options.sitesFile.path },
    };
  }
  if (options.bundleSites) {
    const fromBundle = options.bundleSites.sites[client];
    if (fromBundle !== undefined && validateSites({ [client]: fromBundle }).length === 0)
      return {
        site: fromBundle as SiteSelectors,
        source: { kind: 'bundle', path: options.bundleSites.path, version: options.bundleSites.version },
      };
    return {
      site: BUILTIN_SITES[client],
      source: { kind: 'builtin' },
      problem: `The bundle has no valid selectors for ${client}: the built-in ones are used (as the content script does).`,
    };
  }
  return { site: BUILTIN_SITES[client], source: { kind: 'builtin' } };
}

interface Reading {
  pick: ReturnType<typeof pickRoot>;
  chat: ChatInfo;
  read: ReadMessage[];
  skipped: { id: string; why: string }[];
  /** The outermost message elements. */
  elements: Element[];
  messageCount(scope: Element): number;
}

function readMessages(doc: Document, client: ClientId, sel: CompiledSelectors, loc: PageLocation): Reading {
  const adapter = ADAPTERS[client];
  const pick = pickRoot(doc, adapter, sel);
  const chat = adapter.chat(doc, sel, loc, pick.sample);
  const read: ReadMessage[] = [];
  const skipped: { id: string; why: string }[] = [];
  const elements: Element[] = [];
  const messageCount = (scope: Element) => {
    for (const c of sel.message) {
      const n = scope.querySelectorAll(c).length;
      if (n > 0) return n;
    }
    return 0;
  };
  if (pick.messageSelector !== null) {
    const selector = pick.messageSelector;
    for (const el of (pick.root ?? doc).querySelectorAll(selector)) {
      const id = idOf(el);
      if (el.parentElement?.closest(selector)) {
        skipped.push({ id, why: 'nested in another message (read with it)' });
        continue;
      }
      elements.push(el);
      let ex: ReturnType<typeof adapter.extract>;
      try {
        ex = adapter.extract(el, sel, chat.id);
      } catch (error) {
        skipped.push({
          id,
          why: `the adapter failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      if (!ex) skipped.push({ id, why: 'no key (the id attribute the adapter reads is missing)' });
      else if (ex.isService) skipped.push({ id, why: 'service message or date' });
      else if (ex.text === '')
        skipped.push({ id, why: 'no text (media without caption, or a virtualised row)' });
      else
        read.push({
          key: ex.key,
          sender: ex.sender,
          text: ex.text,
          forwarded: ex.forwarded,
          wholeMessage: ex.textEl === null,
        });
    }
  }
  return { pick, chat, read, skipped, elements, messageCount };
}

/** Text in the root that no message holds: what a message selector may be missing. */
function textOutsideMessages(
  root: Element | null,
  selector: string | null,
): { where: string; text: string }[] {
  if (!root || !selector) return [];
  const out: { where: string; text: string }[] = [];
  const seen = new Set<Element>();
  const walker = root.ownerDocument.createTreeWalker(root, 4);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || seen.has(parent) || !node.nodeValue?.trim()) continue;
    if (parent.closest(selector) || parent.closest('script, style, template, noscript')) continue;
    seen.add(parent);
    const text = extractText(parent, '').trim();
    if (text.length < 2 || TIME_ONLY.test(text)) continue;
    out.push({ where: describe(parent), text: shorten(text, 40) });
  }
  return out;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

function idOf(el: Element): string {
  for (const attr of ID_ATTRIBUTES) {
    const v = el.getAttribute(attr);
    if (v) return v;
  }
  return describe(el);
}

function describe(el: Element): string {
  const tag = el.tagName.toLowerCase();
  const id = el.id ? `#${el.id}` : '';
  const classes = Array.from(el.classList)
    .slice(0, 3)
    .map((c) => `.${c}`)
    .join('');
  return `${tag}${id}${classes}`;
}

function parseLocation(url: string): ({ hostname: string } & PageLocation) | null {
  try {
    const u = new URL(url);
    return { hostname: u.hostname, pathname: u.pathname, hash: u.hash };
  } catch {
    return null;
  }
}

function defaultLocation(client: ClientId): PageLocation {
  const pathname = { 'telegram-k': '/k/', 'telegram-a': '/a/', whatsapp: '/', snapchat: '/web' }[client];
  return { hash: '', pathname };
}

// ------------------------------------------------------------------ printing

export function shorten(text: string, max = 70): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The report as the terminal shows it. `redact` prints shapes (lengths) instead of page text. */
export function formatReport(r: CheckReport, { redact = false } = {}): string {
  const text = (s: string, max?: number) => (redact ? `[${s.length} characters]` : `"${shorten(s, max)}"`);
  const name = (s: string | null) => (s === null ? '—' : redact ? '[name]' : shorten(s, 30));
  const lines: string[] = [];
  lines.push(`Client: ${r.client} (${clientWhy(r)})`);
  const src = r.selectors;
  lines.push(
    `Selectors: ${
      src.kind === 'bundle'
        ? `rule bundle ${src.path}${src.version !== null ? ` (version ${src.version})` : ''}`
        : src.kind === 'sites-file'
          ? `${src.path}`
          : 'built into this release (src/content/sites/builtin.ts)'
    }${r.guard ? ` — replaced by the built-in ones (${r.guard})` : ''}`,
  );
  lines.push('');
  lines.push('Selector candidates (✓ the one used):');
  for (const k of r.keys) {
    lines.push(`  ${k.key}`);
    if (k.candidates.length === 0) lines.push('    (none)');
    for (const c of k.candidates) {
      const mark = k.chosen === c.selector ? '✓' : ' ';
      lines.push(`    ${mark} ${c.selector}  — ${c.matches}${c.note ? ` (${c.note})` : ''}`);
    }
  }
  lines.push('');
  lines.push(`Chat: id ${r.chat.id ?? '—'}, title ${r.chat.title ? name(r.chat.title) : '—'}`);
  lines.push('');
  lines.push(`Messages read: ${r.read.length}`);
  for (const m of r.read.slice(0, 500))
    lines.push(
      `  ${m.key}  ${name(m.sender)}${m.forwarded ? ' (forwarded)' : ''}${m.wholeMessage ? ' (whole message)' : ''}  ${text(m.text)}`,
    );
  if (r.read.length > 500) lines.push(`  … ${r.read.length - 500} more`);
  lines.push(`Skipped: ${r.skipped.length}`);
  for (const s of r.skipped.slice(0, 200)) lines.push(`  ${s.id}  ${s.why}`);
  if (r.fallback) {
    lines.push('');
    lines.push(`Fallback (no message read): ${r.fallback.scope}, ${r.fallback.blocks.length} block(s)`);
    for (const b of r.fallback.blocks.slice(0, MAX_LISTED * 2)) lines.push(`  ${text(b)}`);
  }
  lines.push('');
  lines.push(r.warnings.length === 0 ? 'Warnings: none' : `Warnings: ${r.warnings.length}`);
  for (const w of r.warnings) lines.push(`  ! ${redact ? w.replace(/"[^"]*"/g, '"…"') : w}`);
  lines.push('');
  lines.push(
    r.refused.length === 0
      ? 'Network: nothing was fetched or sent (the page was read offline).'
      : `Network: nothing was fetched or sent; ${r.refused.length} request(s) the page asked for were refused locally.`,
  );
  return lines.join('\n');
}

function clientWhy(r: CheckReport): string {
  if (r.clientFrom === 'option') return 'given with --client';
  if (r.clientFrom === 'address') return `from the saved address ${r.url}`;
  const counts = Object.entries(r.detection ?? {})
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return `detected from the markup: messages read by each client's selectors — ${counts}`;
}
