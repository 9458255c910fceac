// @vitest-environment happy-dom
/**
 * What the content script tells the background for the toolbar badge: state and counts only,
 * sent when they change, coalesced over bursts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

import { Marker } from '../../../src/content/marker';
import { Scanner } from '../../../src/content/scanner';
import { compileSelectors } from '../../../src/content/selectors';
import { ADAPTERS } from '../../../src/content/sites';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import { createReportSender } from '../../../src/content/tab-report';
import type { ContentToBackground, TabReport } from '../../../src/shared/messages';
import { fakeDetector, HASH, loadFixture } from './helpers';

const controllers: AbortController[] = [];
afterEach(() => {
  for (const c of controllers.splice(0)) c.abort();
  vi.useRealTimers();
});

function scannerWithReports() {
  loadFixture('telegram-k');
  const controller = new AbortController();
  controllers.push(controller);
  const reports: TabReport[] = [];
  const scanner = new Scanner({
    doc: document,
    adapter: ADAPTERS['telegram-k'],
    marker: new Marker(
      document,
      () => 'en',
      () => undefined,
    ),
    location: () => HASH['telegram-k'],
    signal: controller.signal,
    onReport: (r) => reports.push(r),
  });
  const config = {
    selectors: compileSelectors(BUILTIN_SITES['telegram-k'], document),
    detector: fakeDetector(),
    options: {},
    blur: false,
    dismissed: { messages: new Set<string>(), chats: new Set<string>() },
  };
  scanner.configure(config);
  return { scanner, reports, config };
}

describe('the scanner reports state and counts', () => {
  it('reports once per change, with the flagged count the popup would show', () => {
    const { scanner, reports } = scannerWithReports();
    scanner.flush();
    const flagged = scanner.summary().flagged.length;
    expect(flagged).toBeGreaterThan(0);
    expect(reports.at(-1)).toEqual({ client: 'telegram-k', state: 'active', flagged });
    const count = reports.length;
    scanner.requestFullRescan();
    scanner.flush();
    expect(reports.length).toBe(count);
    // A dismissed message no longer counts for the badge.
    const first = scanner.summary().flagged[0]?.key as string;
    scanner.setDismissed({ messages: new Set([first]), chats: new Set() });
    scanner.flush();
    expect(reports.at(-1)).toEqual({ client: 'telegram-k', state: 'active', flagged: flagged - 1 });
    expect(Object.keys(reports.at(-1) as object).sort()).toEqual(['client', 'flagged', 'state']);
  });

  it('switching Vigie off reports idle with nothing flagged', () => {
    const { scanner, reports } = scannerWithReports();
    scanner.flush();
    scanner.disable();
    expect(reports.at(-1)).toEqual({ client: 'telegram-k', state: 'idle', flagged: 0 });
  });
});

describe('createReportSender', () => {
  it('coalesces a burst into one message carrying the latest report', () => {
    vi.useFakeTimers();
    const sent: ContentToBackground[] = [];
    const controller = new AbortController();
    const send = createReportSender(controller.signal, async (m) => void sent.push(m), window);
    for (let i = 1; i <= 5; i++) send({ client: 'whatsapp', state: 'active', flagged: i });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([{ type: 'cs-bg/tab-state', client: 'whatsapp', state: 'active', flagged: 5 }]);
    send.resend();
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(2);
    send({ client: 'whatsapp', state: 'idle', flagged: 0 });
    controller.abort();
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(2);
  });

  it('a chat that keeps changing still reports, at most every 1.5 s', () => {
    vi.useFakeTimers();
    const sent: ContentToBackground[] = [];
    const send = createReportSender(new AbortController().signal, async (m) => void sent.push(m), window);
    for (let i = 1; i <= 30; i++) {
      send({ client: 'whatsapp', state: 'active', flagged: i });
      vi.advanceTimersByTime(100);
    }
    expect(sent.map((m) => (m as { flagged: number }).flagged)).toEqual([15, 30]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('a background that does not answer is not an error in the page', async () => {
    vi.useFakeTimers();
    const send = createReportSender(
      new AbortController().signal,
      () => Promise.reject(new Error('Could not establish connection')),
      window,
    );
    send({ client: 'whatsapp', state: 'active', flagged: 1 });
    vi.advanceTimersByTime(300);
    await Promise.resolve();
  });
});
