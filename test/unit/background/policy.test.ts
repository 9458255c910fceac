/**
 * Acquiring storage.managed (src/background/policy.ts): Chrome's {} and Firefox's rejection both
 * mean "no policy"; an empty first read is retried while a policy is cached (the start-up race,
 * w3c/webextensions#547); the cache is only rewritten on a real change (Firefox fires onChanged
 * for unchanged values).
 */
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_RETRY_MS, type PolicyDeps, refreshPolicy } from '../../../src/background/policy';
import { POLICY_CACHE_KEY } from '../../../src/shared/settings/keys';
import { MemoryStorage } from './helpers';

function setup(reads: (() => Promise<unknown>)[]) {
  const local = new MemoryStorage();
  const slept: number[] = [];
  let i = 0;
  const deps: PolicyDeps = {
    readManaged: vi.fn(() => (reads[Math.min(i++, reads.length - 1)] as () => Promise<unknown>)()),
    local,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  return { deps, local, slept };
}

const cached = (local: MemoryStorage) =>
  local.data.get(POLICY_CACHE_KEY) as { policy: Record<string, unknown>; notes: string[] };

describe('refreshPolicy', () => {
  it('first start, Chrome without policy ({}): "no policy" is cached at once, then re-read a few times', async () => {
    const { deps, local, slept } = setup([async () => ({})]);
    let cachedBeforeFirstSleep: unknown;
    let firstReadDone = 0;
    deps.sleep = async (ms) => {
      cachedBeforeFirstSleep ??= local.data.get(POLICY_CACHE_KEY);
      slept.push(ms);
    };
    await refreshPolicy(deps, () => firstReadDone++);
    expect(cachedBeforeFirstSleep).toMatchObject({ policy: { settings: {} }, notes: [] });
    expect(slept).toEqual([...EMPTY_RETRY_MS]);
    expect(firstReadDone).toBeGreaterThanOrEqual(1);
    expect(local.writes).toHaveLength(1);
  });

  it('first start: a policy that only shows up on a re-read, with no onChanged, is cached (w3c#547)', async () => {
    const { deps, local, slept } = setup([async () => ({}), async () => ({ blur: true })]);
    await refreshPolicy(deps);
    expect(slept).toEqual([EMPTY_RETRY_MS[0]]);
    expect(cached(local).policy.settings).toEqual({ blur: true });
  });

  it('start-up is told after the first read, before the re-reads end', async () => {
    const { deps } = setup([async () => ({})]);
    const events: string[] = [];
    deps.sleep = async (ms) => {
      events.push(`sleep ${ms}`);
    };
    await refreshPolicy(deps, () => events.push('first read'));
    expect(events[0]).toBe('first read');
  });

  it('Firefox without policy (rejects) is "no policy", not an error', async () => {
    const { deps, local } = setup([() => Promise.reject(new Error('Managed storage manifest not found'))]);
    const got = await refreshPolicy(deps);
    expect(got.notes).toEqual([]);
    expect(cached(local).policy.locks).toEqual([]);
  });

  it('caches checked values and notes about ignored ones', async () => {
    const { deps, local } = setup([
      async () => ({ sensitivity: 'high', blur: 'yes', lockedSettings: ['blur'] }),
    ]);
    await refreshPolicy(deps);
    expect(cached(local).policy.settings).toEqual({ sensitivity: 'high' });
    expect(cached(local).policy.locks).toEqual(['blur']);
    expect(cached(local).notes).toEqual(['Policy "blur" ignored: expected true or false.']);
  });

  it('an empty read while a policy is cached is retried before the cache is cleared', async () => {
    const { deps, local, slept } = setup([async () => ({ sensitivity: 'low' })]);
    await refreshPolicy(deps);
    // Next start: managed storage is empty at first, fills in on the second retry.
    const reads = [async () => ({}), async () => ({}), async () => ({ sensitivity: 'high' })];
    let i = 0;
    deps.readManaged = () => (reads[i++] as () => Promise<unknown>)();
    await refreshPolicy(deps);
    expect(slept).toEqual([EMPTY_RETRY_MS[0], EMPTY_RETRY_MS[1]]);
    expect(cached(local).policy.settings).toEqual({ sensitivity: 'high' });
    // Never written as empty in between.
    expect(
      local.writes.map((w) => (w[POLICY_CACHE_KEY] as { policy: { settings: unknown } }).policy.settings),
    ).toEqual([{ sensitivity: 'low' }, { sensitivity: 'high' }]);
  });

  it('a policy that really went away is cleared after the retries', async () => {
    const { deps, local, slept } = setup([async () => ({ sensitivity: 'low' }), async () => ({})]);
    await refreshPolicy(deps);
    await refreshPolicy(deps);
    expect(slept).toEqual([...EMPTY_RETRY_MS]);
    expect(cached(local).policy.settings).toEqual({});
  });

  it('does not rewrite the cache when nothing changed', async () => {
    const { deps, local } = setup([async () => ({ country: 'BE' })]);
    await refreshPolicy(deps);
    await refreshPolicy(deps);
    expect(local.writes).toHaveLength(1);
  });

  it('a failing local storage never throws out of start-up', async () => {
    const { deps, local } = setup([async () => ({ country: 'BE' })]);
    local.set = async () => {
      throw new Error('quota');
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(refreshPolicy(deps)).resolves.toMatchObject({ notes: [] });
    warn.mockRestore();
  });
});
