// @vitest-environment happy-dom
/**
 * "What's new" after an update (issue 18): stored only when a version in between changed what the
 * user sees, shown once at the top of the options page and the popup, gone everywhere after "Got
 * it"; and "About Vigie" gives the versions and where to report, with links that send nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { noteUpdate } from '../../../src/background/whats-new';
import { AboutSection } from '../../../src/options/about-section';
import * as project from '../../../src/shared/project';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { compareVersions, notesBetween, WHATS_NEW, WHATS_NEW_KEY } from '../../../src/shared/whats-new';
import { I18n } from '../../../src/ui/i18n-context';
import { WhatsNewNotice } from '../../../src/ui/whats-new-notice';

let fake: FakeBrowser;
beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' });
  h.fake = fake;
  fake.runtime.sendMessage.mockImplementation(async () => ({
    version: 2026120501,
    published: '2026-12-05T00:00:00Z',
    source: 'embedded',
    lastCheck: null,
    lastError: null,
  }));
});
afterEach(() => cleanup());

const inEnglish = (node: preact.ComponentChildren) =>
  render(<I18n.Provider value={createTranslator('en', localeMessages('en'))}>{node}</I18n.Provider>);

describe('what is new', () => {
  it('compares versions as numbers and picks the entries after the previous version', () => {
    expect(compareVersions('1.10.0', '1.9.2')).toBe(1);
    expect(compareVersions('0.2', '0.2.0')).toBe(0);
    const entries = [
      { version: '0.4.0', notes: ['c'] },
      { version: '0.3.0', notes: ['b'] },
      { version: '0.2.0', notes: ['a'] },
    ];
    expect(notesBetween('0.2.0', '0.4.0', entries).map((e) => e.version)).toEqual(['0.4.0', '0.3.0']);
    expect(notesBetween('0.4.0', '0.4.1', entries)).toEqual([]);
  });

  it('an update stores the note only when something visible changed; an install never does', async () => {
    const set = vi.fn(async () => undefined);
    const entries = [{ version: '0.3.0', notes: ['x'] }];
    expect(
      await noteUpdate(
        { reason: 'update', previousVersion: '0.2.0' },
        { currentVersion: '0.3.0', set, entries },
      ),
    ).toBe(true);
    expect(set).toHaveBeenCalledWith({ [WHATS_NEW_KEY]: { from: '0.2.0', to: '0.3.0' } });
    set.mockClear();
    expect(
      await noteUpdate(
        { reason: 'update', previousVersion: '0.3.0' },
        { currentVersion: '0.3.1', set, entries },
      ),
    ).toBe(false);
    expect(await noteUpdate({ reason: 'install' }, { currentVersion: '0.3.0', set, entries })).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it('every note has its text in French and English', () => {
    for (const lang of ['fr', 'en'] as const) {
      const messages = localeMessages(lang);
      for (const key of WHATS_NEW.flatMap((e) => e.notes))
        expect(messages[key]?.message, `${lang} ${key}`).toBeTruthy();
    }
  });

  it('shows the pending notes once, and "Got it" removes them', async () => {
    const latest = WHATS_NEW[0];
    if (!latest) throw new Error('no entry');
    await fake.storage.local.set({ [WHATS_NEW_KEY]: { from: '0.1.0', to: latest.version } });
    inEnglish(<WhatsNewNotice />);
    expect(
      await screen.findByRole('heading', { name: `What's new in Vigie ${latest.version}` }),
    ).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(latest.notes.length);
    fireEvent.click(screen.getByRole('button', { name: 'Got it' }));
    await flush();
    expect(screen.queryByRole('heading', { name: /What's new/ })).toBeNull();
    expect(fake.storage.local.data.has(WHATS_NEW_KEY)).toBe(false);
  });

  it('shows nothing without a pending note, or with a malformed one', async () => {
    await fake.storage.local.set({ [WHATS_NEW_KEY]: { from: 3 } });
    inEnglish(<WhatsNewNotice />);
    await flush();
    expect(screen.queryByRole('heading', { name: /What's new/ })).toBeNull();
  });
});

describe('about Vigie', () => {
  it('gives both versions and links to the tracker and the privacy policy that send nothing', async () => {
    inEnglish(<AboutSection />);
    expect(await screen.findByText('2026120501')).toBeTruthy();
    expect(screen.getByText('0.1.0')).toBeTruthy();
    const link = (name: string) => screen.getByRole('link', { name }) as HTMLAnchorElement;
    expect(link('Report a wrong warning').href).toBe(project.REPORT_WRONG_WARNING);
    expect(link('Report a page Vigie does not read').href).toBe(project.REPORT_PAGE_NOT_READ);
    expect(link('Privacy policy').href).toBe(project.PRIVACY_POLICY);
    // The links carry no query but the form's name: no version, no page data, nothing about the user.
    for (const a of screen.getAllByRole('link') as HTMLAnchorElement[]) {
      expect(new URL(a.href).search).toMatch(/^(|\?template=[a-z-]+\.md)$/);
      expect(a.rel).toContain('noreferrer');
    }
  });

  it('the project addresses match package.json, and the issue forms exist', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8'));
    expect(project.PROJECT_HOMEPAGE).toBe(pkg.homepage);
    expect(project.PROJECT_ISSUES).toBe(pkg.bugs.url);
    for (const form of ['wrong-warning.md', 'page-not-read.md']) {
      expect(
        readFileSync(resolve(import.meta.dirname, '../../../.github/ISSUE_TEMPLATE', form), 'utf8'),
      ).toMatch(/^---\nname:/);
    }
  });
});
