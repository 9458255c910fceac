/**
 * The store listings (store/*.json, issue 18) stay within the stores' limits and true to the
 * manifests: every permission and host permission of both builds is justified in both languages,
 * and no justification is left for a permission the extension no longer asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../../scripts/manifest';

const ROOT = resolve(import.meta.dirname, '../../..');
type Listing = Record<string, unknown>;

/** Reads a listing, resolving "@other-file.json#field" references to that file's field. */
function listing(name: string): Listing {
  const raw = JSON.parse(readFileSync(resolve(ROOT, 'store', name), 'utf8')) as Listing;
  for (const [key, value] of Object.entries(raw)) {
    const ref = typeof value === 'string' ? /^@([\w.-]+\.json)#(\w+)$/.exec(value) : null;
    if (ref?.[1] && ref[2]) raw[key] = listing(ref[1])[ref[2]];
  }
  return raw;
}

const LANGS = ['fr', 'en'] as const;
const cws = (lang: string) => listing(`chrome-web-store.${lang}.json`);
const amo = (lang: string) => listing(`addons-mozilla-org.${lang}.json`);

/** What a store shows the user for a manifest: API permissions, optional ones, host patterns. */
function asked(target: 'chrome' | 'firefox') {
  const m = buildManifest(target, {}) as Record<string, unknown> & {
    permissions?: string[];
    optional_permissions?: string[];
    host_permissions?: string[];
    optional_host_permissions?: string[];
    content_scripts: { matches: string[] }[];
  };
  const hosts = new Set(
    m.content_scripts.flatMap((c) => c.matches).map((p) => `${new URL(p.replace('*', '')).origin}/*`),
  );
  return {
    permissions: [...(m.permissions ?? []), ...(m.optional_permissions ?? []).map((p) => `optional:${p}`)],
    contentHosts: [...hosts],
    hostPermissions: [
      ...(m.host_permissions ?? []),
      ...(m.optional_host_permissions ?? []).map((p) => `optional:${p}`),
    ],
  };
}

describe('store listings', () => {
  it.each(LANGS)('Chrome Web Store (%s): within the limits, single purpose, no remote code', (lang) => {
    const l = cws(lang);
    expect(l.language).toBe(lang);
    expect((l.name as string).length).toBeLessThanOrEqual(75);
    expect((l.summary as string).length).toBeLessThanOrEqual(132);
    expect((l.description as string).length).toBeLessThanOrEqual(16_000);
    expect((l.singlePurpose as string).length).toBeGreaterThan(40);
    expect(l.remoteCode).toMatch(/^(No|Non)\./);
    expect((l.dataUsage as { collected: unknown[] }).collected).toEqual([]);
  });

  it.each(LANGS)('addons.mozilla.org (%s): within the limits', (lang) => {
    const l = amo(lang);
    expect((l.name as string).length).toBeLessThanOrEqual(50);
    expect((l.summary as string).length).toBeLessThanOrEqual(250);
    expect((l.description as string).length).toBeGreaterThan(500);
    expect(l.license).toBe(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).license);
  });

  it.each(LANGS)('(%s) justifies exactly the permissions both builds ask for', (lang) => {
    const chrome = asked('chrome');
    const firefox = asked('firefox');
    const perms = cws(lang).permissions as Record<string, string>;
    expect(Object.keys(perms).sort()).toEqual(
      [...new Set([...chrome.permissions, ...firefox.permissions])].sort(),
    );
    const hosts = cws(lang).hostPermissions as Record<string, string>;
    expect(Object.keys(hosts).sort()).toEqual(
      [...new Set([...chrome.contentHosts, ...firefox.contentHosts])].sort(),
    );
    const firefoxOnly = amo(lang).firefoxOnlyHostPermissions as Record<string, string>;
    expect(Object.keys(firefoxOnly).sort()).toEqual([...firefox.hostPermissions].sort());
    for (const text of [...Object.values(perms), ...Object.values(hosts), ...Object.values(firefoxOnly)]) {
      expect(text.length).toBeGreaterThan(40);
    }
  });

  it('both languages have the same fields, and the privacy policy they link to exists', () => {
    for (const [fr, en] of [
      [cws('fr'), cws('en')],
      [amo('fr'), amo('en')],
    ] as const) {
      expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
      expect(fr.description).not.toBe(en.description);
      expect(existsSync(resolve(ROOT, fr.privacyPolicy as string))).toBe(true);
    }
  });

  it.each(LANGS)('(%s) the generated images exist at the sizes the stores require', (lang) => {
    // Width and height are the first fields of a PNG's IHDR chunk (bytes 16-23, big-endian).
    const size = (file: string) => {
      const png = readFileSync(resolve(ROOT, 'store/assets', lang, file));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    for (const shot of ['1-chat.png', '2-popup.png', '3-check.png', '4-options.png']) {
      expect(size(shot)).toEqual([1280, 800]);
    }
    expect(size('tile-440x280.png')).toEqual([440, 280]);
    expect(size('marquee-1400x560.png')).toEqual([1400, 560]);
  });
});
