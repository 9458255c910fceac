// @vitest-environment happy-dom
/**
 * In the build users install (no test hooks), marking a chat leaves no attribute that names Vigie
 * or says which messages it flagged (issue 17, point 12): the badge hosts are known by identity,
 * a blurred message keeps its own filter in memory, and a page element that merely carries our old
 * attribute names is read like any other. The rest of the unit tests run with the test hooks on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/content/test-hooks', () => ({
  TEST_HOOKS: false,
  TEST_STATE_ATTR: 'data-vigie',
  TEST_BADGE_ATTR: 'data-vigie-badge',
}));

import { detectorFromSources } from '../../../scripts/lib/detector';
import { isOwn } from '../../../src/content/own-nodes';
import { TEST_HOOKS } from '../../../src/content/test-hooks';
import { type fakeDetector, loadFixtureFile, setup } from './helpers';

const cleanups: AbortController[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.abort();
});

const engine = (): ReturnType<typeof fakeDetector> =>
  Object.assign(Object.create(detectorFromSources()), { calls: [] as string[] });

/** Every attribute name or value in the document that mentions Vigie. */
function traces(): string[] {
  const found: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    for (const { name, value } of Array.from(el.attributes)) {
      if (/vigie/i.test(name) || /vigie/i.test(value))
        found.push(`${el.tagName.toLowerCase()}[${name}="${value}"]`);
    }
  }
  return found;
}

describe('a user build leaves no trace in the page', () => {
  it('marks and blurs the listings of the K 2026 page with no attribute naming Vigie', () => {
    expect(TEST_HOOKS).toBe(false);
    loadFixtureFile('telegram-k-2026.html');
    const before = traces();
    const s = setup('telegram-k', { detector: engine(), blur: true });
    cleanups.push(s.controller);
    s.scanner.flush();
    const flagged = s.scanner.summary().flagged.length;
    expect(flagged).toBeGreaterThan(2);
    const hosts = Array.from(document.querySelectorAll('span')).filter((el) => isOwn(el));
    expect(hosts).toHaveLength(flagged);
    // The page cannot open the badges: their shadow roots are closed.
    for (const host of hosts) expect((host as HTMLElement).shadowRoot).toBeNull();
    expect(
      Array.from(document.querySelectorAll('*')).some(
        (el) => (el as HTMLElement).style?.filter === 'blur(6px)',
      ),
    ).toBe(true);
    expect(traces()).toEqual(before);

    // Taking the marks away restores the page's own filters and removes every host.
    s.marker.removeAll();
    expect(Array.from(document.querySelectorAll('span')).some((el) => isOwn(el))).toBe(false);
    expect(
      Array.from(document.querySelectorAll('*')).some(
        (el) => (el as HTMLElement).style?.filter === 'blur(6px)',
      ),
    ).toBe(false);
  });
});
