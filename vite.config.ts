/**
 * One source, two builds: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox.
 * The shared manifest keys live in ./manifest.json; per-browser differences are applied here
 * (crxjs does not convert `service_worker` to `background.scripts`, nor add a gecko id).
 *
 * The content script is NOT built by crxjs: it is one self-contained script with no
 * web-accessible resources (scripts/vite-content-script.ts says why).
 */
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { type BuildTarget, buildManifest } from './scripts/manifest';
import { contentScriptIife } from './scripts/vite-content-script';

export default defineConfig(({ mode }) => {
  const target: BuildTarget = mode === 'firefox' ? 'firefox' : 'chrome';
  const { manifest, contentScript } = splitContentScript(buildManifest(target, process.env));
  return {
    plugins: [
      crx({ manifest, browser: target }),
      contentScriptIife({
        entry: contentScript.entry,
        fileName: 'content.js',
        declaration: contentScript.declaration,
      }),
    ],
    define: {
      __TARGET__: JSON.stringify(target),
      // Test builds point the rule feed elsewhere; see src/shared/feed-config.ts.
      __VIGIE_FEED_URL__: JSON.stringify(process.env.VIGIE_FEED_URL ?? ''),
      __VIGIE_FEED_KEYS__: JSON.stringify(process.env.VIGIE_FEED_KEYS ?? ''),
      // End-to-end test builds only (src/content/test-hooks.ts); false in every package users get.
      __VIGIE_TEST_HOOKS__: JSON.stringify(process.env.VIGIE_TEST_HOOKS === '1'),
    },
    build: {
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      // Extra extension pages that the manifest does not reference directly.
      rollupOptions: { input: { welcome: 'src/welcome/index.html', check: 'src/check/index.html' } },
    },
    // Tests and benchmarks must never load the crx plugin: they have their own vitest configs.
  };
});

/** Takes the (single) content script out of the manifest crxjs sees. */
function splitContentScript(full: ReturnType<typeof buildManifest>) {
  const { content_scripts: scripts, ...manifest } = full;
  const [first, ...rest] = scripts;
  if (!first || rest.length > 0 || first.js.length !== 1) {
    throw new Error('manifest.json must declare exactly one content script with one entry file');
  }
  const { js, ...declaration } = first;
  return { manifest, contentScript: { entry: js[0] as string, declaration } };
}
