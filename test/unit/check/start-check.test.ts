/** The page's real wiring: the scan request it builds from the picked files and the settings. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush } from '../settings/fake-browser';

const h = vi.hoisted(() => ({
  fake: null as unknown,
  startScan: null as unknown as ReturnType<typeof vi.fn<(...args: unknown[]) => { cancel(): void }>>,
  loadRulesJson: null as unknown as ReturnType<typeof vi.fn<() => Promise<string>>>,
}));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));
vi.mock('../../../src/check/scan-job', () => ({
  startScan: (...args: unknown[]) => h.startScan(...args),
}));
vi.mock('../../../src/check/rules-json', () => ({
  loadRulesJson: () => h.loadRulesJson(),
}));

import { realDeps } from '../../../src/check/start-check';
import type { ScanEvent } from '../../../src/exports/scan-events';
import { SETTINGS_KEY } from '../../../src/shared/settings/store';

let fake: FakeBrowser;
let cancel: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
  fake.runtime.getManifest.mockReturnValue({ version: '1.2.3' });
  h.fake = fake;
  cancel = vi.fn<() => void>();
  h.startScan = vi.fn((..._args: unknown[]) => ({ cancel }));
  h.loadRulesJson = vi.fn(async () => '{"version":1}');
});

const file = (name: string) => new File(['x'], name);

describe('realDeps', () => {
  it('scans the picked files with the effective detection settings and the active rules', async () => {
    fake.storage.sync.data.set(SETTINGS_KEY, { sensitivity: 'high', categories: ['drugs', 'weapons'] });
    const deps = realDeps();
    expect(deps.vigieVersion).toBe('1.2.3');
    const onEvent = vi.fn();
    const files = [file('messages.html'), file('messages2.html')];
    deps.scan(files, true, onEvent);
    await flush();
    expect(h.startScan).toHaveBeenCalledTimes(1);
    const [request, callback] = h.startScan.mock.calls[0] as [Record<string, unknown>, unknown];
    expect(request).toEqual({
      files: [
        { name: 'messages.html', blob: files[0] },
        { name: 'messages2.html', blob: files[1] },
      ],
      dayFirst: true,
      sensitivity: 'high',
      categories: ['drugs', 'weapons'],
      bundleJson: '{"version":1}',
      shopVerdict: true,
    });
    expect(callback).toBe(onEvent);
  });

  it('asks for no chat-level verdict when "this chat looks like a shop" is turned off', async () => {
    fake.storage.sync.data.set(SETTINGS_KEY, { shopVerdict: false });
    realDeps().scan([file('a.txt')], 'auto', vi.fn());
    await flush();
    const [request] = h.startScan.mock.calls[0] as [Record<string, unknown>];
    expect(request.shopVerdict).toBe(false);
  });

  it('reads the rules once for the page and every scan', async () => {
    const deps = realDeps();
    await deps.loadRules();
    deps.scan([file('a.txt')], 'auto', vi.fn());
    deps.scan([file('b.txt')], 'auto', vi.fn());
    await flush();
    expect(h.loadRulesJson).toHaveBeenCalledTimes(1);
    expect(h.startScan).toHaveBeenCalledTimes(2);
  });

  it('Cancel before the scan started means it never starts; after, it stops the job', async () => {
    const deps = realDeps();
    deps.scan([file('a.txt')], 'auto', vi.fn()).cancel();
    await flush();
    expect(h.startScan).not.toHaveBeenCalled();
    const job = deps.scan([file('a.txt')], 'auto', vi.fn());
    await flush();
    job.cancel();
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('rules that cannot be read end the scan with bad-rules, and are tried again next time', async () => {
    h.loadRulesJson = vi.fn(async (): Promise<string> => {
      throw new Error('HTTP 404');
    });
    const deps = realDeps();
    const events: ScanEvent[] = [];
    deps.scan([file('a.txt')], 'auto', (e) => events.push(e));
    await flush();
    expect(events).toEqual([{ type: 'error', code: 'bad-rules', detail: '' }]);
    expect(h.startScan).not.toHaveBeenCalled();
    h.loadRulesJson = vi.fn(async () => '{}');
    deps.scan([file('a.txt')], 'auto', vi.fn());
    await flush();
    expect(h.startScan).toHaveBeenCalledTimes(1);
  });
});
