/**
 * "This chat looks like a shop for …": the chat-level verdict (issue 15) above the per-message
 * cards, in the popup and on the check page (a whole export). The reasons in plain words, the
 * time range of the listings when the page shows times, that it is a warning and not a verdict,
 * where to report the chat (with a chat-level report to copy) and, in the popup, "Not a shop".
 */
import { useState } from 'preact/hooks';
import { categoryKey } from '../shared/labels';
import type { FlaggedItem, ShopSummary, TabSummary } from '../shared/messages';
import type { Country } from '../shared/settings/catalog';
import { useAdmin } from './admin';
import { KeepEvidence } from './evidence/keep-evidence';
import { useT } from './i18n-context';
import { ReportPanel } from './report-panel';
import { formatDateTime } from './report-text';

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

export function ShopBanner({
  shop,
  summary,
  country,
  onDismiss,
  platformName,
  tabId,
  items = [],
}: {
  shop: ShopSummary;
  summary: Pick<TabSummary, 'client' | 'chat' | 'shop' | 'rulesVersion'>;
  country: Country;
  /** "Not a shop" (popup only; not offered while a parent PIN is set). */
  onDismiss?: () => void;
  platformName?: string;
  /** The chat tab, for "Keep evidence" of the whole chat (issue 16); absent where there is none. */
  tabId?: number;
  /** The flagged messages shown with it (their reasons go into the evidence file). */
  items?: readonly FlaggedItem[];
}) {
  const { t, lang } = useT();
  const [reportOpen, setReportOpen] = useState(false);
  const { pinSet, pinKnown } = useAdmin();
  const names = shop.categories.map((c) => lowerFirst(t(categoryKey(c)))).join(', ');
  return (
    <section class="shop-banner" aria-labelledby="shop-title" data-shop={shop.categories.join(' ')}>
      <h2 id="shop-title" class="shop-title">
        <span aria-hidden="true">⚠ </span>
        {t('shop_banner_title', names)}
      </h2>
      <ul class="shop-reasons">
        {shop.reasons.map((r) => (
          <li key={r.explain}>{r.text[lang]}</li>
        ))}
      </ul>
      {shop.firstTime !== null && shop.lastTime !== null && (
        <p class="muted small">
          {t('shop_banner_range', formatDateTime(shop.firstTime, lang), formatDateTime(shop.lastTime, lang))}
        </p>
      )}
      <p class="note small">{t('shop_banner_note')}</p>
      <div class="actions">
        <button
          type="button"
          aria-expanded={reportOpen}
          aria-controls="report-shop"
          onClick={() => setReportOpen(!reportOpen)}
        >
          {t('shop_banner_report')}
        </button>
        {onDismiss && pinKnown && !pinSet && (
          <button type="button" class="link" data-action="not-a-shop" onClick={onDismiss}>
            {t('shop_banner_dismiss')}
          </button>
        )}
      </div>
      {tabId !== undefined && (
        <KeepEvidence
          tabId={tabId}
          subject={{
            kind: 'chat',
            verdict: {
              reasons: shop.reasons.map((r) => r.text[lang]),
              categories: shop.categories,
              read: shop.read,
              supporting: shop.listings,
              firstTime: shop.firstTime,
              lastTime: shop.lastTime,
            },
            items,
          }}
          summary={summary}
          country={country}
        />
      )}
      {reportOpen && (
        <div id="report-shop">
          <ReportPanel shop={shop} summary={summary} country={country} platformName={platformName} />
        </div>
      )}
    </section>
  );
}
