/**
 * startScan(): runs one export scan in a module Web Worker so the page stays responsive, and falls
 * back to short slices on the main thread (yielding with setTimeout 0) when no worker can start.
 * Either way the page gets the same ScanEvents (see ./scan-protocol.ts), each one checked first.
 */
import { isScanEvent, type ScanEvent, type ScanRequest, type WorkerRequest } from './scan-protocol';
import { runScan } from './scan-run';

export interface ScanJob {
  /** Stops the scan at once (the worker is terminated); no event follows. Safe to call twice. */
  cancel(): void;
}

export interface StartOptions {
  /** Tests and browsers without module workers: skip the worker. */
  forceMainThread?: boolean;
}

const BROKEN: ScanEvent = {
  type: 'error',
  code: 'internal',
  detail: 'The scan stopped unexpectedly. Nothing was uploaded; try again.',
};

export function startScan(
  request: ScanRequest,
  onEvent: (event: ScanEvent) => void,
  options: StartOptions = {},
): ScanJob {
  const signal = { aborted: false };
  let finished = false;
  let worker: Worker | null = null;

  const stopWorker = () => {
    worker?.terminate();
    worker = null;
  };
  const deliver = (event: unknown) => {
    if (signal.aborted || finished) return;
    const checked = isScanEvent(event) ? event : BROKEN;
    if (checked.type === 'done' || checked.type === 'error') {
      finished = true;
      stopWorker();
    }
    onEvent(checked);
  };
  const runHere = () => {
    void runScan(request, deliver, {
      signal,
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    }).catch(() => deliver(BROKEN));
  };

  if (!options.forceMainThread && typeof Worker !== 'undefined') {
    try {
      worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      worker = null;
    }
  }
  if (!worker) {
    // Still asynchronous, like the worker: the caller's `job` exists before the first event.
    setTimeout(runHere, 0);
  } else {
    let heard = false;
    worker.onmessage = (event: MessageEvent<unknown>) => {
      heard = true;
      deliver(event.data);
    };
    worker.onmessageerror = () => deliver(BROKEN);
    worker.onerror = (event) => {
      event.preventDefault();
      stopWorker();
      // A worker that never started (blocked or unsupported): do the work here instead.
      if (!heard) runHere();
      else deliver(BROKEN);
    };
    const message: WorkerRequest = { type: 'scan', request };
    worker.postMessage(message);
  }

  return {
    cancel() {
      signal.aborted = true;
      stopWorker();
    },
  };
}
