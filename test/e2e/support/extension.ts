/** Where the built extension lives and which pages its manifest declares. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export type Browser = 'chrome' | 'firefox';

/**
 * dist/<browser>, or <VIGIE_E2E_DIST>/<browser>: several people share one working tree, and a
 * build rewriting dist/ under a running e2e test makes it fail for no reason; pointing this at a
 * private build folder avoids that.
 */
export function defaultExtensionDir(browser: Browser): string {
  return resolve(REPO_ROOT, process.env.VIGIE_E2E_DIST ?? 'dist', browser);
}

export interface ExtensionPages {
  popup: string;
  options: string;
}

/**
 * Reads the built manifest so tests open exactly the pages the browser would, and fails with a
 * clear message when the build is missing (the e2e tests never build the default dist/ themselves:
 * `npm test` builds first; for `npm run test:e2e` run `npm run build` before).
 */
export function readExtensionPages(extensionDir: string): ExtensionPages {
  const manifestPath = resolve(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(
      `No built extension at ${extensionDir} (missing manifest.json). Run \`npm run build\` first.`,
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
