// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { createTranslator } from '../../../src/shared/settings/i18n';
import { SETTINGS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';
import { CHAT_ORIGINS, Welcome } from '../../../src/welcome/welcome';

let fake: FakeBrowser;
const renderWelcome = () =>
  render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Welcome />
    </I18n.Provider>,
  );

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-CA' });
  h.fake = fake;
});
afterEach(() => cleanup());

describe('welcome page', () => {
  it('explains what Vigie does and the privacy promise, preselects the country from the browser', async () => {
    renderWelcome();
    expect(screen.getByRole('heading', { name: 'Welcome to Vigie' })).toBeTruthy();
    expect(screen.getByText(/never leave it/)).toBeTruthy();
    const select = (await screen.findByRole('combobox', {
      name: 'Country for reporting',
    })) as HTMLSelectElement;
    expect(select.value).toBe('CA');
    fireEvent.change(select, { target: { value: 'FR' } });
    await flush();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ country: 'FR' });
    expect(screen.getByText('Saved.')).toBeTruthy();
  });

  it('asks for the chat hosts from a click when access is missing (Firefox MV3)', async () => {
    fake.permissions.contains.mockResolvedValue(false);
    renderWelcome();
    const button = await screen.findByRole('button', {
      name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web',
    });
    expect(fake.permissions.contains).toHaveBeenCalledWith({ origins: CHAT_ORIGINS });
    expect(fake.permissions.request).not.toHaveBeenCalled();
    fireEvent.click(button);
    await flush();
    expect(fake.permissions.request).toHaveBeenCalledWith({ origins: CHAT_ORIGINS });
    expect(
      screen.getByText('Vigie can work on Telegram Web, WhatsApp Web and Snapchat for Web.'),
    ).toBeTruthy();
    expect(
      screen.queryByRole('button', { name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web' }),
    ).toBeNull();
  });

  it('keeps the button and explains when the user refuses', async () => {
    fake.permissions.contains.mockResolvedValue(false);
    fake.permissions.request.mockResolvedValue(false);
    renderWelcome();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web' }),
    );
    await flush();
    expect(screen.getByRole('alert').textContent).toMatch(/Access was not granted/);
    expect(
      screen.getByRole('button', { name: 'Allow on Telegram Web, WhatsApp Web and Snapchat for Web' }),
    ).toBeTruthy();
  });

  it('shows no permission button when access is already granted (Chrome)', async () => {
    renderWelcome();
    expect(
      await screen.findByText('Vigie can work on Telegram Web, WhatsApp Web and Snapchat for Web.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Allow on/ })).toBeNull();
  });

  it('CHAT_ORIGINS are exactly the manifest content-script hosts', async () => {
    const manifest = (await import('../../../manifest.json')).default as {
      content_scripts: { matches: string[] }[];
    };
    expect([...CHAT_ORIGINS].sort()).toEqual([...(manifest.content_scripts[0]?.matches ?? [])].sort());
  });
});
