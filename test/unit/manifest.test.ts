/** The per-browser manifests: narrow matches, minimal permissions, and the Firefox-only feed host. */
import { describe, expect, it } from 'vitest';
import { buildManifest, feedOrigins, GECKO_ID } from '../../scripts/manifest';

describe('manifest factory', () => {
  it.each(['chrome', 'firefox'] as const)(
    '%s: content scripts match only the chat sites; permissions are minimal',
    (target) => {
      const m = buildManifest(target) as Record<string, unknown> & {
        content_scripts: { matches: string[] }[];
        permissions: string[];
      };
      expect(m.content_scripts.flatMap((c) => c.matches).sort()).toEqual([
        'https://web.snapchat.com/*',
        'https://web.telegram.org/*',
        'https://web.whatsapp.com/*',
        // Only the web client's paths: the rest of www.snapchat.com is the public site.
        'https://www.snapchat.com/web*',
      ]);
      // activeTab: "Keep evidence" captures the chat tab the user opened the popup on (issue 16).
      expect(m.permissions.sort()).toEqual(['activeTab', 'alarms', 'storage']);
    },
  );

  it.each(['chrome', 'firefox'] as const)(
    '%s: the evidence capture rests on activeTab alone: no <all_urls>, no tabs, no downloads, no new hosts',
    (target) => {
      const m = buildManifest(target) as Record<string, unknown>;
      const everything = JSON.stringify([
        m.permissions,
        m.optional_permissions ?? [],
        m.host_permissions ?? [],
        m.optional_host_permissions ?? [],
      ]);
      for (const broad of ['<all_urls>', '"tabs"', 'downloads', 'scripting', '*://*/*', 'http://*/*']) {
        expect(everything).not.toContain(broad);
      }
      // The only host permissions are the ones that existed before: Firefox's feed host and the
      // organisation feed it asks for at run time; Chrome has none.
      expect(m.host_permissions ?? []).toEqual(
        target === 'chrome' ? [] : ['https://rules.vigie-extension.org/*'],
      );
    },
  );

  it('chrome runs a module service worker and asks for no host permission', () => {
    const m = buildManifest('chrome') as Record<string, unknown>;
    expect(m.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(m.host_permissions).toBeUndefined();
    expect(m.optional_host_permissions).toBeUndefined();
  });

  it('firefox runs background scripts, has a gecko id, and host access to the feed host only', () => {
    const m = buildManifest('firefox') as unknown as Record<string, unknown> & {
      browser_specific_settings: { gecko: { id: string } };
    };
    expect(m.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(m.browser_specific_settings.gecko.id).toBe(GECKO_ID);
    expect(m.host_permissions).toEqual(['https://rules.vigie-extension.org/*']);
    // An organisation's feed host, asked for by the options page only when a policy names one.
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
  });

  it('a test build with another feed gets that feed host instead', () => {
    expect(feedOrigins('https://feed.vigie.test/rules/bundle.json, https://mirror.example/b.json')).toEqual([
      'https://feed.vigie.test/*',
      'https://mirror.example/*',
    ]);
    const m = buildManifest('firefox', { VIGIE_FEED_URL: 'https://feed.vigie.test/rules/bundle.json' });
    expect(m.host_permissions).toEqual(['https://feed.vigie.test/*']);
  });

  it.each(['chrome', 'firefox'] as const)(
    '%s: extension pages get a tight CSP: only our own files, HTTPS connections, nothing else',
    (target) => {
      const m = buildManifest(target) as unknown as { content_security_policy: { extension_pages: string } };
      const directives = new Map(
        m.content_security_policy.extension_pages
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(Object.fromEntries(directives)).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self'",
        'font-src': "'self'",
        // The background shares this policy: an organisation's feeds may be at any HTTPS host.
        'connect-src': "'self' https:",
        'worker-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'frame-ancestors': "'none'",
        'form-action': "'none'",
      });
    },
  );
});
