/**
 * The background entry with a managed policy (issue 7), against a fake `browser`: Firefox's
 * rejection without a policy does not stop start-up; a policy change on Chrome (onChanged
 * 'managed') reaches the cache; the organisation's feed is asked first and its interval used.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_ALARM } from '../../../src/background/schedule';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { POLICY_CACHE_KEY } from '../../../src/shared/settings/keys';
import { MemoryStorage, makeBundle } from './helpers';

type Listener = (...args: unknown[]) => unknown;

function fakeBrowser(readManaged: () => Promise<Record<string, unknown>>) {
  const listeners: Record<string, Listener[]> = {};
  const granted = { value: true };
  const event = (name: string) => ({
    addListener: (fn: Listener) => {
      listeners[name] ??= [];
      listeners[name].push(fn);
    },
  });
  const storage = new MemoryStorage();
  const session = new MemoryStorage();
  const badgeCalls: [string, number | undefined, string][] = [];
  const alarms = new Map<string, { name: string; scheduledTime: number }>();
  const browser = {
    runtime: {
      id: 'test-id',
      getManifest: () => ({ version: '1.0.0' }),
      getURL: (path: string) => `chrome-extension://test-id/${path}`,
      onMessage: event('runtime.onMessage'),
      onInstalled: event('runtime.onInstalled'),
      onStartup: event('runtime.onStartup'),
    },
    storage: {
      local: storage,
      session,
      managed: { get: vi.fn(readManaged) },
      onChanged: event('storage.onChanged'),
    },
    // The toolbar badge (src/background/tab-badge.ts): per-tab calls are recorded.
    action: {
      setBadgeText: async (d: { tabId?: number; text: string }) =>
        void badgeCalls.push(['text', d.tabId, d.text]),
      setBadgeBackgroundColor: async (d: { tabId?: number; color: string }) =>
        void badgeCalls.push(['color', d.tabId, d.color]),
      setTitle: async (d: { tabId?: number; title: string }) =>
        void badgeCalls.push(['title', d.tabId, d.title]),
    },
    // Access to the chat sites (src/background/protection-watch.ts); granted unless a test says not.
    permissions: {
      contains: async (_p: { origins: string[] }) => granted.value,
      onRemoved: event('permissions.onRemoved'),
      onAdded: event('permissions.onAdded'),
    },
    tabs: {
      onRemoved: event('tabs.onRemoved'),
      onUpdated: event('tabs.onUpdated'),
      // No content script answers in these tests: as on a page that is not a chat.
      sendMessage: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    },
    i18n: {
      getUILanguage: () => 'en',
      getMessage: (key: string, subs: string[]) => `${key}(${subs.join(',')})`,
    },
    alarms: {
      onAlarm: event('alarms.onAlarm'),
      get: async (name: string) => alarms.get(name),
      create: async (name: string, info: { when: number }) => {
        alarms.set(name, { name, scheduledTime: info.when });
      },
    },
  };
  return { browser, granted, listeners, storage, alarms, badgeCalls };
}

let fake: ReturnType<typeof fakeBrowser>;
let managed: Record<string, unknown> | 'reject';
const requested: string[] = [];

beforeEach(() => {
  vi.resetModules();
  requested.length = 0;
  managed = {};
  fake = fakeBrowser(async () => {
    if (managed === 'reject') throw new Error('Managed storage manifest not found');
    return structuredClone(managed);
  });
  vi.doMock('../../../src/shared/browser', () => ({ default: fake.browser }));
  vi.doMock('../../../src/engine/index', () => ({ compileRuleSet: (parsed: unknown) => parsed }));
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    if (url === 'chrome-extension://test-id/rules/bundle.json') return new Response(makeBundle(7));
    throw new TypeError('offline');
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.doUnmock('../../../src/shared/browser');
  vi.doUnmock('../../../src/engine/index');
});

const cache = () =>
  fake.storage.data.get(POLICY_CACHE_KEY) as { policy: Record<string, unknown> } | undefined;

describe('background with a managed policy', () => {
  it('Firefox without policy (managed.get rejects): start-up installs the rules and caches "no policy"', async () => {
    managed = 'reject';
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(fake.alarms.get(UPDATE_ALARM)).toBeDefined());
    expect(fake.storage.data.get(RULESET_ACTIVE_KEY)).toMatchObject({ version: 7 });
    expect(cache()?.policy.settings).toEqual({});
  });

  it("the organisation's feed is asked first and its interval schedules the next check", async () => {
    managed = { extraFeedUrls: ['https://rules.school.example/b.json'], updateIntervalMinutes: 120 };
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(fake.alarms.get(UPDATE_ALARM)).toBeDefined());
    const [onAlarm] = fake.listeners['alarms.onAlarm'] ?? [];
    const before = Date.now();
    await onAlarm?.({ name: UPDATE_ALARM, scheduledTime: before });
    const feeds = requested.filter((u) => u.startsWith('https://'));
    expect(feeds[0]).toBe('https://rules.school.example/b.json.sig');
    expect(feeds).toContain('https://rules.vigie-extension.org/v1/bundle.json.sig');
    const next = (fake.alarms.get(UPDATE_ALARM)?.scheduledTime ?? 0) - before;
    // 2 h plus up to 20 min of jitter, not the build's 6 h.
    expect(next).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(next).toBeLessThanOrEqual(2 * 3_600_000 + 20 * 60_000 + 1000);
  });

  it("Chrome: a policy pushed later (onChanged 'managed') reaches the cache", async () => {
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(cache()).toBeDefined());
    managed = { sensitivity: 'high', lockedSettings: ['enabled'] };
    const [onChanged] = fake.listeners['storage.onChanged'] ?? [];
    onChanged?.({ sensitivity: { newValue: 'high' } }, 'managed');
    await vi.waitFor(() => expect(cache()?.policy.settings).toEqual({ sensitivity: 'high' }));
    expect(cache()?.policy.locks).toEqual(['enabled']);
  });
});
