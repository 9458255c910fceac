// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { drugsItem, summary, weaponsItem } from './fixtures';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { Popup } from '../../../src/popup/popup';
import { DISMISSAL_SALT_KEY, dismissalId } from '../../../src/shared/settings/dismissals';
import { createTranslator, type Lang } from '../../../src/shared/settings/i18n';
import { DISMISSALS_KEY, SETTINGS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
let writeText: ReturnType<typeof vi.fn>;

function renderPopup(lang: Lang = 'en', search = '') {
  const tr = createTranslator(lang, localeMessages(lang));
  return render(
    <I18n.Provider value={tr}>
      <Popup search={search} />
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

describe('popup states', () => {
  it('shows a loading state while the tab has not answered', async () => {
    fake.tabs.sendMessage.mockImplementation(() => new Promise(() => undefined));
    renderPopup();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    await flush();
    expect(screen.getByText('Loading…')).toBeTruthy();
  });

  it('says "not a supported chat page" when no content script answers', async () => {
    fake.tabs.sendMessage.mockRejectedValue(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    renderPopup();
    expect(await screen.findByText('Not a supported chat page')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
    await flush();
    expect(screen.queryByRole('button', { name: /Allow on/ })).toBeNull(); // access granted: no hint
  });

  it('on a page without a content script, offers to ask for chat-site access when it is missing (Firefox)', async () => {
    fake.tabs.sendMessage.mockRejectedValue(new Error('Receiving end does not exist.'));
    fake.permissions.contains.mockResolvedValue(false);
    renderPopup();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web' }),
    );
    await flush();
    expect(fake.permissions.request).toHaveBeenCalledWith({
      origins: [
        'https://web.telegram.org/*',
        'https://web.whatsapp.com/*',
        'https://www.snapchat.com/web*',
        'https://web.snapchat.com/*',
      ],
    });
    expect(
      screen.queryByRole('button', { name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web' }),
    ).toBeNull();
  });

  it('shows an error with retry when the answer is malformed, and recovers', async () => {
    answerSummary({ client: 'telegram-k', state: 'weird' });
    renderPopup();
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByText('Vigie could not read this tab')).toBeTruthy();
    answerSummary(summary());
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Vigie is active on Telegram Web (K)')).toBeTruthy();
  });

  it('rejects a flagged item of an unknown category as a bad answer', async () => {
    answerSummary(summary({ flagged: [{ ...drugsItem, category: 'poetry' as never }] }));
    renderPopup();
    expect(await screen.findByText('Vigie could not read this tab')).toBeTruthy();
  });

  it('idle: the client is recognised but no chat is open', async () => {
    answerSummary(
      summary({ state: 'idle', chat: { id: null, title: null, publicLink: null }, flagged: [], scanned: 0 }),
    );
    renderPopup();
    expect(await screen.findByText('Vigie is ready on Telegram Web (K)')).toBeTruthy();
    expect(screen.getByText(/Open a chat to let Vigie read it/)).toBeTruthy();
  });

  it('fallback: the layout is not recognised, the rules may be outdated; never a quiet all-clear', async () => {
    answerSummary(summary({ state: 'fallback', client: 'whatsapp', flagged: [] }));
    renderPopup();
    expect(
      await screen.findByText('Layout not recognised on WhatsApp Web: the rules may be outdated'),
    ).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/cannot read this chat the usual way/);
    expect(screen.queryByText('Nothing suspicious in this chat so far.')).toBeNull();
    expect(screen.getByText(/has marked nothing so far, but it may miss listings/)).toBeTruthy();
  });

  it('fallback: "check for rule updates" runs a check and asks the tab again', async () => {
    answerSummary(summary({ state: 'fallback', client: 'telegram-k', flagged: [] }));
    renderPopup();
    const button = await screen.findByRole('button', { name: 'Check for rule updates' });
    // The check installs rules with working selectors; the tab then reads its chat.
    answerSummary(summary({ flagged: [] }));
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      fireEvent.click(button);
      await waitFor(() => expect(fake.runtime.sendMessage).toHaveBeenCalledWith({ type: 'ui-bg/check-now' }));
      expect(await screen.findByText(/Rules checked/)).toBeTruthy();
      vi.advanceTimersByTime(1600);
      expect(await screen.findByText('Vigie is active on Telegram Web (K)')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
    expect(screen.queryByRole('button', { name: 'Check for rule updates' })).toBeNull();
  });

  it('empty: active, nothing flagged, counts shown', async () => {
    answerSummary(summary({ flagged: [] }));
    renderPopup();
    expect(await screen.findByText('Nothing suspicious in this chat so far.')).toBeTruthy();
    expect(screen.getByText('Messages read: 42')).toBeTruthy();
    expect(screen.getByText('Flagged: 0')).toBeTruthy();
  });

  it('asks the tab named by ?tab= instead of the active one', async () => {
    answerSummary(summary());
    renderPopup('en', '?tab=42');
    await screen.findByText('Vigie is active on Telegram Web (K)');
    expect(fake.tabs.query).not.toHaveBeenCalled();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(42, { type: 'popup-cs/get-summary' });
  });

  it('uses the active tab of the current window otherwise (no tabs permission needed)', async () => {
    answerSummary(summary());
    renderPopup('en', '?tab=abc');
    await screen.findByText('Vigie is active on Telegram Web (K)');
    expect(fake.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'popup-cs/get-summary' });
  });
});

describe('flagged list', () => {
  it('shows category, level, highlighted excerpt, reasons in plain words and the reminder', async () => {
    answerSummary(summary());
    renderPopup();
    const list = await screen.findByRole('list', { name: 'Flagged messages' });
    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    const first = cards[0] as HTMLElement;
    expect(within(first).getByRole('heading').textContent).toBe('DrugsLevel: high');
    const marks = [...first.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['Beuh', '10€ le g', 'livraison']);
    expect(first.querySelector('.excerpt')?.textContent).toBe(drugsItem.excerpt);
    expect(first.querySelector('.reasons')?.textContent).toBe(
      'Why: price + quantity + delivery + drug slang',
    );
    expect(screen.getByText(/A warning, not a verdict/)).toBeTruthy();
    expect(screen.getByText('Flagged: 2')).toBeTruthy();
    expect(screen.getByText('Rules v7')).toBeTruthy();
  });

  it('renders page text as text, never as HTML', async () => {
    const evil = '<img src=x onerror="alert(1)"><b>buy</b>';
    answerSummary(summary({ flagged: [{ ...drugsItem, excerpt: evil, highlights: [[0, 5]] }] }));
    const { container } = renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.excerpt b')).toBeNull();
    expect(container.querySelector('.excerpt')?.textContent).toBe(evil);
  });

  it('shows the emergency line at a glance when a weapons listing is flagged', async () => {
    answerSummary(summary());
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    const note = screen.getAllByRole('note')[0] as HTMLElement;
    expect(note.textContent).toContain('Someone in immediate danger?');
    expect(within(note).getByRole('link', { name: '17' }).getAttribute('href')).toBe('tel:17');
  });

  it('does not show the emergency line for drugs alone', async () => {
    answerSummary(summary({ flagged: [drugsItem] }));
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('"Show in chat" asks the content script to scroll to the message', async () => {
    answerSummary(summary());
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getAllByRole('button', { name: 'Show in chat' })[0] as HTMLElement);
    await flush();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/show-message',
      key: drugsItem.key,
    });
    expect(screen.getByText('Shown in the chat.')).toBeTruthy();
  });

  it('"Show in chat" says so when the message is no longer on the page', async () => {
    fake.tabs.sendMessage.mockImplementation(async (_tab, msg) =>
      (msg as { type: string }).type === 'popup-cs/get-summary' ? summary() : { ok: false },
    );
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getAllByRole('button', { name: 'Show in chat' })[0] as HTMLElement);
    expect(await screen.findByText(/The message is no longer on the page/)).toBeTruthy();
  });

  it('in French, reasons and labels are French', async () => {
    answerSummary(summary());
    renderPopup('fr');
    const list = await screen.findByRole('list', { name: 'Messages signalés' });
    const first = within(list).getAllByRole('listitem')[0] as HTMLElement;
    expect(first.querySelector('.reasons')?.textContent).toBe(
      'Pourquoi : prix + quantité + livraison + argot de la drogue',
    );
    expect(screen.getByText('Vigie est actif sur Telegram Web (K)')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Ce n’est pas une annonce illicite' })).toHaveLength(2);
  });
});

describe('dismiss and undo', () => {
  it('dismisses one message locally, tells the tab, and undoes it', async () => {
    answerSummary(summary());
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getAllByRole('button', { name: 'Not an illicit listing' })[0] as HTMLElement);
    const undo = await screen.findByRole('button', { name: 'Undo' });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    const stored = fake.storage.local.data.get(DISMISSALS_KEY) as { messages: Record<string, unknown> };
    const salt = fake.storage.local.data.get(DISMISSAL_SALT_KEY) as string;
    // Stored under a salted hash of the key, never the key itself (issue 17, point 13).
    expect(Object.keys(stored.messages)).toEqual([dismissalId(salt, 'message', drugsItem.key)]);
    expect(JSON.stringify(stored)).not.toContain(drugsItem.key);
    expect(JSON.stringify(stored)).not.toContain('Beuh'); // no message text stored
    expect(fake.storage.sync.set).not.toHaveBeenCalled();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/dismiss',
      key: drugsItem.key,
      scope: 'message',
    });
    await flush();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('Flagged: 1')).toBeTruthy();

    fireEvent.click(undo);
    await flush();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/undismiss',
      key: drugsItem.key,
      scope: 'message',
    });
    expect((fake.storage.local.data.get(DISMISSALS_KEY) as { messages: object }).messages).toEqual({});
    expect(
      screen.getAllByRole('listitem', { hidden: false }).filter((li) => li.classList.contains('card')),
    ).toHaveLength(2);
    expect(screen.getByText('Restored.')).toBeTruthy();
  });

  it('"never flag this chat" dismisses the whole chat by its id', async () => {
    answerSummary(summary());
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getAllByRole('button', { name: 'Never flag this chat' })[0] as HTMLElement);
    await screen.findByText('This chat will no longer be flagged.');
    await flush();
    const stored = fake.storage.local.data.get(DISMISSALS_KEY) as {
      chats: Record<string, { chatTitle: string }>;
    };
    const salt = fake.storage.local.data.get(DISMISSAL_SALT_KEY) as string;
    expect(stored.chats[dismissalId(salt, 'chat', 'peer1')]?.chatTitle).toBe('Shop Paris 75');
    expect(stored.chats.peer1).toBeUndefined();
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, {
      type: 'popup-cs/dismiss',
      key: 'peer1',
      scope: 'chat',
    });
    expect(screen.queryByRole('list', { name: 'Flagged messages' })).toBeNull();
    expect(screen.getByText('Nothing suspicious in this chat so far.')).toBeTruthy();
  });

  it('hides items dismissed earlier and says how many', async () => {
    const salt = 'test-salt-0123456789abcdef';
    fake.storage.local.data.set(DISMISSAL_SALT_KEY, salt);
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: { [dismissalId(salt, 'message', weaponsItem.key)]: { at: Date.now() } },
      chats: {},
    });
    answerSummary(summary());
    renderPopup();
    const list = await screen.findByRole('list', { name: 'Flagged messages' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText(/1 message\(s\) you marked as not illicit are hidden/)).toBeTruthy();
  });

  it('offers no chat-wide dismissal when the chat has no id', async () => {
    answerSummary(summary({ chat: { id: null, title: null, publicLink: null } }));
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    expect(screen.queryByRole('button', { name: 'Never flag this chat' })).toBeNull();
  });
});

describe('where to report and prepare a report', () => {
  async function openReport(index = 0) {
    await screen.findByRole('list', { name: 'Flagged messages' });
    const btn = screen.getAllByRole('button', { name: 'Where to report' })[index] as HTMLElement;
    fireEvent.click(btn);
    expect(btn.getAttribute('aria-expanded')).toBe('true');
    return screen.getByRole('region', { name: 'Where to report' });
  }
  const channelIds = (region: HTMLElement) =>
    [...region.querySelectorAll('[data-channel]')].map((el) => el.getAttribute('data-channel'));

  it('France, public channel: PHAROS recommended first, with its https link; Telegram reporting after', async () => {
    answerSummary(summary());
    renderPopup();
    const region = await openReport();
    const ids = channelIds(region);
    expect(ids[0]).toBe('fr-pharos');
    expect(ids).toContain('telegram-dsa-form');
    const pharos = region.querySelector('[data-channel="fr-pharos"]') as HTMLElement;
    expect(within(pharos).getByText('first choice')).toBeTruthy();
    expect(within(pharos).getByRole('link', { name: 'Open the site' }).getAttribute('href')).toBe(
      'https://www.internet-signalement.gouv.fr',
    );
    expect(
      (within(region).getByRole('radio', { name: 'In a public channel or group' }) as HTMLInputElement)
        .checked,
    ).toBe(true);
  });

  it('switching context to a private chat drops PHAROS; a child at risk brings 3018/119 and the emergency line', async () => {
    answerSummary(summary({ flagged: [drugsItem] }));
    renderPopup();
    const region = await openReport();
    fireEvent.click(within(region).getByRole('radio', { name: 'In a private chat' }));
    expect(channelIds(region)).not.toContain('fr-pharos');
    expect(channelIds(region)[0]).toBe('fr-ma-securite');
    expect(within(region).queryByRole('note')).toBeNull();
    fireEvent.click(within(region).getByRole('radio', { name: 'A child is involved or at risk' }));
    expect(channelIds(region).slice(0, 2)).toEqual(['fr-3018', 'fr-119']);
    expect(within(region).getByRole('note').textContent).toContain('17');
    expect(within(region).getByRole('link', { name: 'Call 3018' }).getAttribute('href')).toBe('tel:3018');
  });

  it('switching country saves it and shows that country’s channels', async () => {
    answerSummary(summary({ flagged: [drugsItem] }));
    renderPopup();
    const region = await openReport();
    fireEvent.change(within(region).getByRole('combobox', { name: 'Country' }), { target: { value: 'GB' } });
    await flush();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ country: 'GB' });
    const again = screen.getByRole('region', { name: 'Where to report' });
    expect(channelIds(again)[0]).toBe('gb-crimestoppers');
    expect(channelIds(again)).not.toContain('fr-pharos');
  });

  it('WhatsApp chats list WhatsApp’s own report-and-block steps, not Telegram’s', async () => {
    answerSummary(
      summary({
        client: 'whatsapp',
        chat: { id: 'c1', title: 'Ali', publicLink: null },
        flagged: [drugsItem],
      }),
    );
    renderPopup();
    const region = await openReport();
    expect(channelIds(region)).toContain('whatsapp-report-block');
    expect(channelIds(region)).not.toContain('telegram-in-app');
    expect(region.textContent).toContain('Report and block');
  });

  it('"Prepare a report" copies a factual summary on click, and stores nothing', async () => {
    answerSummary(summary({ flagged: [drugsItem] }));
    renderPopup();
    const region = await openReport();
    const localWrites = fake.storage.local.set.mock.calls.length;
    const syncWrites = fake.storage.sync.set.mock.calls.length;
    const sent = fake.runtime.sendMessage.mock.calls.length;
    fireEvent.click(within(region).getByRole('button', { name: 'Prepare a report (copy)' }));
    await flush();
    expect(writeText).toHaveBeenCalledTimes(1);
    const text = writeText.mock.calls[0]?.[0] as string;
    expect(text).toContain('Platform: Telegram Web (K)');
    expect(text).toContain('Chat: Shop Paris 75');
    expect(text).toContain('Public link: https://t.me/shop_paris_75');
    expect(text).toContain('Date and time of the message: November 27, 2026');
    expect(text).toContain('Sender as shown: Plug75');
    expect(text).toContain(drugsItem.excerpt);
    expect(text).toContain(
      'Why Vigie flagged it: Drugs, Level: high — price + quantity + delivery + drug slang',
    );
    expect(screen.getByText('Copied. Paste it into the reporting form.')).toBeTruthy();
    expect(fake.storage.local.set.mock.calls.length).toBe(localWrites);
    expect(fake.storage.sync.set.mock.calls.length).toBe(syncWrites);
    expect(fake.runtime.sendMessage.mock.calls.length).toBe(sent);
  });

  it('copies nothing before the click, and offers the text to copy by hand if the clipboard refuses', async () => {
    answerSummary(summary({ flagged: [drugsItem], chat: { id: 'p', title: 'Private', publicLink: null } }));
    writeText.mockRejectedValueOnce(new Error('denied'));
    renderPopup();
    const region = await openReport();
    expect(writeText).not.toHaveBeenCalled();
    fireEvent.click(within(region).getByRole('button', { name: 'Prepare a report (copy)' }));
    await flush();
    const area = within(region).getByRole('textbox') as HTMLTextAreaElement;
    expect(area.value).toContain(drugsItem.excerpt);
    expect(area.value).not.toContain('Public link');
  });
});

describe('accessibility basics', () => {
  it('every control has a name, no positive tabindex breaks the focus order, one h1', async () => {
    answerSummary(summary());
    const { container } = renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    fireEvent.click(screen.getAllByRole('button', { name: 'Where to report' })[0] as HTMLElement);
    const controls = [...container.querySelectorAll('input, select, textarea')] as HTMLInputElement[];
    expect(controls.length).toBeGreaterThan(3);
    for (const c of controls) {
      const named = (c.labels?.length ?? 0) > 0 || !!c.getAttribute('aria-label');
      expect(named, c.outerHTML).toBe(true);
    }
    for (const b of container.querySelectorAll('button, a'))
      expect(b.textContent?.trim(), b.outerHTML).toBeTruthy();
    expect(container.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])')).toHaveLength(0);
    expect(container.querySelectorAll('h1')).toHaveLength(1);
  });
});
