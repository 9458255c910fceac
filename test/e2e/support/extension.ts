/** Where the built extension lives and which pages its manifest declares. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export type Browser = 'chrome' | 'firefox';

/**
 * The build the end-to-end tests drive: dist-test/hooks/<browser> (`npm run build:test-hooks`: the
 * same sources with the content script's test hooks on, src/content/test-hooks.ts), or
 * <VIGIE_E2E_DIST>/<browser>. The packages users install are dist/<browser> (productionExtensionDir),
 * which stealth.e2e.ts and smoke.e2e.ts load.
 */
export function defaultExtensionDir(browser: Browser): string {
  return resolve(REPO_ROOT, process.env.VIGIE_E2E_DIST ?? 'dist-test/hooks', browser);
}

/** dist/<browser>: exactly what `npm run build` packages for the stores. */
export function productionExtensionDir(browser: Browser): string {
  return resolve(REPO_ROOT, 'dist', browser);
}

export interface ExtensionPages {
  popup: string;
  options: string;
}

/**
 * Reads the built manifest so tests open exactly the pages the browser would, and fails with a
 * clear message when the build is missing (the e2e tests never build it themselves: `npm test`
 * builds first; for `npm run test:e2e` run `npm run build && npm run build:test-hooks` before).
 */
export function readExtensionPages(extensionDir: string): ExtensionPages {
  const manifestPath = resolve(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(
      `No built extension at ${extensionDir} (missing manifest.json). Run \`npm run build && npm run build:test-hooks\` first.`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    action?: { default_popup?: string };
    options_ui?: { page?: string };
  };
  const popup = manifest.action?.default_popup;
  const options = manifest.options_ui?.page;
  if (!popup || !options) throw new Error(`${manifestPath} declares no popup or options page`);
  return { popup, options };
}

/** Fails with a clear message (never a skip): a missing browser is a broken test machine. */
export function requireBrowserBinary(
  path: string,
  what: string,
  debianPackage: string,
  envVar: string,
): void {
  if (!existsSync(path)) {
    throw new Error(
      `${what} not found at ${path}. Install it (Debian: apt-get install ${debianPackage}) ` +
        `or point ${envVar} at the binary. The end-to-end tests fail rather than skip without it.`,
    );
  }
}
