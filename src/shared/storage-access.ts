/**
 * storage.local as a content script sees it (issue 17, point 7).
 *
 * A content script runs in the chat site's renderer: if that renderer is compromised, whatever the
 * content script may do, the attacker may do. So on Chrome (≥ 140: storage.local.setAccessLevel,
 * https://developer.chrome.com/docs/extensions/reference/api/storage) the background restricts
 * storage.local to the extension's own pages and worker. Content scripts then:
 *   - get the rule set by message (`cs-bg/get-rules`), re-checked by the background;
 *   - read the few keys they need (settings fallback, dismissals, policy) by message
 *     (`cs-bg/read-local`, these keys only, read-only);
 *   - learn that one of them changed from a message the background sends to each tab
 *     (`bg-cs/local-changed`): it names keys, it carries no value, so it only makes the tab ask
 *     the background again. (storage.session stays closed to content scripts: opening it would
 *     give a compromised page an area shared with every other tab.)
 * Firefox has no setAccessLevel for storage.local (https://bugzil.la/1724754): there content
 * scripts keep reading storage.local directly and get its own change events, and the background
 * still never trusts what is stored (src/background/stored-set.ts).
 */
import browser from './browser';
import { ANNOUNCED_KEYS, CONTENT_READABLE_KEYS, isLocalChangedNotice } from './storage-keys';

export { ANNOUNCED_KEYS, CONTENT_READABLE_KEYS, type LocalChangedNotice } from './storage-keys';

type Changes = Record<string, { newValue?: unknown; oldValue?: unknown }>;
type Listener = (changes: Changes, area: string) => void;

/** Extension pages and the worker are trusted contexts; anything else here is a content script. */
export function isContentScriptContext(): boolean {
  const protocol = (globalThis as { location?: { protocol?: string } }).location?.protocol ?? '';
  return !/^(chrome|moz|safari-web)-extension:$/.test(protocol);
}

/** storage.local.get, or the background's copy when this context may not read storage.local. */
export async function readLocal(keys: string[]): Promise<Record<string, unknown>> {
  try {
    return await browser.storage.local.get(keys);
  } catch (error) {
    const reply: unknown = await browser.runtime.sendMessage({ type: 'cs-bg/read-local', keys });
    if (isObject(reply) && reply.ok === true && isObject(reply.items)) return reply.items;
    throw error;
  }
}

/**
 * storage.onChanged plus, in a content script, the storage.local changes the background announces
 * (delivered as 'local' changes whose newValue is read through readLocal; ruleset/active comes
 * without a value: ask the background for the rules). Returns a function that removes both.
 */
export function onStorageChanged(listener: Listener): () => void {
  browser.storage.onChanged.addListener(listener);
  const messages = isContentScriptContext() ? browser.runtime?.onMessage : undefined;
  if (!messages) return () => browser.storage.onChanged.removeListener(listener);
  const onNotice = (message: unknown, sender: { id?: string; tab?: unknown }): undefined => {
    // From our own background only (a content script's message would carry its tab).
    if (sender.id !== browser.runtime.id || sender.tab !== undefined || !isLocalChangedNotice(message))
      return;
    const keys = message.keys.filter((k) => ANNOUNCED_KEYS.includes(k));
    if (keys.length === 0) return;
    const readable = keys.filter((k) => CONTENT_READABLE_KEYS.includes(k));
    void (readable.length > 0 ? readLocal(readable) : Promise.resolve({} as Record<string, unknown>)).then(
      (items) => {
        const synthetic: Changes = {};
        for (const key of keys) synthetic[key] = { newValue: items[key] };
        listener(synthetic, 'local');
      },
      () => undefined,
    );
  };
  messages.addListener(onNotice);
  return () => {
    browser.storage.onChanged.removeListener(listener);
    messages.removeListener(onNotice);
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
