/**
 * Snapchat's own reporting joins the popup's platform section (issue 8): a Snapchat tab gets
 * Snap's steps and its safety-reporting page after the official channels, and no other
 * platform's; other platforms never get Snapchat's.
 */
import { describe, expect, it, vi } from 'vitest';

// The popup modules reach the browser API wrapper; nothing here calls it.
vi.mock('../../../src/shared/browser', () => ({ default: {} }));

import { parseTabSummary } from '../../../src/popup/summary';
import { CHANNELS, selectChannels } from '../../../src/shared/reporting';
import { platformOf } from '../../../src/ui/report-panel';

const ids = (q: Parameters<typeof selectChannels>[0]) => selectChannels(q).channels.map((c) => c.id);

describe('Snapchat reporting', () => {
  it('a Snapchat tab is the snapchat platform', () => {
    expect(platformOf('snapchat')).toBe('snapchat');
    expect(platformOf('whatsapp')).toBe('whatsapp');
    expect(platformOf(null)).toBeNull();
  });

  it('France, private Snapchat chat: police channels first, then Snap’s own reporting only', () => {
    const list = ids({ country: 'FR', category: 'documents', context: 'private', platform: 'snapchat' });
    expect(list.slice(-2)).toEqual(['snapchat-in-app', 'snapchat-support-form']);
    expect(list.indexOf('snapchat-in-app')).toBeGreaterThan(list.indexOf('fr-ma-securite'));
    expect(list.some((id) => id.startsWith('telegram-') || id.startsWith('whatsapp-'))).toBe(false);
    expect(ids({ country: 'FR', category: 'drugs', context: 'public', platform: 'telegram' })).not.toContain(
      'snapchat-in-app',
    );
  });

  it('ships only what the notes verify: Snap’s page for the steps and the form, press and hold → Report', () => {
    const snap = CHANNELS.filter((c) => 'platform' in c.scope && c.scope.platform === 'snapchat');
    expect(snap.map((c) => c.id)).toEqual(['snapchat-in-app', 'snapchat-support-form']);
    for (const c of snap) expect(c.source).toBe('https://values.snap.com/safety/safety-reporting');
    expect(snap[0]?.steps?.en.join(' ')).toMatch(/press and hold.*Report/s);
    expect(snap[0]?.steps?.fr.join(' ')).toMatch(/appuyez longuement.*Signaler/s);
    expect(snap[1]?.url).toBe('https://values.snap.com/safety/safety-reporting');
  });

  it('the popup accepts a Snapchat summary from the content script', () => {
    const summary = {
      client: 'snapchat',
      state: 'active',
      chat: { id: '3f2a9c1e-7b4d-5e60-8a91-0c2d4e6f8a10', title: 'Jordan K', publicLink: null },
      scanned: 7,
      flagged: [],
      rulesVersion: 1,
    };
    expect(parseTabSummary(summary)?.client).toBe('snapchat');
    expect(parseTabSummary({ ...summary, client: 'snapchat-web' })).toBeNull();
  });
});
