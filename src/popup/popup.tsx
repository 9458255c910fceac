/**
 * The toolbar popup.
 *
 *   loading ──► unsupported   (no content script answers: not a supported chat page)
 *          ├──► error         (the answer is malformed, or no tab)
 *          └──► ready: idle | fallback | active, with the flagged list
 *
 * The message text shown here comes from the tab's content script, in memory; the popup never
 * stores or sends it. Dismissals are remembered in storage.local (keys and chat title only) and
 * the content script is told so it updates its marks at once.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import browser from '../shared/browser';
import type { DismissScopeName, FlaggedItem, RulesStatus, TabSummary } from '../shared/messages';
import type { Country } from '../shared/settings/catalog';
import { loadPinSet } from '../shared/settings/parent-lock-store';
import {
  type Dismissals,
  dismiss,
  isDismissed,
  isShopDismissed,
  loadDismissals,
  loadSettings,
  NO_DISMISSALS,
  onDismissalsChanged,
  onSettingsChanged,
  undismiss,
} from '../shared/settings/store';
import { FlaggedCard } from '../ui/flagged-card';
import { useHostAccess } from '../ui/host-access';
import { useT } from '../ui/i18n-context';
import { openCheckPage } from '../ui/open-check-page';
import { EmergencyLine } from '../ui/report-panel';
import { PLATFORM_NAMES } from '../ui/report-text';
import { RulesNotice } from '../ui/rules-notice';
import { fetchRulesStatus, parseRulesStatus } from '../ui/rules-status';
import { ShopBanner } from '../ui/shop-banner';
import { WhatsNewNotice } from '../ui/whats-new-notice';
import { parseTabSummary, sendToTab, targetTabId } from './summary';

const NOTICE_MS = 6000;

type View =
  | { kind: 'loading' }
  | { kind: 'unsupported' }
  | { kind: 'error'; reason: 'no-tab' | 'bad-answer' }
  | { kind: 'ready'; tabId: number; summary: TabSummary };

interface Undo {
  /** The card dismissed; null for the chat-level banner ("not a shop"). */
  item: FlaggedItem | null;
  scope: DismissScopeName;
  /** The key actually stored: the message key, or the chat id for scopes 'chat' and 'shop'. */
  key: string;
}

export function Popup({ search = location.search }: { search?: string }) {
  const { t } = useT();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [status, setStatus] = useState<RulesStatus | null>(null);
  const [country, setCountry] = useState<Country>('FR');
  const [dismissals, setDismissals] = useState<Dismissals>(NO_DISMISSALS);
  const [undo, setUndo] = useState<Undo | null>(null);
  // A message key, not a text, so a language switch re-renders it in the new language.
  const [notice, setNotice] = useState<string | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    setView({ kind: 'loading' });
    const [tabId, settings, dism, rules] = await Promise.all([
      targetTabId(search).catch(() => null),
      loadSettings(),
      loadDismissals().catch(() => NO_DISMISSALS),
      fetchRulesStatus(),
    ]);
    setCountry(settings.country);
    setDismissals(dism);
    setStatus(rules);
    if (tabId === null) return setView({ kind: 'error', reason: 'no-tab' });
    let answer: unknown;
    try {
      answer = await sendToTab(tabId, { type: 'popup-cs/get-summary' });
    } catch {
      // No receiving end: the page has no Vigie content script (not a chat site).
      return setView({ kind: 'unsupported' });
    }
    const summary = parseTabSummary(answer);
    setView(summary ? { kind: 'ready', tabId, summary } : { kind: 'error', reason: 'bad-answer' });
  }, [search]);

  useEffect(() => {
    void load().catch(() => setView({ kind: 'error', reason: 'bad-answer' }));
    const stopS = onSettingsChanged((s) => setCountry(s.country));
    const stopD = onDismissalsChanged(setDismissals);
    return () => {
      stopS();
      stopD();
    };
  }, [load]);

  useEffect(() => {
    if (undo) undoRef.current?.focus();
  }, [undo]);

  // Short confirmations fade after a while so they do not describe an old action.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  if (view.kind === 'loading') {
    return (
      <Frame status={status} loading>
        <p class="state loading" role="status" aria-busy="true">
          {t('popup_loading')}
        </p>
      </Frame>
    );
  }
  if (view.kind === 'unsupported') {
    return (
      <Frame status={status}>
        <div class="state" data-state="unsupported">
          <p class="state-title">{t('popup_unsupported_title')}</p>
          <p>{t('popup_unsupported_body')}</p>
          <HostAccessHint />
        </div>
      </Frame>
    );
  }
  if (view.kind === 'error') {
    return (
      <Frame status={status}>
        <div class="state error" role="alert" data-state="error">
          <p class="state-title">{t('popup_error_title')}</p>
          <p>{t(view.reason === 'no-tab' ? 'popup_error_no_tab' : 'popup_error_bad_answer')}</p>
          <button type="button" onClick={() => void load()}>
            {t('popup_retry')}
          </button>
        </div>
      </Frame>
    );
  }

  const { summary, tabId } = view;
  const chatId = summary.chat.id;
  const visible = summary.flagged.filter((it) => !isDismissed(dismissals, it.key, chatId));
  const hiddenCount = summary.flagged.length - visible.length;
  const undoVisibleFor = (it: FlaggedItem) => undo !== null && undo.item?.key === it.key;
  // The chat-level verdict (issue 15), unless dismissed here or for good.
  const shop =
    summary.shop && !isShopDismissed(dismissals, chatId) && undo?.scope !== 'shop' ? summary.shop : null;
  const shown: TabSummary = { ...summary, shop };

  const onDismiss = async (item: FlaggedItem | null, scope: DismissScopeName) => {
    const key = scope === 'message' ? (item?.key ?? '') : (chatId ?? '');
    if (!key) return;
    // Asked again at the click: a PIN set since the popup opened (or unreadable) wins.
    if (await loadPinSet()) return setNotice('popup_pin_protected');
    await dismiss(key, scope, { client: summary.client, chatTitle: summary.chat.title });
    setUndo({ item, scope, key });
    sendToTab(tabId, { type: 'popup-cs/dismiss', key, scope }).catch(() => undefined);
  };
  const onUndo = async () => {
    if (!undo) return;
    await undismiss(undo.key, undo.scope);
    sendToTab(tabId, { type: 'popup-cs/undismiss', key: undo.key, scope: undo.scope }).catch(() => undefined);
    setUndo(null);
    setNotice('popup_undone');
  };
  const onShow = (key: string) => {
    // The content script answers { ok: false } when the message has left the page (virtual lists).
    sendToTab(tabId, { type: 'popup-cs/show-message', key }).then(
      (answer) =>
        setNotice(
          (answer as { ok?: unknown } | undefined)?.ok === false ? 'popup_show_failed' : 'popup_shown',
        ),
      () => setNotice('popup_show_failed'),
    );
  };

  const hasDanger =
    visible.some((it) => it.category === 'weapons') || (shop?.categories.includes('weapons') ?? false);
  const stateKey =
    summary.state === 'active'
      ? 'popup_state_active'
      : summary.state === 'fallback'
        ? 'popup_state_fallback'
        : 'popup_state_idle';

  return (
    <Frame status={status} rulesVersion={summary.rulesVersion}>
      <div class="tab-state" data-state={summary.state}>
        <p class="state-title">{t(stateKey, summary.client ? PLATFORM_NAMES[summary.client] : '')}</p>
        {summary.state !== 'idle' && (
          <p class="counts">
            <span data-count="scanned">{t('popup_scanned', summary.scanned)}</span>
            {' · '}
            <span data-count="flagged">{t('popup_flagged', visible.length)}</span>
          </p>
        )}
        {summary.chat.title && <p class="chat-title">{t('popup_chat', summary.chat.title)}</p>}
      </div>
      {summary.state === 'fallback' && (
        <LayoutProblem
          onChecked={(next) => {
            setStatus(next);
            // New selectors reach the tab through storage: ask it again once it has re-read.
            setTimeout(() => void load(), 1500);
          }}
        />
      )}
      <p class="status" role="status" aria-live="polite">
        {notice ? t(notice) : ''}
      </p>
      {undo && (
        <div class="undo" role="status">
          <span>
            {t(
              undo.scope === 'chat'
                ? 'popup_chat_dismissed'
                : undo.scope === 'shop'
                  ? 'popup_shop_dismissed'
                  : 'popup_dismissed',
            )}
          </span>
          <button type="button" ref={undoRef} onClick={() => void onUndo()}>
            {t('popup_undo')}
          </button>
        </div>
      )}
      {summary.state !== 'idle' && shop && (
        <ShopBanner
          shop={shop}
          summary={shown}
          country={country}
          onDismiss={chatId === null ? undefined : () => void onDismiss(null, 'shop')}
          tabId={tabId}
          items={visible}
        />
      )}
      {summary.state === 'idle' ? (
        <p class="state empty">{t('popup_idle_body')}</p>
      ) : visible.length === 0 && shop ? (
        hasDanger && <EmergencyLine country={country} always />
      ) : visible.length === 0 ? (
        // In 'fallback', "nothing suspicious" would be the quiet all-clear the layout problem forbids.
        summary.state === 'fallback' ? (
          <p class="state empty" data-state="fallback-empty">
            {t('popup_fallback_empty')}
          </p>
        ) : (
          <p class="state empty" data-state="empty">
            {t('popup_empty')}
          </p>
        )
      ) : (
        <>
          <p class="reminder">{t('popup_reminder')}</p>
          {hasDanger && <EmergencyLine country={country} always />}
          <ul class="cards" aria-label={t('popup_list_label')}>
            {visible
              .filter((it) => !undoVisibleFor(it))
              .map((item) => (
                <FlaggedCard
                  key={item.key}
                  item={item}
                  summary={shown}
                  country={country}
                  tabId={tabId}
                  actions={{ onShow, onDismiss: (it, scope) => void onDismiss(it, scope) }}
                />
              ))}
          </ul>
        </>
      )}
      {hiddenCount > 0 && <p class="muted small">{t('popup_hidden_count', hiddenCount)}</p>}
    </Frame>
  );
}

/**
 * The tab's layout is not recognised: say what it means (the rules may be outdated, only a
 * basic reading marks anything, nothing is blurred) and offer the one thing that can fix it
 * from here, a rule update check; signed rule updates carry new page selectors.
 */
function LayoutProblem({ onChecked }: { onChecked: (status: RulesStatus | null) => void }) {
  const { t } = useT();
  const [phase, setPhase] = useState<'ready' | 'checking' | 'done' | 'failed'>('ready');
  const check = async () => {
    setPhase('checking');
    try {
      const next = parseRulesStatus(await browser.runtime.sendMessage({ type: 'ui-bg/check-now' }));
      setPhase(next && !next.lastError ? 'done' : 'failed');
      onChecked(next);
    } catch {
      setPhase('failed');
    }
  };
  return (
    <div class="layout-problem" role="alert" data-state="layout-not-recognised">
      <p>{t('popup_layout_body')}</p>
      <button type="button" onClick={() => void check()} disabled={phase === 'checking'}>
        {phase === 'checking' ? t('options_checking') : t('popup_layout_check')}
      </button>
      {phase === 'done' && <p class="small">{t('popup_layout_checked')}</p>}
      {phase === 'failed' && <p class="small">{t('options_check_failed')}</p>}
    </div>
  );
}

/** On a chat site without access (Firefox lets users withhold it), say so and offer to ask. */
function HostAccessHint() {
  const { t } = useT();
  const { access, request } = useHostAccess();
  if (access !== 'missing' && access !== 'refused') return null;
  return (
    <div class="access" data-access={access}>
      <p>{t('welcome_access_body')}</p>
      <button type="button" class="primary" onClick={request}>
        {t('welcome_access_button')}
      </button>
      {access === 'refused' && <p role="alert">{t('welcome_access_refused')}</p>}
    </div>
  );
}

function Frame({
  status,
  rulesVersion,
  loading = false,
  children,
}: {
  status: RulesStatus | null;
  rulesVersion?: number | null;
  /** While loading, the rules line stays blank rather than flashing "unknown". */
  loading?: boolean;
  children: preact.ComponentChildren;
}) {
  const { t } = useT();
  const version = rulesVersion ?? status?.version ?? null;
  return (
    <main class="popup">
      <header class="head">
        <h1>{t('popup_title')}</h1>
        <span class="rules" data-rules-version={version ?? ''}>
          {version !== null ? t('popup_rules_version', version) : loading ? '' : t('popup_rules_unknown')}
        </span>
      </header>
      <WhatsNewNotice />
      <RulesNotice status={status} />
      {children}
      {/* Its own line above the footer: an export from a phone needs no chat tab. */}
      <div class="check-link">
        <button type="button" class="link" data-action="check-export" onClick={() => void openCheckPage()}>
          {t('check_open')}
        </button>
      </div>
      <footer class="foot">
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popup_open_options')}
        </button>
        <span class="muted small">{t('popup_privacy_short')}</span>
      </footer>
    </main>
  );
}
