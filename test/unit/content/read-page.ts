/**
 * What the content script reads on the loaded page, message by message, resolved the way the
 * scanner resolves it (first root candidate that matches, first message candidate that matches
 * inside it, nested matches folded into their outer message). Tests assert on this, and
 * scripts/fixture-figures.ts prints it as the read/marked/skipped table.
 */
import { compileSelectors } from '../../../src/content/selectors';
import { ADAPTERS } from '../../../src/content/sites';
import { BUILTIN_SITES } from '../../../src/content/sites/builtin';
import type { SiteSelectors } from '../../../src/engine/ruleset/sites';
import type { ClientId } from '../../../src/shared/messages';

export interface ReadMessage {
  /** The client's own message id attribute (data-mid, data-message-id, data-id…). */
  id: string;
  key: string;
  text: string;
  sender: string | null;
  forwarded: boolean;
}

export interface SkippedMessage {
  id: string;
  why: 'service' | 'no text' | 'nested in another message';
}

export interface PageReading {
  root: Element | null;
  messageSelector: string | null;
  read: ReadMessage[];
  skipped: SkippedMessage[];
}

const ID_ATTRIBUTE: Record<ClientId, string> = {
  'telegram-k': 'data-mid',
  'telegram-a': 'data-message-id',
  whatsapp: 'data-id',
  snapchat: 'id',
};

export function readPage(
  client: ClientId,
  chatId: string | null,
  site: SiteSelectors = BUILTIN_SITES[client],
  doc: Document = document,
): PageReading {
  const sel = compileSelectors(site, doc);
  const adapter = ADAPTERS[client];
  const root = adapter.root
    ? adapter.root(doc, sel)
    : (sel.root.map((s) => doc.querySelector(s)).find((el) => el !== null) ?? null);
  const scope: ParentNode = root ?? doc;
  const messageSelector = sel.message.find((s) => scope.querySelector(s) !== null) ?? null;
  const reading: PageReading = { root, messageSelector, read: [], skipped: [] };
  if (!messageSelector) return reading;
  for (const el of scope.querySelectorAll(messageSelector)) {
    const id = el.getAttribute(ID_ATTRIBUTE[client]) ?? el.id;
    if (el.parentElement?.closest(messageSelector)) {
      reading.skipped.push({ id, why: 'nested in another message' });
      continue;
    }
    const ex = adapter.extract(el, sel, chatId);
    if (!ex) continue;
    if (ex.isService) reading.skipped.push({ id, why: 'service' });
    else if (ex.text === '') reading.skipped.push({ id, why: 'no text' });
    else reading.read.push({ id, key: ex.key, text: ex.text, sender: ex.sender, forwarded: ex.forwarded });
  }
  return reading;
}
