/**
 * One source, two builds: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox.
 * The shared manifest keys live in ./manifest.json; per-browser differences are applied here
 * (crxjs does not convert `service_worker` to `background.scripts`, nor add a gecko id).
 */
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { type BuildTarget, buildManifest } from './scripts/manifest';

export default defineConfig(({ mode }) => {
  const target: BuildTarget = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [crx({ manifest: buildManifest(target, process.env), browser: target })],
    define: {
      __TARGET__: JSON.stringify(target),
      // Test builds point the rule feed elsewhere; see src/shared/feed-config.ts.
      __VIGIE_FEED_URL__: JSON.stringify(process.env.VIGIE_FEED_URL ?? ''),
      __VIGIE_FEED_KEYS__: JSON.stringify(process.env.VIGIE_FEED_KEYS ?? ''),
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
