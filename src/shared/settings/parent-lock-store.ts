/** The parent lock over the real browser storage and WebCrypto (the logic is in ./parent-lock.ts). */
import browser from '../browser';
import { isPinSet, type LockDeps, PARENT_LOCK_KEY } from './parent-lock';

/** The Web Locks name every extension page shares for PIN attempts. */
const ATTEMPTS_LOCK = 'vigie-parent-lock';

export function browserLockDeps(): LockDeps {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return {
    storage: browser.storage.local,
    subtle: crypto.subtle,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
    // Two options pages (or a script in one) must not check PINs side by side: each reads the
    // counter, hashes, then writes, and parallel attempts would count once.
    ...(locks
      ? { exclusive: <T>(task: () => Promise<T>) => locks.request(ATTEMPTS_LOCK, task) as Promise<T> }
      : {}),
  };
}

/**
 * Whether changes need the PIN. FAILS CLOSED: when storage cannot answer, the answer is "yes"
 * (issue 17, point 10): a storage hiccup must not unlock the settings.
 */
export function loadPinSet(): Promise<boolean> {
  return isPinSet(browser.storage.local).catch(() => true);
}

/** Calls back with whether a PIN is set, whenever it is set or removed (in any open page). */
export function onPinSetChanged(cb: (isSet: boolean) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && PARENT_LOCK_KEY in changes) void loadPinSet().then(cb);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
