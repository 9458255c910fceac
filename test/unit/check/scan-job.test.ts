import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildBundle } from '../../../scripts/lib/rule-sources';
import { startScan } from '../../../src/check/scan-job';
import { isWorkerRequest, type ScanEvent, type ScanRequest } from '../../../src/check/scan-protocol';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/exports/${name}`, import.meta.url));
const bundleJson = JSON.stringify(buildBundle().bundle);

function request(name = 'whatsapp-android-fr.txt', extra: Partial<ScanRequest> = {}): ScanRequest {
  return {
    files: [{ name, blob: new Blob([fixture(name)]) }],
    dayFirst: 'auto',
    sensitivity: 'normal',
    bundleJson,
    ...extra,
  };
}

/** Collects events until 'done'/'error' (or gives up after `ms`). */
function collect(req: ScanRequest, ms = 5000) {
  const events: ScanEvent[] = [];
  let job: ReturnType<typeof startScan> | undefined;
  const finished = new Promise<ScanEvent[]>((resolve) => {
    const timer = setTimeout(() => resolve(events), ms);
    job = startScan(req, (e) => {
      events.push(e);
      if (e.type === 'done' || e.type === 'error') {
        clearTimeout(timer);
        resolve(events);
      }
    });
  });
  return { events, finished, job: job as ReturnType<typeof startScan> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startScan on the main thread (no Worker here)', () => {
  it('sends read, progress with the flagged message, then done', async () => {
    expect(typeof Worker).toBe('undefined');
    const events = await collect(request()).finished;
    expect(events[0]?.type).toBe('read');
    expect(events.at(-1)).toMatchObject({ type: 'done', messages: 3, flagged: 1 });
    const found = events.flatMap((e) => (e.type === 'progress' ? e.found : []));
    expect(found.map((f) => f.message.ref)).toEqual(['line 4']);
    expect(found[0]?.verdict.category).toBe('documents');
  });

  it('honours the categories the page asks for', async () => {
    const events = await collect(request('whatsapp-android-fr.txt', { categories: ['drugs'] })).finished;
    expect(events.at(-1)).toMatchObject({ type: 'done', messages: 3, flagged: 0 });
  });

  it('bad rules end in one bad-rules error', async () => {
    const events = await collect(request('whatsapp-android-fr.txt', { bundleJson: '{"not":"rules"}' }))
      .finished;
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'bad-rules' })]);
  });

  it('a non-export ends in its error, not in silence', async () => {
    const req = { ...request(), files: [{ name: 'notes.txt', blob: new Blob(['lait\npain\n']) }] };
    const events = await collect(req).finished;
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'not-a-chat-export' })]);
  });

  it('cancel right away: no event at all', async () => {
    const { events, job } = collect(request());
    job.cancel();
    job.cancel(); // twice is fine
    await sleep(200);
    expect(events).toEqual([]);
  });

  it('cancel after the first events: nothing more arrives', async () => {
    const lines = ['01/02/2025 10:00 - Karim: Dispo : cartes grises, permis, CNI, livraison 48h'];
    for (let i = 0; i < 40_000; i++) lines.push(`01/02/2025 10:01 - Léa: message ordinaire ${i}`);
    const req = { ...request(), files: [{ name: 'chat.txt', blob: new Blob([lines.join('\n')]) }] };
    const events: ScanEvent[] = [];
    const job = startScan(req, (e) => {
      events.push(e);
      if (e.type === 'progress') job.cancel();
    });
    await sleep(1500);
    expect(events.map((e) => e.type)).toEqual(['read', 'progress']);
  });
});

/** A stand-in for the module worker: records what the page does, lets the test play the worker. */
class FakeWorker {
  static last: FakeWorker | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: { type?: string },
  ) {
    FakeWorker.last = this;
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

function withFakeWorker(): () => FakeWorker {
  FakeWorker.last = null;
  vi.stubGlobal('Worker', FakeWorker);
  return () => {
    if (!FakeWorker.last) throw new Error('no worker was created');
    return FakeWorker.last;
  };
}

describe('startScan with a worker', () => {
  it('starts a module worker from scan-worker.ts and sends it one valid request', () => {
    const worker = withFakeWorker();
    const job = startScan(request(), () => {});
    expect(worker().url.pathname).toMatch(/scan-worker\.ts$/);
    expect(worker().options.type).toBe('module');
    expect(worker().posted).toHaveLength(1);
    expect(isWorkerRequest(worker().posted[0])).toBe(true);
    job.cancel();
    expect(worker().terminated).toBe(true);
  });

  it('passes valid events on, ends and terminates the worker on done; ignores later messages', () => {
    const worker = withFakeWorker();
    const events: ScanEvent[] = [];
    startScan(request(), (e) => events.push(e));
    const read = { type: 'read', chatName: null, format: 'whatsapp', warnings: [], totalBytes: 10 };
    const done = {
      type: 'done',
      messages: 0,
      flagged: 0,
      ms: 1,
      warnings: [],
      dateFixes: [],
      chatName: null,
    };
    worker().onmessage?.({ data: read });
    worker().onmessage?.({ data: done });
    worker().onmessage?.({ data: read });
    expect(events).toEqual([read, done]);
    expect(worker().terminated).toBe(true);
  });

  it('a malformed message from the worker becomes an internal error and stops it', () => {
    const worker = withFakeWorker();
    const events: ScanEvent[] = [];
    startScan(request(), (e) => events.push(e));
    worker().onmessage?.({ data: { type: 'progress', messages: -1 } });
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'internal' })]);
    expect(worker().terminated).toBe(true);
  });

  it('a worker that fails to start: the scan runs on the main thread instead, same events', async () => {
    const worker = withFakeWorker();
    const events: ScanEvent[] = [];
    const finished = new Promise<void>((resolve) => {
      startScan(request(), (e) => {
        events.push(e);
        if (e.type === 'done' || e.type === 'error') resolve();
      });
    });
    let prevented = false;
    worker().onerror?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(worker().terminated).toBe(true);
    await finished;
    expect(events.at(-1)).toMatchObject({ type: 'done', flagged: 1 });
  });

  it('a worker that dies mid-scan: an internal error, no silent hang', () => {
    const worker = withFakeWorker();
    const events: ScanEvent[] = [];
    startScan(request(), (e) => events.push(e));
    worker().onmessage?.({
      data: { type: 'read', chatName: null, format: 'whatsapp', warnings: [], totalBytes: 10 },
    });
    worker().onerror?.({ preventDefault: () => {} });
    expect(events.map((e) => e.type)).toEqual(['read', 'error']);
  });

  it('a worker constructor that throws (no module workers): main-thread fallback', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new TypeError('module workers unsupported');
        }
      },
    );
    const events = await collect(request()).finished;
    expect(events.at(-1)).toMatchObject({ type: 'done', flagged: 1 });
  });
});

describe('scan-worker.ts', () => {
  it('answers one valid request with the scan events, and an invalid one with an internal error', async () => {
    const posted: ScanEvent[] = [];
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: ScanEvent): void } = {
      onmessage: null,
      postMessage: (m) => posted.push(m),
    };
    vi.stubGlobal('self', scope);
    vi.resetModules();
    await import('../../../src/check/scan-worker');
    scope.onmessage?.({ data: { type: 'scan', request: request() } });
    for (let i = 0; i < 100 && posted.at(-1)?.type !== 'done'; i++) await sleep(20);
    expect(posted[0]?.type).toBe('read');
    expect(posted.at(-1)).toMatchObject({ type: 'done', flagged: 1 });
    const count = posted.length;
    scope.onmessage?.({ data: { type: 'scan', request: request() } }); // one scan per worker
    await sleep(50);
    expect(posted).toHaveLength(count);

    const fresh: ScanEvent[] = [];
    scope.postMessage = (m) => fresh.push(m);
    vi.resetModules();
    await import('../../../src/check/scan-worker');
    scope.onmessage?.({ data: { type: 'scan', request: { files: 'all of them' } } });
    expect(fresh).toEqual([expect.objectContaining({ type: 'error', code: 'internal' })]);
  });
});
