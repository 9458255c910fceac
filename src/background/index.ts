/** Background entry: listeners are registered at top level (MV3 workers are evicted when idle). */
import browser from '../shared/browser';
import { isUiToBackground } from '../shared/messages';

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isUiToBackground(message)) return undefined;
  return Promise.resolve({ ok: true });
});
