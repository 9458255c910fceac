// @vitest-environment happy-dom
/**
 * The wiring of src/content/main.ts against a fake browser API: where rules come from (storage,
 * else one request to the background), live updates, and the popup's questions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const state = {
    local: {} as Record<string, unknown>,
    sync: {} as Record<string, unknown>,
    storageListeners: [] as Listener[],
    messageListeners: [] as Listener[],
    sent: [] as unknown[],
    reply: undefined as unknown,
  };
  const area = (store: 'local' | 'sync') => ({
    get: async (key: string) => (key in state[store] ? { [key]: state[store][key] } : {}),
    set: async (items: Record<string, unknown>) => {
      Object.assign(state[store], items);
      const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }]));
      for (const l of state.storageListeners) l(changes, store);
    },
  });
  const browser = {
    storage: {
      local: area('local'),
      sync: area('sync'),
      onChanged: {
        addListener: (l: Listener) => state.storageListeners.push(l),
        removeListener: (l: Listener) => {
          state.storageListeners = state.storageListeners.filter((x) => x !== l);
        },
      },
    },
    runtime: {
      id: 'vigie-test',
      sendMessage: async (m: unknown) => {
        state.sent.push(m);
        return state.reply;
      },
      onMessage: {
        addListener: (l: Listener) => state.messageListeners.push(l),
        removeListener: (l: Listener) => {
          state.messageListeners = state.messageListeners.filter((x) => x !== l);
        },
      },
    },
    i18n: { getUILanguage: () => 'en' },
  };
  return { state, browser };
});
vi.mock('webextension-polyfill', () => ({ default: fake.browser }));

import { buildBundle } from '../../../scripts/lib/rule-sources';
import { start } from '../../../src/content/main';
import { badges, loadFixture, waitFor } from './helpers';

const RAW = buildBundle().json;

/** happy-dom's own control surface (not part of the DOM typings). */
function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}
const active = (raw = RAW, version = 1) => ({ raw, version, source: 'embedded' as const });

function ask(message: unknown, id = 'vigie-test'): Promise<unknown> | undefined {
  const listener = fake.state.messageListeners[0];
  return listener?.(message, { id }) as Promise<unknown> | undefined;
}

let controller: AbortController;
beforeEach(() => {
  fake.state.local = {};
  fake.state.sync = {};
  fake.state.sent = [];
  fake.state.reply = undefined;
  fake.state.storageListeners = [];
  fake.state.messageListeners = [];
  controller = new AbortController();
  setUrl('https://web.telegram.org/k/#-1987654321');
  loadFixture('telegram-k');
});
afterEach(() => controller.abort());

describe('content script start-up', () => {
  it('uses the ruleset in storage and answers the popup', async () => {
    fake.state.local['ruleset/active'] = active();
    const scanner = await start(document, controller.signal);
    expect(scanner).not.toBeNull();
    scanner?.flush();
    expect(fake.state.sent).toEqual([]);
    expect(document.documentElement.getAttribute('data-vigie')).toBe('active');
    expect(badges().length).toBeGreaterThanOrEqual(4);
    const summary = (await ask({ type: 'popup-cs/get-summary' })) as { client: string; flagged: unknown[] };
    expect(summary.client).toBe('telegram-k');
    expect(summary.flagged.length).toBe(badges().length);
    // not from our extension, or malformed: no answer
    expect(ask({ type: 'popup-cs/get-summary' }, 'someone-else')).toBeUndefined();
    expect(ask({ type: 'nope' })).toBeUndefined();
  });

  it('asks the background once when storage has no ruleset', async () => {
    fake.state.reply = { ok: true, ruleset: active() };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    expect(fake.state.sent).toEqual([{ type: 'cs-bg/get-rules' }]);
    expect(badges().length).toBeGreaterThanOrEqual(4);
  });

  it('stays idle without rules, then follows a ruleset written later, and a bad one is ignored', async () => {
    fake.state.reply = { ok: false, error: 'not yet' };
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    expect(badges()).toHaveLength(0);
    expect(document.documentElement.getAttribute('data-vigie')).toBe('idle');
    await fake.browser.storage.local.set({ 'ruleset/active': active() });
    scanner?.flush();
    const before = badges().length;
    expect(before).toBeGreaterThanOrEqual(4);
    await fake.browser.storage.local.set({ 'ruleset/active': active('{"not":"a bundle"}', 2) });
    scanner?.flush();
    expect(badges()).toHaveLength(before);
    expect(scanner?.summary().rulesVersion).not.toBe(2);
  });

  it('applies settings: blur and off', async () => {
    fake.state.local['ruleset/active'] = active();
    const scanner = await start(document, controller.signal);
    scanner?.flush();
    await fake.browser.storage.sync.set({ 'settings@1': { blur: true } });
    await waitFor(() => {
      scanner?.flush();
      return (document.querySelector('[data-mid="1220"] .message') as HTMLElement).style.filter.includes(
        'blur',
      );
    });
    await fake.browser.storage.sync.set({ 'settings@1': { enabled: false } });
    await waitFor(() => {
      scanner?.flush();
      return badges().length === 0;
    });
    expect(document.documentElement.getAttribute('data-vigie')).toBe('idle');
  });

  it('does nothing on other pages', async () => {
    setUrl('https://example.org/k/');
    expect(await start(document, controller.signal)).toBeNull();
    expect(fake.state.messageListeners).toHaveLength(0);
  });
});
