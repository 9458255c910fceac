// @vitest-environment happy-dom
/** The options page's "protection off since …" (issue 17, point 11). */
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
import { CHAT_ORIGINS, PROTECTION_KEY } from '../../../src/shared/protection';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
const TG = 'https://web.telegram.org/*';

function renderOptions() {
  render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Options />
    </I18n.Provider>,
  );
  return screen
    .findByRole('heading', { name: 'Protection' })
    .then((h) => h.closest('section') as HTMLElement);
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' });
  h.fake = fake;
  fake.runtime.sendMessage.mockResolvedValue(undefined);
});
afterEach(() => cleanup());

describe('options: protection status', () => {
  it('with access to every chat site, says so, and names what Vigie cannot see (being disabled)', async () => {
    const section = await renderOptions();
    expect(await within(section).findByText(/Vigie can read Telegram Web, WhatsApp Web/)).toBeTruthy();
    expect(section.textContent).toMatch(/If Vigie is disabled or removed .* it cannot report it/);
  });

  it('site access withdrawn for Telegram: "protection off since …", the sites named, and a way back', async () => {
    fake.permissions.contains.mockImplementation(
      async (p: unknown) => !(p as { origins: string[] }).origins.includes(TG),
    );
    await fake.storage.local.set({
      [PROTECTION_KEY]: { off: { since: Date.UTC(2026, 11, 4, 21, 15), origins: [TG] }, last: null },
    });
    const section = await renderOptions();
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toMatch(
      /Protection off since .*2026.*: the browser no longer lets Vigie read Telegram Web\./,
    );
    expect(alert.textContent).toMatch(/“on click”/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Allow Vigie on these sites again' }));
    expect(fake.permissions.request).toHaveBeenCalledWith({ origins: [TG] });
  });

  it('follows the browser: access removed while the page is open shows the state at once', async () => {
    const section = await renderOptions();
    await within(section).findByText(/Vigie can read/);
    fake.permissions.contains.mockResolvedValue(false);
    fake.permissions.onRemoved.fire({ origins: CHAT_ORIGINS });
    expect(
      await within(section).findByText(/Protection off: the browser does not let Vigie read/),
    ).toBeTruthy();
  });

  it('after access came back, the last period stays visible', async () => {
    await fake.storage.local.set({
      [PROTECTION_KEY]: {
        off: null,
        last: { from: Date.UTC(2026, 11, 1, 8), to: Date.UTC(2026, 11, 2, 8), origins: CHAT_ORIGINS },
      },
    });
    const section = await renderOptions();
    await flush();
    expect(
      within(section).getByText(
        /Protection was off from .* to .*\(Telegram Web, WhatsApp Web, Snapchat for Web\)/,
      ),
    ).toBeTruthy();
  });
});
