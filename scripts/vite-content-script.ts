/**
 * Builds the content script as ONE self-contained classic script (IIFE) and declares it in the
 * built manifest, next to the crxjs build of everything else.
 *
 * Why not let crxjs build it: crxjs turns a content script into a small loader that `import()`s
 * its chunks from the extension, so those chunks must be web-accessible to the chat sites. A
 * web-accessible resource can be fetched by the page itself, which then knows Vigie is installed
 * (issue 17, point 12). `use_dynamic_url: true` would hide the URL but breaks content scripts in
 * recent Chrome. A classic script listed in `content_scripts` needs no web-accessible resource.
 *
 * Runs in `closeBundle`, after crxjs has written dist/<target>/manifest.json, with a nested
 * `vite build` in library mode (the same `define` values as the main build), then adds the
 * `content_scripts` entry to the written manifest. `vite build --mode <target>` stays one command,
 * so the test variants (test/e2e/support/build-variant.ts) get the same content script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';

export interface ContentScriptOptions {
  /** Source entry, e.g. src/content/index.ts. */
  entry: string;
  /** File written at the root of the output directory. */
  fileName: string;
  /** The manifest's content_scripts entry, without `js` (added here). */
  declaration: Record<string, unknown>;
}

export function contentScriptIife(options: ContentScriptOptions): Plugin {
  let config: ResolvedConfig | null = null;
  return {
    name: 'vigie-content-script-iife',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      if (!config) return;
      const outDir = resolve(config.root, config.build.outDir);
      await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: 'warn',
        define: config.define,
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: config.build.target,
          minify: config.build.minify,
          sourcemap: false,
          lib: {
            entry: resolve(config.root, options.entry),
            formats: ['iife'],
            // The IIFE's result is not assigned to any page-visible name: a content script runs in
            // its own isolated world anyway, and the bundle exports nothing.
            name: 'vigieContent',
            fileName: () => options.fileName,
          },
        },
      });
      const manifestPath = resolve(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      manifest.content_scripts = [{ ...options.declaration, js: [options.fileName] }];
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}
