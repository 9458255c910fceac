/**
 * Format detection and the single entry point: file name(s) + bytes in, ChatExport out.
 * Zips (iOS WhatsApp, or a zipped Telegram export folder) are opened with fflate, which runs the
 * same in browsers and Node; only the chat file is inflated, never the media next to it.
 */
import { unzipSync } from 'fflate';
import { looksLikeTelegramHtml, readTelegramHtml } from './telegram-html';
import { isTelegramJson, readTelegramJson } from './telegram-json';
import { type ChatExport, ExportError, type ExportFile, type ExportFormat, type ReadOptions } from './types';
import { chatNameFromFileName, looksLikeWhatsApp, readWhatsApp } from './whatsapp';

function isZip(data: Uint8Array | string): data is Uint8Array {
  return (
    typeof data !== 'string' &&
    data.length >= 4 &&
    data[0] === 0x50 &&
    data[1] === 0x4b &&
    data[2] === 0x03 &&
    data[3] === 0x04
  );
}

function textOf(data: Uint8Array | string): string {
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
  return text.replace(/^\ufeff/, '');
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/** Which chat file in a zip to read: _chat.txt, else a chat-looking .txt, else Telegram's files. */
function pickFromZip(names: string[]): string[] {
  const chat = names.find((n) => baseName(n) === '_chat.txt');
  if (chat) return [chat];
  const txt = names
    .filter((n) => /\.txt$/i.test(n) && /chat|whatsapp|discussion/i.test(baseName(n)))
    .sort((a, b) => a.length - b.length)[0];
  if (txt) return [txt];
  const json = names.filter((n) => baseName(n) === 'result.json').sort((a, b) => a.length - b.length)[0];
  if (json) return [json];
  return names.filter((n) => /^messages\d*\.html?$/i.test(baseName(n)));
}

function unzip(file: ExportFile & { data: Uint8Array }): ExportFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    // First pass lists names only (the filter sees every entry, inflates none).
    const names: string[] = [];
    unzipSync(file.data, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
    const wanted = new Set(pickFromZip(names));
    if (wanted.size === 0) {
      throw new ExportError(
        'unknown-format',
        `The zip "${baseName(file.name)}" holds no chat: no _chat.txt, WhatsApp .txt, result.json or messages.html inside.`,
      );
    }
    entries = unzipSync(file.data, { filter: (f) => wanted.has(f.name) });
  } catch (error) {
    if (error instanceof ExportError) throw error;
    throw new ExportError(
      'truncated-zip',
      `The zip "${baseName(file.name)}" cannot be opened: it is damaged or cut short (an unfinished download?). Export or copy it again.`,
    );
  }
  return Object.entries(entries).map(([name, data]) => ({ name, data }));
}

/** The format a set of files holds, from names and content; throws ExportError when none fits. */
export function detectFormat(files: ExportFile[]): ExportFormat {
  const first = files[0];
  if (!first) throw new ExportError('empty', 'No file was given.');
  const text = textOf(first.data);
  if (!text.trim()) throw new ExportError('empty', `"${baseName(first.name)}" is empty.`);
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('{') || /\.json$/i.test(first.name)) return 'telegram-json';
  if (head.startsWith('<') || /\.html?$/i.test(first.name)) return 'telegram-html';
  if (looksLikeWhatsApp(text) || /\.txt$/i.test(first.name)) return 'whatsapp';
  // Binary files (a PDF, a picture) or text with no sign of a chat.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for binary content on purpose
  if (/[\u0000-\u0008\u000e-\u001f]/.test(head)) {
    throw new ExportError(
      'unknown-format',
      `"${baseName(first.name)}" is not a file Vigie can read. Choose a WhatsApp export (.txt or .zip) or a Telegram export (result.json or messages.html).`,
    );
  }
  return 'whatsapp'; // plain text: let the WhatsApp reader say precisely why it is not a chat
}

/** Only Telegram HTML spans several files; say so rather than silently reading one of many. */
function withOthersIgnored(chat: ChatExport, fileCount: number): ChatExport {
  if (fileCount > 1)
    chat.warnings.push(`Only the first of ${fileCount} files was read: this kind of export is one file.`);
  return chat;
}

/**
 * Reads one export: a WhatsApp .txt or .zip, a Telegram result.json, or one or more Telegram
 * messages*.html pages (pass them all at once so senders carry over from page to page).
 */
export function readExport(input: ExportFile | ExportFile[], options: ReadOptions = {}): ChatExport {
  let files = Array.isArray(input) ? input : [input];
  const zipName = files.length === 1 && files[0] && isZip(files[0].data) ? files[0].name : null;
  const zipped = files[0];
  if (zipName !== null && zipped && isZip(zipped.data))
    files = unzip({ name: zipped.name, data: zipped.data });
  else if (files.length === 1 && /\.zip$/i.test(files[0]?.name ?? '')) {
    throw new ExportError(
      'truncated-zip',
      `"${baseName(files[0]?.name ?? '')}" is named .zip but is not a readable zip (it may be cut short).`,
    );
  }
  const format = detectFormat(files);
  const first = files[0] as ExportFile;
  switch (format) {
    case 'telegram-json':
      return withOthersIgnored(readTelegramJson(textOf(first.data)), files.length);
    case 'telegram-html':
      return readTelegramHtml(files.map((f) => ({ name: baseName(f.name), text: textOf(f.data) })));
    case 'whatsapp': {
      // The iOS zip name carries the chat name ("WhatsApp Chat - X.zip"); _chat.txt does not.
      const nameHint = zipName !== null && chatNameFromFileName(zipName) ? zipName : first.name;
      return withOthersIgnored(readWhatsApp(textOf(first.data), options, nameHint), files.length);
    }
  }
}

export { isTelegramJson, looksLikeTelegramHtml, looksLikeWhatsApp, pickFromZip };
