// @vitest-environment happy-dom
/**
 * The check page with a chat-level verdict on the whole export (issue 15): the "looks like a shop"
 * banner above the flagged messages, as in the popup but without "Not a shop" or "Keep evidence"
 * (nothing is remembered about a file, and the file is the evidence); a shop whose posts were each
 * under the threshold is not "nothing looks like a listing"; the downloaded report carries the
 * chat-level summary. Driven by hand-made scan events (the scan core is tested in
 * test/unit/exports/export-shop.test.ts).
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShopSummary } from '../../../src/shared/messages';
import { createFakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import { doneEvent, fakeDeps, flagged, progressEvent, readEvent } from './fixtures';

const h = vi.hoisted(() => ({ fake: null as unknown, saved: [] as Uint8Array[] }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));
vi.mock('../../../src/ui/save-file', () => ({
  saveFile: (bytes: Uint8Array) => h.saved.push(bytes),
}));

import { CheckPage } from '../../../src/check/check';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { SETTINGS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';

const shop: ShopSummary = {
  categories: ['documents'],
  read: 9,
  listings: 6,
  flagged: 1,
  repeated: 0,
  signals: ['price', 'contact'],
  products: [],
  firstTime: Date.UTC(2025, 2, 12, 11, 2),
  lastTime: Date.UTC(2025, 2, 14, 18, 40),
  reasons: [
    {
      explain: 'chat-listings',
      text: {
        en: '6 of the 9 messages read look like listings',
        fr: '6 des 9 messages lus ressemblent à des annonces',
      },
    },
  ],
};

async function finish(events: ScanEvent[]) {
  const { deps, last } = fakeDeps();
  render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <CheckPage deps={deps} />
    </I18n.Provider>,
  );
  await flush();
  const input = document.querySelector('#export-file') as HTMLInputElement;
  const file = new File(['12/03/2025 11:02 - Karim: hello'], 'WhatsApp Chat with Bons plans 75.txt');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
  await act(async () => {
    for (const e of events) last().emit(e);
  });
  await flush();
}

beforeEach(() => {
  const fake = createFakeBrowser({ uiLanguage: 'en-US' });
  h.fake = fake;
  h.saved.length = 0;
  fake.storage.sync.data.set(SETTINGS_KEY, { country: 'FR' });
});
afterEach(() => cleanup());

describe('the whole export looks like a shop', () => {
  it('shows the banner above the flagged messages, with the reasons and where to report the chat', async () => {
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent({ shop })]);
    const banner = screen.getByRole('region', { name: /This chat looks like a shop for forged papers/i });
    expect(banner.textContent).toContain('6 of the 9 messages read look like listings');
    expect(banner.textContent).toMatch(/Listings seen from .*2025.* to .*2025/);
    expect(banner.textContent).toContain('A warning, not a verdict');
    const list = screen.getByRole('list', { name: 'Flagged messages' });
    expect(banner.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Nothing to dismiss or capture for a file.
    expect(within(banner).queryByRole('button', { name: 'Not a shop' })).toBeNull();
    expect(within(banner).queryByRole('button', { name: /Keep evidence/ })).toBeNull();
    fireEvent.click(within(banner).getByRole('button', { name: 'Where to report this chat' }));
    const region = within(banner).getByRole('region', { name: 'Where to report' });
    // The French official channels for forged papers, as for a message card.
    expect(region.querySelectorAll('[data-channel^="fr-"]').length).toBeGreaterThan(0);
  });

  it('posts each under the threshold: the banner, and not "nothing looks like a listing"', async () => {
    await finish([readEvent(), progressEvent(9, 1000), doneEvent({ flagged: 0, shop })]);
    expect(screen.getByRole('region', { name: /looks like a shop/ })).toBeTruthy();
    expect(screen.queryByText('Nothing looks like a listing')).toBeNull();
  });

  it('not a shop (null) or not asked for: no banner', async () => {
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent({ shop: null })]);
    expect(screen.queryByRole('region', { name: /looks like a shop/ })).toBeNull();
    cleanup();
    await finish([readEvent(), progressEvent(9, 1000), doneEvent({ flagged: 0 })]);
    expect(screen.queryByRole('region', { name: /looks like a shop/ })).toBeNull();
    expect(screen.getByText('Nothing looks like a listing')).toBeTruthy();
  });

  it('the downloaded report carries the chat-level summary', async () => {
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent({ shop })]);
    fireEvent.click(screen.getByRole('button', { name: 'Download the report' }));
    await waitFor(() => expect(h.saved).toHaveLength(1));
    const text = new TextDecoder().decode(unzipSync(h.saved[0] as Uint8Array)['report.txt']);
    expect(text).toContain('This chat looks like a shop');
    expect(text).toContain('Categories: Forged papers');
    expect(text).toContain('Listings: 6 of the 9 messages read');
    expect(text).toMatch(/Listings seen from .*2025.* to .*2025/);
    expect(text).toContain('6 of the 9 messages read look like listings');
    expect(text).not.toContain('Nothing looks like a listing');
  });
});
