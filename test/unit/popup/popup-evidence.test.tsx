// @vitest-environment happy-dom
/**
 * "Keep evidence" in the popup (issue 16): nothing before the click; then capturing, saved (with
 * what to do now), refused → the text-only file, the page not answering, and the setting turned
 * off by an organisation or by the user. The browser's image tools (createImageBitmap,
 * OffscreenCanvas) do not exist in happy-dom: the decode and crop are replaced by a stand-in that
 * records the crop it was asked for; the end-to-end test runs the real ones in both browsers.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceReply } from '../../../src/shared/messages';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { drugsItem, summary, weaponsItem } from './fixtures';

const h = vi.hoisted(() => ({
  fake: null as unknown,
  saved: [] as { bytes: Uint8Array; name: string; type: string }[],
  crops: [] as unknown[],
}));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));
vi.mock('../../../src/ui/save-file', () => ({
  saveFile: (bytes: Uint8Array, name: string, type: string) => h.saved.push({ bytes, name, type }),
}));
vi.mock('../../../src/ui/evidence/images', async (original) => ({
  ...(await original<typeof import('../../../src/ui/evidence/images')>()),
  // The capture of a 1280×720 viewport at device pixel ratio 2.
  decodePng: async () => ({ width: 2560, height: 1440, bitmap: {} }),
  cropToPng: async (_image: unknown, plan: unknown) => {
    h.crops.push(plan);
    return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  },
  releaseImage: () => undefined,
}));

import { Popup } from '../../../src/popup/popup';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { POLICY_CACHE_KEY, SETTINGS_KEY } from '../../../src/shared/settings/keys';
import { parsePolicy } from '../../../src/shared/settings/policy';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
const FULL_TEXT = `${drugsItem.excerpt}\n${'and the rest of a long menu, '.repeat(20)}the end`;

function facts(over: Partial<EvidenceReply & { ok: true }> = {}): EvidenceReply {
  return {
    ok: true,
    page: {
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 2,
      chat: { title: 'Shop Paris 75', publicLink: 'https://t.me/shop_paris_75' },
      pageUrl: 'https://web.telegram.org/k/#@shop_paris_75',
      visible: true,
      blur: true,
    },
    messages: [
      {
        key: drugsItem.key,
        text: FULL_TEXT,
        matched: ['Beuh', '10€ le g'],
        sender: 'Plug75',
        time: drugsItem.time,
        box: { x: 300, y: -20, width: 400, height: 120 },
      },
    ],
    ...over,
  };
}

function answer(evidence: () => unknown) {
  fake.tabs.sendMessage.mockImplementation(async (_tab, msg) => {
    const type = (msg as { type: string }).type;
    if (type === 'popup-cs/get-summary') return summary();
    if (type === 'popup-cs/evidence') return evidence();
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

async function firstCard() {
  await screen.findByRole('list', { name: 'Flagged messages' });
  return screen.getAllByRole('listitem')[0] as HTMLElement;
}

function storageSnapshot() {
  return JSON.stringify([[...fake.storage.local.data], [...fake.storage.sync.data]]);
}

function unzipSaved(index = 0) {
  const saved = h.saved[index];
  if (!saved) throw new Error('nothing saved');
  const files = unzipSync(saved.bytes);
  return {
    saved,
    files,
    text: (name: string) => new TextDecoder().decode(files[name]),
  };
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
  h.saved.length = 0;
  h.crops.length = 0;
  fake.runtime.sendMessage.mockResolvedValue(null);
  answer(facts);
});
afterEach(() => cleanup());

describe('Keep evidence in the popup', () => {
  it('does nothing before the click: no message to the page, no capture', async () => {
    renderPopup();
    const card = await firstCard();
    expect(await within(card).findByRole('button', { name: 'Keep evidence' })).toBeTruthy();
    await flush();
    const types = fake.tabs.sendMessage.mock.calls.map((c) => (c[1] as { type: string }).type);
    expect(types).not.toContain('popup-cs/evidence');
    expect(fake.tabs.captureVisibleTab).not.toHaveBeenCalled();
  });

  it('capturing, then saved: one zip with both images and the whole text, and what to do now', async () => {
    let release: (url: string) => void = () => undefined;
    fake.tabs.captureVisibleTab.mockImplementation(
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
        }),
    );
    renderPopup();
    const card = await firstCard();
    const before = storageSnapshot();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    expect(await within(card).findByText('Keeping the evidence…')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Keep evidence' })).toBeNull();
    await waitFor(() => expect(fake.tabs.captureVisibleTab).toHaveBeenCalledWith(1, { format: 'png' }));
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'popup-cs/evidence', key: drugsItem.key });
    expect(fake.tabs.get).toHaveBeenCalledWith(7);
    release(
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    );

    const title = await within(card).findByText(
      /^Evidence saved: vigie-evidence-\d{4}-\d\d-\d\d-\d{6}\.zip$/,
    );
    const panel = title.closest('[role="status"]') as HTMLElement;
    await waitFor(() => expect(document.activeElement).toBe(panel));
    // The crop: the box (partly above the screen) × 2, with the margin, cut at the top.
    expect(h.crops).toEqual([
      {
        x: 2 * (300 - 16),
        y: 0,
        width: 2 * (400 + 32),
        height: 2 * (100 + 16),
        scale: { x: 2, y: 2 },
        clipped: true,
      },
    ]);
    expect(panel.textContent).toContain('the cropped image shows its visible part only');
    // What to do: the French channels (the country follows the browser), attach, do not contact or forward.
    const steps = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(steps[0]).toMatch(/^Report it to: PHAROS.*Attach the images message\.png and screenshot\.png/);
    expect(steps[1]).toBe('Do not contact or answer the seller, and do not pay anything.');
    expect(steps[2]).toMatch(/^Do not forward this content/);

    const { saved, files, text } = unzipSaved();
    expect(saved.type).toBe('application/zip');
    expect(Object.keys(files)).toEqual([
      'evidence.html',
      'evidence.txt',
      'screenshot.png',
      'message.png',
      'SHA256SUMS',
    ]);
    // The whole text as the page read it, not the popup's excerpt; the sums name every file.
    expect(text('evidence.txt')).toContain('the end');
    expect(text('evidence.txt')).toContain('https://web.telegram.org/k/#@shop_paris_75');
    expect(text('evidence.txt')).toContain('The blur option was on');
    expect(text('SHA256SUMS').trim().split('\n')).toHaveLength(4);
    // Nothing kept by Vigie: storage untouched.
    expect(storageSnapshot()).toBe(before);
  });

  it('refused (no permission): says why, and saves the text-only file on request', async () => {
    fake.tabs.captureVisibleTab.mockRejectedValue(
      new Error("Either the '<all_urls>' or 'activeTab' permission is required."),
    );
    renderPopup();
    const card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain(
      'The screen could not be captured: the browser did not allow it (open Vigie with its toolbar button',
    );
    expect(h.saved).toHaveLength(0);
    fireEvent.click(within(alert).getByRole('button', { name: 'Save the text-only file' }));
    const title = await within(card).findByText(/^Text file saved: vigie-evidence-/);
    const panel = title.closest('[role="status"]') as HTMLElement;
    expect(panel.textContent).toContain('Attach the file, or copy the text of evidence.txt');
    const { files, text } = unzipSaved();
    expect(Object.keys(files)).toEqual(['evidence.html', 'evidence.txt', 'SHA256SUMS']);
    expect(text('evidence.txt')).toContain('No image could be taken: the browser did not allow it');
    expect(text('evidence.txt')).toContain('the end');
  });

  it('refused (the chat tab is not the one shown): no capture is tried; cancel drops it', async () => {
    fake.tabs.get.mockResolvedValue({ windowId: 1, active: false });
    renderPopup();
    const card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('the chat tab is not the one shown');
    expect(fake.tabs.captureVisibleTab).not.toHaveBeenCalled();
    fireEvent.click(within(alert).getByRole('button', { name: 'Cancel' }));
    expect(within(card).getByRole('button', { name: 'Keep evidence' })).toBeTruthy();
    expect(h.saved).toHaveLength(0);
  });

  it('refused (the message left the page): the text is still offered', async () => {
    answer(() => {
      const f = facts();
      return f.ok ? { ...f, messages: f.messages.map((m) => ({ ...m, box: null })) } : f;
    });
    renderPopup();
    const card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('the message is no longer shown');
    expect(fake.tabs.captureVisibleTab).not.toHaveBeenCalled();
  });

  it('the page does not answer, or answers nonsense: a plain error, and the button to try again', async () => {
    answer(() => {
      throw new Error('Receiving end does not exist.');
    });
    renderPopup();
    let card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    expect((await within(card).findByRole('alert')).textContent).toBe(
      'The chat page did not answer: reload it, then open Vigie again.',
    );
    cleanup();
    answer(() => ({ ok: true, page: { pageUrl: 'javascript:alert(1)' }, messages: [] }));
    renderPopup();
    card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('did not answer');
    expect(within(card).getByRole('button', { name: 'Keep evidence' })).toBeTruthy();
    expect(h.saved).toHaveLength(0);
  });

  it('turned off by the organisation: no button, a note that says who turned it off', async () => {
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ keepEvidence: false }) });
    renderPopup();
    const card = await firstCard();
    expect(await within(card).findByText('“Keep evidence” is turned off by your organisation.')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Keep evidence' })).toBeNull();
  });

  it("turned off by the user: the note points at Vigie's settings", async () => {
    await fake.storage.sync.set({ [SETTINGS_KEY]: { keepEvidence: false } });
    renderPopup();
    const card = await firstCard();
    expect(await within(card).findByText('“Keep evidence” is turned off in Vigie’s settings.')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Keep evidence' })).toBeNull();
  });
});

describe('Keep evidence follows the settings while the popup is open', () => {
  it('an organisation turning it off replaces the button at once; turning it back on brings it back', async () => {
    renderPopup();
    const card = await firstCard();
    await within(card).findByRole('button', { name: 'Keep evidence' });
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ keepEvidence: false }) });
    expect(await within(card).findByText('“Keep evidence” is turned off by your organisation.')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Keep evidence' })).toBeNull();
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({}) });
    expect(await within(card).findByRole('button', { name: 'Keep evidence' })).toBeTruthy();
  });
});

describe("Keep evidence names the country's own channels", () => {
  it('Switzerland: the Swiss channels in the advice and in the file, not the French ones', async () => {
    await fake.storage.sync.set({ [SETTINGS_KEY]: { country: 'CH' } });
    renderPopup();
    const card = await firstCard();
    fireEvent.click(await within(card).findByRole('button', { name: 'Keep evidence' }));
    const title = await within(card).findByText(/^Evidence saved: /);
    const panel = title.closest('[role="status"]') as HTMLElement;
    const advice = panel.textContent ?? '';
    const { text } = unzipSaved();
    const { CHANNELS } = await import('../../../src/shared/reporting/channels');
    const national = (country: string) =>
      CHANNELS.filter((c) => 'country' in c.scope && c.scope.country === country).map((c) => c.name.en);
    expect(national('CH').length).toBeGreaterThan(0);
    expect(national('CH').some((name) => advice.includes(name))).toBe(true);
    expect(national('CH').some((name) => text('evidence.txt').includes(name))).toBe(true);
    for (const name of national('FR').filter((n) => !national('CH').includes(n))) {
      expect(advice, name).not.toContain(name);
      expect(text('evidence.txt'), name).not.toContain(name);
    }
  });
});

/**
 * The component as the chat-level verdict banner (issue 15) uses it: `subject.kind === 'chat'`,
 * the verdict's words and the popup's flagged items. Its props are the API the banner relies on.
 */
describe('KeepEvidence for a whole chat', () => {
  const verdict = {
    reasons: ['2 of the 42 messages read are offers: prices, delivery, a contact'],
    categories: ['drugs', 'weapons'] as const,
    read: 42,
    supporting: 2,
  };

  function chatFacts(): EvidenceReply {
    const f = facts();
    if (!f.ok) return f;
    // No key: every flagged message of the chat, without boxes (nothing is scrolled or cropped).
    return {
      ...f,
      messages: [
        { ...(f.messages[0] as (typeof f.messages)[number]), box: null },
        {
          key: weaponsItem.key,
          text: 'Glock 19 neuf, 900€, remise en main propre. Écrire en privé.',
          matched: ['Glock 19'],
          sender: 'Armurier',
          time: null,
          box: null,
        },
      ],
    };
  }

  async function renderChat() {
    const { KeepEvidence } = await import('../../../src/ui/evidence/keep-evidence');
    return render(
      <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
        <KeepEvidence
          tabId={7}
          subject={{ kind: 'chat', verdict, items: [drugsItem, weaponsItem] }}
          summary={summary()}
          country="FR"
        />
      </I18n.Provider>,
    );
  }

  it('asks the page for the whole chat, captures the tab without cropping, and saves one chat file', async () => {
    answer(chatFacts);
    await renderChat();
    fireEvent.click(await screen.findByRole('button', { name: 'Keep evidence of this chat' }));
    const title = await screen.findByText(/^Evidence saved: vigie-evidence-/);
    expect(fake.tabs.sendMessage).toHaveBeenCalledWith(7, { type: 'popup-cs/evidence', key: null });
    expect(fake.tabs.captureVisibleTab).toHaveBeenCalledTimes(1);
    expect(h.crops).toEqual([]);
    const panel = title.closest('[role="status"]') as HTMLElement;
    expect(panel.textContent).toMatch(/Report it to: PHAROS.*Attach the image screenshot\.png/);
    const { files, text } = unzipSaved();
    expect(Object.keys(files)).toEqual(['evidence.html', 'evidence.txt', 'screenshot.png', 'SHA256SUMS']);
    const txt = text('evidence.txt');
    for (const expected of [
      verdict.reasons[0] as string,
      FULL_TEXT.split('\n')[1]?.trim() as string,
      'Glock 19 neuf, 900€, remise en main propre. Écrire en privé.',
      'Armurier',
      'Plug75',
      'Shop Paris 75',
      'The blur option was on',
    ]) {
      expect(txt, expected).toContain(expected);
    }
  });

  it('refused: says so and still offers the text-only file of the chat', async () => {
    answer(() => {
      const f = chatFacts();
      return f.ok ? { ...f, page: { ...f.page, visible: false } } : f;
    });
    await renderChat();
    fireEvent.click(await screen.findByRole('button', { name: 'Keep evidence of this chat' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the chat tab is not the one shown');
    expect(fake.tabs.captureVisibleTab).not.toHaveBeenCalled();
    fireEvent.click(within(alert).getByRole('button', { name: 'Save the text-only file' }));
    await screen.findByText(/^Text file saved: vigie-evidence-/);
    const { files, text } = unzipSaved();
    expect(Object.keys(files)).toEqual(['evidence.html', 'evidence.txt', 'SHA256SUMS']);
    expect(text('evidence.txt')).toContain('No image could be taken: the chat tab is not the one shown');
    expect(text('evidence.txt')).toContain('Glock 19 neuf');
  });

  it('turned off by the organisation: no button for the chat either', async () => {
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ keepEvidence: false }) });
    await renderChat();
    expect(await screen.findByText('“Keep evidence” is turned off by your organisation.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Keep evidence of this chat' })).toBeNull();
  });
});
