/**
 * Telegram Desktop "Export chat history" in HTML (messages.html, messages2.html, …).
 *
 * A small tolerant tokenizer over the generator's known markup (docs/EXPORTS.md §2.3) rather than
 * DOMParser: the same code must run in Node (CLI, tests) and in an extension page, and the export
 * is machine-written with a fixed set of classes. Text is only ever collected as strings (never
 * turned back into HTML), so nothing in the file can run or load.
 */
import { cutMessagesWarning, MAX_MESSAGE_LENGTH } from '../shared/limits';
import { type ChatExport, ExportError, type ExportMessage } from './types';

export interface HtmlPage {
  name: string;
  text: string;
}

const VOID = new Set(['br', 'img', 'meta', 'link', 'input', 'hr', 'wbr', 'source', 'col', 'area', 'base']);
// No "<" inside a tag or an attribute value (the generator escapes it), so a broken or hostile page
// cannot make a tag match run to the end of the file again and again (quadratic time). The
// attributes start with a space or "/": without that, a tag name that never meets ">" ("<aaaa…")
// was given back one letter at a time to the attribute part, each time re-read to the end.
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!?\/?([a-zA-Z][\w-]*)((?:[\s/](?:[^<>"']|"[^"<]*"|'[^'<]*')*)?)>|([^<]+|<)/g;
// A name without "=" matches too (a bare attribute), so the search goes on after it: requiring the
// "=" made every start inside a long bare name read to its end (a 256 KB tag: 44 s).
const ATTR = /([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
// Shared by the (many) elements without attributes or classes: nothing allocated for them.
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
const NO_CLASSES: ReadonlySet<string> = new Set();
/** Open elements tracked one by one (see OpenElements). */
const MAX_DEPTH = 512;
/** Links kept per message (their targets are scanned with the text). */
const MAX_LINKS = 64;
/** Raw captured text kept per block before white space is collapsed (a message's worth, twice). */
const CAPTURE_LIMIT = 2 * MAX_MESSAGE_LENGTH;
const TITLE_DATE = /(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):(\d{2}))?/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function attributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) {
    const value = m[2] ?? m[3] ?? m[4];
    if (value !== undefined) attrs.set((m[1] ?? '').toLowerCase(), decode(value));
  }
  return attrs;
}

/** True when the text is a Telegram Desktop HTML export page. */
export function looksLikeTelegramHtml(text: string): boolean {
  return (
    /<div class="message (?:default|service)/.test(text) || /<div class="page_body chat_page"/.test(text)
  );
}

function isoOfTitle(title: string): string | null {
  const m = TITLE_DATE.exec(title);
  if (!m) return null;
  const [, d, mo, y, h, mi, s, oh, om] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${oh ? `${oh}:${om}` : ''}`;
}

/** Page number from "messages.html" (1), "messages12.html" (12); others keep their given order. */
function pageNumber(name: string): number {
  const m = /messages(\d*)\.html?$/i.exec(name);
  return m ? Number(m[1] || 1) : Number.POSITIVE_INFINITY;
}

interface Element {
  tag: string;
  classes: ReadonlySet<string>;
}

interface Pending {
  id: string;
  service: boolean;
  joined: boolean;
  sender: string | null;
  date: string | null;
  texts: string[];
  /** Characters in `texts`: kept up to MAX_MESSAGE_LENGTH. */
  length: number;
  cut: boolean;
  links: string[];
}

/**
 * The open elements, with counts kept up to date on push and pop, so that "is one of them
 * forwarded / the page header?" and "is a <tag> open?" cost nothing: scanning the stack for each
 * element made 80 000 unclosed divs take 27 s. Past MAX_DEPTH (a real export nests about 20
 * deep) elements are only counted, so a page of unclosed tags holds no growing list either; a
 * closing tag then closes the innermost counted one, whatever its name.
 */
class OpenElements {
  readonly items: Element[] = [];
  private readonly byTag = new Map<string, number>();
  private overflow = 0;
  forwarded = 0;
  pageHeader = 0;

  get length(): number {
    return this.items.length + this.overflow;
  }

  push(e: Element): void {
    if (this.items.length >= MAX_DEPTH) {
      this.overflow++;
      return;
    }
    this.items.push(e);
    this.byTag.set(e.tag, (this.byTag.get(e.tag) ?? 0) + 1);
    if (e.classes.has('forwarded')) this.forwarded++;
    if (e.classes.has('page_header')) this.pageHeader++;
  }

  pop(): void {
    if (this.overflow > 0) {
      this.overflow--;
      return;
    }
    const e = this.items.pop();
    if (!e) return;
    this.byTag.set(e.tag, (this.byTag.get(e.tag) ?? 1) - 1);
    if (e.classes.has('forwarded')) this.forwarded--;
    if (e.classes.has('page_header')) this.pageHeader--;
  }

  /** The depth a closing </tag> returns to (the open element's index), or -1 when none is open. */
  closing(tag: string): number {
    if (this.overflow > 0) return this.length - 1;
    if ((this.byTag.get(tag) ?? 0) === 0) return -1;
    let at = this.items.length - 1;
    while (at >= 0 && this.items[at]?.tag !== tag) at--;
    return at;
  }
}

type Capture = 'sender' | 'text' | 'chat' | 'ignore';

export function readTelegramHtml(pages: HtmlPage[]): ChatExport {
  const ordered = pages
    .map((p, i) => ({ ...p, i }))
    .sort((a, b) => pageNumber(a.name) - pageNumber(b.name) || a.i - b.i);
  if (!ordered.some((p) => looksLikeTelegramHtml(p.text))) {
    throw new ExportError(
      'not-a-chat-export',
      'This HTML file is not a Telegram chat export (no messages found).',
    );
  }
  const messages: ExportMessage[] = [];
  let chatName: string | null = null;
  let lastSender: string | null = null;
  let skipped = 0;
  let unknownSender = 0;
  let cut = 0;

  for (const page of ordered) {
    const stack = new OpenElements();
    let msg: Pending | null = null;
    let msgDepth = -1;
    let capture: Capture | null = null;
    let captureDepth = -1;
    let buffer = '';
    let bufferCut = false;
    /**
     * Adds captured page text (raw, with entities), up to a message's worth: the rest of a huge
     * text block is dropped BEFORE any work on it (collapsing the white space of 1 MB cost 9× that
     * of 256 KB, memory traffic).
     */
    const addText = (raw: string) => {
      const room = CAPTURE_LIMIT - buffer.length;
      if (raw.length > room) bufferCut = true;
      if (room <= 0) return;
      buffer += decode((raw.length > room ? raw.slice(0, room) : raw).replace(/\s+/g, ' '));
    };

    const finishCapture = () => {
      const value = buffer
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .join('\n')
        .trim();
      if (capture === 'sender' && msg) msg.sender = value.slice(0, 256) || null;
      else if (capture === 'text' && msg && value) {
        const room = MAX_MESSAGE_LENGTH - msg.length;
        if (value.length > room || bufferCut) msg.cut = true;
        if (room > 0) {
          const kept = value.length > room ? value.slice(0, room) : value;
          msg.texts.push(kept);
          msg.length += kept.length + 1;
        }
      } else if (capture === 'chat' && chatName === null) chatName = value.slice(0, 256) || null;
      bufferCut = false;
      capture = null;
      captureDepth = -1;
      buffer = '';
    };

    const finishMessage = (m: Pending) => {
      if (m.service) {
        lastSender = null; // a service line (or a date divider) breaks the "joined" chain
        return;
      }
      let sender = m.sender;
      if (sender === null && m.joined) sender = lastSender;
      if (sender === null) unknownSender++;
      lastSender = sender;
      let text = m.texts.join('\n');
      if (!text) {
        skipped++;
        return;
      }
      if (m.cut || text.length > MAX_MESSAGE_LENGTH) {
        text = text.slice(0, MAX_MESSAGE_LENGTH);
        cut++;
      }
      const out: ExportMessage = {
        index: messages.length,
        sender,
        date: m.date,
        text,
        ref: `${ordered.length > 1 ? `${page.name} ` : ''}message ${m.id}`,
      };
      if (m.links.length) out.links = m.links;
      messages.push(out);
    };

    for (const t of page.text.matchAll(TOKEN)) {
      const [whole, rawTag, rawAttrs] = t;
      if (whole.startsWith('<!')) continue; // comments, doctype
      if (rawTag === undefined) {
        if (capture && capture !== 'ignore') addText(whole);
        continue;
      }
      const tag = rawTag.toLowerCase();
      if (whole.startsWith('</')) {
        // Tolerant close: pop up to the nearest open element with this name, if any (every
        // element is pushed and popped once: linear however the page nests or misnests).
        const at = stack.closing(tag);
        if (at < 0) continue;
        while (stack.length > at) {
          stack.pop();
          if (capture && stack.length === captureDepth) finishCapture();
          if (msg && stack.length === msgDepth) {
            finishMessage(msg);
            msg = null;
            msgDepth = -1;
          }
        }
        continue;
      }
      const attrs = rawAttrs && /\S/.test(rawAttrs) ? attributes(rawAttrs) : NO_ATTRIBUTES;
      if (tag === 'br') {
        if (capture && buffer.length < CAPTURE_LIMIT) buffer += '\n';
        continue;
      }
      if (tag === 'a' && capture === 'text' && msg && msg.links.length < MAX_LINKS) {
        const href = attrs.get('href') ?? '';
        if (/^https?:\/\//i.test(href)) msg.links.push(href.slice(0, 2048));
      }
      if (VOID.has(tag) || whole.endsWith('/>')) continue;
      const classAttr = attrs.get('class');
      const classes = classAttr ? new Set(classAttr.split(/\s+/).filter(Boolean)) : NO_CLASSES;
      stack.push({ tag, classes });
      if (tag !== 'div') continue;
      const id = /^message(-?\d+)$/.exec(attrs.get('id') ?? '');
      if (classes.has('message') && id && !msg) {
        msg = {
          id: id[1] ?? '',
          service: classes.has('service'),
          joined: classes.has('joined'),
          sender: null,
          date: null,
          texts: [],
          length: 0,
          cut: false,
          links: [],
        };
        msgDepth = stack.length - 1;
        continue;
      }
      if (capture) continue;
      if (msg && !msg.service) {
        const forwarded = stack.forwarded > 0;
        if (classes.has('from_name')) {
          capture = forwarded ? 'ignore' : 'sender';
        } else if (classes.has('text')) {
          capture = 'text';
        } else if (classes.has('date') && classes.has('details') && !forwarded && msg.date === null) {
          msg.date = isoOfTitle(attrs.get('title') ?? '');
        }
        if (capture) captureDepth = stack.length - 1;
      } else if (!msg && classes.has('text') && stack.pageHeader > 0) {
        capture = 'chat';
        captureDepth = stack.length - 1;
      }
    }
    // A page cut short: keep the message that was open.
    if (msg) {
      if (capture) finishCapture();
      finishMessage(msg);
    }
  }

  const warnings: string[] = [];
  if (skipped > 0) warnings.push(`${skipped} media-only message(s) skipped.`);
  if (unknownSender > 0) warnings.push(`${unknownSender} message(s) have no sender in the export.`);
  if (cut > 0) warnings.push(cutMessagesWarning(cut));
  return { format: 'telegram-html', chatName, messages, warnings };
}
