// @vitest-environment happy-dom
/**
 * "Keep evidence" on the chat-level verdict (issues 15 and 16): the popup's "looks like a shop"
 * banner offers it for the whole chat, under the same setting and policy as a card's button; the
 * file it saves summarises the chat (chat, public link, listings, categories, time range) and
 * holds the text of the flagged messages shown in the popup, and of no other message.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceReply, MessageFacts, ShopSummary } from '../../../src/shared/messages';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { drugsItem, summary, weaponsItem } from './fixtures';

const h = vi.hoisted(() => ({
  fake: null as unknown,
  saved: [] as { bytes: Uint8Array; name: string; type: string }[],
}));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));
vi.mock('../../../src/ui/save-file', () => ({
  saveFile: (bytes: Uint8Array, name: string, type: string) => h.saved.push({ bytes, name, type }),
}));
// happy-dom has no createImageBitmap: a stand-in decode (a chat-level capture is not cropped).
vi.mock('../../../src/ui/evidence/images', async (original) => ({
  ...(await original<typeof import('../../../src/ui/evidence/images')>()),
  decodePng: async () => ({ width: 1280, height: 720, bitmap: {} }),
  cropToPng: async () => {
    throw new Error('a chat-level capture is never cropped');
  },
  releaseImage: () => undefined,
}));

import { Popup } from '../../../src/popup/popup';
import { DISMISSAL_SALT_KEY, dismissalId } from '../../../src/shared/settings/dismissals';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { DISMISSALS_KEY, POLICY_CACHE_KEY, SETTINGS_KEY } from '../../../src/shared/settings/keys';
import { parsePolicy } from '../../../src/shared/settings/policy';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;

const shop: ShopSummary = {
  categories: ['drugs', 'weapons'],
  read: 40,
  listings: 18,
  flagged: 2,
  repeated: 3,
  signals: ['price', 'contact'],
  products: ['drug-slang'],
  firstTime: Date.UTC(2026, 10, 20, 10, 0),
  lastTime: Date.UTC(2026, 10, 28, 21, 15),
  reasons: [
    {
      explain: 'chat-listings',
      text: {
        en: '18 of the 40 messages read look like listings',
        fr: '18 des 40 messages lus ressemblent à des annonces',
      },
    },
  ],
};

const fact = (key: string, text: string, time: number | null): MessageFacts => ({
  key,
  text,
  matched: [],
  sender: 'Plug75',
  time,
  box: null,
});

const DRUGS_TEXT = 'Beuh dispo 10€ le g, livraison 7j/7 — the whole menu as read';
const WEAPONS_TEXT = 'Glock 19 neuf, 900€, remise en main propre';
/** A message the page answered with that the popup does not show (not one of its flagged items). */
const OTHER_TEXT = 'Bisous à mamie, on arrive dimanche';

function reply(messages: MessageFacts[]): EvidenceReply {
  return {
    ok: true,
    page: {
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 1,
      chat: { title: 'Shop Paris 75', publicLink: 'https://t.me/shop_paris_75' },
      pageUrl: 'https://web.telegram.org/k/#@shop_paris_75',
      visible: true,
      blur: false,
    },
    messages,
  };
}

function answer(messages: MessageFacts[]) {
  fake.tabs.sendMessage.mockImplementation(async (_tab, msg) => {
    const type = (msg as { type: string }).type;
    if (type === 'popup-cs/get-summary') return summary({ shop });
    if (type === 'popup-cs/evidence') return reply(messages);
    return undefined;
  });
}

function renderPopup() {
  return render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Popup search="?tab=7" />
    </I18n.Provider>,
  );
}

const banner = () => screen.findByRole('region', { name: /looks like a shop/ });

function savedText(): string {
  const saved = h.saved[0];
  if (!saved) throw new Error('nothing saved');
  return new TextDecoder().decode(unzipSync(saved.bytes)['evidence.txt']);
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
  h.saved.length = 0;
  fake.runtime.sendMessage.mockResolvedValue(null);
  answer([
    fact(drugsItem.key, DRUGS_TEXT, drugsItem.time),
    fact(weaponsItem.key, WEAPONS_TEXT, null),
    fact('peer1:555', OTHER_TEXT, Date.UTC(2026, 10, 29, 8, 0)),
  ]);
});
afterEach(() => cleanup());

describe('Keep evidence of the whole chat, from the shop banner', () => {
  it('is offered on the banner, and nothing is asked of the page before the click', async () => {
    renderPopup();
    const region = await banner();
    expect(await within(region).findByRole('button', { name: 'Keep evidence of this chat' })).toBeTruthy();
    await flush();
    const types = fake.tabs.sendMessage.mock.calls.map((c) => (c[1] as { type: string }).type);
    expect(types).not.toContain('popup-cs/evidence');
  });

  it('saves a file with the chat-level summary and the flagged messages shown, no other text', async () => {
    renderPopup();
    const region = await banner();
    fireEvent.click(await within(region).findByRole('button', { name: 'Keep evidence of this chat' }));
    await within(region).findByText(/^Evidence saved: vigie-evidence-/);
    // The whole chat: no key, so the page scrolls nothing and nothing is cropped.
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'popup-cs/evidence', key: null });
    expect(Object.keys(unzipSync(h.saved[0]?.bytes ?? new Uint8Array()))).toEqual([
      'evidence.html',
      'evidence.txt',
      'screenshot.png',
      'SHA256SUMS',
    ]);
    const text = savedText();
    for (const expected of [
      'Vigie – evidence of a flagged chat',
      'Shop Paris 75',
      'https://t.me/shop_paris_75',
      'Messages read: \u206840\u2069',
      'Messages that look like listings: \u206818\u2069',
      'Flagged messages: \u20682\u2069',
      'Drugs, Weapons',
      '18 of the 40 messages read look like listings',
      DRUGS_TEXT,
      WEAPONS_TEXT,
    ])
      expect(text).toContain(expected);
    // The period is the verdict's (its listings, from 20 to 28 November), not the flagged messages'.
    const period = text.split('\n').find((l) => l.startsWith('Period:')) ?? '';
    expect(period).toMatch(/from November 20, 2026 .* to November 28, 2026/);
    // Only the flagged messages' text: not the other message the page answered with.
    expect(text).not.toContain(OTHER_TEXT);
    expect(text.match(/Text of message \d+, as Vigie read it/g)).toHaveLength(2);
  });

  it('leaves out a flagged message the user dismissed', async () => {
    const salt = 'test-salt-0123456789abcdef';
    fake.storage.local.data.set(DISMISSAL_SALT_KEY, salt);
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: { [dismissalId(salt, 'message', weaponsItem.key)]: { at: Date.now() } },
      chats: {},
      shops: {},
    });
    renderPopup();
    const region = await banner();
    fireEvent.click(await within(region).findByRole('button', { name: 'Keep evidence of this chat' }));
    await within(region).findByText(/^Evidence saved: vigie-evidence-/);
    const text = savedText();
    expect(text).toContain(DRUGS_TEXT);
    expect(text).not.toContain(WEAPONS_TEXT);
    expect(text).toContain('Flagged messages: \u20681\u2069');
  });

  it('turned off by the organisation: the banner says so and offers no button', async () => {
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ keepEvidence: false }) });
    renderPopup();
    const region = await banner();
    expect(
      await within(region).findByText('“Keep evidence” is turned off by your organisation.'),
    ).toBeTruthy();
    expect(within(region).queryByRole('button', { name: /Keep evidence/ })).toBeNull();
  });

  it("turned off by the user: the banner's note points at Vigie's settings", async () => {
    await fake.storage.sync.set({ [SETTINGS_KEY]: { keepEvidence: false } });
    renderPopup();
    const region = await banner();
    expect(
      await within(region).findByText('“Keep evidence” is turned off in Vigie’s settings.'),
    ).toBeTruthy();
    expect(within(region).queryByRole('button', { name: /Keep evidence/ })).toBeNull();
  });
});
