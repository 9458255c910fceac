/**
 * Parent lock: a PIN that protects the settings, the dismissals and the on/off switch. Warnings
 * and the popup stay available; only CHANGING things needs the PIN.
 *
 *   storage.local "parent-lock@1"          { v: 1, salt, hash, iterations }   (never the PIN)
 *   storage.local "parent-lock/attempts@1" { failures, waitLeftMs, seenAt }   (survives reopening the page)
 *
 *   verify(pin) ── one at a time (exclusive) ──► waiting? ─► refuse (no hashing)
 *              └─► failures+1 and its wait WRITTEN FIRST ─► PBKDF2(pin, salt) == hash ? reset : keep
 *
 * The PIN is stored only as a salted slow hash: PBKDF2-HMAC-SHA-256, 310 000 iterations
 * (OWASP Password Storage Cheat Sheet), a random 16-byte salt per PIN. After 3 wrong attempts
 * each further one waits longer (30 s, 1 min, 2 min … up to 1 h); the counter is in storage so
 * closing and reopening the options page does not reset it.
 *
 * Hard to cheat (issue 17, point 10):
 * - Attempts run one at a time (`exclusive`: the Web Locks API across every extension page, and a
 *   promise chain within one), and the failure is counted BEFORE the slow hash: 20 attempts fired
 *   together, or one abandoned by closing the page mid-way, each count.
 * - The wait is a DURATION that only counts down by what the page observes, at most
 *   MAX_CREDIT_MS per observation (the options page observes once a second while it waits). A
 *   clock moved forward gains at most that; a clock moved back gains nothing (and does not
 *   lengthen the wait either). The price: the wait passes only while the options page is open,
 *   which the page says.
 * - New PINs have at least 6 characters; PINs set before (4–5) keep working, and the page
 *   suggests changing them after they are entered.
 *
 * Recovery does not weaken this: there is no "forgot PIN" bypass. Removing Vigie and installing
 * it again erases its storage, PIN included (the UI says so). A local lock cannot stop someone
 * who can uninstall extensions: the README points to browser policies for that.
 *
 * Crypto, clock and the cross-page lock are injected so the tests run in Node and control time.
 */

export const PARENT_LOCK_KEY = 'parent-lock@1';
export const PARENT_ATTEMPTS_KEY = 'parent-lock/attempts@1';
export const PBKDF2_ITERATIONS = 310_000;
export const SALT_BYTES = 16;
/** For a NEW PIN (issue 17: 4 digits are 10 000 guesses); older, shorter PINs still verify. */
export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 64;
/** Wrong attempts allowed before waits start. */
export const FREE_ATTEMPTS = 3;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 60 * 60_000;
/** The most one observation of the clock may take off a running wait (see the header). */
export const MAX_CREDIT_MS = 5_000;

export interface StoredPin {
  v: 1;
  salt: string;
  hash: string;
  iterations: number;
}

export interface Attempts {
  failures: number;
  /** What is left of the current wait. */
  waitLeftMs: number;
  /** The wall-clock time of the last observation, to measure the next step from. */
  seenAt: number;
}

export interface LockStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface LockDeps {
  storage: LockStorage;
  subtle: SubtleCrypto;
  randomBytes(n: number): Uint8Array;
  now(): number;
  /**
   * Runs `task` while no other page runs one (the browser's Web Locks API). Optional: within
   * one page the attempts are chained anyway.
   */
  exclusive?<T>(task: () => Promise<T>): Promise<T>;
}

export type VerifyResult =
  | { ok: true /** The PIN is shorter than new PINs may be: suggest changing it. */; weak: boolean }
  | { ok: false; reason: 'wrong' | 'wait' | 'no-pin'; waitMs: number };

function toB64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromB64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The wait after `failures` wrong attempts in a row: none for the first three, then doubling. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS));
}

/** A new PIN is 6–64 characters; whitespace at the ends is an easy typo, so it is not allowed. */
export function isValidPin(pin: string): boolean {
  return pin.length >= MIN_PIN_LENGTH && pin.length <= MAX_PIN_LENGTH && pin.trim() === pin;
}

export async function derive(
  subtle: SubtleCrypto,
  pin: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Compares without an early exit, so timing does not tell how many bytes matched. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function parseStoredPin(value: unknown): StoredPin | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || typeof v.salt !== 'string' || typeof v.hash !== 'string') return null;
  if (typeof v.iterations !== 'number' || !Number.isInteger(v.iterations) || v.iterations < 1) return null;
  return { v: 1, salt: v.salt, hash: v.hash, iterations: v.iterations };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Reads the stored counter. The older form { failures, lockedUntil } (a wall-clock deadline)
 * becomes what was left of it, capped at the longest wait.
 */
function parseAttempts(value: unknown, now: number): Attempts {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const failures = finite(v.failures) && v.failures >= 0 ? Math.floor(v.failures) : 0;
  const left = finite(v.waitLeftMs) ? v.waitLeftMs : finite(v.lockedUntil) ? v.lockedUntil - now : 0;
  const seenAt = finite(v.seenAt) ? v.seenAt : now;
  return { failures, waitLeftMs: Math.min(MAX_WAIT_MS, Math.max(0, left)), seenAt };
}

/**
 * One observation of the clock: the wait shrinks by the time since the last one, but never by
 * more than MAX_CREDIT_MS, and not at all when the clock went back (it is re-anchored there).
 */
export function observe(attempts: Attempts, now: number): Attempts {
  const step = now - attempts.seenAt;
  const credit = step > 0 ? Math.min(step, MAX_CREDIT_MS) : 0;
  return { ...attempts, waitLeftMs: Math.max(0, attempts.waitLeftMs - credit), seenAt: now };
}

const cleared = (now: number): Attempts => ({ failures: 0, waitLeftMs: 0, seenAt: now });

// Attempts within this page, one after the other (the cross-page lock is deps.exclusive).
let chain: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(deps: LockDeps, task: () => Promise<T>): Promise<T> {
  const run = () => (deps.exclusive ? deps.exclusive(task) : task());
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

export async function readPin(storage: LockStorage): Promise<StoredPin | null> {
  return parseStoredPin((await storage.get([PARENT_LOCK_KEY]))[PARENT_LOCK_KEY]);
}

export async function isPinSet(storage: LockStorage): Promise<boolean> {
  return (await readPin(storage)) !== null;
}

export async function readAttempts(storage: LockStorage, now: number): Promise<Attempts> {
  return parseAttempts((await storage.get([PARENT_ATTEMPTS_KEY]))[PARENT_ATTEMPTS_KEY], now);
}

/**
 * What is left of the wait, after observing the clock (and saving that observation). The
 * options page calls it once a second while a wait runs: this is what makes the wait pass.
 */
export function currentWait(deps: LockDeps): Promise<number> {
  return oneAtATime(deps, async () => {
    const now = deps.now();
    const before = await readAttempts(deps.storage, now);
    if (before.waitLeftMs === 0) return 0;
    const after = observe(before, now);
    await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: after });
    return after.waitLeftMs;
  });
}

/**
 * Sets (or replaces) the PIN. Replacing or removing it is only offered after a verified PIN.
 * `alongside` is written in the same storage call (the settings kept on this device, so PIN and
 * copy appear together).
 */
export async function setPin(
  deps: LockDeps,
  pin: string,
  alongside: Record<string, unknown> = {},
): Promise<void> {
  if (!isValidPin(pin)) throw new Error(`The PIN must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} characters`);
  const salt = deps.randomBytes(SALT_BYTES);
  const hash = await derive(deps.subtle, pin, salt, PBKDF2_ITERATIONS);
  const stored: StoredPin = { v: 1, salt: toB64(salt), hash: toB64(hash), iterations: PBKDF2_ITERATIONS };
  await deps.storage.set({
    ...alongside,
    [PARENT_LOCK_KEY]: stored,
    [PARENT_ATTEMPTS_KEY]: cleared(deps.now()),
  });
}

export async function removePin(storage: LockStorage): Promise<void> {
  await storage.remove([PARENT_LOCK_KEY, PARENT_ATTEMPTS_KEY]);
}

/**
 * Checks a PIN, honouring and updating the persisted rate limit. While a wait is running the PIN
 * is not even hashed, so trying during the wait neither helps nor extends it. The failure is
 * written before hashing and cleared only when the PIN is right.
 */
export function verifyPin(deps: LockDeps, pin: string): Promise<VerifyResult> {
  return oneAtATime(deps, async (): Promise<VerifyResult> => {
    const stored = await readPin(deps.storage);
    if (!stored) return { ok: false, reason: 'no-pin', waitMs: 0 };
    const now = deps.now();
    const attempts = observe(await readAttempts(deps.storage, now), now);
    if (attempts.waitLeftMs > 0) {
      await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: attempts });
      return { ok: false, reason: 'wait', waitMs: attempts.waitLeftMs };
    }
    const failures = attempts.failures + 1;
    const counted: Attempts = { failures, waitLeftMs: waitAfter(failures), seenAt: now };
    await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: counted });
    const hash = await derive(deps.subtle, pin, fromB64(stored.salt), stored.iterations);
    if (sameBytes(hash, fromB64(stored.hash))) {
      await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: cleared(deps.now()) });
      return { ok: true, weak: pin.length < MIN_PIN_LENGTH };
    }
    return { ok: false, reason: 'wrong', waitMs: counted.waitLeftMs };
  });
}
