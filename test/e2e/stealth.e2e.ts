/**
 * The page cannot tell that Vigie is there (issue 17, point 12), checked on the packages users
 * install (dist/<browser>, not the e2e build with its test hooks), from the page's own main world:
 *
 *  - no web-accessible resource: the page cannot fetch any of Vigie's files (a page that knows the
 *    store id of an extension usually probes for one of them);
 *  - no attribute anywhere that names Vigie, none on <html>, no global, no custom element: before,
 *    <html data-vigie="active"> and data-vigie-* on the badges said Vigie was there and which
 *    messages it had flagged;
 *  - the badges' shadow roots are closed, so their words cannot be read from the page.
 *
 * What the page can still see is inherent to showing a warning in it: a new element next to a
 * flagged message (and the blur, when the user asked for it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../scripts/lib/deterministic-zip';
import { FIXTURE_URLS, fixtureFile, productionExtensionDir } from './support';
import { activeWithFlagged, chatBrowsers } from './support/chat-harness';

const FIXTURE = 'telegram-k-2026.html';

/** Runs in the page: everything a page script could use to notice Vigie. */
function pageView() {
  const traces: string[] = [];
  const shadowHosts: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? '';
      if (/vigie/i.test(name) || /vigie/i.test(value)) traces.push(`${el.tagName}[${name}=${value}]`);
    }
    if (el.shadowRoot) shadowHosts.push(el.tagName);
  }
  return {
    traces,
    shadowHosts,
    htmlAttributes: document.documentElement.getAttributeNames().sort(),
    globals: Object.keys(window).filter((k) => /vigie/i.test(k)),
    customElement: customElements.get('vigie-badge') !== undefined,
  };
}

function servedHtmlAttributes(): string[] {
  const html = readFileSync(resolve(import.meta.dirname, '../fixtures/sites', FIXTURE), 'utf8');
  const tag = /<html([^>]*)>/i.exec(html)?.[1] ?? '';
  return [...tag.matchAll(/([a-z-]+)=/gi)].map((m) => (m[1] as string).toLowerCase()).sort();
}

describe('the packages users install', () => {
  it.each(['chrome', 'firefox'] as const)(
    '%s: no web-accessible resource, one classic content script with no hooks',
    (browser) => {
      const dir = productionExtensionDir(browser);
      const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as {
        web_accessible_resources?: unknown;
        content_scripts: { js: string[] }[];
      };
      expect(manifest.web_accessible_resources).toBeUndefined();
      expect(manifest.content_scripts.map((c) => c.js)).toEqual([['content.js']]);
      const script = readFileSync(resolve(dir, 'content.js'), 'utf8');
      expect(script).not.toMatch(/data-vigie/);
      expect(script).not.toMatch(/\bimport\s*\(/);
    },
  );

  for (const { name, env } of chatBrowsers(
    (server) => server.route(FIXTURE_URLS['telegram-k'], fixtureFile(FIXTURE), { prefix: true }),
    productionExtensionDir,
  )) {
    describe(name, () => {
      it('a chat page with listings marked shows no sign of Vigie to its own scripts', async () => {
        const harness = await env.get();
        const page = await harness.open(FIXTURE_URLS['telegram-k']);
        try {
          const summary = await activeWithFlagged(harness, page, 5);
          expect(summary.flagged.length).toBe(5);
          const view = await page.evaluate(pageView, null);
          expect(view.traces).toEqual([]);
          expect(view.htmlAttributes).toEqual(servedHtmlAttributes());
          expect(view.globals).toEqual([]);
          expect(view.customElement).toBe(false);
          // The five badges are in the page (the warning must show), but closed to its scripts.
          expect(view.shadowHosts).toEqual([]);
        } finally {
          await page.close();
        }
      });

      if (name === 'Chromium') {
        it("the page cannot fetch Vigie's files even knowing its id", async () => {
          const harness = await env.get();
          const page = await harness.open(FIXTURE_URLS['telegram-k']);
          try {
            const extensionId = harness.extensionId?.();
            expect(extensionId).toMatch(/^[a-p]{32}$/);
            // Every file of the package, as anyone who downloads it from the store can list them.
            const paths = listFiles(productionExtensionDir('chrome'));
            const fetched = await page.evaluate(
              async ({ id, paths }: { id: string; paths: string[] }) => {
                const out: string[] = [];
                for (const path of paths) {
                  try {
                    await fetch(`chrome-extension://${id}/${path}`);
                    out.push(path);
                  } catch {
                    // refused: not web-accessible
                  }
                }
                return out;
              },
              { id: extensionId as string, paths },
            );
            expect(paths.length).toBeGreaterThan(20);
            expect(fetched).toEqual([]);
          } finally {
            await page.close();
          }
        });
      }
    });
  }
});
