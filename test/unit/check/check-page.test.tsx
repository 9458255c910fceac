// @vitest-environment happy-dom
/** The check page in each state, driven by hand-made scan events (the scan itself is tested apart). */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, type FakeBrowser, flush, localeMessages } from '../settings/fake-browser';
import {
  doneEvent,
  fakeDeps,
  flagged,
  LISTING_TEXT,
  progressEvent,
  RULES_JSON,
  readEvent,
  weaponVerdict,
} from './fixtures';

const h = vi.hoisted(() => ({ fake: null as unknown }));
vi.mock('../../../src/shared/browser', () => ({
  get default() {
    return h.fake;
  },
}));

import { type CheckDeps, CheckPage } from '../../../src/check/check';
import type { ScanErrorCode, ScanEvent } from '../../../src/exports/scan-events';
import { createTranslator, type Lang } from '../../../src/shared/settings/i18n';
import { SETTINGS_KEY } from '../../../src/shared/settings/store';
import { I18n } from '../../../src/ui/i18n-context';

let fake: FakeBrowser;

function renderPage(deps: CheckDeps, lang: Lang = 'en') {
  return render(
    <I18n.Provider value={createTranslator(lang, localeMessages(lang))}>
      <CheckPage deps={deps} />
    </I18n.Provider>,
  );
}

const fileInput = () => document.querySelector('#export-file') as HTMLInputElement;
const exportFile = (name = 'WhatsApp Chat with Bons plans 75.txt') =>
  new File(['12/03/2025 11:02 - Karim: hello'], name, { type: 'text/plain' });

function pick(files: File[]) {
  const input = fileInput();
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

async function emit(send: (e: ScanEvent) => void, ...events: ScanEvent[]) {
  await act(async () => {
    for (const e of events) send(e);
  });
}

beforeEach(() => {
  fake = createFakeBrowser({ uiLanguage: 'en-US' });
  h.fake = fake;
  fake.storage.sync.data.set(SETTINGS_KEY, { country: 'FR' });
});
afterEach(() => cleanup());

describe('idle', () => {
  it('offers a real, labelled file input for every export kind, the privacy promise and the date order', async () => {
    const { deps } = fakeDeps();
    renderPage(deps);
    await flush();
    const input = screen.getByLabelText('Choose a file') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.txt,.zip,.json,.html,.htm');
    expect(input.multiple).toBe(true);
    expect(
      screen.getByText(
        'The file is read and checked on this device only. Nothing is uploaded, and nothing is kept unless you save the report.',
      ),
    ).toBeTruthy();
    const order = screen.getByRole('group', { name: 'Dates in WhatsApp files' });
    expect(
      within(order)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['auto', 'day', 'month']);
    expect((within(order).getByLabelText('Work it out from the file') as HTMLInputElement).checked).toBe(
      true,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(document.title).toBe('Check an exported chat · Vigie');
  });

  it('a picked file starts a scan with the chosen date order', async () => {
    const { deps, jobs, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    expect(jobs[0]?.dayFirst).toBe('auto');
    expect(jobs[0]?.files.map((f) => f.name)).toEqual(['WhatsApp Chat with Bons plans 75.txt']);
    await emit(last().emit, { type: 'error', code: 'empty', detail: '' });
    fireEvent.click(screen.getByLabelText('Day first (31/12/2025)'));
    pick([exportFile()]);
    expect(jobs[1]?.dayFirst).toBe(true);
    await emit(last().emit, { type: 'error', code: 'empty', detail: '' });
    fireEvent.click(screen.getByLabelText('Month first (12/31/2025)'));
    pick([exportFile()]);
    expect(jobs[2]?.dayFirst).toBe(false);
  });

  it('several messages*.html pages are passed together', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile('messages.html'), exportFile('messages2.html')]);
    expect(last().files.map((f) => f.name)).toEqual(['messages.html', 'messages2.html']);
    await emit(last().emit, readEvent({ format: 'telegram-html' }));
    expect(screen.getByRole('heading', { name: 'Checking “Bons plans 75”…' })).toBeTruthy();
  });

  it('a file dropped on the drop zone is checked too', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    await flush();
    const zone = document.querySelector('.drop-zone') as HTMLElement;
    // Real event names (testing-library's preact fireEvent renames drag events for JSX props).
    const dragEvent = (type: string, files: File[]) =>
      Object.assign(new Event(type, { bubbles: true, cancelable: true }), { dataTransfer: { files } });
    const over = dragEvent('dragover', []);
    await act(async () => {
      zone.dispatchEvent(over);
    });
    expect(over.defaultPrevented).toBe(true); // else the browser would open the file itself
    expect(zone.getAttribute('data-state')).toBe('over');
    const drop = dragEvent('drop', [exportFile('result.json')]);
    await act(async () => {
      zone.dispatchEvent(drop);
    });
    expect(drop.defaultPrevented).toBe(true);
    expect(last().files.map((f) => f.name)).toEqual(['result.json']);
  });
});

describe('keyboard focus and stray drops', () => {
  it('focus follows the check: Cancel while scanning, then the result; the file input after Cancel', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    await flush();
    pick([exportFile()]);
    await flush();
    expect(document.activeElement?.textContent).toBe('Cancel');
    await emit(last().emit, readEvent(), doneEvent({ flagged: 0 }));
    await flush();
    expect(document.activeElement?.id).toBe('h-results');
    pick([exportFile()]);
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await flush();
    expect(document.activeElement?.id).toBe('export-file');
    pick([exportFile()]);
    await emit(last().emit, { type: 'error', code: 'empty', detail: '' });
    await flush();
    expect(document.activeElement?.getAttribute('data-state')).toBe('error');
  });

  it('a file dropped outside the drop zone is checked instead of replacing the page; ignored while scanning', async () => {
    const { deps, jobs } = fakeDeps();
    renderPage(deps);
    await flush();
    const drop = (files: File[]) =>
      Object.assign(new Event('drop', { bubbles: true, cancelable: true }), { dataTransfer: { files } });
    const first = drop([exportFile('result.json')]);
    await act(async () => {
      document.querySelector('h1')?.dispatchEvent(first);
    });
    expect(first.defaultPrevented).toBe(true);
    expect(jobs.map((j) => j.files[0]?.name)).toEqual(['result.json']);
    const second = drop([exportFile('other.txt')]);
    await act(async () => {
      document.querySelector('h1')?.dispatchEvent(second);
    });
    expect(second.defaultPrevented).toBe(true);
    expect(jobs).toHaveLength(1);
  });
});

describe('scanning', () => {
  it('shows the chat, the messages read, a progress bar with its values, and flagged messages as they come', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    expect(
      screen.getByRole('heading', { name: 'Reading WhatsApp Chat with Bons plans 75.txt…' }),
    ).toBeTruthy();
    await emit(last().emit, readEvent(), progressEvent(120, 250));
    expect(screen.getByRole('heading', { name: 'Checking “Bons plans 75”…' })).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Progress of the check' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe('25 % done');
    expect(screen.getByText('Messages read: 120')).toBeTruthy();
    expect(screen.getByText('Flagged so far: 0')).toBeTruthy();
    // No picker while a file is being checked.
    expect(document.querySelector('#export-file')).toBeNull();

    await emit(last().emit, progressEvent(480, 600, [flagged(3)]));
    expect(bar.getAttribute('aria-valuenow')).toBe('60');
    expect(screen.getByText('Messages read: 480')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Flagged messages' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Flagged so far: 1' })).toBeTruthy();

    await emit(last().emit, progressEvent(700, 800, [flagged(5, { sender: 'Awa' })]));
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
  });

  it('Cancel stops the scan, keeps nothing, and ignores what the old scan still sends', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    const job = last();
    await emit(job.emit, readEvent(), progressEvent(10, 100, [flagged(1)]));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(job.cancel).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('Check cancelled. Nothing was kept.');
    expect(screen.queryByRole('list', { name: 'Flagged messages' })).toBeNull();
    expect(fileInput()).toBeTruthy();
    await emit(job.emit, progressEvent(20, 200, [flagged(2)]), doneEvent());
    expect(screen.queryByRole('list', { name: 'Flagged messages' })).toBeNull();
    expect(document.querySelector('main')?.getAttribute('data-phase')).toBe('idle');
  });

  it('closing the page cancels a running scan', async () => {
    const { deps, last } = fakeDeps();
    const { unmount } = renderPage(deps);
    await flush();
    pick([exportFile()]);
    await flush();
    unmount();
    await flush();
    expect(last().cancel).toHaveBeenCalled();
  });
});

describe('results', () => {
  async function finish(events: ScanEvent[], lang: Lang = 'en') {
    const { deps, last } = fakeDeps();
    const view = renderPage(deps, lang);
    await flush();
    pick([exportFile()]);
    await emit(last().emit, ...events);
    await flush();
    return view;
  }

  it('shows the chat, the counts and each flagged message with sender, date, ref, category, level, highlights and reasons', async () => {
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()]);
    expect(screen.getByRole('status').textContent).toBe('Check finished.');
    const facts = (f: string) => document.querySelector(`[data-fact="${f}"]`)?.textContent;
    expect([facts('chat'), facts('file'), facts('messages'), facts('flagged')]).toEqual([
      'Bons plans 75',
      'WhatsApp Chat with Bons plans 75.txt',
      '9',
      '1',
    ]);
    const card = within(screen.getByRole('list', { name: 'Flagged messages' })).getByRole('listitem');
    expect(within(card).getByRole('heading').textContent).toBe('Forged papersLevel: medium');
    expect(card.querySelector('.meta')?.textContent).toBe('Karim · March 12, 2025 at 11:02 AM · line 4');
    // The whole message, every match highlighted; counter-evidence ("48h") is not.
    expect(card.querySelector('.excerpt')?.textContent).toBe(LISTING_TEXT);
    expect([...card.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'Dispo',
      'cartes grises',
      'CNI',
      'livraison',
    ]);
    expect(card.querySelector('.reasons')?.textContent).toBe(
      'Why: identity document or licence + offer or stock wording + delivery or discretion terms',
    );
    expect(document.querySelector('.found .reminder')?.textContent).toMatch(
      /^This is a warning, not a legal verdict/,
    );
    expect(screen.getByRole('heading', { name: 'Flagged messages: 1' })).toBeTruthy();
    // Dismissing or "Show in chat" make no sense for a file.
    expect(within(card).queryByRole('button', { name: 'Show in chat' })).toBeNull();
    expect(within(card).queryByRole('button', { name: 'Not an illicit listing' })).toBeNull();
  });

  it('"date unknown" and "sender unknown" when the export does not say; late date fixes apply', async () => {
    await finish([
      readEvent(),
      progressEvent(9, 1000, [flagged(0, { date: null, sender: null }), flagged(1, { date: null })]),
      doneEvent({ dateFixes: [{ index: 1, date: '2025-12-03T11:02:00' }] }),
    ]);
    const metas = [...document.querySelectorAll('.card .meta')].map((m) => m.textContent);
    expect(metas).toEqual([
      'sender unknown · date unknown · line 4',
      'Karim · December 3, 2025 at 11:02 AM · line 5',
    ]);
  });

  it('renders message text as text, never as HTML', async () => {
    const evil = '<img src=x onerror="alert(1)"><b>CNI</b> dispo';
    const { container } = await finish([
      readEvent({ chatName: '<i>chat</i>' }),
      progressEvent(1, 1000, [flagged(0, { text: evil, sender: '<script>x</script>' })]),
      doneEvent({ chatName: '<i>chat</i>' }),
    ]);
    expect(container.querySelector('img, b, i, script')).toBeNull();
    expect(container.querySelector('.card .excerpt')?.textContent).toBe(evil);
    expect(container.querySelector('[data-fact="chat"]')?.textContent).toBe('<i>chat</i>');
  });

  it('"Where to report" gives the official channels of the user\'s country and WhatsApp\'s own reporting', async () => {
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()]);
    fireEvent.click(screen.getByRole('button', { name: 'Where to report' }));
    const report = await screen.findByRole('region', { name: 'Where to report' });
    const ids = [...report.querySelectorAll('[data-channel]')].map((c) => c.getAttribute('data-channel'));
    expect(ids.some((id) => id?.startsWith('fr-'))).toBe(true);
    expect(ids).toContain('whatsapp-report-block');
    expect(within(report).getByRole('button', { name: 'Prepare a report (copy)' })).toBeTruthy();
  });

  it('"Prepare a report" copies the popup\'s summary, naming the export as the platform and the line', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()]);
    fireEvent.click(screen.getByRole('button', { name: 'Where to report' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Prepare a report (copy)' }));
    await flush();
    const text = writeText.mock.calls[0]?.[0] ?? '';
    expect(text).toContain('Platform: WhatsApp export\n');
    expect(text).not.toContain('WhatsApp Web');
    expect(text).toContain('Chat: Bons plans 75 (line 4)');
    expect(text).toContain('Sender as shown: Karim');
    expect(text).toMatch(/March 12, 2025 at 11:02 AM/);
    expect(text).toContain('Dispo : cartes grises');
  });

  it('a weapons listing shows the emergency line at once', async () => {
    await finish([
      readEvent(),
      progressEvent(9, 1000, [flagged(0, { text: 'Glock 19 neuf', verdict: weaponVerdict })]),
      doneEvent(),
    ]);
    expect(screen.getByRole('note').textContent).toContain('Someone in immediate danger?');
  });

  it('empty: "nothing looks like a listing", with how many messages of which chat were checked', async () => {
    await finish([readEvent(), progressEvent(9, 1000), doneEvent({ flagged: 0 })]);
    const empty = document.querySelector('[data-state="empty"]') as HTMLElement;
    expect(within(empty).getByText('Nothing looks like a listing')).toBeTruthy();
    expect(empty.textContent).toContain('Vigie read the text of 9 messages in “Bons plans 75”');
    expect(empty.textContent).toContain(
      'Pictures, videos, voice notes and other attached files are not checked.',
    );
    expect(screen.queryByRole('list', { name: 'Flagged messages' })).toBeNull();
    // The report can still be saved (a check that found nothing is a fact too).
    expect(screen.getByRole('button', { name: 'Download the report' })).toBeTruthy();
  });

  it("the readers' notes are said in the UI language (unknown ones as written, marked English)", async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    await emit(
      last().emit,
      readEvent(),
      doneEvent({
        flagged: 0,
        warnings: ['2 system or deleted message(s) skipped.', 'Some new remark.'],
      }),
    );
    expect(screen.getByText('Notes about the file (2)')).toBeTruthy();
    expect(screen.getByText('2 system or deleted messages were skipped.')).toBeTruthy();
    expect(screen.getByText('Some new remark.').getAttribute('lang')).toBe('en');
    expect(document.querySelector('[data-note="ambiguous-dates"]')).toBeNull();
  });

  it('ambiguous WhatsApp dates: says so up front, and the file can be checked again with a chosen order', async () => {
    const { deps, last, jobs } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    await emit(
      last().emit,
      readEvent(),
      progressEvent(9, 1000, [flagged(0, { date: null })]),
      doneEvent({
        warnings: [
          'The dates in this file can be read day/month or month/day; dates are left out. Choose the order to see them.',
        ],
      }),
    );
    expect(document.querySelector('[data-note="ambiguous-dates"]')?.textContent).toMatch(
      /^The dates in this file can be read day\/month or month\/day, so they are shown as “date unknown”/,
    );
    expect(document.querySelector('.card [data-field="date"]')?.textContent).toBe('date unknown');
    fireEvent.click(screen.getByLabelText('Day first (31/12/2025)'));
    fireEvent.click(screen.getByRole('button', { name: 'Check again with the chosen date order' }));
    expect(jobs).toHaveLength(2);
    expect(jobs[1]?.dayFirst).toBe(true);
    expect(jobs[1]?.files).toBe(jobs[0]?.files);
  });

  it('a Telegram export cannot be "checked again" (its dates are never ambiguous)', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile('result.json')]);
    await emit(last().emit, readEvent({ format: 'telegram-json' }), doneEvent({ flagged: 0 }));
    expect(screen.queryByRole('button', { name: 'Check again with the chosen date order' })).toBeNull();
  });

  it('shows 100 cards at a time; the rest on request (the report has them all)', async () => {
    const many = Array.from({ length: 230 }, (_, i) => flagged(i));
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    await emit(last().emit, readEvent(), progressEvent(500, 500, many.slice(0, 120)));
    // Already while scanning.
    expect(document.querySelectorAll('.cards > .card')).toHaveLength(100);
    await emit(
      last().emit,
      progressEvent(900, 1000, many.slice(120)),
      doneEvent({ messages: 900, flagged: 230 }),
    );
    expect(document.querySelectorAll('.cards > .card')).toHaveLength(100);
    expect(
      screen.getByText('130 more flagged messages are not shown here; the downloaded report lists them all.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more' }));
    await flush();
    expect(document.querySelectorAll('.cards > .card')).toHaveLength(200);
    fireEvent.click(screen.getByRole('button', { name: 'Show 30 more' }));
    await flush();
    expect(document.querySelectorAll('.cards > .card')).toHaveLength(230);
    expect(screen.queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
    expect(document.querySelector('[data-fact="flagged"]')?.textContent).toBe('230');
  });

  it('counts the flagged messages the scan did not keep, while scanning and at the end', async () => {
    const kept = Array.from({ length: 3 }, (_, i) => flagged(i));
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile()]);
    // The scan keeps the first ones in full and counts the rest (here 3 kept of 40, then of 5 000).
    await emit(last().emit, readEvent(), progressEvent(500, 500, kept, 40));
    expect(screen.getAllByText('Flagged so far: 40')).toHaveLength(2); // the progress line and the list's heading
    expect(document.querySelectorAll('.cards > .card')).toHaveLength(3);
    expect(document.querySelector('[data-note="not-kept"]')?.getAttribute('data-count')).toBe('37');
    await emit(last().emit, progressEvent(900, 1000, [], 5000), doneEvent({ messages: 9000, flagged: 5000 }));
    expect(screen.getByRole('heading', { name: 'Flagged messages: 5000' })).toBeTruthy();
    expect(document.querySelector('[data-fact="flagged"]')?.textContent).toBe('5000');
    expect(
      screen.getByText(
        'Vigie keeps the first 1000 flagged messages of a file: 4997 more were flagged and are counted here and in the report, but not listed. To see them, export a shorter period and check it.',
      ),
    ).toBeTruthy();
  });

  it('"Print or save as PDF" opens the print dialog; the print header carries the check facts', async () => {
    const print = vi.fn();
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()]);
    fireEvent.click(screen.getByRole('button', { name: 'Print or save as PDF' }));
    expect(print).toHaveBeenCalledTimes(1);
    const facts = document.querySelector('.print-only.print-facts')?.textContent ?? '';
    expect(facts).toContain('WhatsApp Chat with Bons plans 75.txt');
    expect(facts).toContain('Vigie version / rules version0.1.0 / 2026112801');
    expect(facts).toContain('This is a warning, not a legal verdict');
  });

  it('"Download the report" saves a zip (report.txt and SHA256SUMS) through a Blob URL, only on click', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:report';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push({ href: this.href, download: this.download });
    });
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()]);
    expect(createObjectURL).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Download the report' }));
    await waitFor(() =>
      expect(clicks).toEqual([{ href: 'blob:report', download: 'vigie-report-2026-11-28.zip' }]),
    );
    expect(created[0]?.type).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await (created[0] as Blob).arrayBuffer()));
    expect(Object.keys(files)).toEqual(['report.txt', 'SHA256SUMS']);
    const text = new TextDecoder().decode(files['report.txt']);
    expect(text).toContain('File: WhatsApp Chat with Bons plans 75.txt');
    expect(text).toContain('    Contact en privé');
    expect(text).toMatch(
      /Time of the check \(ISO 8601, with UTC offset\): 2026-11-28T\d\d:\d\d:00[+-]\d\d:\d\d/,
    );
    expect(new TextDecoder().decode(files.SHA256SUMS)).toMatch(/^[0-9a-f]{64} {2}report\.txt\n$/);
    // Nothing of it stays in the page.
    expect(document.querySelector('a[download]')).toBeNull();
    click.mockRestore();
  });

  it('French UI: labels, refs and dates in French', async () => {
    fake = createFakeBrowser({ uiLanguage: 'fr-FR' });
    h.fake = fake;
    await finish([readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent()], 'fr');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Vérifier une discussion exportée');
    expect(document.querySelector('.card .meta')?.textContent).toBe('Karim · 12 mars 2025 à 11:02 · ligne 4');
    expect(document.querySelector('.card .reasons')?.textContent).toBe(
      'Pourquoi : pièce d’identité ou permis + vocabulaire d’offre ou de stock + livraison ou discrétion',
    );
  });
});

describe('errors', () => {
  const cases: [ScanErrorCode, RegExp][] = [
    ['not-a-chat-export', /This is not a chat export Vigie can read/],
    ['unknown-format', /This is not a chat export Vigie can read/],
    ['truncated-zip', /The zip file is damaged or cut short/],
    ['unknown-locale', /in a form Vigie does not know yet/],
    ['empty', /The file is empty\./],
    ['too-large', /The file is too large to check here\./],
    ['unreadable', /The file could not be read/],
    ['bad-rules', /detection rules could not be loaded/],
    ['internal', /The check stopped unexpectedly/],
  ];
  it.each(cases)('%s: a plain-words message, and another file can be picked', async (code, text) => {
    const { deps, last, jobs } = fakeDeps();
    renderPage(deps);
    pick([exportFile('odd.bin')]);
    await emit(last().emit, progressEvent(3, 10, [flagged(0)]), {
      type: 'error',
      code,
      detail: 'Reader detail.',
    });
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe(code);
    expect(alert.textContent).toContain('“odd.bin” could not be checked');
    expect(alert.textContent).toMatch(text);
    expect(alert.textContent).toContain('You can choose another file above.');
    // What was found before the failure is not shown as a result.
    expect(screen.queryByRole('list', { name: 'Flagged messages' })).toBeNull();
    pick([exportFile()]);
    expect(jobs).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('too large: says the limit', async () => {
    const { deps, last } = fakeDeps();
    renderPage(deps);
    pick([exportFile('result.json')]);
    await emit(last().emit, { type: 'error', code: 'too-large', detail: '', limitBytes: 100 * 1024 * 1024 });
    expect(screen.getByRole('alert').textContent).toContain('the limit for this kind of export is 100 MB');
  });

  it('a scan that cannot even start is an error, not a broken page', async () => {
    const { deps } = fakeDeps({
      scan: () => {
        throw new Error('no worker');
      },
    });
    renderPage(deps);
    pick([exportFile()]);
    await flush();
    expect(screen.getByRole('alert').getAttribute('data-code')).toBe('internal');
    expect(fileInput()).toBeTruthy();
  });

  it('unreadable rules only make the labels plainer: reasons fall back to their keys', async () => {
    const { deps, last } = fakeDeps({ loadRules: async () => '{not json' });
    renderPage(deps);
    await flush();
    pick([exportFile()]);
    await emit(last().emit, readEvent(), progressEvent(9, 1000, [flagged(0)]), doneEvent());
    expect(document.querySelector('.card .reasons')?.textContent).toBe('Why: id-doc + offer + delivery');
    expect(RULES_JSON).toContain('id-doc');
  });
});
