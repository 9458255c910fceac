// @vitest-environment happy-dom
/**
 * Issue 17, point 6: Firefox sends its per-install moz-extension:// origin to an organisation's
 * feed unless Vigie holds a host permission for it. The options page asks for exactly the feed
 * hosts the policy names, on a click, in Firefox only.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { feedHostPatterns, OrgFeedAccess } from '../../../src/options/org-feed-access';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;
const FEEDS = ['https://rules.school.example/vigie/bundle.json', 'https://rules.school.example/mirror.json'];

function renderAccess(urls: string[]) {
  return render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <OrgFeedAccess feedUrls={urls} />
    </I18n.Provider>,
  );
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' });
  h.fake = fake;
});
afterEach(() => cleanup());

describe('access to an organisation feed host (Firefox)', () => {
  it('one https://host/* pattern per feed host', () => {
    expect(feedHostPatterns([...FEEDS, 'not a url'])).toEqual(['https://rules.school.example/*']);
  });

  it('Firefox without the permission: explains, and asks for that host alone on a click', async () => {
    fake.runtime.getURL.mockImplementation((p: string) => `moz-extension://uuid/${p}`);
    fake.permissions.contains.mockResolvedValue(false);
    fake.permissions.request.mockResolvedValue(true);
    renderAccess(FEEDS);
    const button = await screen.findByRole('button', {
      name: "Allow access to the organisation's rule server",
    });
    expect(fake.permissions.request).not.toHaveBeenCalled();
    fireEvent.click(button);
    expect(fake.permissions.request).toHaveBeenCalledWith({ origins: ['https://rules.school.example/*'] });
    await screen.findByText(/carry no identifier of this installation/);
  });

  it('Chrome: nothing to ask (its origin is the extension id, the same for every user)', async () => {
    fake.permissions.contains.mockResolvedValue(false);
    renderAccess(FEEDS);
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('no organisation feed: nothing shown', async () => {
    fake.runtime.getURL.mockImplementation((p: string) => `moz-extension://uuid/${p}`);
    renderAccess([]);
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('button')).toBeNull();
    expect(fake.permissions.contains).not.toHaveBeenCalled();
  });
});
