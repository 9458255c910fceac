// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { Options } from '../../../src/options/options';
import { DISMISSAL_SALT_KEY } from '../../../src/shared/settings/dismissals';
import { createTranslator, type Lang } from '../../../src/shared/settings/i18n';
import { DISMISSALS_KEY, SETTINGS_KEY, saveSetting } from '../../../src/shared/settings/store';

const DAY = 24 * 3600_000;

import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
const status = {
  version: 12,
  published: '2026-11-20T10:00:00Z',
  source: 'feed',
  lastCheck: '2026-11-28T08:00:00Z',
  lastError: null as null | { code: string; detail: string; at: string },
};

function renderOptions(lang: Lang = 'en') {
  return render(
    <I18n.Provider value={createTranslator(lang, localeMessages(lang))}>
      <Options />
    </I18n.Provider>,
  );
}
const syncStored = () => fake.storage.sync.data.get(SETTINGS_KEY) as Record<string, unknown> | undefined;

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' });
  h.fake = fake;
  fake.runtime.sendMessage.mockImplementation(async (m: unknown) =>
    (m as { type: string }).type === 'ui-bg/get-status' ? { ...status } : undefined,
  );
});
afterEach(() => cleanup());

describe('options: settings', () => {
  it('shows the effective settings, defaults included (country from the browser)', async () => {
    renderOptions();
    expect(
      ((await screen.findByRole('combobox', { name: 'Country for reporting' })) as HTMLSelectElement).value,
    ).toBe('GB');
    expect((screen.getByRole('checkbox', { name: 'Drugs' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Normal (recommended)' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(
      (screen.getByRole('checkbox', { name: /Blur flagged messages/ }) as HTMLInputElement).checked,
    ).toBe(false);
    expect((screen.getByRole('combobox', { name: 'Interface language' }) as HTMLSelectElement).value).toBe(
      'auto',
    );
  });

  it('writes each change to storage.sync (open tabs follow storage.onChanged)', async () => {
    renderOptions();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Weapons' }));
    await flush();
    expect(syncStored()?.categories).not.toContain('weapons');
    expect((screen.getByRole('checkbox', { name: 'Weapons' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('radio', { name: /^High/ }));
    await flush();
    fireEvent.click(screen.getByRole('checkbox', { name: /Blur flagged messages/ }));
    await flush();
    fireEvent.change(screen.getByRole('combobox', { name: 'Country for reporting' }), {
      target: { value: 'BE' },
    });
    await flush();
    fireEvent.change(screen.getByRole('combobox', { name: 'Interface language' }), {
      target: { value: 'fr' },
    });
    await flush();
    expect(syncStored()).toMatchObject({ sensitivity: 'high', blur: true, country: 'BE', language: 'fr' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Weapons' }));
    await flush();
    expect(syncStored()?.categories).toContain('weapons');
  });

  it('follows changes made elsewhere (another page or device) without reload', async () => {
    renderOptions();
    await screen.findByRole('combobox', { name: 'Country for reporting' });
    await saveSetting('country', 'CH');
    await flush();
    expect((screen.getByRole('combobox', { name: 'Country for reporting' }) as HTMLSelectElement).value).toBe(
      'CH',
    );
  });

  it('can switch Vigie off', async () => {
    renderOptions();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Warn me about illicit listings in chats' }));
    await flush();
    expect(syncStored()?.enabled).toBe(false);
  });

  it('says so when settings cannot be read at all', async () => {
    fake.storage.sync.get.mockRejectedValue(new Error('x'));
    fake.storage.local.get.mockRejectedValue(new Error('y'));
    renderOptions();
    expect(await screen.findByText(/Settings could not be loaded/)).toBeTruthy();
  });

  it('is in French when the translator is French', async () => {
    renderOptions('fr');
    expect(await screen.findByRole('combobox', { name: 'Pays pour les signalements' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Confidentialité' })).toBeTruthy();
  });
});

describe('options: dismissed items', () => {
  it('lists dismissed chats and messages without message text; restore one; clear all with undo', async () => {
    // Stored ids are salted hashes: the page shows titles and dates, and restores by id.
    fake.storage.local.data.set(DISMISSAL_SALT_KEY, 'test-salt-0123456789abcdef');
    fake.storage.local.data.set(DISMISSALS_KEY, {
      messages: { id1: { at: Date.now() - 3 * DAY, client: 'telegram-k', chatTitle: 'Market' } },
      chats: { id9: { at: Date.now() - 2 * DAY, client: 'whatsapp', chatTitle: 'Family' } },
    });
    renderOptions();
    const section = (await screen.findByRole('heading', { name: 'Marked as not illicit' })).closest(
      'section',
    ) as HTMLElement;
    await flush();
    expect(within(section).getByText(/A message in “Market”/)).toBeTruthy();
    expect(within(section).getByText(/Family/)).toBeTruthy();

    fireEvent.click(within(section).getAllByRole('button', { name: 'Flag again' })[0] as HTMLElement);
    await flush();
    expect((fake.storage.local.data.get(DISMISSALS_KEY) as { chats: object }).chats).toEqual({});
    expect(within(section).queryByText(/Family/)).toBeNull();

    fireEvent.click(within(section).getByRole('button', { name: 'Clear the whole list' }));
    await flush();
    expect(fake.storage.local.data.get(DISMISSALS_KEY)).toEqual({ v: 2, messages: {}, chats: {} });
    expect(within(section).getByText('Nothing marked yet.')).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Undo' }));
    await flush();
    expect(
      Object.keys((fake.storage.local.data.get(DISMISSALS_KEY) as { messages: object }).messages),
    ).toEqual(['id1']);
    expect(within(section).getByText(/A message in “Market”/)).toBeTruthy();
  });
});

describe('options: rules status', () => {
  it('shows the version and source, and "check for updates now" asks the background', async () => {
    renderOptions();
    const section = (await screen.findByRole('heading', { name: 'Detection rules' })).closest(
      'section',
    ) as HTMLElement;
    expect(await within(section).findByText('12')).toBeTruthy();
    expect(within(section).getByText('downloaded update (signature checked)')).toBeTruthy();
    fake.runtime.sendMessage.mockImplementation(async (m: unknown) =>
      (m as { type: string }).type === 'ui-bg/check-now'
        ? { ...status, version: 13, lastCheck: '2026-11-28T09:00:00Z' }
        : { ...status },
    );
    fireEvent.click(within(section).getByRole('button', { name: 'Check for updates now' }));
    expect(await within(section).findByText('13')).toBeTruthy();
    expect(fake.runtime.sendMessage).toHaveBeenCalledWith({ type: 'ui-bg/check-now' });
    expect(within(section).getByText('Check done.')).toBeTruthy();
  });

  it('explains the last error in plain words', async () => {
    fake.runtime.sendMessage.mockResolvedValue({
      ...status,
      lastError: { code: 'bad-signature', detail: 'x', at: '2026-11-28T08:00:00Z' },
    });
    renderOptions();
    expect(await screen.findByText(/the update’s signature was wrong: refused/)).toBeTruthy();
  });

  it('shows an unknown error code rather than hiding it', async () => {
    fake.runtime.sendMessage.mockResolvedValue({
      ...status,
      lastError: { code: 'brand-new', detail: 'x', at: '2026-11-28T08:00:00Z' },
    });
    renderOptions();
    expect(await screen.findByText(/update failed \(brand-new\)/)).toBeTruthy();
  });

  it('names the chat sites whose layout an open tab does not recognise (the rules may be outdated)', async () => {
    fake.runtime.sendMessage.mockResolvedValue({ ...status, layoutProblems: ['telegram-k', 'whatsapp'] });
    renderOptions();
    const problem = await screen.findByText(/Not recognised on Telegram Web \(K\), WhatsApp Web/);
    expect(problem.textContent).toMatch(/the rules may be outdated/);
    cleanup();
    // Nothing to say when every tab reads, and a malformed list is not trusted.
    for (const layoutProblems of [[], ['<img>'], 'telegram-k']) {
      fake.runtime.sendMessage.mockResolvedValue({ ...status, layoutProblems });
      renderOptions();
      expect((await screen.findAllByText('12')).length).toBeGreaterThan(0);
      expect(screen.queryByText(/Not recognised on/)).toBeNull();
      cleanup();
    }
  });

  it('says when the background does not answer', async () => {
    fake.runtime.sendMessage.mockRejectedValue(new Error('no receiver'));
    renderOptions();
    expect(await screen.findByText('The rules status is not available right now.')).toBeTruthy();
  });
});

describe('options: privacy', () => {
  it('states plainly that messages never leave the device', async () => {
    renderOptions();
    const section = (await screen.findByRole('heading', { name: 'Privacy' })).closest(
      'section',
    ) as HTMLElement;
    expect(section.textContent).toMatch(/never leave it/);
    expect(section.textContent).toMatch(/No message, no excerpt and no statistics are sent/);
  });
});

describe('options: accessibility basics', () => {
  it('every control has a label and every button a text', async () => {
    fake.storage.local.data.set(DISMISSALS_KEY, { messages: { a: { at: Date.now() } }, chats: {} });
    const { container } = renderOptions();
    await screen.findByRole('combobox', { name: 'Country for reporting' });
    await flush();
    const controls = [...container.querySelectorAll('input, select')] as HTMLInputElement[];
    expect(controls.length).toBeGreaterThan(10);
    for (const c of controls) expect((c.labels?.length ?? 0) > 0, c.outerHTML).toBe(true);
    for (const b of container.querySelectorAll('button'))
      expect(b.textContent?.trim(), b.outerHTML).toBeTruthy();
  });
});
