/**
 * Telegram Desktop "Export chat history" in JSON (result.json). No library: the shape is simple and
 * documented by its generator (docs/EXPORTS.md §2.2). Unknown keys are ignored; old exports without
 * `date_unixtime` or `text_entities` still read.
 */
import { cutMessagesWarning, MAX_MESSAGE_LENGTH } from '../shared/limits';
import { type ChatExport, ExportError, type ExportMessage } from './types';

/** Links kept per message (their targets are scanned with the text). */
const MAX_LINKS = 64;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a parsed JSON value has the shape of a Telegram export. */
export function isTelegramJson(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (Array.isArray(v.messages)) return true;
  const chats = v.chats;
  return isObject(chats) && Array.isArray(chats.list);
}

interface Flat {
  text: string;
  links: string[];
}

/** `text_entities` first (always an array in new exports), else `text` as a string or an array of runs. */
function flatten(m: Json): Flat {
  const links: string[] = [];
  const runs = Array.isArray(m.text_entities) && m.text_entities.length > 0 ? m.text_entities : m.text;
  if (typeof runs === 'string') return { text: runs, links };
  if (!Array.isArray(runs)) return { text: '', links };
  let text = '';
  // Past a message's worth, runs are not added: the text is cut there anyway (readTelegramJson).
  for (const run of runs) {
    if (text.length > MAX_MESSAGE_LENGTH) break;
    if (typeof run === 'string') {
      text += run;
    } else if (isObject(run) && typeof run.text === 'string') {
      text += run.text;
      if (typeof run.href === 'string' && links.length < MAX_LINKS) links.push(run.href.slice(0, 2048));
    }
  }
  return { text, links };
}

function dateOf(m: Json): string | null {
  const unix = Number(m.date_unixtime);
  if (m.date_unixtime !== undefined && Number.isFinite(unix)) return new Date(unix * 1000).toISOString();
  // Older exports: local time of the exporting machine, no offset; keep it as written.
  if (typeof m.date === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(m.date)) return m.date;
  return null;
}

function senderOf(m: Json): string | null {
  for (const key of ['from', 'author', 'from_id'] as const) {
    const v = m[key];
    if (typeof v === 'string' && v.trim()) return v.slice(0, 256);
    if (typeof v === 'number') return String(v);
  }
  return null;
}

export function readTelegramJson(source: string | unknown): ChatExport {
  let root: unknown = source;
  if (typeof source === 'string') {
    try {
      root = JSON.parse(source);
    } catch {
      throw new ExportError(
        'not-a-chat-export',
        'This file is not readable JSON (it may be cut short). Export the chat again from Telegram Desktop.',
      );
    }
  }
  if (!isTelegramJson(root) || !isObject(root)) {
    throw new ExportError(
      'not-a-chat-export',
      'This JSON file is not a Telegram chat export: it has no list of messages.',
    );
  }
  const warnings: string[] = [];
  // A whole-account export lists chats; a single-chat export is one chat at the top.
  let chats: Json[] = [root];
  if (!Array.isArray(root.messages)) {
    const list = (root.chats as Json).list as unknown[];
    chats = list.filter(isObject).filter((c) => Array.isArray(c.messages));
    if (chats.length > 1)
      warnings.push(
        `${chats.length} chats in this export; their messages are listed one chat after the other.`,
      );
  }
  const names = chats.map((c) => (typeof c.name === 'string' ? c.name : null)).filter((n) => n !== null);
  const messages: ExportMessage[] = [];
  let skipped = 0;
  let cut = 0;
  for (const chat of chats) {
    for (const m of chat.messages as unknown[]) {
      if (!isObject(m) || m.type !== 'message') {
        skipped++;
        continue;
      }
      const flat = flatten(m);
      let text = flat.text;
      const links = flat.links;
      if (text.length > MAX_MESSAGE_LENGTH) {
        text = text.slice(0, MAX_MESSAGE_LENGTH);
        cut++;
      }
      if (!text.trim()) {
        skipped++; // media only, or empty
        continue;
      }
      const msg: ExportMessage = {
        index: messages.length,
        sender: senderOf(m),
        date: dateOf(m),
        text,
        ref: `message ${typeof m.id === 'number' || typeof m.id === 'string' ? m.id : '?'}`,
      };
      if (links.length) msg.links = links;
      messages.push(msg);
    }
  }
  if (skipped > 0) warnings.push(`${skipped} service or media-only message(s) skipped.`);
  if (cut > 0) warnings.push(cutMessagesWarning(cut));
  return { format: 'telegram-json', chatName: names.length ? names.join(', ') : null, messages, warnings };
}
