// @vitest-environment happy-dom
/** The options page under an organisation policy (locks, notes) and with a parent PIN. */
import { webcrypto } from 'node:crypto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { Options } from '../../../src/options/options';
import { createTranslator } from '../../../src/shared/settings/i18n';
import { DEVICE_SETTINGS_KEY, POLICY_CACHE_KEY, SYNC_REFUSED_KEY } from '../../../src/shared/settings/keys';
import { derive, PARENT_ATTEMPTS_KEY, PARENT_LOCK_KEY } from '../../../src/shared/settings/parent-lock';
import { parsePolicy } from '../../../src/shared/settings/policy';
import { SETTINGS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';
import { Welcome } from '../../../src/welcome/welcome';

let fake: FakeBrowser;

/** Disabled itself or inside a disabled fieldset (HTML: fieldset[disabled] disables its controls). */
const isDisabled = (el: HTMLElement) =>
  (el as HTMLInputElement).disabled || el.closest('fieldset[disabled]') !== null;

function renderOptions() {
  return render(
    <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
      <Options />
    </I18n.Provider>,
  );
}
const enabledBox = () =>
  screen.getByRole('checkbox', { name: /Warn me about illicit listings/ }) as HTMLInputElement;
const blurBox = () => screen.getByRole('checkbox', { name: /Blur flagged messages/ }) as HTMLInputElement;

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-GB' });
  h.fake = fake;
  fake.runtime.sendMessage.mockResolvedValue(undefined);
});
afterEach(() => cleanup());

describe('options under an organisation policy', () => {
  it('shows policy values as "set by your organisation", disabled; unlocked settings stay editable', async () => {
    await fake.storage.local.set({
      [POLICY_CACHE_KEY]: parsePolicy({ sensitivity: 'high', country: 'BE', lockedSettings: ['enabled'] }),
    });
    renderOptions();
    await screen.findByRole('heading', { name: 'Set by your organisation' });
    const high = (await screen.findByRole('radio', { name: /High/ })) as HTMLInputElement;
    expect(high.checked).toBe(true);
    expect(isDisabled(high)).toBe(true);
    expect(isDisabled(enabledBox())).toBe(true);
    expect((screen.getByRole('combobox', { name: 'Country for reporting' }) as HTMLSelectElement).value).toBe(
      'BE',
    );
    expect(screen.getAllByText('set by your organisation').length).toBeGreaterThanOrEqual(3);
    expect(isDisabled(blurBox())).toBe(false);
    fireEvent.click(blurBox());
    await flush();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ blur: true });
  });

  it('"Keep evidence": on by default and the user can turn it off; an organisation can turn it off and lock it', async () => {
    renderOptions();
    const box = async () =>
      (await screen.findByRole('checkbox', { name: /Offer “Keep evidence”/ })) as HTMLInputElement;
    expect((await box()).checked).toBe(true);
    expect(isDisabled(await box())).toBe(false);
    fireEvent.click(await box());
    await flush();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toEqual({ keepEvidence: false });
    cleanup();

    await fake.storage.local.set({
      [POLICY_CACHE_KEY]: parsePolicy({ keepEvidence: false, lockedSettings: ['keepEvidence'] }),
    });
    await fake.storage.sync.set({ [SETTINGS_KEY]: { keepEvidence: true } });
    renderOptions();
    await screen.findByRole('heading', { name: 'Set by your organisation' });
    await waitFor(async () => expect((await box()).checked).toBe(false));
    expect(isDisabled(await box())).toBe(true);
    expect((await box()).closest('label')?.textContent).toContain('set by your organisation');
  });

  it('lists ignored policy values in plain words', async () => {
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ sensitivity: 'extreme', blur: true }) });
    renderOptions();
    expect(
      await screen.findByText('Policy "sensitivity" ignored: expected one of low, normal, high.'),
    ).toBeTruthy();
    expect(((await screen.findByRole('radio', { name: /Normal/ })) as HTMLInputElement).checked).toBe(true);
  });

  it('a policy arriving later with only notes (no setting changes) still shows them', async () => {
    renderOptions();
    await screen.findByRole('combobox', { name: 'Country for reporting' });
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ surprise: 1 }) });
    expect(await screen.findByText('Unknown policy "surprise" ignored.')).toBeTruthy();
  });

  it('shows no organisation section without a policy', async () => {
    renderOptions();
    await screen.findByRole('combobox', { name: 'Country for reporting' });
    await flush();
    expect(screen.queryByRole('heading', { name: 'Set by your organisation' })).toBeNull();
  });
});

describe('welcome page under a policy', () => {
  it("shows the organisation's country and does not offer to change it", async () => {
    await fake.storage.local.set({ [POLICY_CACHE_KEY]: parsePolicy({ country: 'BE' }) });
    render(
      <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
        <Welcome />
      </I18n.Provider>,
    );
    const select = (await screen.findByRole('combobox', {
      name: 'Country for reporting',
    })) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('BE'));
    expect(select.disabled).toBe(true);
  });
});

describe('options with a parent PIN', () => {
  async function setPinThroughUi(pin: string) {
    fireEvent.input(await screen.findByLabelText('New PIN (6 characters or more)'), {
      target: { value: pin },
    });
    fireEvent.input(screen.getByLabelText('Repeat the PIN'), { target: { value: pin } });
    fireEvent.click(screen.getByRole('button', { name: 'Set the PIN' }));
    await screen.findByText('The settings are protected by a PIN.', {}, { timeout: 5000 });
  }

  it('refuses mismatched PINs', async () => {
    renderOptions();
    fireEvent.input(await screen.findByLabelText('New PIN (6 characters or more)'), {
      target: { value: '123456' },
    });
    fireEvent.input(screen.getByLabelText('Repeat the PIN'), { target: { value: '123465' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set the PIN' }));
    expect(await screen.findByText('The two PINs are different.')).toBeTruthy();
    expect(fake.storage.local.data.has(PARENT_LOCK_KEY)).toBe(false);
  });

  it('a set PIN disables settings, dismissals and the on/off switch until entered', async () => {
    renderOptions();
    await setPinThroughUi('246801');
    const stored = JSON.stringify(fake.storage.local.data.get(PARENT_LOCK_KEY));
    expect(stored).not.toContain('246801');
    await waitFor(() => expect(isDisabled(enabledBox())).toBe(true));
    expect(isDisabled(blurBox())).toBe(true);

    fireEvent.input(screen.getByLabelText('PIN'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Wrong PIN.', {}, { timeout: 5000 })).toBeTruthy();
    expect(isDisabled(enabledBox())).toBe(true);

    fireEvent.input(screen.getByLabelText('PIN'), { target: { value: '246801' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByText('Unlocked until you close this page or lock again.', {}, { timeout: 5000 });
    expect(isDisabled(enabledBox())).toBe(false);
    fireEvent.click(enabledBox());
    await flush();
    // While the PIN is set the change stays on this device (issue 17, point 9).
    expect(fake.storage.local.data.get(DEVICE_SETTINGS_KEY)).toEqual({ enabled: false });
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toBeUndefined();

    fireEvent.click(screen.getByRole('button', { name: 'Lock again' }));
    await waitFor(() => expect(isDisabled(enabledBox())).toBe(true));
  });

  it('after too many wrong PINs it says how long to wait, and reopening the page does not reset that', {
    timeout: 20_000,
  }, async () => {
    renderOptions();
    await setPinThroughUi('246801');
    for (let i = 0; i < 3; i++) {
      fireEvent.input(screen.getByLabelText('PIN'), { target: { value: '111111' } });
      fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
      // The failure is stored before the PIN is hashed: wait for the answer too (the field empties).
      await waitFor(
        () => {
          expect((fake.storage.local.data.get(PARENT_ATTEMPTS_KEY) as { failures: number }).failures).toBe(
            i + 1,
          );
          expect((screen.getByLabelText('PIN') as HTMLInputElement).value).toBe('');
        },
        { timeout: 5000 },
      );
    }
    expect(await screen.findByText(/Try again in (29|30) seconds/)).toBeTruthy();
    expect(screen.getByText(/The wait only counts down while this page stays open/)).toBeTruthy();
    cleanup();
    renderOptions();
    fireEvent.input(await screen.findByLabelText('PIN'), { target: { value: '246801' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText(/Try again in \d+ seconds/)).toBeTruthy();
    expect(isDisabled(enabledBox())).toBe(true);
  });

  it('refuses a new PIN shorter than 6 characters', async () => {
    renderOptions();
    fireEvent.input(await screen.findByLabelText('New PIN (6 characters or more)'), {
      target: { value: '1234' },
    });
    fireEvent.input(screen.getByLabelText('Repeat the PIN'), { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set the PIN' }));
    expect(await screen.findByText(/The PIN must have 6 to 64 characters/)).toBeTruthy();
    expect(fake.storage.local.data.has(PARENT_LOCK_KEY)).toBe(false);
  });

  it('a 4-character PIN from an older version still unlocks, and the page suggests a longer one', async () => {
    const salt = webcrypto.getRandomValues(new Uint8Array(16));
    const hash = await derive(webcrypto.subtle as unknown as SubtleCrypto, '4826', salt, 1000);
    fake.storage.local.data.set(PARENT_LOCK_KEY, {
      v: 1,
      salt: Buffer.from(salt).toString('base64'),
      hash: Buffer.from(hash).toString('base64'),
      iterations: 1000,
    });
    renderOptions();
    fireEvent.input(await screen.findByLabelText('PIN'), { target: { value: '4826' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText(/This PIN is short: new PINs have at least 6 characters/)).toBeTruthy();
    expect(screen.getByLabelText('New PIN (6 characters or more)')).toBeTruthy();
    expect(isDisabled(enabledBox())).toBe(false);
  });
});

describe('options: settings kept on this device while a PIN is set (issue 17, point 9)', () => {
  it('a change synced from another computer does not switch Vigie off here, and the page says why', async () => {
    renderOptions();
    fireEvent.input(await screen.findByLabelText('New PIN (6 characters or more)'), {
      target: { value: '246801' },
    });
    fireEvent.input(screen.getByLabelText('Repeat the PIN'), { target: { value: '246801' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set the PIN' }));
    await screen.findByText('The settings are protected by a PIN.', {}, { timeout: 5000 });
    expect(await screen.findByText(/these settings are kept on this device/)).toBeTruthy();

    // What sync does when the other computer switches Vigie off: a write to storage.sync.
    await fake.storage.sync.set({ [SETTINGS_KEY]: { enabled: false } });
    await flush();
    expect(enabledBox().checked).toBe(true);

    // The background notes the refusal (src/background/sync-guard.ts); the page shows it.
    await fake.storage.local.set({
      [SYNC_REFUSED_KEY]: { at: Date.UTC(2026, 11, 5, 9, 30), keys: ['enabled'] },
    });
    expect(
      await screen.findByText(/A change from another device was refused on .*2026.* \(on\/off\)/),
    ).toBeTruthy();
  });

  it('without a PIN there is no such note and synced changes apply', async () => {
    renderOptions();
    await screen.findByRole('checkbox', { name: /Warn me about illicit listings/ });
    await fake.storage.sync.set({ [SETTINGS_KEY]: { enabled: false } });
    await waitFor(() => expect(enabledBox().checked).toBe(false));
    expect(screen.queryByText(/these settings are kept on this device/)).toBeNull();
  });
});

describe('options fail closed (issue 17, point 10)', () => {
  it('every protected control is disabled until storage says whether a PIN is set', async () => {
    let answer: (v: Record<string, unknown>) => void = () => {};
    const realGet = fake.storage.local.get.getMockImplementation();
    fake.storage.local.get.mockImplementation(async (keys?: string | string[] | null) =>
      Array.isArray(keys) && keys.includes(PARENT_LOCK_KEY)
        ? new Promise<Record<string, unknown>>((resolve) => {
            answer = resolve;
          })
        : (realGet as (k: unknown) => Promise<Record<string, unknown>>)(keys),
    );
    renderOptions();
    await screen.findByRole('checkbox', { name: /Warn me about illicit listings/ });
    await flush();
    expect(isDisabled(enabledBox())).toBe(true);
    expect(isDisabled(blurBox())).toBe(true);
    answer({});
    await waitFor(() => expect(isDisabled(enabledBox())).toBe(false));
  });

  it('when storage cannot tell whether a PIN is set, the settings stay locked', async () => {
    const realGet = fake.storage.local.get.getMockImplementation();
    fake.storage.local.get.mockImplementation(async (keys?: string | string[] | null) => {
      if (Array.isArray(keys) && keys.includes(PARENT_LOCK_KEY)) throw new Error('storage hiccup');
      return (realGet as (k: unknown) => Promise<Record<string, unknown>>)(keys);
    });
    renderOptions();
    await screen.findByRole('checkbox', { name: /Warn me about illicit listings/ });
    await flush();
    expect(isDisabled(enabledBox())).toBe(true);
    expect(screen.getByText('The settings are protected by a PIN.')).toBeTruthy();
  });
});

describe('welcome page with a parent PIN', () => {
  it('shows the country but does not change it without the PIN', async () => {
    fake.storage.local.data.set(PARENT_LOCK_KEY, { v: 1, salt: 'AAAA', hash: 'AAAA', iterations: 1 });
    render(
      <I18n.Provider value={createTranslator('en', localeMessages('en'))}>
        <Welcome />
      </I18n.Provider>,
    );
    const select = (await screen.findByRole('combobox', {
      name: 'Country for reporting',
    })) as HTMLSelectElement;
    await flush();
    expect(select.disabled).toBe(true);
    expect(screen.getByText('protected by the parent PIN')).toBeTruthy();
    fireEvent.change(select, { target: { value: 'BE' } });
    await flush();
    expect(fake.storage.sync.data.get(SETTINGS_KEY)).toBeUndefined();
  });
});
