// @vitest-environment happy-dom
/** The page is reachable from the popup and the options page, and every string it uses exists. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { ERROR_KEYS } from '../../../src/check/check-error';
import { DAY_ORDERS } from '../../../src/check/file-picker';
import { FORMAT_KEYS } from '../../../src/check/report-export';
import { Options } from '../../../src/options/options';
import { Popup } from '../../../src/popup/popup';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { I18n } from '../../../src/ui/i18n-context';

type WithCreate = FakeBrowser & { tabs: FakeBrowser['tabs'] & { create: ReturnType<typeof vi.fn> } };
let fake: WithCreate;

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' }) as WithCreate;
  fake.tabs.create = vi.fn(async () => ({ id: 9 }));
  h.fake = fake;
});
afterEach(() => cleanup());

const en = localeMessages('en');
const fr = localeMessages('fr');
const tr = createTranslator('en', en);

describe('links to the page', () => {
  it('the popup opens it in a new tab, whatever the state of the current tab', async () => {
    fake.tabs.sendMessage.mockRejectedValue(new Error('Receiving end does not exist.'));
    render(
      <I18n.Provider value={tr}>
        <Popup search="" />
      </I18n.Provider>,
    );
    await screen.findByText('Not a supported chat page');
    fireEvent.click(screen.getByRole('button', { name: 'Check an exported chat' }));
    expect(fake.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://fake-id/src/check/index.html' });
  });

  it('the options page opens it in a new tab', async () => {
    render(
      <I18n.Provider value={tr}>
        <Options />
      </I18n.Provider>,
    );
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Check an exported chat' }));
    expect(fake.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://fake-id/src/check/index.html' });
  });

  it('the built page is an entry of the build (vite.config.ts) at the path the links open', () => {
    const root = resolve(__dirname, '../../..');
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toContain("check: 'src/check/index.html'");
    const html = readFileSync(join(root, 'src/check/index.html'), 'utf8');
    // Strict CSP: one external module script, no inline script or style.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="./main.tsx">']);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe('strings', () => {
  it('every key the page uses exists in English and French', () => {
    const dir = resolve(__dirname, '../../../src/check');
    const used = new Set<string>([
      ...Object.values(ERROR_KEYS),
      ...Object.values(FORMAT_KEYS),
      ...DAY_ORDERS.map((o) => `check_date_${o}`),
    ]);
    for (const name of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
      const source = readFileSync(join(dir, name), 'utf8');
      for (const m of source.matchAll(/\bt\(\s*'([a-z0-9_]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect([...used].filter((k) => !(k in fr))).toEqual([]);
  });
});
