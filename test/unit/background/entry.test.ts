/**
 * The background entry against a fake `browser`: every listener must exist as soon as the module
 * has been evaluated (before any await), because a restarted MV3 worker only receives events for
 * listeners registered synchronously at top level.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_ALARM } from '../../../src/background/schedule';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { CHAT_ORIGINS, PROTECTION_KEY } from '../../../src/shared/protection';
import { MemoryStorage, makeBundle } from './helpers';

type Listener = (...args: unknown[]) => unknown;

function fakeBrowser() {
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
      // No policy: Chrome answers {} (Firefox rejects; src/background/policy.ts handles both).
      managed: { get: async () => ({}) },
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
const requested: string[] = [];

beforeEach(() => {
  vi.resetModules();
  requested.length = 0;
  fake = fakeBrowser();
  vi.doMock('../../../src/shared/browser', () => ({ default: fake.browser }));
  // The engine compiler is the lead's; here a stand-in keeps the test about the wiring.
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

describe('background entry', () => {
  it('registers every listener synchronously at top level', async () => {
    await import('../../../src/background/index');
    // No await between module evaluation and this line that could have let listeners arrive late.
    expect(Object.keys(fake.listeners).sort()).toEqual([
      'alarms.onAlarm',
      'permissions.onAdded',
      'permissions.onRemoved',
      'runtime.onInstalled',
      'runtime.onMessage',
      'runtime.onStartup',
      'storage.onChanged',
      'tabs.onRemoved',
      'tabs.onUpdated',
    ]);
  });

  it('first start: installs the embedded rules offline and arms the update alarm', async () => {
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(fake.alarms.get(UPDATE_ALARM)).toBeDefined());
    expect(fake.storage.data.get(RULESET_ACTIVE_KEY)).toMatchObject({ version: 7, source: 'embedded' });
    expect(requested).toEqual(['chrome-extension://test-id/rules/bundle.json']);
  });

  it('the alarm runs a check; a failed one is recorded and the alarm re-armed', async () => {
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(fake.alarms.get(UPDATE_ALARM)).toBeDefined());
    const before = Date.now();
    const [onAlarm] = fake.listeners['alarms.onAlarm'] ?? [];
    await onAlarm?.({ name: UPDATE_ALARM, scheduledTime: before });
    expect(requested.at(-1)).toBe('https://rules.vigie-extension.org/v1/bundle.json.sig');
    expect(fake.storage.data.get('ruleset/status')).toMatchObject({ lastError: { code: 'network' } });
    const next = fake.alarms.get(UPDATE_ALARM)?.scheduledTime ?? 0;
    expect(next - before).toBeGreaterThanOrEqual(6 * 3_600_000);
    expect(next - before).toBeLessThanOrEqual(7 * 3_600_000 + 1000);
  });

  it('answers get-status from an extension page', async () => {
    await import('../../../src/background/index');
    const [onMessage] = fake.listeners['runtime.onMessage'] ?? [];
    const answer = await onMessage?.(
      { type: 'ui-bg/get-status' },
      { id: 'test-id', url: 'chrome-extension://test-id/src/options/index.html' },
    );
    expect(answer).toMatchObject({ version: 7, source: 'embedded', lastCheck: null, lastError: null });
  });

  it("a content script's report sets its tab's badge; a new page in that tab clears it", async () => {
    await import('../../../src/background/index');
    const [onMessage] = fake.listeners['runtime.onMessage'] ?? [];
    const report = { type: 'cs-bg/tab-state', client: 'telegram-k', state: 'fallback', flagged: 0 };
    const sender = { id: 'test-id', url: 'https://web.telegram.org/k/', tab: { id: 5 }, frameId: 0 };
    expect(await onMessage?.(report, sender)).toEqual({ ok: true });
    expect(fake.badgeCalls).toContainEqual(['text', 5, '?']);
    expect(fake.badgeCalls).toContainEqual(['title', 5, 'badge_title_layout()']);
    const status = await onMessage?.(
      { type: 'ui-bg/get-status' },
      { id: 'test-id', url: 'chrome-extension://test-id/src/options/index.html' },
    );
    expect(status).toMatchObject({ layoutProblems: ['telegram-k'] });
    fake.badgeCalls.length = 0;
    const [onUpdated] = fake.listeners['tabs.onUpdated'] ?? [];
    onUpdated?.(5, { status: 'loading' });
    onUpdated?.(5, { status: 'complete' });
    await vi.waitFor(() => expect(fake.badgeCalls).toContainEqual(['text', 5, '']));
  });

  it('site access withdrawn: the record says since when and every badge says OFF; access back ends it', async () => {
    fake.granted.value = false;
    await import('../../../src/background/index');
    await vi.waitFor(() => expect(fake.badgeCalls).toContainEqual(['text', undefined, 'badge_text_off()']));
    const record = fake.storage.data.get(PROTECTION_KEY) as { off: { since: number; origins: string[] } };
    expect(record.off.origins).toEqual(CHAT_ORIGINS);
    expect(Math.abs(record.off.since - Date.now())).toBeLessThan(60_000);
    expect(
      fake.badgeCalls.some(
        ([k, tab, v]) => k === 'title' && tab === undefined && v.startsWith('badge_title_off('),
      ),
    ).toBe(true);

    fake.badgeCalls.length = 0;
    fake.granted.value = true;
    for (const added of fake.listeners['permissions.onAdded'] ?? []) added({ origins: CHAT_ORIGINS });
    await vi.waitFor(() => expect(fake.badgeCalls).toContainEqual(['text', undefined, '']));
    expect(fake.storage.data.get(PROTECTION_KEY)).toMatchObject({
      off: null,
      last: { from: record.off.since, origins: CHAT_ORIGINS },
    });
  });
});
