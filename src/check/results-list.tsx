/**
 * The flagged messages of an export, one card each, with the popup's pieces: the excerpt with the
 * matched words highlighted (Excerpt: text nodes only), the reasons in plain words, and "Where to
 * report" (ReportPanel: official channels for the user's country, the platform's own reporting,
 * "Prepare a report"). Dismissing and "Show in chat" make no sense for a file, so they are absent.
 */
import { useState } from 'preact/hooks';
import type { ExportFormat } from '../exports/types';
import { categoryKey, levelKey } from '../shared/labels';
import type { ClientId, TabSummary } from '../shared/messages';
import type { Country } from '../shared/settings/catalog';
import { Excerpt } from '../ui/flagged-card';
import { useT } from '../ui/i18n-context';
import { ReportPanel } from '../ui/report-panel';
import { reasonsText } from '../ui/report-text';
import { type FoundItem, formatExportDate, refText, shownItem } from './found-item';
import { FORMAT_KEYS } from './report-export';

export interface ChatInfo {
  chatName: string | null;
  format: ExportFormat | null;
  /** The platform the export comes from, for its own reporting channels; null when unknown. */
  client: ClientId | null;
  messages: number;
}

export function CheckCard({ found, chat, country }: { found: FoundItem; chat: ChatInfo; country: Country }) {
  const { t, lang } = useT();
  const [open, setOpen] = useState(false);
  const { item } = found;
  const titleId = `found-${item.key}`;
  // "Prepare a report" names the kind of export as the platform, and the chat with where the
  // message is in the file, so the text pasted into a form points at it: "Bons plans 75 (line 4)".
  const platformName = chat.format ? t(FORMAT_KEYS[chat.format]) : undefined;
  const where = refText(found.ref, t);
  const summary: TabSummary = {
    client: chat.client,
    state: 'active',
    chat: { id: null, title: chat.chatName ? `${chat.chatName} (${where})` : where, publicLink: null },
    scanned: chat.messages,
    flagged: [],
    rulesVersion: null,
  };
  return (
    <li class={`card level-${item.level}`} data-key={item.key} data-ref={found.ref} aria-labelledby={titleId}>
      <h3 class="card-title" id={titleId}>
        <span class="category">{t(categoryKey(item.category))}</span>
        <span class={`level level-${item.level}`}>{t(levelKey(item.level))}</span>
      </h3>
      <p class="meta">
        <span data-field="sender">{item.sender ?? t('check_sender_unknown')}</span>
        {' · '}
        <span data-field="date">{formatExportDate(found.date, lang) ?? t('check_date_unknown')}</span>
        {' · '}
        <span data-field="ref">{refText(found.ref, t)}</span>
      </p>
      <Excerpt item={shownItem(found)} />
      <p class="reasons">
        <span class="reasons-label">{t('item_why')}</span> {reasonsText(item, lang) || t('item_no_reasons')}
      </p>
      <div class="actions no-print">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`report-${item.key}`}
          onClick={() => setOpen(!open)}
        >
          {t('item_where_report')}
        </button>
      </div>
      {open && (
        <div id={`report-${item.key}`} class="no-print">
          <ReportPanel item={item} summary={summary} country={country} platformName={platformName} />
        </div>
      )}
    </li>
  );
}

/** Cards rendered at once: a big export can flag thousands; the downloaded report has them all. */
export const PAGE_SIZE = 100;

export function ResultsList({
  items,
  chat,
  country,
}: {
  items: FoundItem[];
  chat: ChatInfo;
  country: Country;
}) {
  const { t } = useT();
  const [shown, setShown] = useState(PAGE_SIZE);
  const hidden = Math.max(0, items.length - shown);
  return (
    <>
      <ul class="cards" aria-label={t('check_list_label')}>
        {items.slice(0, shown).map((found) => (
          <CheckCard key={found.item.key} found={found} chat={chat} country={country} />
        ))}
      </ul>
      {hidden > 0 && (
        <p class="more" data-hidden={hidden}>
          <span>{t('check_not_shown', hidden)}</span>{' '}
          <button type="button" class="no-print" onClick={() => setShown(shown + PAGE_SIZE)}>
            {t('check_show_more', Math.min(PAGE_SIZE, hidden))}
          </button>
        </p>
      )}
    </>
  );
}
