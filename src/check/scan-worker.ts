/**
 * The module Web Worker that reads and scans an export off the page's main thread. It accepts one
 * valid WorkerRequest, posts ScanEvents back, and is terminated by the page when done or cancelled.
 * Nothing leaves the device: the worker has no network code and logs nothing.
 */
import { isWorkerRequest, type ScanEvent } from './scan-protocol';
import { runScan } from './scan-run';

// The project's TypeScript lib is DOM, not WebWorker: name only what this file uses.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: ScanEvent): void;
};

let busy = false;

scope.onmessage = (event) => {
  if (busy) return; // one scan per worker
  busy = true;
  if (!isWorkerRequest(event.data)) {
    scope.postMessage({
      type: 'error',
      code: 'internal',
      detail: 'The scan was asked for in a form it does not accept.',
    });
    return;
  }
  void runScan(event.data.request, (e) => scope.postMessage(e));
};
