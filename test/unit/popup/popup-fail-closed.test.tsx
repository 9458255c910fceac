// @vitest-environment happy-dom
/**
 * The popup fails closed (issue 17, point 10): until storage says whether a parent PIN is set, or
 * when it cannot say, nothing can be dismissed and the country cannot be changed. Each test loads
 * the modules afresh: the popup keeps the last known PIN state in module memory, which would
 * otherwise carry one test's answer into the next.
 */
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

import { PARENT_LOCK_KEY } from '../../../src/shared/settings/parent-lock';

let fake: FakeBrowser;

async function renderPopup() {
  vi.resetModules();
  const { Popup } = await import('../../../src/popup/popup');
  const { createTranslator } = await import('../../../src/shared/settings/i18n');
  const { I18n } = await import('../../../src/ui/i18n-context');
  return render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Popup search="" />
    </I18n.Provider>,
  );
}

async function openReport() {
  await screen.findByRole('list', { name: 'Flagged messages' });
  fireEvent.click(screen.getAllByRole('button', { name: 'Where to report' })[0] as HTMLElement);
  return screen.getByRole('region', { name: 'Where to report' });
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

describe('popup fails closed', () => {
  it('offers no dismissing while storage has not said whether a PIN is set (fail closed)', async () => {
    const realGet = fake.storage.local.get.getMockImplementation();
    fake.storage.local.get.mockImplementation(async (keys?: string | string[] | null) =>
      Array.isArray(keys) && keys.includes(PARENT_LOCK_KEY)
        ? new Promise<Record<string, unknown>>(() => {})
        : (realGet as (k: unknown) => Promise<Record<string, unknown>>)(keys),
    );
    await renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    await flush();
    expect(screen.queryByRole('button', { name: 'Not an illicit listing' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Never flag this chat' })).toBeNull();
    const region = await openReport();
    expect((region.querySelector('select') as HTMLSelectElement).disabled).toBe(true);
  });

  it('treats a storage error as "PIN set": no dismissing, the note instead', async () => {
    const realGet = fake.storage.local.get.getMockImplementation();
    fake.storage.local.get.mockImplementation(async (keys?: string | string[] | null) => {
      if (Array.isArray(keys) && keys.includes(PARENT_LOCK_KEY)) throw new Error('storage hiccup');
      return (realGet as (k: unknown) => Promise<Record<string, unknown>>)(keys);
    });
    await renderPopup();
    await screen.findByRole('list', { name: 'Flagged messages' });
    await waitFor(() =>
      expect(
        screen.getAllByText('Dismissing a warning needs the parent PIN (in the settings).').length,
      ).toBeGreaterThan(0),
    );
    expect(screen.queryByRole('button', { name: 'Not an illicit listing' })).toBeNull();
  });

  it('with storage answering "no PIN", dismissing is offered (the guard is not always on)', async () => {
    await renderPopup();
    expect((await screen.findAllByRole('button', { name: 'Not an illicit listing' })).length).toBeGreaterThan(
      0,
    );
  });
});
