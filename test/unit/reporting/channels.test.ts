/**
 * Link checker and data checks over the reporting channels (no network: the machine that runs
 * the tests must not contact these sites; this checks form, provenance and routing).
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/engine/types';
import { CHANNELS } from '../../../src/shared/reporting';
import { COUNTRIES } from '../../../src/shared/settings/catalog';

const HTTPS_URL = /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w\-./?=#%&~+]*)?$/i;
const DIAL = /^\+?\d{2,15}$/;

describe('link checker: every reporting entry', () => {
  it.each(CHANNELS.map((c) => [c.id, c] as const))('%s is well formed, sourced and dated', (_id, ch) => {
    // Reachable one way at least: a link, a number, or in-app steps.
    expect(ch.url !== undefined || ch.phone !== undefined || ch.steps !== undefined).toBe(true);
    if (ch.url !== undefined) {
      expect(ch.url).toMatch(HTTPS_URL);
      expect(new URL(ch.url).protocol).toBe('https:');
    }
    if (ch.phone !== undefined) {
      expect(ch.phone.dial).toMatch(DIAL);
      // What the user reads must be the number that is dialled.
      expect(ch.phone.display.replace(/[^\d+]/g, '')).toBe(ch.phone.dial);
    }
    if (ch.steps) {
      expect(ch.steps.en.length).toBeGreaterThan(0);
      expect(ch.steps.fr.length).toBe(ch.steps.en.length);
    }
    expect(ch.source === 'research-notes:REPORTING.md' || HTTPS_URL.test(ch.source)).toBe(true);
    expect(ch.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(ch.checked))).toBe(false);
    expect(['primary', 'secondary']).toContain(ch.verification);
    expect(ch.name.en && ch.name.fr && ch.purpose.en && ch.purpose.fr).toBeTruthy();
    expect(ch.contexts.length).toBeGreaterThan(0);
    if (ch.categories !== 'all') {
      expect(ch.categories.length).toBeGreaterThan(0);
      for (const c of ch.categories) expect(CATEGORIES).toContain(c);
    }
  });

  it('ids are unique', () => {
    const ids = CHANNELS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every country has an entry, platform channels exist for both chat sites', () => {
    for (const country of COUNTRIES.filter((c) => c !== 'other')) {
      expect(CHANNELS.some((c) => 'country' in c.scope && c.scope.country === country)).toBe(true);
    }
    for (const platform of ['telegram', 'whatsapp', 'snapchat']) {
      expect(CHANNELS.some((c) => 'platform' in c.scope && c.scope.platform === platform)).toBe(true);
    }
  });

  it('ships none of the entries the research notes mark as unchecked (R)', () => {
    const dials = CHANNELS.filter((c) => 'country' in c.scope && ['FR', 'BE'].includes(c.scope.country)).map(
      (c) => c.phone?.dial,
    );
    expect(dials).not.toContain('112'); // FR/BE 112 is R in REPORTING.md
    expect(dials).not.toContain('101');
    expect(CHANNELS.some((c) => c.url?.includes('onlinewache'))).toBe(false);
    expect(CHANNELS.some((c) => /notoscam|searchreport/i.test(c.url ?? ''))).toBe(false);
  });
});
