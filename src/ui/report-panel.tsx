/**
 * "Where to report" for one flagged message: the user's country (switchable here), where the
 * message was seen (public channel or group / private chat / a child is involved), the official
 * channels in recommended order, the platform's own reporting, the emergency line when the
 * category or context suggests danger, and "Prepare a report" (clipboard, on click only).
 */
import { useState } from 'preact/hooks';
import { countryKey } from '../shared/labels';
import type { FlaggedItem, ShopSummary, TabSummary } from '../shared/messages';
import {
  defaultContext,
  type Platform,
  REPORT_CONTEXTS,
  type ReportContext,
  type ReportingChannel,
  selectChannels,
} from '../shared/reporting';
import { COUNTRIES, type Country } from '../shared/settings/catalog';
import { saveSetting } from '../shared/settings/store';
import { useAdmin } from './admin';
import { useT } from './i18n-context';
import { buildReportText, buildShopReportText } from './report-text';

export function platformOf(client: TabSummary['client']): Platform | null {
  if (client === 'whatsapp') return 'whatsapp';
  if (client === 'snapchat') return 'snapchat';
  return client ? 'telegram' : null;
}

function ChannelLinks({ ch }: { ch: ReportingChannel }) {
  const { t } = useT();
  return (
    <span class="channel-links">
      {ch.url && (
        <a href={ch.url} target="_blank" rel="noopener noreferrer">
          {t('report_open_site')}
        </a>
      )}
      {ch.phone && <a href={`tel:${ch.phone.dial}`}>{t('report_call', ch.phone.display)}</a>}
    </span>
  );
}

function Channel({ ch, recommended }: { ch: ReportingChannel; recommended: boolean }) {
  const { t, lang } = useT();
  return (
    <li class="channel" data-channel={ch.id}>
      <div class="channel-name">
        {ch.name[lang]}
        {recommended && <span class="tag">{t('report_recommended')}</span>}
      </div>
      <div class="channel-purpose">{ch.purpose[lang]}</div>
      {ch.steps && (
        <ol class="channel-steps">
          {ch.steps[lang].map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
      <ChannelLinks ch={ch} />
    </li>
  );
}

export function EmergencyLine({ country, always }: { country: Country; always?: boolean }) {
  const { t, lang } = useT();
  const sel = selectChannels({ country, category: 'weapons', context: 'public', platform: null });
  if (!always && sel.emergency.length === 0) return null;
  return (
    <div class="emergency" role="note">
      <strong>{t('emergency_title')}</strong>{' '}
      {sel.emergency.length === 0
        ? t('emergency_generic')
        : sel.emergency.map((ch) => (
            <a
              key={ch.id}
              class="emergency-number"
              href={`tel:${ch.phone?.dial ?? ''}`}
              title={ch.name[lang]}
            >
              {ch.phone?.display}
            </a>
          ))}
    </div>
  );
}

export function ReportPanel({
  item,
  shop,
  summary,
  country,
  now = Date.now,
  platformName,
}: {
  /** The flagged message to report; or, without one, `shop`: the whole chat that looks like a shop. */
  item?: FlaggedItem;
  shop?: ShopSummary;
  summary: Pick<TabSummary, 'client' | 'chat' | 'shop'>;
  country: Country;
  now?: () => number;
  /** For "Prepare a report" when the message does not come from a web client (a chat export). */
  platformName?: string;
}) {
  const category = item?.category ?? shop?.categories[0] ?? 'other-illicit';
  const id = item?.key ?? 'shop';
  const tr = useT();
  const { t } = tr;
  const [context, setContext] = useState<ReportContext>(defaultContext(summary.chat.publicLink));
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [fallbackText, setFallbackText] = useState('');
  const sel = selectChannels({
    country,
    category,
    context,
    platform: platformOf(summary.client),
  });
  const official = sel.channels.filter((c) => 'country' in c.scope);
  const platform = sel.channels.filter((c) => 'platform' in c.scope);
  const name = `context-${id}`;
  const { contact, countryLocked, pinSet } = useAdmin();

  // Called from the click handler so the browser treats it as a user gesture (clipboard rule).
  const copy = () => {
    const text = item
      ? buildReportText(summary, item, tr, now(), platformName)
      : shop
        ? buildShopReportText(summary, shop, tr, now(), platformName)
        : '';
    navigator.clipboard.writeText(text).then(
      () => {
        setCopyState('copied');
        setFallbackText('');
      },
      () => {
        setCopyState('failed');
        setFallbackText(text);
      },
    );
  };

  return (
    <section class="report" aria-label={t('report_title')}>
      {sel.isDanger && <EmergencyLine country={country} always />}
      <div class="row">
        <label for={`country-${id}`}>{t('report_country')}</label>
        <select
          id={`country-${id}`}
          value={country}
          disabled={countryLocked || pinSet}
          onChange={(e) =>
            void saveSetting('country', (e.currentTarget as HTMLSelectElement).value as Country)
          }
        >
          {COUNTRIES.map((c) => (
            <option key={c} value={c}>
              {t(countryKey(c))}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="contexts">
        <legend>{t('report_context_legend')}</legend>
        {REPORT_CONTEXTS.map((c) => (
          <label key={c} class="radio">
            <input
              type="radio"
              name={name}
              value={c}
              checked={context === c}
              onChange={() => setContext(c)}
            />
            {t(`context_${c}`)}
          </label>
        ))}
      </fieldset>
      {contact && (
        // The organisation's own contact comes first: schools and companies want to hear first.
        <>
          <h3>{t('report_org_contact')}</h3>
          <ul class="channels">
            <li class="channel" data-channel="organisation">
              <div class="channel-name">{contact.name}</div>
              <span class="channel-links">
                {contact.url && (
                  <a href={contact.url} target="_blank" rel="noopener noreferrer">
                    {t('report_open_site')}
                  </a>
                )}
                {contact.phone && (
                  <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>
                    {t('report_call', contact.phone)}
                  </a>
                )}
              </span>
            </li>
          </ul>
        </>
      )}
      <h3>{t('report_official')}</h3>
      {official.length === 0 ? (
        <p class="muted">{t('report_no_official')}</p>
      ) : (
        <ul class="channels">
          {official.map((ch, i) => (
            <Channel key={ch.id} ch={ch} recommended={i === 0} />
          ))}
        </ul>
      )}
      {platform.length > 0 && (
        <>
          <h3>{t('report_platform_title')}</h3>
          <ul class="channels">
            {platform.map((ch) => (
              <Channel key={ch.id} ch={ch} recommended={false} />
            ))}
          </ul>
        </>
      )}
      <div class="prepare">
        <button type="button" class="primary" onClick={copy}>
          {t('report_prepare')}
        </button>
        <p class="muted small">{t('report_prepare_hint')}</p>
        <p class="status" role="status" aria-live="polite">
          {copyState === 'copied'
            ? t('report_copied')
            : copyState === 'failed'
              ? t('report_copy_failed')
              : ''}
        </p>
        {fallbackText && (
          <textarea
            class="fallback"
            readOnly
            aria-label={t('report_copy_failed')}
            value={fallbackText}
            rows={6}
          />
        )}
      </div>
    </section>
  );
}
