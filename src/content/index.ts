/**
 * Content script entry (Telegram Web K/A, WhatsApp Web, Snapchat for Web). Everything hangs off one AbortController;
 * `data-vigie` on <html> says what we are doing ('idle' | 'active' | 'fallback').
 */
import { start } from './main';

const controller = new AbortController();
start(document, controller.signal).catch((error: unknown) => {
  console.warn(
    'Vigie: content script failed to start:',
    error instanceof Error ? error.message : 'unknown error',
  );
});
