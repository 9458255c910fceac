/** Chat-export readers: pure (no DOM, Node or browser API), shared by the CLI and the extension page. */
export { detectFormat, readExport } from './read-export';
export { readTelegramHtml } from './telegram-html';
export { readTelegramJson } from './telegram-json';
export * from './types';
export { inferDayFirst, readWhatsApp } from './whatsapp';
