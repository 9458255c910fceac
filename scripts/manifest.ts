/**
 * Manifest factory: the top-level manifest.json holds every key both browsers share; this adds
 * what differs. Kept in scripts/ so the build, tests and tools read the same definition.
 */
import base from '../manifest.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };
import { DEFAULT_FEED_URLS } from '../src/shared/feed-config';

export type BuildTarget = 'chrome' | 'firefox';

/** The add-on id Firefox needs for storage and policies; also what AMO signs. */
export const GECKO_ID = 'vigie@vigie-extension.org';

type Manifest = Record<string, unknown> & typeof base & { version: string };

export function buildManifest(target: BuildTarget, env: Record<string, string | undefined> = {}): Manifest {
  // The version is written in ONE place, package.json; the release script checks the changelog.
  const manifest: Manifest = { ...structuredClone(base), version: pkg.version } as Manifest;
  if (target === 'chrome') {
    manifest.background = { service_worker: 'src/background/index.ts', type: 'module' };
    // Generated from the settings catalogue (scripts/gen-managed-schema.ts), copied from public/.
    // Firefox has no managed schema: it hands policies.json values through unchecked.
    manifest.storage = { managed_schema: 'managed_schema.json' };
    // A fixed public key gives the test build a stable id, so enterprise policy files can name it.
    if (env.VIGIE_TEST_KEY) manifest.key = env.VIGIE_TEST_KEY;
  } else {
    manifest.background = { scripts: ['src/background/index.ts'], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    };
    // Without host access to the feed, Firefox sends `Origin: moz-extension://<uuid>` with each
    // update check, and that uuid is random PER INSTALL: a stable identifier of the user for the
    // feed host. With host access the request goes without it. Chrome's Origin is the store id,
    // the same for every user, so Chrome needs no such permission.
    manifest.host_permissions = feedOrigins(env.VIGIE_FEED_URL);
    // An organisation's feed (set by policy) is not known at build time: the options page asks
    // for that host alone when a policy names it (src/options/org-feed-access.tsx). Optional:
    // nothing is granted or shown at install.
    manifest.optional_host_permissions = [ORG_FEED_PERMISSION];
  }
  return manifest;
}

/** What an organisation's feed host may be: any https host, asked for one origin at a time. */
export const ORG_FEED_PERMISSION = 'https://*/*';

/** `https://host/*` patterns of the feed URLs of this build (the override, else the default). */
export function feedOrigins(override: string | undefined): string[] {
  const urls = override?.trim() ? override.split(',').map((u) => u.trim()) : [...DEFAULT_FEED_URLS];
  return [...new Set(urls.filter(Boolean).map((u) => `${new URL(u).origin}/*`))];
}
