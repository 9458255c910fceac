/** One flagged message: category, level, highlighted excerpt, plain-language reasons, actions. */
import { useState } from 'preact/hooks';
import { categoryKey, levelKey } from '../shared/labels';
import type { FlaggedItem, TabSummary } from '../shared/messages';
import type { Country } from '../shared/settings/catalog';
import { useAdmin } from './admin';
import { KeepEvidence } from './evidence/keep-evidence';
import { segmentExcerpt } from './highlight';
import { useT } from './i18n-context';
import { ReportPanel } from './report-panel';
import { formatDateTime, reasonsText } from './report-text';

export interface ItemActions {
  onShow(key: string): void;
  onDismiss(item: FlaggedItem, scope: 'message' | 'chat'): void;
}

export function Excerpt({ item }: { item: FlaggedItem }) {
  return (
    <blockquote class="excerpt">
      {segmentExcerpt(item.excerpt, item.highlights).map((s, i) =>
        s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </blockquote>
  );
}

export function FlaggedCard({
  item,
  summary,
  country,
  actions,
  tabId,
}: {
  item: FlaggedItem;
  summary: TabSummary;
  country: Country;
  actions: ItemActions;
  /** The chat tab, for "Keep evidence" (absent where there is no tab to capture). */
  tabId?: number;
}) {
  const { t, lang } = useT();
  const [reportOpen, setReportOpen] = useState(false);
  const { pinSet, pinKnown } = useAdmin();
  const titleId = `item-${item.key}`;
  return (
    <li class={`card level-${item.level}`} data-key={item.key} aria-labelledby={titleId}>
      <h2 class="card-title" id={titleId}>
        <span class="category">{t(categoryKey(item.category))}</span>
        <span class={`level level-${item.level}`}>{t(levelKey(item.level))}</span>
      </h2>
      {(item.time !== null || item.sender) && (
        <p class="meta">
          {[item.sender, item.time === null ? null : formatDateTime(item.time, lang)]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      <Excerpt item={item} />
      <p class="reasons">
        <span class="reasons-label">{t('item_why')}</span> {reasonsText(item, lang) || t('item_no_reasons')}
      </p>
      <div class="actions">
        <button type="button" onClick={() => actions.onShow(item.key)}>
          {t('item_show')}
        </button>
        <button
          type="button"
          aria-expanded={reportOpen}
          aria-controls={`report-${item.key}`}
          onClick={() => setReportOpen(!reportOpen)}
        >
          {t('item_where_report')}
        </button>
      </div>
      {tabId !== undefined && (
        <KeepEvidence tabId={tabId} subject={{ kind: 'message', item }} summary={summary} country={country} />
      )}
      {!pinKnown ? null : pinSet ? (
        // Parent lock: the child still sees and can report the warning, but cannot dismiss it.
        <p class="muted small" data-state="pin-protected">
          {t('popup_pin_protected')}
        </p>
      ) : (
        <div class="actions secondary">
          <button type="button" class="link" onClick={() => actions.onDismiss(item, 'message')}>
            {t('item_not_illicit')}
          </button>
          {summary.chat.id !== null && (
            <button type="button" class="link" onClick={() => actions.onDismiss(item, 'chat')}>
              {t('item_ignore_chat')}
            </button>
          )}
        </div>
      )}
      {reportOpen && (
        <div id={`report-${item.key}`}>
          <ReportPanel item={item} summary={summary} country={country} />
        </div>
      )}
    </li>
  );
}
