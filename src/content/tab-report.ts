/**
 * Sends the tab's report (state and flagged count, never text) to the background, which turns
 * it into the toolbar badge (src/background/tab-badge.ts). Bursts (the first scan flags several
 * messages in a row) are coalesced: the latest report goes once the counts have been still for
 * QUIET_MS, or after MAX_WAIT_MS in a chat that never stops changing. One runtime.sendMessage
 * costs the page ~3 ms of script on a busy machine (measured in bench:content): a 2 000-message
 * scan sent six of them with a plain throttle, one or two now.
 */
import browser, { type Runtime } from '../shared/browser';
import { type ContentToBackground, isBackgroundToContent, type TabReport } from '../shared/messages';

const QUIET_MS = 300;
const MAX_WAIT_MS = 1500;

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
  /** When the current burst of changes began (the first report not yet sent). */
  let burstStart = 0;
  const flush = () => {
    timer = null;
    if (!latest || signal.aborted) return;
    // The background may be starting or gone (extension reloaded): the badge is best effort.
    send({ type: 'cs-bg/tab-state', ...latest }).catch(() => undefined);
  };
  const schedule = () => {
    if (signal.aborted) return;
    const now = Date.now();
    if (timer === null) burstStart = now;
    else win.clearTimeout(timer);
    timer = win.setTimeout(flush, Math.max(0, Math.min(QUIET_MS, burstStart + MAX_WAIT_MS - now)));
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
    latest = {
      client: report.client,
      state: report.state,
      flagged: report.flagged,
      ...(report.shop ? { shop: report.shop } : {}),
    };
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
