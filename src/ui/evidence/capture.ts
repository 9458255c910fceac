/**
 * "Keep evidence", the capture (issue 16). Runs in the popup, from the user's click:
 *
 *   content script ──facts (text as read, box, viewport, ratio)──► captureVisibleTab(window of the tab)
 *        └─ not flagged / no answer: failed               │ refused (hidden tab, no permission, …)
 *                                                         ▼            └─► text only, reason kept
 *                                          decode ─► planCrop ─► crop to PNG ─► both images
 *
 * The capture needs `activeTab` only: the browser grants it for the chat tab when the user opens
 * the popup from the toolbar (Chrome; Firefox ≥ 126), so no host permission is involved. Everything
 * is returned to the caller in memory; nothing is stored or sent.
 */
import browser from '../../shared/browser';
import { planCrop } from '../../shared/evidence/crop';
import {
  type MessageFacts,
  type PageFacts,
  type PopupToContent,
  parseEvidenceReply,
} from '../../shared/messages';
import { cropToPng, type DecodedImage, decodePng, pngBytesOfDataUrl, releaseImage } from './images';

/** Why no image could be taken; the file then holds the text only and says why. */
export type CaptureProblem = 'hidden' | 'permission' | 'gone' | 'failed';

export interface CapturedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface CapturedImages {
  /** The visible part of the tab, as captured. */
  screenshot: CapturedImage;
  /** The message cut out with a margin (null for a chat-level capture). */
  message: (CapturedImage & { clipped: boolean }) | null;
}

export type EvidenceTake =
  | {
      kind: 'captured';
      page: PageFacts;
      messages: MessageFacts[];
      images: CapturedImages;
      capturedAt: number;
    }
  | {
      kind: 'refused';
      page: PageFacts;
      messages: MessageFacts[];
      problem: CaptureProblem;
      capturedAt: number;
    }
  | { kind: 'failed'; reason: 'no-answer' | 'not-flagged' | 'not-ready' };

export interface CaptureDeps {
  sendToTab(tabId: number, message: PopupToContent): Promise<unknown>;
  getTab(tabId: number): Promise<{ windowId?: number; active?: boolean }>;
  captureVisibleTab(windowId: number): Promise<string>;
  decodePng(bytes: Uint8Array): Promise<DecodedImage>;
  cropToPng(image: DecodedImage, plan: NonNullable<ReturnType<typeof planCrop>>): Promise<Uint8Array>;
  releaseImage(image: DecodedImage): void;
  now(): number;
}

export const browserCaptureDeps: CaptureDeps = {
  sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
  getTab: (tabId) => browser.tabs.get(tabId),
  captureVisibleTab: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
  decodePng,
  cropToPng,
  releaseImage,
  now: Date.now,
};

/** Chrome: "Either the '<all_urls>' or 'activeTab' permission is required"; Firefox: "Missing activeTab permission". */
function problemOf(error: unknown): CaptureProblem {
  const text = error instanceof Error ? error.message : String(error);
  return /permission|activeTab|all_urls/i.test(text) ? 'permission' : 'failed';
}

/**
 * `key`: the flagged message to keep; null for the whole chat (the chat-level verdict): then the
 * tab capture alone, no crop.
 */
export async function takeEvidence(
  tabId: number,
  key: string | null,
  deps: CaptureDeps = browserCaptureDeps,
): Promise<EvidenceTake> {
  let answer: unknown;
  try {
    answer = await deps.sendToTab(tabId, { type: 'popup-cs/evidence', key });
  } catch {
    return { kind: 'failed', reason: 'no-answer' };
  }
  const reply = parseEvidenceReply(answer);
  if (!reply) return { kind: 'failed', reason: 'no-answer' };
  if (!reply.ok) return { kind: 'failed', reason: reply.reason };
  const { page, messages } = reply;
  const refuse = (problem: CaptureProblem): EvidenceTake => ({
    kind: 'refused',
    page,
    messages,
    problem,
    capturedAt: deps.now(),
  });

  const box = key === null ? null : (messages[0]?.box ?? null);
  if (key !== null && !box) return refuse('gone');
  if (!page.visible) return refuse('hidden');
  let dataUrl: string;
  let capturedAt: number;
  try {
    // The window the chat tab is in, and only while that tab is the one it shows: the capture
    // is of whatever a window shows, so another tab in front would be captured instead.
    const tab = await deps.getTab(tabId);
    if (typeof tab.windowId !== 'number' || !tab.active) return refuse('hidden');
    dataUrl = await deps.captureVisibleTab(tab.windowId);
    capturedAt = deps.now();
  } catch (error) {
    return refuse(problemOf(error));
  }

  let decoded: DecodedImage | null = null;
  try {
    const screenshotBytes = pngBytesOfDataUrl(dataUrl);
    decoded = await deps.decodePng(screenshotBytes);
    const screenshot = { bytes: screenshotBytes, width: decoded.width, height: decoded.height };
    let message: CapturedImages['message'] = null;
    if (box) {
      const plan = planCrop(box, page.viewport, decoded);
      // The page moved the message away between the measure and the capture.
      if (!plan) return refuse('gone');
      message = {
        bytes: await deps.cropToPng(decoded, plan),
        width: plan.width,
        height: plan.height,
        clipped: plan.clipped,
      };
    }
    return { kind: 'captured', page, messages, images: { screenshot, message }, capturedAt };
  } catch {
    return refuse('failed');
  } finally {
    if (decoded) deps.releaseImage(decoded);
  }
}
