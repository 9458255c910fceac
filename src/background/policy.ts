/**
 * Acquires the managed policy and caches the CHECKED result in storage.local, where every part
 * (content script, popup, options, this worker) reads it through src/shared/settings/store.ts.
 * Acquisition only: checking is parsePolicy() (pure, src/shared/settings/policy.ts).
 *
 *   start ─► read storage.managed ─► non-empty ─► write cache
 *                                  └ empty ─► (first run: write "no policy") ─► re-read after 2 s, 5 s, 10 s
 *                                             ─► write what the last read found
 *   storage.onChanged('managed') ─► read ─► write cache (Chrome only: Firefox never fires it)
 *
 * Gotchas (../shared/docs/POLICY.md):
 * - No policy: Chrome answers {}, Firefox REJECTS ("Managed storage manifest not found",
 *   https://github.com/w3c/webextensions/issues/497): both mean "no policy", never an error.
 * - storage.managed may be empty at first and fill in later with no onChanged
 *   (https://github.com/w3c/webextensions/issues/547): an empty read is re-read for a few seconds
 *   before it counts as "no policy".
 * - Firefox reads policies.json at start-up only (https://bugzil.la/1685965): changes need a
 *   browser restart, which re-runs this module.
 * - Firefox may fire onChanged for unchanged values: the cache is only rewritten on a real change.
 */
import { POLICY_CACHE_KEY } from '../shared/settings/keys';
import { isPolicyEmpty, type PolicyCache, parsePolicy, parsePolicyCache } from '../shared/settings/policy';

export interface PolicyDeps {
  readManaged(): Promise<unknown>;
  local: {
    get(keys: string[]): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
  sleep(ms: number): Promise<void>;
}

/** Delays before re-reading an empty managed area (the install/start-up race). */
export const EMPTY_RETRY_MS = [2000, 5000, 10000] as const;

/** One read of storage.managed; a rejection (Firefox without policy, missing API) is "no policy". */
export async function readPolicyOnce(deps: Pick<PolicyDeps, 'readManaged'>): Promise<PolicyCache> {
  let raw: unknown;
  try {
    raw = await deps.readManaged();
  } catch {
    raw = undefined;
  }
  return parsePolicy(raw);
}

async function writeIfChanged(deps: PolicyDeps, next: PolicyCache): Promise<boolean> {
  const got = await deps.local.get([POLICY_CACHE_KEY]);
  if (JSON.stringify(got[POLICY_CACHE_KEY]) === JSON.stringify(next)) return false;
  await deps.local.set({ [POLICY_CACHE_KEY]: next });
  return true;
}

/**
 * Reads the policy and updates the cache; never throws. An empty read is not trusted at once:
 * - on the very first run (no cache yet) "no policy" is cached at once, then re-read a few times,
 *   because the managed area may fill in later without any onChanged (w3c/webextensions#547);
 * - while the cache holds a policy, it is kept during the re-reads, so a slow start cannot
 *   briefly unlock an organisation's settings; only a policy still absent after them is cleared.
 * `onFirstRead` is called once the first read is handled (start-up need not wait for re-reads).
 */
export async function refreshPolicy(
  deps: PolicyDeps,
  onFirstRead: () => void = () => {},
): Promise<PolicyCache> {
  const isEmpty = (c: PolicyCache) => isPolicyEmpty(c.policy) && c.notes.length === 0;
  try {
    let current = await readPolicyOnce(deps);
    if (isEmpty(current)) {
      const cached = (await deps.local.get([POLICY_CACHE_KEY]))[POLICY_CACHE_KEY];
      const isFirstRun = cached === undefined;
      const hadPolicy = !isFirstRun && !isPolicyEmpty(parsePolicyCache(cached).policy);
      if (isFirstRun) await writeIfChanged(deps, current);
      if (isFirstRun || hadPolicy) {
        onFirstRead();
        for (const ms of EMPTY_RETRY_MS) {
          await deps.sleep(ms);
          current = await readPolicyOnce(deps);
          if (!isEmpty(current)) break;
        }
      }
    }
    await writeIfChanged(deps, current);
    return current;
  } catch (error) {
    console.warn('Vigie: could not read the managed policy', error);
    return { policy: parsePolicy(undefined).policy, notes: [] };
  } finally {
    onFirstRead();
  }
}
