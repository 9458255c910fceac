/**
 * The managed policy: what parsePolicy keeps, what it ignores (with a plain-words note), and how
 * the result overlays user settings. The admin example files of docs/examples are checked here,
 * so the deployment guide cannot show a policy that Vigie would ignore.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../../scripts/manifest';
import { isPolicyEmpty, parsePolicy, parsePolicyCache } from '../../../src/shared/settings/policy';
import { resolveSettings } from '../../../src/shared/settings/resolve';

const ROOT = resolve(__dirname, '../../..');
const json = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8'));
const ctx = { uiLanguage: 'fr-FR' };

const chromeExample = json('docs/examples/chrome/vigie-policy.json')['3rdparty'].extensions.EXTENSION_ID;
const firefoxExample = json('docs/examples/firefox/policies.json').policies['3rdparty'].Extensions[GECKO_ID];

describe('parsePolicy', () => {
  it('no policy (Chrome {}, Firefox undefined) is empty, with no note', () => {
    for (const raw of [{}, undefined, null]) {
      const { policy, notes } = parsePolicy(raw);
      expect(isPolicyEmpty(policy)).toBe(true);
      expect(notes).toEqual([]);
    }
  });

  it('keeps every value of the documented examples, and both browsers get the same policy', () => {
    const chrome = parsePolicy(chromeExample);
    expect(chrome.notes).toEqual([]);
    expect(chrome.policy).toEqual(parsePolicy(firefoxExample).policy);
    expect(chrome.policy.settings).toEqual({
      sensitivity: 'high',
      categories: ['drugs', 'weapons', 'documents', 'financial', 'fraud-documents', 'counterfeit'],
      country: 'BE',
      blur: true,
    });
    expect(chrome.policy.locks).toEqual(['enabled', 'sensitivity', 'categories']);
    expect(chrome.policy.extraFeedUrls).toEqual(['https://rules.example-school.org/vigie/bundle.json']);
    expect(chrome.policy.extraFeedKeys).toHaveLength(1);
    expect(chrome.policy.updateIntervalMinutes).toBe(720);
    expect(chrome.policy.reportingContact).toEqual({
      name: 'Example School safeguarding lead',
      url: 'https://intranet.example-school.org/report',
      phone: '+32 2 555 01 23',
    });
  });

  it('ignores every malformed value with a plain note, keeps the good parts, never throws', () => {
    const { policy, notes } = parsePolicy(json('test/fixtures/policy/malformed.json'));
    expect(policy.settings).toEqual({});
    expect(policy.locks).toEqual(['enabled']);
    expect(policy.extraFeedUrls).toEqual([]);
    expect(policy.extraFeedKeys).toEqual([]);
    expect(policy.updateIntervalMinutes).toBeNull();
    expect(policy.reportingContact).toBeNull();
    const text = notes.join('\n');
    for (const key of [
      'sensitivity',
      'categories',
      'blur',
      'country',
      'updateIntervalMinutes',
      'reportingContact',
    ]) {
      expect(text).toContain(`"${key}"`);
    }
    expect(text).toContain('Unknown policy "surprise" ignored.');
    expect(text).toContain('Policy "sensitivity" ignored: expected one of low, normal, high.');
    expect(text).toContain('Policy "extraFeedUrls": 2 malformed entries ignored.');
  });

  it.each([[42], ['text'], [[1, 2]], [true]])('a non-object policy (%j) is ignored with a note', (raw) => {
    const { policy, notes } = parsePolicy(raw);
    expect(isPolicyEmpty(policy)).toBe(true);
    expect(notes).toEqual(['The policy is not an object; it was ignored.']);
  });

  it('a contact needs a name and a safe link or a phone; a javascript: link is never kept', () => {
    expect(
      parsePolicy({ reportingContact: { name: 'IT', url: 'javascript:alert(1)' } }).policy.reportingContact,
    ).toBeNull();
    expect(
      parsePolicy({ reportingContact: { name: 'IT', phone: '+33 1 23' } }).policy.reportingContact,
    ).toEqual({
      name: 'IT',
      phone: '+33 1 23',
    });
    expect(
      parsePolicy({ reportingContact: { name: 'IT', url: 'mailto:safe@example.org' } }).policy
        .reportingContact,
    ).toEqual({ name: 'IT', url: 'mailto:safe@example.org' });
  });

  it('the cache round-trips, and a damaged cache reads as no policy', () => {
    const parsed = parsePolicy(chromeExample);
    expect(parsePolicyCache(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    for (const damaged of [
      undefined,
      'x',
      { policy: 3 },
      { policy: { settings: { blur: 'no' } }, notes: 5 },
    ]) {
      const c = parsePolicyCache(damaged);
      expect(isPolicyEmpty(c.policy)).toBe(true);
      expect(c.notes).toEqual([]);
    }
  });
});

describe('policy over user settings', () => {
  const { policy } = parsePolicy(chromeExample);
  const user = { sensitivity: 'low', blur: false, enabled: false, language: 'en', country: 'FR' };
  const r = resolveSettings({ policy: policy.settings, locks: policy.locks, user, ctx });

  it('a policy value wins over the user and is locked', () => {
    expect(r.values.sensitivity).toBe('high');
    expect(r.source.sensitivity).toBe('policy');
    expect(r.locked.sensitivity).toBe(true);
    expect(r.values.country).toBe('BE');
    expect(r.locked.country).toBe(true);
  });

  it('a locked setting without a policy value takes the default, not the user value', () => {
    expect(r.values.enabled).toBe(true);
    expect(r.source.enabled).toBe('default');
    expect(r.locked.enabled).toBe(true);
  });

  it('settings the policy leaves alone stay the user’s, unlocked', () => {
    expect(r.values.language).toBe('en');
    expect(r.source.language).toBe('user');
    expect(r.locked.language).toBe(false);
  });

  it('a malformed policy leaves everything on user values and defaults', () => {
    const bad = parsePolicy(json('test/fixtures/policy/malformed.json')).policy;
    const m = resolveSettings({ policy: bad.settings, locks: bad.locks, user, ctx });
    expect(m.values.sensitivity).toBe('low');
    expect(m.values.blur).toBe(false);
    expect(m.values.country).toBe('FR');
    // The one valid lock still applies.
    expect(m.locked.enabled).toBe(true);
    expect(m.values.enabled).toBe(true);
  });
});
