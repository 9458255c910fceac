/** The parent lock over the real browser storage and WebCrypto (the logic is in ./parent-lock.ts). */
import browser from '../browser';
import { isPinSet, type LockDeps, PARENT_LOCK_KEY } from './parent-lock';

export function browserLockDeps(): LockDeps {
  return {
    storage: browser.storage.local,
    subtle: crypto.subtle,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
  };
}

export function loadPinSet(): Promise<boolean> {
  return isPinSet(browser.storage.local).catch(() => false);
}

/** Calls back with whether a PIN is set, whenever it is set or removed (in any open page). */
export function onPinSetChanged(cb: (isSet: boolean) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && PARENT_LOCK_KEY in changes) void loadPinSet().then(cb);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
