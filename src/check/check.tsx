/**
 * "Check an exported chat" (issue 9): the user picks or drops a WhatsApp or Telegram export, it
 * is read and scanned off the main thread by the scan job, and the flagged messages appear as
 * they are found.
 *
 *   idle ──pick/drop──► scanning ──done──► done (results or "nothing found")
 *     ▲                    │  └──error──► error (plain words per code; pick another file)
 *     └────── cancel ──────┘
 *
 * Everything stays in this page's memory: the file, the messages and the findings are gone when
 * the tab closes or another file is picked. The only output is what the user asks for: the
 * printed page or the downloaded report, and the popup's "Prepare a report" clipboard text.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DateFix, FlaggedExportMessage, ScanErrorCode, ScanEvent } from '../exports/scan-events';
import { MAX_KEPT_FLAGGED } from '../exports/scan-events';
import type { ExportFormat } from '../exports/types';
import type { ClientId, ShopSummary } from '../shared/messages';
import type { Country } from '../shared/settings/catalog';
import { loadSettings, onSettingsChanged } from '../shared/settings/store';
import { useT } from '../ui/i18n-context';
import { EmergencyLine } from '../ui/report-panel';
import { saveFile } from '../ui/save-file';
import { ShopBanner } from '../ui/shop-banner';
import { CheckError } from './check-error';
import { type DayOrder, FilePicker } from './file-picker';
import { type FoundItem, toFoundItem } from './found-item';
import { buildCheckReportZip, type CheckReport, FORMAT_KEYS, reportFileName } from './report-export';
import { ResultsList } from './results-list';
import { parseRulesInfo, type RulesInfo } from './rules-info';
import { type ProgressInfo, ScanProgress } from './scan-progress';
import { isAmbiguousDates, noteText } from './warning-text';

/** What the page needs from the outside world; main.tsx wires the real ones, tests fakes. */
export interface CheckDeps {
  /** Starts scanning the files off the main thread; events arrive in order, 'done'/'error' last. */
  scan(files: File[], dayFirst: boolean | 'auto', onEvent: (event: ScanEvent) => void): { cancel(): void };
  /** Text of the active rule set (for the explanations of reasons and the rules version). */
  loadRules(): Promise<string>;
  now(): number;
  vigieVersion: string | null;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'scanning' }
  | { kind: 'done'; checkedAt: number }
  | { kind: 'error'; code: ScanErrorCode; detail: string; limitBytes?: number };

interface Run {
  files: File[];
  /** The date order this run used (a new choice offers to check the file again). */
  order: DayOrder;
  fileName: string;
  chatName: string | null;
  format: ExportFormat | null;
  messages: number | null;
  bytesDone: number;
  totalBytes: number;
  /**
   * The flagged messages kept (the scan sends at most MAX_KEPT_FLAGGED in full). Appended in place
   * as progress events come (copying the list on every event made a big result quadratic);
   * `kept` is its length, so that the page renders again when it grows.
   */
  found: FlaggedExportMessage[];
  kept: number;
  /** Every flagged message, kept or only counted. */
  flagged: number;
  warnings: string[];
  /** The chat-level verdict on the whole export, once read to the end (null: not a shop). */
  shop: ShopSummary | null;
}

const DAY_FIRST: Record<DayOrder, boolean | 'auto'> = { auto: 'auto', day: true, month: false };

export function clientOf(format: ExportFormat | null): ClientId | null {
  if (format === 'whatsapp') return 'whatsapp';
  // Telegram's own reporting applies to any of its clients; the Web A entry stands for Telegram.
  return format === null ? null : 'telegram-a';
}

function fileLabel(files: File[]): string {
  const [first] = files;
  if (!first) return '';
  return files.length === 1 ? first.name : `${first.name} (+${files.length - 1})`;
}

function applyDateFixes(found: FlaggedExportMessage[], fixes: DateFix[]): FlaggedExportMessage[] {
  if (fixes.length === 0) return found;
  const byIndex = new Map(fixes.map((f) => [f.index, f.date]));
  return found.map((f) =>
    byIndex.has(f.message.index)
      ? { ...f, message: { ...f.message, date: byIndex.get(f.message.index) ?? null } }
      : f,
  );
}

export function CheckPage({ deps }: { deps: CheckDeps }) {
  const tr = useT();
  const { t } = tr;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [run, setRun] = useState<Run | null>(null);
  const [notice, setNotice] = useState<'cancelled' | null>(null);
  const [dayOrder, setDayOrder] = useState<DayOrder>('auto');
  const [country, setCountry] = useState<Country>('FR');
  const [rules, setRules] = useState<RulesInfo>(() => parseRulesInfo(null));
  const job = useRef<{ cancel(): void } | null>(null);
  // The kept flagged messages of the current run (Run.found), appended in place.
  const found = useRef<FlaggedExportMessage[]>([]);
  // Events of a cancelled or replaced job must not touch the current run.
  const generation = useRef(0);

  useEffect(() => {
    document.title = `${t('check_title')} · Vigie`;
  }, [t]);

  useEffect(() => {
    let alive = true;
    loadSettings().then(
      (s) => alive && setCountry(s.country),
      () => undefined,
    );
    const stop = onSettingsChanged((s) => setCountry(s.country));
    deps.loadRules().then(
      (json) => alive && setRules(parseRulesInfo(json)),
      () => undefined,
    );
    return () => {
      alive = false;
      stop();
      job.current?.cancel();
    };
  }, [deps]);

  // Keyboard and screen-reader users follow the check: the picker disappears while a file is
  // read, so focus goes to Cancel, then to the result, the error, or back to the file input.
  const main = useRef<HTMLElement>(null);
  const lastPhase = useRef(phase.kind);
  useEffect(() => {
    if (lastPhase.current === phase.kind) return;
    lastPhase.current = phase.kind;
    const target = {
      idle: '#export-file',
      scanning: '.progress button',
      done: '#h-results',
      error: '[data-state="error"]',
    }[phase.kind];
    main.current?.querySelector<HTMLElement>(target)?.focus();
  }, [phase.kind]);

  // A file dropped anywhere on the page is taken too, rather than opened by the browser in
  // place of the page (the drop zone handles its own drops first).
  const startRef = useRef<(files: File[]) => void>(() => undefined);
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      if (e.defaultPrevented) return;
      e.preventDefault();
      const files = e.dataTransfer?.files ? [...e.dataTransfer.files] : [];
      if (files.length > 0) startRef.current(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const start = (files: File[], order: DayOrder = dayOrder) => {
    job.current?.cancel();
    const gen = ++generation.current;
    setNotice(null);
    setPhase({ kind: 'scanning' });
    found.current = [];
    setRun({
      files,
      order,
      fileName: fileLabel(files),
      chatName: null,
      format: null,
      messages: null,
      bytesDone: 0,
      totalBytes: files.reduce((n, f) => n + f.size, 0),
      found: found.current,
      kept: 0,
      flagged: 0,
      warnings: [],
      shop: null,
    });
    const onEvent = (e: ScanEvent) => {
      if (gen !== generation.current) return;
      if (e.type === 'read') {
        setRun(
          (r) =>
            r && {
              ...r,
              chatName: e.chatName,
              format: e.format,
              warnings: e.warnings,
              totalBytes: e.totalBytes,
              messages: 0,
            },
        );
      } else if (e.type === 'progress') {
        const kept = found.current;
        for (const f of e.found) kept.push(f);
        setRun(
          (r) =>
            r && {
              ...r,
              messages: e.messages,
              bytesDone: e.bytesDone,
              totalBytes: e.totalBytes,
              kept: kept.length,
              // Never fewer than the page lists.
              flagged: Math.max(e.flagged, kept.length),
            },
        );
      } else if (e.type === 'done') {
        job.current = null;
        found.current = applyDateFixes(found.current, e.dateFixes);
        const kept = found.current;
        setRun(
          (r) =>
            r && {
              ...r,
              chatName: e.chatName ?? r.chatName,
              messages: e.messages,
              bytesDone: r.totalBytes,
              warnings: e.warnings,
              found: kept,
              kept: kept.length,
              flagged: Math.max(e.flagged, kept.length),
              shop: e.shop ?? null,
            },
        );
        setPhase({ kind: 'done', checkedAt: deps.now() });
      } else {
        job.current = null;
        // A failed file keeps nothing of what was found before the failure.
        found.current = [];
        const none = found.current;
        setRun((r) => r && { ...r, found: none, kept: 0, flagged: 0 });
        setPhase({ kind: 'error', code: e.code, detail: e.detail, limitBytes: e.limitBytes });
      }
    };
    try {
      job.current = deps.scan(files, DAY_FIRST[order], onEvent);
    } catch {
      onEvent({ type: 'error', code: 'internal', detail: '' });
    }
  };

  // While a file is checked, a drop elsewhere is ignored (Cancel first).
  startRef.current = phase.kind === 'scanning' ? () => undefined : (files) => start(files);

  const cancel = () => {
    generation.current++;
    job.current?.cancel();
    job.current = null;
    setRun(null);
    setPhase({ kind: 'idle' });
    setNotice('cancelled');
  };

  // Each flagged message is converted once, and a progress event converts only the new ones
  // (events come up to 10 times a second): the list of items grows in place like Run.found.
  const converted = useRef<{ source: FlaggedExportMessage[]; rules: RulesInfo; items: FoundItem[] } | null>(
    null,
  );
  const items = useMemo(() => {
    const source = run?.found ?? [];
    let c = converted.current;
    if (!c || c.source !== source || c.rules !== rules) {
      // A new run, the dates fixed at the end, or a new rule set: converted again, once.
      c = { source, rules, items: [] };
      converted.current = c;
    }
    for (let i = c.items.length; i < source.length; i++)
      c.items.push(toFoundItem(source[i] as FlaggedExportMessage, rules));
    return c.items;
  }, [run?.found, run?.kept, rules]);

  const report: CheckReport | null =
    phase.kind === 'done' && run
      ? {
          checkedAt: phase.checkedAt,
          fileName: run.fileName,
          chatName: run.chatName,
          format: run.format,
          messages: run.messages ?? 0,
          items,
          flagged: Math.max(run.flagged, items.length),
          vigieVersion: deps.vigieVersion,
          rulesVersion: rules.version,
          shop: run.shop,
        }
      : null;

  const chat = {
    chatName: run?.chatName ?? null,
    format: run?.format ?? null,
    client: clientOf(run?.format ?? null),
    messages: run?.messages ?? 0,
  };
  const progress: ProgressInfo | null =
    phase.kind === 'scanning' && run
      ? {
          fileName: run.fileName,
          chatName: run.chatName,
          messages: run.messages,
          bytesDone: run.bytesDone,
          totalBytes: run.totalBytes,
          found: run.flagged,
        }
      : null;

  return (
    <main class="check" data-phase={phase.kind} ref={main}>
      <header class="head">
        <h1>{t('check_title')}</h1>
        <p class="lead no-print">{t('check_lead')}</p>
      </header>
      {report && <PrintFacts report={report} />}
      {phase.kind !== 'scanning' && (
        <FilePicker dayOrder={dayOrder} onDayOrder={setDayOrder} onFiles={(files) => start(files)} />
      )}
      <p class="status no-print" role="status" aria-live="polite">
        {notice === 'cancelled' ? t('check_cancelled') : phase.kind === 'done' ? t('check_done') : ''}
      </p>
      {progress && <ScanProgress info={progress} onCancel={cancel} />}
      {phase.kind === 'error' && run && (
        <CheckError
          code={phase.code}
          detail={phase.detail}
          limitBytes={phase.limitBytes}
          fileName={run.fileName}
        />
      )}
      {report && run && (
        <Results
          report={report}
          warnings={run.warnings}
          onAgain={run.format === 'whatsapp' && dayOrder !== run.order ? () => start(run.files) : null}
        />
      )}
      {report?.shop && (
        // The whole export looks like a shop (issue 15): the same banner as the popup's, without
        // "Not a shop" (nothing is remembered about a file) or "Keep evidence" (the file is the evidence).
        <ShopBanner
          shop={report.shop}
          summary={{
            client: chat.client,
            chat: { id: null, title: report.chatName ?? report.fileName, publicLink: null },
            shop: report.shop,
            rulesVersion: report.rulesVersion,
          }}
          country={country}
          platformName={report.format ? t(FORMAT_KEYS[report.format]) : undefined}
        />
      )}
      {(phase.kind === 'scanning' || phase.kind === 'done') && items.length > 0 && (
        <section class="found" aria-labelledby="h-found">
          <h2 id="h-found">
            {phase.kind === 'done'
              ? t('check_flagged_title', run?.flagged ?? items.length)
              : t('check_found_so_far', run?.flagged ?? items.length)}
          </h2>
          <p class="reminder no-print">{t('check_disclaimer')}</p>
          {run && run.flagged > items.length && (
            <p class="notice" data-note="not-kept" data-count={run.flagged - items.length}>
              {t('check_not_kept', run.flagged - items.length, MAX_KEPT_FLAGGED)}
            </p>
          )}
          {items.some((f) => f.item.category === 'weapons') && <EmergencyLine country={country} always />}
          <ResultsList items={items} chat={chat} country={country} />
        </section>
      )}
      <footer class="foot">
        <p class="muted small">{t('check_privacy_footer')}</p>
      </footer>
    </main>
  );
}

function Results({
  report,
  warnings,
  onAgain,
}: {
  report: CheckReport;
  warnings: string[];
  onAgain: (() => void) | null;
}) {
  const tr = useT();
  const { t } = tr;
  const [saveFailed, setSaveFailed] = useState(false);
  return (
    <section
      class="results"
      aria-labelledby="h-results"
      data-state={report.items.length ? 'flagged' : 'empty'}
    >
      <h2 id="h-results" class="no-print" tabIndex={-1}>
        {t('check_results_title')}
      </h2>
      <dl class="facts no-print">
        <dt>{t('check_report_chat')}</dt>
        <dd data-fact="chat">{report.chatName ?? t('check_chat_unnamed')}</dd>
        <dt>{t('check_report_file')}</dt>
        <dd data-fact="file">{report.fileName}</dd>
        <dt>{t('check_report_messages')}</dt>
        <dd data-fact="messages">{report.messages}</dd>
        <dt>{t('check_report_flagged')}</dt>
        <dd data-fact="flagged">{report.flagged}</dd>
      </dl>
      {report.items.length === 0 && !report.shop && (
        <div class="state empty" data-state="empty">
          <p class="state-title">{t('check_empty_title')}</p>
          <p>{t('check_empty_body', report.messages, report.chatName ?? report.fileName)}</p>
        </div>
      )}
      {warnings.some(isAmbiguousDates) && (
        <p class="notice no-print" data-note="ambiguous-dates">
          {t('check_note_ambiguous_dates')}
        </p>
      )}
      <div class="toolbar no-print">
        <button
          type="button"
          class="primary"
          onClick={() =>
            void buildCheckReportZip(report, tr, crypto.subtle).then(
              (pack) => saveFile(pack.zip, reportFileName(report.checkedAt), 'application/zip'),
              () => setSaveFailed(true),
            )
          }
        >
          {t('check_download')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('check_print')}
        </button>
        {onAgain && (
          <button type="button" onClick={onAgain}>
            {t('check_again')}
          </button>
        )}
      </div>
      {saveFailed && (
        <p class="no-print" role="alert">
          {t('evidence_failed_build')}
        </p>
      )}
      <p class="muted small no-print">{t('check_report_hint')}</p>
      {warnings.length > 0 && (
        <details class="warnings no-print">
          <summary>{t('check_warnings', warnings.length)}</summary>
          {/* Notes about the file, never message text. */}
          <ul>
            {warnings.map((w) => {
              const note = noteText(w, t);
              return (
                <li key={w} lang={note.lang ?? undefined}>
                  {note.text}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The report's header on paper (print only): what was checked, when, with which versions. */
function PrintFacts({ report }: { report: CheckReport }) {
  const { t, lang } = useT();
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(report.checkedAt),
  );
  return (
    <section class="print-only print-facts">
      <p class="state-title">{t('check_report_subheading')}</p>
      <dl class="facts">
        <dt>{t('check_report_date')}</dt>
        <dd>{when}</dd>
        <dt>{t('check_report_file')}</dt>
        <dd>{report.fileName}</dd>
        <dt>{t('check_report_chat')}</dt>
        <dd>{report.chatName ?? t('check_chat_unnamed')}</dd>
        {report.format && (
          <>
            <dt>{t('check_report_format')}</dt>
            <dd>{t(FORMAT_KEYS[report.format])}</dd>
          </>
        )}
        <dt>{t('check_report_messages')}</dt>
        <dd>{report.messages}</dd>
        <dt>{t('check_report_flagged')}</dt>
        <dd>{report.flagged}</dd>
        <dt>{t('check_report_versions')}</dt>
        <dd>
          {report.vigieVersion ?? t('report_unknown')} / {report.rulesVersion ?? t('report_unknown')}
        </dd>
      </dl>
      <p>{t('check_disclaimer')}</p>
    </section>
  );
}
