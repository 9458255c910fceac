/**
 * Sends the tab's report (state and flagged count, never text) to the background, which turns
 * it into the toolbar badge (src/background/tab-badge.ts). Bursts (the first scan flags several
 * messages in a row) are coalesced: one message per quiet interval, carrying the latest report.
 */
import browser, { type Runtime } from '../shared/browser';
import { type ContentToBackground, isBackgroundToContent, type TabReport } from '../shared/messages';

const QUIET_MS = 250;

export interface ReportSender {
  (report: TabReport): void;
  /** Sends the latest report again (the background forgot the tab: a new page, a restart). */
  resend(): void;
}

export function createReportSender(
  signal: AbortSignal,
  send: (message: ContentToBackground) => Promise<unknown> = (m) => browser.runtime.sendMessage(m),
  win: Pick<Window, 'setTimeout' | 'clearTimeout'> = window,
): ReportSender {
  let latest: TabReport | null = null;
  let timer: number | null = null;
  const flush = () => {
    timer = null;
    if (!latest || signal.aborted) return;
    // The background may be starting or gone (extension reloaded): the badge is best effort.
    send({ type: 'cs-bg/tab-state', ...latest }).catch(() => undefined);
  };
  const schedule = () => {
    if (timer === null && !signal.aborted) timer = win.setTimeout(flush, QUIET_MS);
  };
  signal.addEventListener(
    'abort',
    () => {
      if (timer !== null) win.clearTimeout(timer);
      timer = null;
    },
    { once: true },
  );
  const sender = ((report: TabReport) => {
    latest = { client: report.client, state: report.state, flagged: report.flagged };
    schedule();
  }) as ReportSender;
  sender.resend = schedule;
  return sender;
}

/** Answers the background's "what does this tab show now?" (after a load in this tab). */
export function answerReportRequests(signal: AbortSignal, report: () => TabReport): void {
  const listener = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !isBackgroundToContent(message)) return undefined;
    return Promise.resolve(report());
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
