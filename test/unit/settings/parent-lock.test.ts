/** Parent lock: PBKDF2 hash only, verification, the persisted growing wait after wrong attempts. */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  derive,
  isPinSet,
  isValidPin,
  type LockDeps,
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

describe('parent lock', () => {
  it('stores only a salted PBKDF2-SHA-256 hash (310 000 iterations, 16-byte salt), never the PIN', async () => {
    const d = deps();
    await setPin(d, '4826');
    const stored = d.storage.data.get(PARENT_LOCK_KEY) as Record<string, unknown>;
    expect(JSON.stringify([...d.storage.data.values()])).not.toContain('4826');
    expect(stored.iterations).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(310_000);
    const salt = Buffer.from(stored.salt as string, 'base64');
    expect(salt).toHaveLength(16);
    // The stored hash is what PBKDF2 gives for this PIN and salt (checked against node's own PBKDF2).
    const expected = await import('node:crypto').then((c) =>
      c.pbkdf2Sync('4826', salt, PBKDF2_ITERATIONS, 32, 'sha256').toString('base64'),
    );
    expect(stored.hash).toBe(expected);
    expect(Buffer.from(await derive(d.subtle, '4826', salt, 1)).toString('base64')).not.toBe(expected);
  });

  it('two PINs set the same way get different salts and hashes', async () => {
    const a = deps();
    const b = deps();
    await setPin(a, '0000');
    await setPin(b, '0000');
    const sa = a.storage.data.get(PARENT_LOCK_KEY) as Record<string, string>;
    const sb = b.storage.data.get(PARENT_LOCK_KEY) as Record<string, string>;
    expect(sa.salt).not.toBe(sb.salt);
    expect(sa.hash).not.toBe(sb.hash);
  });

  it('accepts the right PIN and refuses a wrong one', async () => {
    const d = deps();
    expect(await verifyPin(d, '1234')).toEqual({ ok: false, reason: 'no-pin', waitMs: 0 });
    await setPin(d, '1234');
    expect(await isPinSet(d.storage)).toBe(true);
    expect(await verifyPin(d, '1234')).toEqual({ ok: true });
    expect(await verifyPin(d, '1235')).toEqual({ ok: false, reason: 'wrong', waitMs: 0 });
  });

  it('rejects PINs that are too short, too long or padded', () => {
    expect(isValidPin('123')).toBe(false);
    expect(isValidPin(' 1234')).toBe(false);
    expect(isValidPin('x'.repeat(65))).toBe(false);
    expect(isValidPin('1234')).toBe(true);
  });

  it('waits grow after three wrong attempts and cap at one hour', () => {
    expect([1, 2, 3, 4, 5, 6].map(waitAfter)).toEqual([0, 0, 30_000, 60_000, 120_000, 240_000]);
    expect(waitAfter(50)).toBe(3_600_000);
  });

  it('during a wait even the right PIN is refused; after it, the right PIN works and resets the count', async () => {
    const d = deps();
    await setPin(d, '2468');
    for (let i = 0; i < 3; i++) await verifyPin(d, '0000');
    const refused = await verifyPin(d, '2468');
    expect(refused).toEqual({ ok: false, reason: 'wait', waitMs: 30_000 });
    d.clock.t += 30_001;
    expect(await verifyPin(d, '2468')).toEqual({ ok: true });
    expect(await readAttempts(d.storage)).toEqual({ failures: 0, lockedUntil: 0 });
  });

  it('the count is persisted: a new page (new deps over the same storage) still waits', async () => {
    const d = deps();
    await setPin(d, '2468');
    for (let i = 0; i < 4; i++) {
      await verifyPin(d, '9999');
      if (i === 2) d.clock.t += 30_001; // the third miss starts a 30 s wait; the fourth comes after it
    }
    const reopened = { ...deps(), storage: d.storage, clock: d.clock, now: () => d.clock.t };
    const r = await verifyPin(reopened, '2468');
    expect(r).toEqual({ ok: false, reason: 'wait', waitMs: 60_000 });
    expect(d.storage.data.get(PARENT_ATTEMPTS_KEY)).toEqual({ failures: 4, lockedUntil: d.clock.t + 60_000 });
  });

  it('removing the PIN forgets hash and counter', async () => {
    const d = deps();
    await setPin(d, '2468');
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
