/**
 * Answers the popup (tabs.sendMessage → runtime.onMessage in this tab). Every message is checked
 * with the guards of src/shared/messages.ts and must come from our own extension.
 */
import browser, { type Runtime } from '../shared/browser';
import {
  type DismissScopeName,
  type EvidenceReply,
  isPopupToContent,
  type PopupToContent,
  type TabSummary,
} from '../shared/messages';

export interface SummaryProvider {
  summary(): TabSummary;
  showMessage(key: string): boolean;
  dismiss(key: string, scope: DismissScopeName): void;
  undismiss(key: string, scope: DismissScopeName): void;
  /** What "Keep evidence" needs; only ever asked from a click in the popup. */
  evidence(key: string | null): Promise<EvidenceReply>;
}

export type PopupReply = TabSummary | { ok: boolean } | Promise<EvidenceReply>;

/** Pure dispatcher (tested directly); undefined means "not for us". */
export function handlePopupMessage(message: unknown, provider: SummaryProvider): PopupReply | undefined {
  if (!isPopupToContent(message)) return undefined;
  const m: PopupToContent = message;
  switch (m.type) {
    case 'popup-cs/get-summary':
      return provider.summary();
    case 'popup-cs/show-message':
      return { ok: provider.showMessage(m.key) };
    case 'popup-cs/dismiss':
      provider.dismiss(m.key, m.scope);
      return { ok: true };
    case 'popup-cs/undismiss':
      provider.undismiss(m.key, m.scope);
      return { ok: true };
    case 'popup-cs/evidence':
      return provider.evidence(m.key);
  }
}

export function listenToPopup(signal: AbortSignal, provider: () => SummaryProvider | null): void {
  const listener = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const p = provider();
    if (!p) return undefined;
    const reply = handlePopupMessage(message, p);
    return reply === undefined ? undefined : Promise.resolve(reply);
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
