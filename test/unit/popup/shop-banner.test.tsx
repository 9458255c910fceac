// @vitest-environment happy-dom
/**
 * The popup's chat-level banner (issue 15): "This chat looks like a shop for …" above the cards,
 * with the reasons and the time range; "Not a shop" dismisses it for this chat (salted hash, with
 * undo, the tab told); where to report the chat, and a report that summarises the chat.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShopSummary } from '../../../src/shared/messages';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { drugsItem, summary } from './fixtures';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { Popup } from '../../../src/popup/popup';
import { DISMISSAL_SALT_KEY, dismissalId } from '../../../src/shared/settings/dismissals';
import { createTranslator, type Lang } from '../../../src/shared/settings/i18n';
import { PARENT_LOCK_KEY } from '../../../src/shared/settings/parent-lock';
import { DISMISSALS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
let writeText: ReturnType<typeof vi.fn>;

const shop: ShopSummary = {
  categories: ['drugs', 'weapons'],
  read: 40,
  listings: 18,
  flagged: 5,
  repeated: 3,
  signals: ['price', 'contact'],
  products: ['drug-slang'],
  firstTime: Date.UTC(2026, 10, 20, 10, 0),
  lastTime: Date.UTC(2026, 10, 27, 21, 15),
  reasons: [
    {
      explain: 'chat-listings',
      text: {
        en: '18 of the 40 messages read look like listings',
        fr: '18 des 40 messages lus ressemblent à des annonces',
      },
    },
    {
      explain: 'chat-signals',
      text: { en: 'offers with prices, a contact to order', fr: 'des offres avec des prix' },
    },
  ],
};

function renderPopup(lang: Lang = 'en') {
  const tr = createTranslator(lang, localeMessages(lang));
  return render(
    <I18n.Provider value={tr}>
      <Popup search="" />
    </I18n.Provider>,
  );
}

function answerSummary(value: unknown) {
  fake.tabs.sendMessage.mockImplementation(async (_tab, msg) =>
    (msg as { type: string }).type === 'popup-cs/get-summary' ? value : undefined,
  );
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
  fake.runtime.sendMessage.mockResolvedValue({
    version: 7,
    published: '2026-11-20T00:00:00Z',
    source: 'embedded',
    lastCheck: null,
    lastError: null,
  });
  writeText = vi.fn(async (_text: string) => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(() => cleanup());

describe('the chat-level banner', () => {
  it('comes above the cards, with the categories, the reasons, the time range and the note', async () => {
    answerSummary(summary({ shop }));
    renderPopup();
    const banner = await screen.findByRole('region', {
      name: /This chat looks like a shop for drugs, weapons/,
    });
    expect(banner.textContent).toContain('18 of the 40 messages read look like listings');
    expect(banner.textContent).toContain('offers with prices, a contact to order');
    expect(banner.textContent).toMatch(/Listings seen from .*2026.* to .*2026/);
    expect(banner.textContent).toContain('A warning, not a verdict');
    const list = screen.getByRole('list', { name: 'Flagged messages' });
    // Above the per-message cards.
    expect(banner.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Weapons among its categories: the emergency line is shown.
    expect(screen.getAllByRole('note').some((n) => n.textContent?.includes('17') ?? false)).toBe(true);
  });

  it('in French too', async () => {
    answerSummary(summary({ shop }));
    renderPopup('fr');
    expect(
      await screen.findByRole('region', {
        name: /Cette discussion ressemble à une boutique : drogues, armes/,
      }),
    ).toBeTruthy();
    expect(screen.getByText('18 des 40 messages lus ressemblent à des annonces')).toBeTruthy();
  });

  it('shows no banner when the chat is not a shop', async () => {
    answerSummary(summary());
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    expect(screen.queryByRole('region', { name: /looks like a shop/ })).toBeNull();
  });

  it('a shop whose posts were each under the threshold: the banner, and no "nothing suspicious"', async () => {
    answerSummary(summary({ shop, flagged: [] }));
    renderPopup();
    expect(await screen.findByRole('region', { name: /looks like a shop/ })).toBeTruthy();
    expect(screen.queryByText('Nothing suspicious in this chat so far.')).toBeNull();
  });

  it('"Not a shop" hides it for this chat (salted hash), tells the tab, and can be undone', async () => {
    answerSummary(summary({ shop }));
    renderPopup();
    await screen.findByRole('region', { name: /looks like a shop/ });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Not a shop' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Not a shop' }));
    const undo = await screen.findByRole('button', { name: 'Undo' });
    expect(screen.getByText('The warning about the whole chat is hidden for this chat.')).toBeTruthy();
    const stored = fake.storage.local.data.get(DISMISSALS_KEY) as { shops: Record<string, unknown> };
    const salt = fake.storage.local.data.get(DISMISSAL_SALT_KEY) as string;
    expect(Object.keys(stored.shops)).toEqual([dismissalId(salt, 'shop', 'peer1')]);
    expect(JSON.stringify(stored)).not.toContain('peer1');
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/dismiss',
      key: 'peer1',
      scope: 'shop',
    });
    await flush();
    expect(screen.queryByRole('region', { name: /looks like a shop/ })).toBeNull();
    // The messages keep their own warnings.
    expect(screen.getByRole('list', { name: 'Flagged messages' })).toBeTruthy();
    fireEvent.click(undo);
    await flush();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/undismiss',
      key: 'peer1',
      scope: 'shop',
    });
    expect(await screen.findByRole('region', { name: /looks like a shop/ })).toBeTruthy();
  });

  it('stays hidden when dismissed earlier (or when the whole chat was)', async () => {
    const salt = 'test-salt-0123456789abcdef';
    fake.storage.local.data.set(DISMISSAL_SALT_KEY, salt);
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: {},
      chats: {},
      shops: { [dismissalId(salt, 'shop', 'peer1')]: { at: Date.now() } },
    });
    answerSummary(summary({ shop }));
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    await flush();
    expect(screen.queryByRole('region', { name: /looks like a shop/ })).toBeNull();
  });

  it('under a parent PIN: no "Not a shop"', async () => {
    await fake.storage.local.set({ [PARENT_LOCK_KEY]: { v: 1, salt: 'AAAA', hash: 'AAAA', iterations: 1 } });
    answerSummary(summary({ shop }));
    renderPopup();
    await screen.findByRole('region', { name: /looks like a shop/ });
    await flush();
    expect(screen.queryByRole('button', { name: 'Not a shop' })).toBeNull();
  });

  it('a malformed chat-level verdict is a bad answer, not a crash', async () => {
    answerSummary(summary({ shop: { ...shop, categories: ['poetry'] } as never }));
    renderPopup();
    expect(await screen.findByText('Vigie could not read this tab')).toBeTruthy();
  });
});

describe('reporting the chat', () => {
  it('"Where to report this chat" prepares a chat-level report: chat, link, listings, categories, range', async () => {
    answerSummary(summary({ shop }));
    renderPopup();
    const banner = await screen.findByRole('region', { name: /looks like a shop/ });
    fireEvent.click(within(banner).getByRole('button', { name: 'Where to report this chat' }));
    const region = within(banner).getByRole('region', { name: 'Where to report' });
    expect(region.querySelector('[data-channel="fr-pharos"]')).not.toBeNull();
    fireEvent.click(within(region).getByRole('button', { name: 'Prepare a report (copy)' }));
    await flush();
    const text = writeText.mock.calls[0]?.[0] as string;
    expect(text).toContain('Chat: Shop Paris 75');
    expect(text).toContain('https://t.me/shop_paris_75');
    expect(text).toContain('This chat looks like a shop');
    expect(text).toContain('Categories: Drugs, Weapons');
    expect(text).toContain('Listings: 18 of the 40 messages read');
    expect(text).toMatch(/Listings seen from .*2026.* to .*2026/);
    expect(text).toContain('18 of the 40 messages read look like listings');
  });

  it('a message card’s report gains the chat-level summary when the chat looks like a shop', async () => {
    answerSummary(summary({ shop, flagged: [drugsItem] }));
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getByRole('button', { name: 'Where to report' }));
    const region = screen.getByRole('region', { name: 'Where to report' });
    fireEvent.click(within(region).getByRole('button', { name: 'Prepare a report (copy)' }));
    await flush();
    const text = writeText.mock.calls[0]?.[0] as string;
    expect(text).toContain('Beuh dispo');
    expect(text).toContain('About the whole chat');
    expect(text).toContain('Listings: 18 of the 40 messages read');
  });
});
