/**
 * The page's real dependencies: the scan job with the user's detection settings (sensitivity and
 * categories, so an organisation's policy applies to files too) and the active rule set, read
 * once per page and shared by the scan and the page's explanations.
 */
import browser from '../shared/browser';
import { loadSettings } from '../shared/settings/store';
import type { CheckDeps } from './check';
import { loadRulesJson } from './rules-json';
import { startScan } from './scan-job';

export function realDeps(): CheckDeps {
  let rules: Promise<string> | null = null;
  const loadRules = () => {
    rules ??= loadRulesJson();
    // A failed read is not kept: the next file tries again.
    rules.catch(() => {
      rules = null;
    });
    return rules;
  };
  let vigieVersion: string | null = null;
  try {
    vigieVersion = browser.runtime.getManifest().version;
  } catch {
    // Not in an extension page (should not happen): the report says "unknown".
  }
  return {
    loadRules,
    now: Date.now,
    vigieVersion,
    scan(files, dayFirst, onEvent) {
      let cancelled = false;
      let job: { cancel(): void } | null = null;
      Promise.all([loadRules(), loadSettings()]).then(
        ([bundleJson, settings]) => {
          if (cancelled) return;
          job = startScan(
            {
              files: files.map((f) => ({ name: f.name, blob: f })),
              dayFirst,
              sensitivity: settings.sensitivity,
              categories: [...settings.categories],
              bundleJson,
              shopVerdict: settings.shopVerdict,
            },
            onEvent,
          );
        },
        () => {
          if (!cancelled) onEvent({ type: 'error', code: 'bad-rules', detail: '' });
        },
      );
      return {
        cancel() {
          cancelled = true;
          job?.cancel();
        },
      };
    },
  };
}
