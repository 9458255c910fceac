/**
 * Builds a test variant of the extension with different build-time env (e.g. VIGIE_FEED_URL
 * pointing at the fixture server) into dist-test/<name>/<browser>, leaving dist/ untouched.
 * One vite build takes about a second; results are reused within a test process.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, REPO_ROOT } from './extension';

const run = promisify(execFile);
const built = new Map<string, Promise<string>>();

export function variantDir(name: string, browser: Browser): string {
  return resolve(REPO_ROOT, 'dist-test', name, browser);
}

export function buildVariant(name: string, browser: Browser, env: Record<string, string>): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Variant name must be kebab-case: "${name}"`);
  const key = JSON.stringify([name, browser, env]);
  let pending = built.get(key);
  if (!pending) {
    pending = buildOnce(name, browser, env);
    built.set(key, pending);
    // A failed build is not cached, so a later test gets the real error again.
    pending.catch(() => built.delete(key));
  }
  return pending;
}

async function buildOnce(name: string, browser: Browser, env: Record<string, string>): Promise<string> {
  const outDir = variantDir(name, browser);
  const vite = resolve(REPO_ROOT, 'node_modules/.bin/vite');
  try {
    await run(vite, ['build', '--mode', browser, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      // Variants are test builds: with the content script's test hooks unless a test says otherwise.
      env: { ...process.env, VIGIE_TEST_HOOKS: '1', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `Building test variant "${name}" for ${browser} failed:\n${stderr || stdout || String(error)}`,
    );
  }
  return outDir;
}
