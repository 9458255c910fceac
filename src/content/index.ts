/**
 * Content script entry (Telegram Web K/A, WhatsApp Web, Snapchat for Web). Everything hangs off one AbortController;
 * test builds mark `data-vigie` on <html> with what it is doing (./test-hooks.ts); user builds mark nothing.
 */
import { start } from './main';

const controller = new AbortController();
start(document, controller.signal).catch((error: unknown) => {
  console.warn(
    'Vigie: content script failed to start:',
    error instanceof Error ? error.message : 'unknown error',
  );
});
