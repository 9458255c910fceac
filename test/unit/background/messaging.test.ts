import { describe, expect, it } from 'vitest';
import { createMessageHandler } from '../../../src/background/messaging';
import { createRulesetStore } from '../../../src/background/ruleset-store';
import { RULESET_ACTIVE_KEY, type RulesStatus } from '../../../src/shared/messages';
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
  const handle = createMessageHandler({
    store: createRulesetStore(storage),
    ready: async () => undefined,
    checkNow: async () => {
      checks += 1;
      return checked;
    },
    extensionId: ID,
    extensionOrigin: ORIGIN,
  });
  return { handle, checks: () => checks };
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

  it('hands the active rules to content scripts', async () => {
    const { handle } = setup();
    expect(await handle({ type: 'cs-bg/get-rules' }, contentScript)).toEqual({
      ok: true,
      ruleset: { raw: '{}', version: 10, source: 'embedded' },
    });
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
