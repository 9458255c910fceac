// @vitest-environment happy-dom
/** Issue 17: the popup and the options page say when Vigie went back to its built-in rules, and why. */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/shared/browser', () => ({ default: {} }));

import type { RulesStatus } from '../../../src/shared/messages';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { I18n } from '../../../src/ui/i18n-context';
import { RulesNotice } from '../../../src/ui/rules-notice';
import { localeMessages } from '../settings/fake-browser';

const base: RulesStatus = {
  version: 2026112801,
  published: '2026-11-28T00:00:00Z',
  source: 'embedded',
  lastCheck: null,
  lastError: null,
  expires: '2027-11-28T00:00:00Z',
  expiry: null,
  fallback: null,
};

function show(status: RulesStatus, lang: 'en' | 'fr' = 'en') {
  return render(
    <I18n.Provider value={createTranslator(lang, localeMessages(lang))}>
      <RulesNotice status={status} />
    </I18n.Provider>,
  );
}
afterEach(() => cleanup());

describe('RulesNotice', () => {
  it.each([
    ['key-untrusted', /no longer trusts/],
    ['stored-invalid', /damaged or changed outside Vigie/],
    ['expired', /passed their expiry date/],
  ] as const)('says why the built-in rules are back (%s)', (reason, text) => {
    show({ ...base, fallback: { reason, at: '2026-12-01T00:00:00Z' } });
    expect(screen.getByRole('status').textContent).toMatch(text);
  });

  it('warns ahead of expiry with the date, in French too', () => {
    show({ ...base, source: 'feed', expiry: 'soon', expires: '2026-12-10T00:00:00Z' }, 'fr');
    expect(screen.getByRole('status').textContent).toMatch(/expirent le 10 décembre 2026/);
  });

  it('says nothing when all is well', () => {
    show(base);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
