/**
 * "Keep evidence" (issue 16): a button and the states of one capture, for a flagged message card
 * and for the chat-level verdict (issue 15's banner renders it with `subject.kind === 'chat'`).
 *
 *   idle ──click──► working ──captured──► file built ──► saved (what to do now)
 *                      │└──refused (hidden tab, no permission…)──► "save the text-only file" ──► saved
 *                      └──failed (the page did not answer, message no longer flagged)
 *
 * Nothing happens without the click. The capture and the text live in this component's memory
 * until the file is handed to the browser's download, then they are dropped: only the file name
 * and the advice stay on screen. Nothing goes to extension storage, nothing leaves the device.
 * An organisation (or the user) can turn it off: the button is then replaced by a note saying so.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from '../../shared/browser';
import { contactLine } from '../../shared/evidence';
import type { TabSummary } from '../../shared/messages';
import type { Country } from '../../shared/settings/catalog';
import { loadSettingsState, onSettingsChanged } from '../../shared/settings/store';
import { useAdmin } from '../admin';
import { useT } from '../i18n-context';
import { saveFile } from '../save-file';
import { type EvidenceTake, takeEvidence } from './capture';
import { buildEvidenceFile, type EvidenceFile, type EvidenceSubject } from './evidence-file';

/** Click → file handed to the download, for the benchmark and the end-to-end test to read. */
export const MEASURE_NAME = 'vigie-keep-evidence';

type Phase =
  | { kind: 'idle' }
  | { kind: 'working' }
  /** The text is held here until the user saves the text-only file or cancels. */
  | { kind: 'refused'; take: Extract<EvidenceTake, { kind: 'refused' }> }
  | { kind: 'saved'; file: Omit<EvidenceFile, 'zip'> }
  | { kind: 'failed'; messageKey: string };

/** Whether "Keep evidence" is on, and whether an organisation decided it (null: not read yet). */
export function useKeepEvidenceSetting(): { enabled: boolean; byPolicy: boolean } | null {
  const [state, setState] = useState<{ enabled: boolean; byPolicy: boolean } | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      loadSettingsState().then(
        (s) => {
          if (alive)
            setState({ enabled: s.values.keepEvidence, byPolicy: s.source.keepEvidence === 'policy' });
        },
        // Unreadable settings: the default (on) applies, as everywhere else in Vigie.
        () => alive && setState({ enabled: true, byPolicy: false }),
      );
    void load();
    const stop = onSettingsChanged(() => void load());
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return state;
}

export function KeepEvidence({
  tabId,
  subject,
  summary,
  country,
}: {
  tabId: number;
  subject: EvidenceSubject;
  summary: Pick<TabSummary, 'client' | 'rulesVersion'>;
  country: Country;
}) {
  const tr = useT();
  const { t } = tr;
  const setting = useKeepEvidenceSetting();
  const { contact } = useAdmin();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const panelRef = useRef<HTMLDivElement>(null);
  const key = subject.kind === 'message' ? subject.item.key : null;

  // A new state is announced and takes the focus, so keyboard users land on what to do next.
  useEffect(() => {
    if (phase.kind === 'saved' || phase.kind === 'refused' || phase.kind === 'failed')
      panelRef.current?.focus();
  }, [phase.kind]);

  if (!setting) return null;
  if (!setting.enabled) {
    return (
      <p class="muted small evidence-off" data-state="evidence-off">
        {t(setting.byPolicy ? 'evidence_off_policy' : 'evidence_off_user')}
      </p>
    );
  }

  const save = async (take: Exclude<EvidenceTake, { kind: 'failed' }>, startedAt: number) => {
    const file = await buildEvidenceFile(take, subject, {
      summary,
      country,
      contact,
      tr,
      vigieVersion: browser.runtime.getManifest().version,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      subtle: crypto.subtle,
    });
    saveFile(file.zip, file.name, 'application/zip');
    try {
      performance.measure(MEASURE_NAME, { start: startedAt, end: performance.now() });
    } catch {
      // A measure is a courtesy to the benchmark; never let it fail the save.
    }
    const { zip: _dropped, ...kept } = file;
    setPhase({ kind: 'saved', file: kept });
  };

  const keep = async () => {
    const startedAt = performance.now();
    setPhase({ kind: 'working' });
    try {
      const take = await takeEvidence(tabId, key);
      if (take.kind === 'failed')
        return setPhase({ kind: 'failed', messageKey: `evidence_failed_${take.reason.replace('-', '_')}` });
      if (take.kind === 'refused') return setPhase({ kind: 'refused', take });
      await save(take, startedAt);
    } catch {
      setPhase({ kind: 'failed', messageKey: 'evidence_failed_build' });
    }
  };

  const saveTextOnly = async (take: Extract<EvidenceTake, { kind: 'refused' }>) => {
    setPhase({ kind: 'working' });
    try {
      await save(take, performance.now());
    } catch {
      setPhase({ kind: 'failed', messageKey: 'evidence_failed_build' });
    }
  };

  const label = t(subject.kind === 'chat' ? 'evidence_keep_chat' : 'evidence_keep');
  return (
    <div class="evidence" data-evidence={phase.kind}>
      {(phase.kind === 'idle' || phase.kind === 'failed') && (
        <button
          type="button"
          class="keep-evidence"
          onClick={() => void keep()}
          title={t('evidence_keep_hint')}
        >
          {label}
        </button>
      )}
      {phase.kind === 'working' && (
        <p class="evidence-working" role="status" aria-busy="true">
          {t('evidence_working')}
        </p>
      )}
      {phase.kind === 'failed' && (
        <p class="evidence-failed" role="alert" tabIndex={-1} ref={panelRef as never}>
          {t(phase.messageKey)}
        </p>
      )}
      {phase.kind === 'refused' && (
        <div class="evidence-panel refused" role="alert" tabIndex={-1} ref={panelRef}>
          <p class="evidence-title">
            {t('evidence_refused_title', t(`evidence_problem_${phase.take.problem}`))}
          </p>
          <p>{t('evidence_refused_body')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void saveTextOnly(phase.take)}>
              {t('evidence_save_text_only')}
            </button>
            <button type="button" onClick={() => setPhase({ kind: 'idle' })}>
              {t('evidence_cancel')}
            </button>
          </div>
        </div>
      )}
      {phase.kind === 'saved' && (
        <div class="evidence-panel saved" role="status" tabIndex={-1} ref={panelRef}>
          <p class="evidence-title">
            {t(
              phase.file.withImages ? 'evidence_saved_title' : 'evidence_saved_text_only_title',
              phase.file.name,
            )}
          </p>
          <p class="small">{t('evidence_saved_where')}</p>
          <p class="small muted" data-files={phase.file.files.join(' ')}>
            {t('evidence_saved_files', phase.file.files.join(', '))}
          </p>
          {phase.file.clipped && <p class="small">{t('evidence_saved_clipped')}</p>}
          <WhatToDo file={phase.file} subject={subject} contact={contact} />
          <button type="button" onClick={() => setPhase({ kind: 'idle' })}>
            {t('evidence_done')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The advice after saving, in plain words: who to tell, what to attach, what not to do. */
function WhatToDo({
  file,
  subject,
  contact,
}: {
  file: Omit<EvidenceFile, 'zip'>;
  subject: EvidenceSubject;
  contact: ReturnType<typeof useAdmin>['contact'];
}) {
  const { t, lang } = useT();
  const official = file.channels.filter((c) => 'country' in c.scope);
  const where =
    official.length > 0 ? official.map((c) => c.name[lang]).join(', ') : t('evidence_now_any_channel');
  const reportKey = !file.withImages
    ? 'evidence_now_report_text'
    : subject.kind === 'chat'
      ? 'evidence_now_report_chat'
      : 'evidence_now_report';
  return (
    <>
      <p class="evidence-now">{t('evidence_now_title')}</p>
      <ol class="evidence-steps">
        {contact && <li>{t('evidence_now_org', contactLine(contact))}</li>}
        <li>
          {t(reportKey, where)}
          {official.some((c) => c.url) && (
            <span class="channel-links">
              {official
                .filter((c) => c.url)
                .map((c) => (
                  <a key={c.id} href={c.url} target="_blank" rel="noopener noreferrer">
                    {c.name[lang]}
                  </a>
                ))}
            </span>
          )}
        </li>
        <li>{t('evidence_next_no_contact')}</li>
        <li>{t('evidence_next_no_forward')}</li>
      </ol>
    </>
  );
}
