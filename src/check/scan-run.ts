/**
 * One scan from a ScanRequest, wherever it runs: in the worker (scan-worker.ts) or, when no worker
 * can be started, on the page's main thread in short slices (scan-job.ts). Builds the detector from
 * the rule text the page passed, then hands the files to the pure scan core.
 */
import { compileRuleSet, createDetector, type Detector, loadBundle, type RuleBundle } from '../engine';
import { blobSource } from '../exports/byte-source';
import { scanChatExport } from '../exports/scan-stream';
import type { ScanEvent, ScanRequest } from './scan-protocol';
import { MAX_WHOLE_BYTES } from './scan-protocol';

export interface RunOptions {
  pause?: () => Promise<void>;
  signal?: { readonly aborted: boolean };
}

export async function runScan(
  request: ScanRequest,
  emit: (event: ScanEvent) => void,
  options: RunOptions = {},
): Promise<void> {
  let detector: Detector;
  let bundle: RuleBundle;
  try {
    bundle = loadBundle(request.bundleJson);
    detector = createDetector(compileRuleSet(bundle));
  } catch {
    if (!options.signal?.aborted)
      emit({
        type: 'error',
        code: 'bad-rules',
        detail: 'The detection rules could not be loaded. Reload the extension and try again.',
      });
    return;
  }
  await scanChatExport(
    request.files.map((f) => blobSource(f.name, f.blob)),
    {
      detector,
      scan: {
        sensitivity: request.sensitivity,
        ...(request.categories ? { categories: request.categories } : {}),
      },
      dayFirst: request.dayFirst,
      now: () => performance.now(),
      maxWholeBytes: MAX_WHOLE_BYTES,
      // The chat-level verdict on the whole export, as for an open chat (issue 15), unless turned off.
      ...(request.shopVerdict !== false && bundle.chat
        ? { chat: { section: bundle.chat, explain: (key: string) => detector.explanation(key) } }
        : {}),
      ...(options.pause ? { pause: options.pause } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    emit,
  );
}
