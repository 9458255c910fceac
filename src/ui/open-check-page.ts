/**
 * Opens "Check an exported chat" in a new tab, from the popup or the options page. tabs.create
 * with the extension's own page needs no permission. A real action popup closes by itself when
 * the new tab takes the focus.
 */
import browser from '../shared/browser';

export const CHECK_PAGE_PATH = 'src/check/index.html';

export function openCheckPage(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(CHECK_PAGE_PATH) });
}
