/**
 * The toolbar badge: a pure function from a tab's inputs to text, colour and title, and the
 * controller that applies it per tab through browser.action and forgets closed or reloaded tabs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The i18n module imports the browser API (unused by the pure translator tested here).
vi.mock('webextension-polyfill', () => ({ default: {} }));

import { createMessageHandler } from '../../../src/background/messaging';
import { createRulesetStore } from '../../../src/background/ruleset-store';
import {
  type ActionApi,
  BADGE_COLORS,
  badgeFor,
  TAB_REPORTS_KEY,
  TabBadges,
  type Translate,
} from '../../../src/background/tab-badge';
import { isContentToBackground, RULESET_ACTIVE_KEY, type TabReport } from '../../../src/shared/messages';
import { createTranslator, type LocaleMessages } from '../../../src/shared/settings/i18n';
import { MemoryStorage } from './helpers';

const locale = (lang: 'en' | 'fr') =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  ) as LocaleMessages;
const en = createTranslator('en', locale('en')).t;
const fr = createTranslator('fr', locale('fr')).t;

const report = (state: TabReport['state'], flagged = 0): TabReport => ({
  client: 'telegram-k',
  state,
  flagged,
});

describe('badgeFor (pure)', () => {
  it('shows nothing and the plain name when no content script reported (not a chat page)', () => {
    expect(badgeFor({ scan: null }, en)).toEqual({
      text: '',
      color: BADGE_COLORS.flagged,
      title: en('extName'),
    });
    expect(badgeFor({ scan: report('idle') }, en).text).toBe('');
  });

  it('counts flagged messages, red, with a title that says what the number is', () => {
    expect(badgeFor({ scan: report('active', 3) }, en)).toEqual({
      text: '3',
      color: BADGE_COLORS.flagged,
      title: 'Vigie: 3 messages flagged in this chat',
    });
    expect(badgeFor({ scan: report('active', 1) }, en).title).toBe('Vigie: 1 message flagged in this chat');
    expect(badgeFor({ scan: report('active', 250) }, en).text).toBe('99+');
    expect(badgeFor({ scan: report('active', 0) }, en).text).toBe('');
    expect(badgeFor({ scan: report('active', 0) }, en).title).toMatch(/nothing flagged/);
  });

  it('a layout not recognised has its own badge, never mistaken for a count', () => {
    const layout = badgeFor({ scan: report('fallback', 0) }, en);
    expect(layout.text).toBe('?');
    expect(layout.color).toBe(BADGE_COLORS.layout);
    expect(layout.color).not.toBe(BADGE_COLORS.flagged);
    expect(layout.title).toMatch(/layout not recognised.*rules may be outdated/);
    // Even with messages marked by the basic detection, the layout problem comes first.
    const marked = badgeFor({ scan: report('fallback', 2) }, en);
    expect(marked.text).toBe('?');
    expect(marked.title).toMatch(/marked 2 messages/);
  });

  it('speaks the UI language', () => {
    expect(badgeFor({ scan: report('active', 2) }, fr).title).toBe(
      'Vigie : 2 messages signalés dans cette discussion',
    );
    expect(badgeFor({ scan: report('fallback') }, fr).title).toMatch(/mise en page non reconnue/);
    for (const key of [
      'badge_title_active',
      'badge_title_flagged_one',
      'badge_title_flagged',
      'badge_title_layout',
      'badge_title_layout_flagged',
    ]) {
      expect(en(key)).not.toBe(key);
      expect(fr(key)).not.toBe(key);
    }
  });
});

interface Call {
  fn: string;
  tabId?: number;
  value: string;
}

function fakeAction(): ActionApi & { calls: Call[]; shown(tabId?: number): Record<string, string> } {
  const calls: Call[] = [];
  const rec =
    (fn: string) => async (d: { tabId?: number; text?: string; color?: string; title?: string }) => {
      calls.push({ fn, tabId: d.tabId, value: d.text ?? d.color ?? d.title ?? '' });
    };
  return {
    calls,
    setBadgeText: rec('text'),
    setBadgeBackgroundColor: rec('color'),
    setBadgeTextColor: rec('textColor'),
    setTitle: rec('title'),
    shown(tabId) {
      const out: Record<string, string> = {};
      for (const c of calls) if (c.tabId === tabId) out[c.fn] = c.value;
      return out;
    },
  };
}

const translate = async (): Promise<Translate> => en;

describe('TabBadges', () => {
  it('applies each tab its own badge and skips calls that would change nothing', async () => {
    const action = fakeAction();
    const badges = new TabBadges({ action, translate });
    await badges.report(4, report('active', 2));
    await badges.report(9, report('fallback'));
    expect(action.shown(4)).toMatchObject({ text: '2', color: BADGE_COLORS.flagged, textColor: '#ffffff' });
    expect(action.shown(9)).toMatchObject({ text: '?', color: BADGE_COLORS.layout });
    const before = action.calls.length;
    await badges.report(4, report('active', 2));
    expect(action.calls.length).toBe(before);
  });

  it('forgets a tab that loads a new page (badge cleared) or closes (nothing to clear)', async () => {
    const action = fakeAction();
    const badges = new TabBadges({ action, translate });
    await badges.report(4, report('fallback'));
    expect(await badges.layoutProblems()).toEqual(['telegram-k']);
    await badges.forget(4);
    expect(action.shown(4)).toMatchObject({ text: '', title: en('extName') });
    expect(await badges.layoutProblems()).toEqual([]);
    const calls = action.calls.length;
    await badges.forget(5); // a tab that never reported: no call at all
    await badges.report(6, report('active', 1));
    await badges.forget(6, { closed: true });
    expect(action.calls.slice(calls).filter((c) => c.tabId === 5 || c.value === '')).toEqual([]);
  });

  it('after a load the tab is asked what it shows: a chat switch keeps the badge, another page clears it', async () => {
    const action = fakeAction();
    const badges = new TabBadges({ action, translate });
    await badges.report(4, report('active', 2));
    // Chrome: 'loading' for a hash change in the same page; the content script still answers.
    await badges.pageLoad(4, 'loading', async () => undefined);
    await badges.pageLoad(4, 'complete', async () => report('active', 3));
    expect(action.shown(4)).toMatchObject({ text: '3' });
    // Another page: no content script answers.
    await badges.pageLoad(4, 'loading', async () => undefined);
    await badges.pageLoad(4, 'complete', async () => {
      throw new Error('Receiving end does not exist');
    });
    expect(action.shown(4)).toMatchObject({ text: '', title: en('extName') });
    expect(await badges.layoutProblems()).toEqual([]);
    // Tabs Vigie never badged are not asked at all.
    let asked = false;
    await badges.pageLoad(8, 'complete', async () => {
      asked = true;
    });
    expect(asked).toBe(false);
  });

  it('shared inputs re-render every tab and the global badge', async () => {
    const action = fakeAction();
    const badges = new TabBadges({ action, translate });
    await badges.report(4, report('active', 1));
    const before = action.calls.length;
    await badges.setShared({});
    // Nothing changed: no call. (Issue 17 adds e.g. { protectionOff } here, with its own rule.)
    expect(action.calls.slice(before).filter((c) => c.tabId === 4)).toEqual([]);
    expect(action.shown(undefined)).toMatchObject({ text: '', title: en('extName') });
  });

  it('keeps reports in session storage, so a restarted worker still knows the layout problems', async () => {
    const session = new MemoryStorage();
    const first = new TabBadges({ action: fakeAction(), translate, store: session });
    await first.report(12, { client: 'whatsapp', state: 'fallback', flagged: 0 });
    await first.report(13, { client: 'telegram-a', state: 'active', flagged: 5 });
    const stored = JSON.stringify(session.data.get(TAB_REPORTS_KEY));
    // Counts and states only.
    expect(stored).toBe(
      '{"12":{"client":"whatsapp","state":"fallback","flagged":0},"13":{"client":"telegram-a","state":"active","flagged":5}}',
    );
    const restarted = new TabBadges({ action: fakeAction(), translate, store: session });
    expect(await restarted.layoutProblems()).toEqual(['whatsapp']);
    // A tampered entry is dropped, not trusted.
    session.data.set(TAB_REPORTS_KEY, { '1': { client: 'evil', state: 'fallback', flagged: 0 }, x: {} });
    expect(await new TabBadges({ action: fakeAction(), translate, store: session }).layoutProblems()).toEqual(
      [],
    );
  });

  it('a failing browser call does not block later badges', async () => {
    const action = fakeAction();
    let fail = true;
    const flaky: ActionApi = {
      ...action,
      setBadgeText: async (d) => {
        if (fail) throw new Error('No tab with id');
        return action.setBadgeText(d);
      },
    };
    const badges = new TabBadges({ action: flaky, translate });
    await expect(badges.report(3, report('active', 1))).rejects.toThrow();
    fail = false;
    await badges.report(4, report('active', 7));
    expect(action.shown(4)).toMatchObject({ text: '7' });
  });
});

describe('cs-bg/tab-state messages', () => {
  const ID = 'abcdefghijklmnop';
  const ORIGIN = `chrome-extension://${ID}/`;

  function handler() {
    const storage = new MemoryStorage();
    storage.data.set(RULESET_ACTIVE_KEY, { raw: '{}', version: 10, source: 'embedded' });
    const action = fakeAction();
    const badges = new TabBadges({ action, translate });
    const handle = createMessageHandler({
      store: createRulesetStore(storage),
      ready: async () => undefined,
      checkNow: async () => {
        throw new Error('not here');
      },
      extensionId: ID,
      extensionOrigin: ORIGIN,
      badges,
    });
    return { handle, action };
  }

  it('accepts states and counts only', () => {
    expect(
      isContentToBackground({ type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 2 }),
    ).toBe(true);
    for (const bad of [
      { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: -1 },
      { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 1.5 },
      { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 1e9 },
      { type: 'cs-bg/tab-state', client: 'icq', state: 'active', flagged: 0 },
      { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'panic', flagged: 0 },
      { type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active' },
    ])
      expect(isContentToBackground(bad)).toBe(false);
  });

  it('sets the badge of the tab the report came from, and only from a top-frame content script', async () => {
    const { handle, action } = handler();
    const msg = { type: 'cs-bg/tab-state', client: 'telegram-a', state: 'active', flagged: 4 };
    expect(
      await handle(msg, { id: ID, url: 'https://web.telegram.org/a/', tab: { id: 21 }, frameId: 0 }),
    ).toEqual({
      ok: true,
    });
    expect(action.shown(21)).toMatchObject({ text: '4' });
    expect(handle(msg, { id: ID, url: `${ORIGIN}src/popup/index.html` })).toBeUndefined();
    expect(
      handle(msg, { id: ID, url: 'https://web.telegram.org/a/', tab: { id: 22 }, frameId: 3 }),
    ).toBeUndefined();
    expect(handle(msg, { id: 'other', url: 'https://web.telegram.org/a/', tab: { id: 23 } })).toBeUndefined();
  });

  it('the rules status names the clients whose layout an open tab does not recognise', async () => {
    const { handle } = handler();
    const tab = { id: ID, url: 'https://web.whatsapp.com/', tab: { id: 30 }, frameId: 0 };
    await handle({ type: 'cs-bg/tab-state', client: 'whatsapp', state: 'fallback', flagged: 0 }, tab);
    const page = { id: ID, url: `${ORIGIN}src/options/index.html` };
    expect(await handle({ type: 'ui-bg/get-status' }, page)).toMatchObject({ layoutProblems: ['whatsapp'] });
    await handle({ type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 0 }, tab);
    expect(await handle({ type: 'ui-bg/get-status' }, page)).toMatchObject({ layoutProblems: [] });
  });
});
