// @vitest-environment happy-dom
/** The popup under an organisation's policy and under a parent PIN. */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { summary } from './fixtures';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { Popup } from '../../../src/popup/popup';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { DISMISSALS_KEY, POLICY_CACHE_KEY } from '../../../src/shared/settings/keys';
import { PARENT_LOCK_KEY } from '../../../src/shared/settings/parent-lock';
import { parsePolicy } from '../../../src/shared/settings/policy';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;

function renderPopup() {
  return render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Popup search="" />
    </I18n.Provider>,
  );
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  h.fake = fake;
  fake.runtime.sendMessage.mockResolvedValue(null);
  fake.tabs.sendMessage.mockImplementation(async (_tab, msg) =>
    (msg as { type: string }).type === 'popup-cs/get-summary' ? summary() : undefined,
  );
});
afterEach(() => cleanup());

async function openReport() {
  await screen.findByRole('list', { name: 'Flagged messages' });
  fireEvent.click(screen.getAllByRole('button', { name: 'Where to report' })[0] as HTMLElement);
  return screen.getByRole('region', { name: 'Where to report' });
}

describe('popup with an organisation policy', () => {
  it("shows the organisation's contact FIRST, and the locked country cannot be changed", async () => {
    await fake.storage.local.set({
      [POLICY_CACHE_KEY]: parsePolicy({
        country: 'BE',
        reportingContact: {
          name: 'School safeguarding lead',
          url: 'https://intranet.example/report',
          phone: '+32 2 555 01 23',
        },
      }),
    });
    renderPopup();
    const region = await openReport();
    await waitFor(() =>
      expect(region.querySelector('[data-channel]')?.getAttribute('data-channel')).toBe('organisation'),
    );
    const org = region.querySelector('[data-channel="organisation"]') as HTMLElement;
    expect(org.textContent).toContain('School safeguarding lead');
    expect(org.querySelector('a[href="https://intranet.example/report"]')).toBeTruthy();
    expect(org.querySelector('a[href="tel:+3225550123"]')).toBeTruthy();
    const select = region.querySelector('select') as HTMLSelectElement;
    expect(select.value).toBe('BE');
    expect(select.disabled).toBe(true);
  });

  it('without a policy there is no organisation entry and the country can be changed', async () => {
    renderPopup();
    const region = await openReport();
    await flush();
    expect(region.querySelector('[data-channel="organisation"]')).toBeNull();
    expect((region.querySelector('select') as HTMLSelectElement).disabled).toBe(false);
  });
});

describe('popup with a parent PIN', () => {
  it('warnings and reporting stay available; dismissing is replaced by a note', async () => {
    await fake.storage.local.set({ [PARENT_LOCK_KEY]: { v: 1, salt: 'AAAA', hash: 'AAAA', iterations: 1 } });
    renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Not an illicit listing' })).toBeNull());
    expect(
      screen.getAllByText('Dismissing a warning needs the parent PIN (in the settings).').length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByRole('button', { name: 'Where to report' }).length).toBeGreaterThan(0);
  });

  it('asks again at the click: a PIN set since the popup opened refuses the dismissal', async () => {
    renderPopup();
    const button = (
      await screen.findAllByRole('button', { name: 'Not an illicit listing' })
    )[0] as HTMLElement;
    // Set behind the popup's back (no storage event), as another page racing the click would.
    fake.storage.local.data.set(PARENT_LOCK_KEY, { v: 1, salt: 'AAAA', hash: 'AAAA', iterations: 1 });
    fireEvent.click(button);
    await flush();
    expect(fake.storage.local.data.get(DISMISSALS_KEY)).toBeUndefined();
    expect(fake.tabs.sendMessage).not.toHaveBeenCalledWith(
      7,
      expect.objectContaining({ type: 'popup-cs/dismiss' }),
    );
  });
});
