/**
 * Parent lock: PBKDF2 hash only, verification, the persisted growing wait after wrong attempts,
 * and the ways a determined child tried around it (issue 17, point 10): attempts fired together,
 * an attempt abandoned mid-way, the system clock moved, a short PIN.
 */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  currentWait,
  derive,
  isPinSet,
  isValidPin,
  type LockDeps,
  MAX_CREDIT_MS,
  MIN_PIN_LENGTH,
  PARENT_ATTEMPTS_KEY,
  PARENT_LOCK_KEY,
  PBKDF2_ITERATIONS,
  readAttempts,
  removePin,
  setPin,
  verifyPin,
  waitAfter,
} from '../../../src/shared/settings/parent-lock';

function memory() {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (keys: string[]) =>
      Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))])),
    set: async (items: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (keys: string | string[]) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}

function deps(): LockDeps & { clock: { t: number }; storage: ReturnType<typeof memory> } {
  const clock = { t: 1_000_000 };
  return {
    clock,
    storage: memory(),
    subtle: webcrypto.subtle as unknown as SubtleCrypto,
    randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
    now: () => clock.t,
  };
}

/** Time passing with the options page open: it observes the wait once a second. */
async function passTime(d: ReturnType<typeof deps>, ms: number) {
  for (let left = ms; left > 0; left -= 1000) {
    d.clock.t += Math.min(1000, left);
    await currentWait(d);
  }
}

/** A PIN stored the way older versions did, before new PINs needed 6 characters. */
async function storeLegacyPin(d: ReturnType<typeof deps>, pin: string) {
  const salt = webcrypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(d.subtle, pin, salt, 1000);
  d.storage.data.set(PARENT_LOCK_KEY, {
    v: 1,
    salt: Buffer.from(salt).toString('base64'),
    hash: Buffer.from(hash).toString('base64'),
    iterations: 1000,
  });
}

describe('parent lock', () => {
  it('stores only a salted PBKDF2-SHA-256 hash (310 000 iterations, 16-byte salt), never the PIN', async () => {
    const d = deps();
    await setPin(d, '482613');
    const stored = d.storage.data.get(PARENT_LOCK_KEY) as Record<string, unknown>;
    expect(JSON.stringify([...d.storage.data.values()])).not.toContain('482613');
    expect(stored.iterations).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(310_000);
    const salt = Buffer.from(stored.salt as string, 'base64');
    expect(salt).toHaveLength(16);
    // The stored hash is what PBKDF2 gives for this PIN and salt (checked against node's own PBKDF2).
    const expected = await import('node:crypto').then((c) =>
      c.pbkdf2Sync('482613', salt, PBKDF2_ITERATIONS, 32, 'sha256').toString('base64'),
    );
    expect(stored.hash).toBe(expected);
    expect(Buffer.from(await derive(d.subtle, '482613', salt, 1)).toString('base64')).not.toBe(expected);
  });

  it('two PINs set the same way get different salts and hashes', async () => {
    const a = deps();
    const b = deps();
    await setPin(a, '000000');
    await setPin(b, '000000');
    const sa = a.storage.data.get(PARENT_LOCK_KEY) as Record<string, string>;
    const sb = b.storage.data.get(PARENT_LOCK_KEY) as Record<string, string>;
    expect(sa.salt).not.toBe(sb.salt);
    expect(sa.hash).not.toBe(sb.hash);
  });

  it('accepts the right PIN and refuses a wrong one', async () => {
    const d = deps();
    expect(await verifyPin(d, '123456')).toEqual({ ok: false, reason: 'no-pin', waitMs: 0 });
    await setPin(d, '123456');
    expect(await isPinSet(d.storage)).toBe(true);
    expect(await verifyPin(d, '123456')).toEqual({ ok: true, weak: false });
    expect(await verifyPin(d, '123457')).toEqual({ ok: false, reason: 'wrong', waitMs: 0 });
  });

  it('new PINs need at least 6 characters; too long or padded ones are refused', async () => {
    expect(MIN_PIN_LENGTH).toBe(6);
    for (const bad of ['123', '1234', '12345', ' 123456', '123456 ', 'x'.repeat(65)])
      expect(isValidPin(bad), bad).toBe(false);
    expect(isValidPin('123456')).toBe(true);
    expect(isValidPin('x'.repeat(64))).toBe(true);
    await expect(setPin(deps(), '1234')).rejects.toThrow(/6 to 64/);
  });

  it('a 4-character PIN set by an older version still unlocks, marked weak so the page suggests changing it', async () => {
    const d = deps();
    await storeLegacyPin(d, '4826');
    expect(await verifyPin(d, '4826')).toEqual({ ok: true, weak: true });
    expect(await verifyPin(d, '4827')).toEqual({ ok: false, reason: 'wrong', waitMs: 0 });
  });

  it('waits grow after three wrong attempts and cap at one hour', () => {
    expect([1, 2, 3, 4, 5, 6].map(waitAfter)).toEqual([0, 0, 30_000, 60_000, 120_000, 240_000]);
    expect(waitAfter(50)).toBe(3_600_000);
  });

  it('during a wait even the right PIN is refused; after it, the right PIN works and resets the count', async () => {
    const d = deps();
    await setPin(d, '246801');
    for (let i = 0; i < 3; i++) await verifyPin(d, '000000');
    const refused = await verifyPin(d, '246801');
    expect(refused).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 });
    await passTime(d, 30_000);
    expect(await verifyPin(d, '246801')).toEqual({ ok: true, weak: false });
    expect(await readAttempts(d.storage, d.clock.t)).toEqual({
      failures: 0,
      waitLeftMs: 0,
      seenAt: d.clock.t,
    });
  });

  it('the count is persisted: a new page (new deps over the same storage) still waits', async () => {
    const d = deps();
    await setPin(d, '246801');
    for (let i = 0; i < 4; i++) {
      await verifyPin(d, '999999');
      if (i === 2) await passTime(d, 30_000); // the third miss starts a 30 s wait; the fourth comes after it
    }
    const reopened = { ...deps(), storage: d.storage, clock: d.clock, now: () => d.clock.t };
    const r = await verifyPin(reopened, '246801');
    expect(r).toEqual({ ok: false, reason: 'wait', waitMs: 60_000 });
    expect(d.storage.data.get(PARENT_ATTEMPTS_KEY)).toEqual({
      failures: 4,
      waitLeftMs: 60_000,
      seenAt: d.clock.t,
    });
  });

  it('20 wrong PINs fired at once are each counted: three are checked, the rest wait', async () => {
    const d = deps();
    await setPin(d, '246801');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => verifyPin(d, `10000${i}`)));
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === 'wait')).toHaveLength(17);
    expect(await readAttempts(d.storage, d.clock.t)).toMatchObject({ failures: 3, waitLeftMs: 30_000 });
  });

  it('the failure is written before the slow hash: an attempt cut short (page closed) still counts', async () => {
    const d = deps();
    await setPin(d, '246801');
    const seenWhileHashing: unknown[] = [];
    const subtle = {
      importKey: d.subtle.importKey.bind(d.subtle),
      deriveBits: () => {
        seenWhileHashing.push(structuredClone(d.storage.data.get(PARENT_ATTEMPTS_KEY)));
        return Promise.reject(new Error('the page was closed')); // PBKDF2 never ends
      },
    } as unknown as SubtleCrypto;
    for (let i = 0; i < 3; i++) await expect(verifyPin({ ...d, subtle }, '246801')).rejects.toThrow();
    expect(seenWhileHashing).toMatchObject([{ failures: 1 }, { failures: 2 }, { failures: 3 }]);
    expect(await verifyPin(d, '246801')).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 });
  });

  it('moving the clock forward does not end the wait (at most a few seconds per observation)', async () => {
    const d = deps();
    await setPin(d, '246801');
    for (let i = 0; i < 3; i++) await verifyPin(d, '000000');
    d.clock.t += 24 * 3600_000; // a day later, by the system clock
    const r = await verifyPin(d, '246801');
    expect(r).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 - MAX_CREDIT_MS });
    for (let i = 0; i < 3; i++) {
      d.clock.t += 3600_000;
      await currentWait(d);
    }
    expect(await currentWait(d)).toBe(30_000 - 4 * MAX_CREDIT_MS);
  });

  it('moving the clock back neither shortens nor lengthens the wait; time then counts from there', async () => {
    const d = deps();
    await setPin(d, '246801');
    for (let i = 0; i < 3; i++) await verifyPin(d, '000000');
    await passTime(d, 10_000);
    d.clock.t -= 365 * 24 * 3600_000;
    expect(await currentWait(d)).toBe(20_000);
    expect(await verifyPin(d, '246801')).toEqual({ ok: false, reason: 'wait', waitMs: 20_000 });
    await passTime(d, 20_000);
    expect(await verifyPin(d, '246801')).toEqual({ ok: true, weak: false });
  });

  it('reads the older stored form { failures, lockedUntil } as the time that was left', async () => {
    const d = deps();
    await setPin(d, '246801');
    d.storage.data.set(PARENT_ATTEMPTS_KEY, { failures: 4, lockedUntil: d.clock.t + 45_000 });
    expect(await verifyPin(d, '246801')).toEqual({ ok: false, reason: 'wait', waitMs: 45_000 });
    d.storage.data.set(PARENT_ATTEMPTS_KEY, { failures: 9, lockedUntil: d.clock.t + 10 * 3600_000 });
    expect(await currentWait(d)).toBe(3600_000);
  });

  it('removing the PIN forgets hash and counter', async () => {
    const d = deps();
    await setPin(d, '246801');
    await verifyPin(d, '0');
    await removePin(d.storage);
    expect(d.storage.data.size).toBe(0);
    expect(await isPinSet(d.storage)).toBe(false);
  });

  it('a damaged stored PIN reads as "no PIN set" rather than locking the user out forever', async () => {
    const d = deps();
    d.storage.data.set(PARENT_LOCK_KEY, { v: 1, salt: 3 });
    expect(await isPinSet(d.storage)).toBe(false);
  });
});
