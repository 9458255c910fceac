/**
 * The background entry against a fake `browser`: every listener must exist as soon as the module
 * has been evaluated (before any await), because a restarted MV3 worker only receives events for
 * listeners registered synchronously at top level.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_ALARM } from '../../../src/background/schedule';
import { RULESET_ACTIVE_KEY } from '../../../src/shared/messages';
import { MemoryStorage, makeBundle } from './helpers';

type Listener = (...args: unknown[]) => unknown;

function fakeBrowser() {
  const listeners: Record<string, Listener[]> = {};
  const event = (name: string) => ({
    addListener: (fn: Listener) => {
      listeners[name] ??= [];
      listeners[name].push(fn);
    },
  });
  const storage = new MemoryStorage();
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
      // No policy: Chrome answers {} (Firefox rejects; src/background/policy.ts handles both).
      managed: { get: async () => ({}) },
      onChanged: event('storage.onChanged'),
    },
    alarms: {
      onAlarm: event('alarms.onAlarm'),
      get: async (name: string) => alarms.get(name),
      create: async (name: string, info: { when: number }) => {
        alarms.set(name, { name, scheduledTime: info.when });
      },
    },
  };
  return { browser, listeners, storage, alarms };
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
      'runtime.onInstalled',
      'runtime.onMessage',
      'runtime.onStartup',
      'storage.onChanged',
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
    expect(requested.at(-1)).toBe('https://rules.vigie-extension.org/v1/bundle.json');
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
});
