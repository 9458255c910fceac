/**
 * Telegram Desktop "Export chat history" in HTML (messages.html, messages2.html, …).
 *
 * A small tolerant tokenizer over the generator's known markup (docs/EXPORTS.md §2.3) rather than
 * DOMParser: the same code must run in Node (CLI, tests) and in an extension page, and the export
 * is machine-written with a fixed set of classes. Text is only ever collected as strings (never
 * turned back into HTML), so nothing in the file can run or load.
 */
import { type ChatExport, ExportError, type ExportMessage } from './types';

export interface HtmlPage {
  name: string;
  text: string;
}

const VOID = new Set(['br', 'img', 'meta', 'link', 'input', 'hr', 'wbr', 'source', 'col', 'area', 'base']);
// No "<" inside a tag or an attribute value (the generator escapes it), so a broken or hostile page
// cannot make a tag match run to the end of the file again and again (quadratic time).
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!?\/?([a-zA-Z][\w-]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>|([^<]+|<)/g;
const ATTR = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g;
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
  for (const m of source.matchAll(ATTR))
    attrs.set((m[1] ?? '').toLowerCase(), decode(m[2] ?? m[3] ?? m[4] ?? ''));
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
  classes: Set<string>;
}

interface Pending {
  id: string;
  service: boolean;
  joined: boolean;
  sender: string | null;
  date: string | null;
  texts: string[];
  links: string[];
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

  for (const page of ordered) {
    const stack: Element[] = [];
    let msg: Pending | null = null;
    let msgDepth = -1;
    let capture: Capture | null = null;
    let captureDepth = -1;
    let buffer = '';
    const inForwarded = () => stack.some((e) => e.classes.has('forwarded'));

    const finishCapture = () => {
      const value = buffer
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .join('\n')
        .trim();
      if (capture === 'sender' && msg) msg.sender = value || null;
      else if (capture === 'text' && msg && value) msg.texts.push(value);
      else if (capture === 'chat' && chatName === null) chatName = value || null;
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
      const text = m.texts.join('\n');
      if (!text) {
        skipped++;
        return;
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
        if (capture && capture !== 'ignore') buffer += decode(whole.replace(/\s+/g, ' '));
        continue;
      }
      const tag = rawTag.toLowerCase();
      if (whole.startsWith('</')) {
        // Tolerant close: pop up to the nearest open element with this name, if any.
        let at = stack.length - 1;
        while (at >= 0 && stack[at]?.tag !== tag) at--;
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
      const attrs = attributes(rawAttrs ?? '');
      if (tag === 'br') {
        if (capture) buffer += '\n';
        continue;
      }
      if (tag === 'a' && capture === 'text' && msg) {
        const href = attrs.get('href') ?? '';
        if (/^https?:\/\//i.test(href)) msg.links.push(href);
      }
      if (VOID.has(tag) || whole.endsWith('/>')) continue;
      const classes = new Set((attrs.get('class') ?? '').split(/\s+/).filter(Boolean));
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
          links: [],
        };
        msgDepth = stack.length - 1;
        continue;
      }
      if (capture) continue;
      if (msg && !msg.service) {
        const forwarded = inForwarded();
        if (classes.has('from_name')) {
          capture = forwarded ? 'ignore' : 'sender';
        } else if (classes.has('text')) {
          capture = 'text';
        } else if (classes.has('date') && classes.has('details') && !forwarded && msg.date === null) {
          msg.date = isoOfTitle(attrs.get('title') ?? '');
        }
        if (capture) captureDepth = stack.length - 1;
      } else if (!msg && classes.has('text') && stack.some((e) => e.classes.has('page_header'))) {
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
  return { format: 'telegram-html', chatName, messages, warnings };
}
