/** While a file is checked: which chat, how far, how many messages, and a way to stop. */
import { useT } from '../ui/i18n-context';

export interface ProgressInfo {
  fileName: string;
  chatName: string | null;
  /** Null until the file is recognised. */
  messages: number | null;
  bytesDone: number;
  totalBytes: number;
  found: number;
}

export function percentDone(bytesDone: number, totalBytes: number): number {
  if (!(totalBytes > 0)) return 0;
  return Math.max(0, Math.min(100, Math.floor((bytesDone / totalBytes) * 100)));
}

export function ScanProgress({ info, onCancel }: { info: ProgressInfo; onCancel(): void }) {
  const { t } = useT();
  const pct = percentDone(info.bytesDone, info.totalBytes);
  return (
    <section class="progress no-print" aria-labelledby="h-progress" aria-busy="true" data-state="scanning">
      <h2 id="h-progress">
        {info.chatName ? t('check_scanning_chat', info.chatName) : t('check_reading', info.fileName)}
      </h2>
      <progress
        max={100}
        value={pct}
        aria-label={t('check_progress_label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={t('check_percent', pct)}
      />
      <p class="counts">
        <span data-count="read">{t('check_read_count', info.messages ?? 0)}</span>
        {' · '}
        <span data-count="found">{t('check_found_so_far', info.found)}</span>
      </p>
      <button type="button" onClick={onCancel}>
        {t('check_cancel')}
      </button>
    </section>
  );
}
