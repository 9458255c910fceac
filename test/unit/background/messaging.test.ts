import { describe, expect, it } from 'vitest';
import { createMessageHandler } from '../../../src/background/messaging';
import { createRulesetStore } from '../../../src/background/ruleset-store';
import { RULESET_ACTIVE_KEY, type RulesStatus } from '../../../src/shared/messages';
import { DISMISSALS_KEY, POLICY_CACHE_KEY } from '../../../src/shared/settings/keys';
import { MemoryStorage } from './helpers';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const page = { id: ID, url: `${ORIGIN}src/options/index.html` };
const contentScript = { id: ID, url: 'https://web.telegram.org/k/' };

function setup() {
  const storage = new MemoryStorage();
  storage.data.set(RULESET_ACTIVE_KEY, { raw: '{}', version: 10, source: 'embedded' });
  let checks = 0;
  const checked: RulesStatus = {
    version: 11,
    published: '2026-11-27T00:00:00Z',
    source: 'feed',
    lastCheck: 'now',
    lastError: null,
  };
  storage.data.set(DISMISSALS_KEY, { messages: { a: { at: 1 } }, chats: {} });
  storage.data.set('parent-lock@1', { hash: 'secret' });
  const store = createRulesetStore(storage);
  let rechecks = 0;
  const handle = createMessageHandler({
    store,
    ready: async () => undefined,
    // Stands for ruleset-updater's readChecked: the re-check that may replace the stored set.
    readRules: async () => {
      rechecks += 1;
      return store.read();
    },
    readLocal: (keys) => storage.get(keys),
    now: () => Date.parse('2026-11-28T12:00:00Z'),
    checkNow: async () => {
      checks += 1;
      return checked;
    },
    extensionId: ID,
    extensionOrigin: ORIGIN,
  });
  return { handle, checks: () => checks, rechecks: () => rechecks };
}

describe('background message handlers', () => {
  it('answers get-status from storage for extension pages', async () => {
    const { handle } = setup();
    expect(await handle({ type: 'ui-bg/get-status' }, page)).toMatchObject({
      version: 10,
      source: 'embedded',
      lastCheck: null,
      lastError: null,
    });
  });

  it('runs check-now for extension pages only', async () => {
    const { handle, checks } = setup();
    expect(await handle({ type: 'ui-bg/check-now' }, page)).toMatchObject({ version: 11, source: 'feed' });
    expect(handle({ type: 'ui-bg/check-now' }, contentScript)).toBeUndefined();
    expect(checks()).toBe(1);
  });

  it('hands the active rules to content scripts only after re-checking them', async () => {
    const { handle, rechecks } = setup();
    expect(await handle({ type: 'cs-bg/get-rules' }, contentScript)).toEqual({
      ok: true,
      ruleset: { raw: '{}', version: 10, source: 'embedded' },
    });
    expect(rechecks()).toBe(1);
  });

  it('reads the keys a content script needs (Chrome restricts storage.local), and no others', async () => {
    const { handle } = setup();
    expect(
      await handle({ type: 'cs-bg/read-local', keys: [DISMISSALS_KEY, POLICY_CACHE_KEY] }, contentScript),
    ).toEqual({
      ok: true,
      items: { [DISMISSALS_KEY]: { messages: { a: { at: 1 } }, chats: {} } },
    });
    for (const key of ['parent-lock@1', RULESET_ACTIVE_KEY, 'ruleset/meta']) {
      expect(
        await handle({ type: 'cs-bg/read-local', keys: [DISMISSALS_KEY, key] }, contentScript),
      ).toMatchObject({
        ok: false,
      });
    }
  });

  it.each([
    ['another extension', { type: 'ui-bg/get-status' }, { id: 'other', url: `${ORIGIN}x.html` }],
    ['unknown type', { type: 'ui-bg/delete-everything' }, page],
    ['not an object', 'ui-bg/get-status', page],
  ])('ignores %s', (_name, message, sender) => {
    const { handle } = setup();
    expect(handle(message, sender)).toBeUndefined();
  });
});
