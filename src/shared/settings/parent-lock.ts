/**
 * Parent lock: a PIN that protects the settings, the dismissals and the on/off switch. Warnings
 * and the popup stay available; only CHANGING things needs the PIN.
 *
 *   storage.local "parent-lock@1"          { v: 1, salt, hash, iterations }   (never the PIN)
 *   storage.local "parent-lock/attempts@1" { failures, lockedUntil }          (survives reopening the page)
 *
 *   verify(pin) ─► waiting? ─► refuse (no hashing)
 *              └─► PBKDF2(pin, salt) == hash ? reset failures : failures+1, lockedUntil = now + delay
 *
 * The PIN is stored only as a salted slow hash: PBKDF2-HMAC-SHA-256, 310 000 iterations
 * (OWASP Password Storage Cheat Sheet), a random 16-byte salt per PIN. After 3 wrong attempts
 * each further one waits longer (30 s, 1 min, 2 min … up to 1 h); the counter is in storage so
 * closing and reopening the options page does not reset it.
 *
 * Recovery does not weaken this: there is no "forgot PIN" bypass. Removing Vigie and installing
 * it again erases its storage, PIN included (the UI says so). A local lock cannot stop someone
 * who can uninstall extensions: the README points to browser policies for that.
 *
 * Crypto and clock are injected so the tests run in Node and control time.
 */

export const PARENT_LOCK_KEY = 'parent-lock@1';
export const PARENT_ATTEMPTS_KEY = 'parent-lock/attempts@1';
export const PBKDF2_ITERATIONS = 310_000;
export const SALT_BYTES = 16;
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 64;
/** Wrong attempts allowed before waits start. */
export const FREE_ATTEMPTS = 3;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 60 * 60_000;

export interface StoredPin {
  v: 1;
  salt: string;
  hash: string;
  iterations: number;
}

export interface Attempts {
  failures: number;
  lockedUntil: number;
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
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'wrong' | 'wait' | 'no-pin'; waitMs: number };

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

/** A PIN is 4–64 characters; whitespace at the ends is an easy typo, so it is not allowed. */
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

function parseAttempts(value: unknown): Attempts {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const failures = typeof v.failures === 'number' && v.failures >= 0 ? Math.floor(v.failures) : 0;
  const lockedUntil = typeof v.lockedUntil === 'number' ? v.lockedUntil : 0;
  return { failures, lockedUntil };
}

export async function readPin(storage: LockStorage): Promise<StoredPin | null> {
  return parseStoredPin((await storage.get([PARENT_LOCK_KEY]))[PARENT_LOCK_KEY]);
}

export async function isPinSet(storage: LockStorage): Promise<boolean> {
  return (await readPin(storage)) !== null;
}

export async function readAttempts(storage: LockStorage): Promise<Attempts> {
  return parseAttempts((await storage.get([PARENT_ATTEMPTS_KEY]))[PARENT_ATTEMPTS_KEY]);
}

/** Sets (or replaces) the PIN. Replacing or removing it is only offered after a verified PIN. */
export async function setPin(deps: LockDeps, pin: string): Promise<void> {
  if (!isValidPin(pin)) throw new Error(`The PIN must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} characters`);
  const salt = deps.randomBytes(SALT_BYTES);
  const hash = await derive(deps.subtle, pin, salt, PBKDF2_ITERATIONS);
  const stored: StoredPin = { v: 1, salt: toB64(salt), hash: toB64(hash), iterations: PBKDF2_ITERATIONS };
  await deps.storage.set({
    [PARENT_LOCK_KEY]: stored,
    [PARENT_ATTEMPTS_KEY]: { failures: 0, lockedUntil: 0 },
  });
}

export async function removePin(storage: LockStorage): Promise<void> {
  await storage.remove([PARENT_LOCK_KEY, PARENT_ATTEMPTS_KEY]);
}

/**
 * Checks a PIN, honouring and updating the persisted rate limit. While a wait is running the PIN
 * is not even hashed, so trying during the wait neither helps nor extends it.
 */
export async function verifyPin(deps: LockDeps, pin: string): Promise<VerifyResult> {
  const stored = await readPin(deps.storage);
  if (!stored) return { ok: false, reason: 'no-pin', waitMs: 0 };
  const attempts = await readAttempts(deps.storage);
  const start = deps.now();
  if (attempts.lockedUntil > start)
    return { ok: false, reason: 'wait', waitMs: attempts.lockedUntil - start };
  const hash = await derive(deps.subtle, pin, fromB64(stored.salt), stored.iterations);
  if (sameBytes(hash, fromB64(stored.hash))) {
    await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: { failures: 0, lockedUntil: 0 } });
    return { ok: true };
  }
  const failures = attempts.failures + 1;
  const waitMs = waitAfter(failures);
  await deps.storage.set({ [PARENT_ATTEMPTS_KEY]: { failures, lockedUntil: deps.now() + waitMs } });
  return { ok: false, reason: 'wrong', waitMs };
}
