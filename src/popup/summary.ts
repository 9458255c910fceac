/**
 * Finding the tab the popup describes, and checking what its content script answers.
 *
 * The action popup describes the active tab of its window; tabs.query gives its id without the
 * `tabs` permission (only url/title need it). For end-to-end tests the popup page is opened in a
 * tab of its own, so `?tab=<id>` names the target tab instead; it only changes which tab the
 * popup asks, and the content script there still validates every message.
 */
import { CATEGORIES } from '../engine/types';
import browser from '../shared/browser';
import type { FlaggedItem, PopupToContent, TabSummary } from '../shared/messages';
import { isShopSummary } from '../shared/shop-summary';

export async function targetTabId(search: string): Promise<number | null> {
  const fromQuery = new URLSearchParams(search).get('tab');
  if (fromQuery && /^\d{1,10}$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return typeof tab?.id === 'number' ? tab.id : null;
}

export function sendToTab(tabId: number, message: PopupToContent): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isBilingual = (v: unknown) => isObject(v) && typeof v.en === 'string' && typeof v.fr === 'string';

function isFlaggedItem(v: unknown): v is FlaggedItem {
  return (
    isObject(v) &&
    typeof v.key === 'string' &&
    (CATEGORIES as readonly unknown[]).includes(v.category) &&
    ['none', 'low', 'medium', 'high'].includes(v.level as string) &&
    typeof v.score === 'number' &&
    typeof v.excerpt === 'string' &&
    Array.isArray(v.highlights) &&
    Array.isArray(v.reasons) &&
    v.reasons.every((r) => isObject(r) && typeof r.kind === 'string' && isBilingual(r.text)) &&
    (v.time === null || typeof v.time === 'number') &&
    isStringOrNull(v.sender)
  );
}

/** Validates a content script's answer; anything malformed becomes an error state, not a crash. */
export function parseTabSummary(v: unknown): TabSummary | null {
  if (!isObject(v)) return null;
  const chat = v.chat;
  const ok =
    (v.client === null ||
      v.client === 'telegram-k' ||
      v.client === 'telegram-a' ||
      v.client === 'whatsapp' ||
      v.client === 'snapchat') &&
    (v.state === 'active' || v.state === 'fallback' || v.state === 'idle') &&
    isObject(chat) &&
    isStringOrNull(chat.id) &&
    isStringOrNull(chat.title) &&
    isStringOrNull(chat.publicLink) &&
    typeof v.scanned === 'number' &&
    Array.isArray(v.flagged) &&
    v.flagged.every(isFlaggedItem) &&
    (v.rulesVersion === null || typeof v.rulesVersion === 'number') &&
    (v.shop === undefined || v.shop === null || isShopSummary(v.shop));
  return ok ? (v as unknown as TabSummary) : null;
}
