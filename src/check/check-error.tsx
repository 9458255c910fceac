/** A file that could not be checked, in plain words per error code, with the way forward. */
import type { ScanErrorCode } from '../exports/scan-events';
import { useT } from '../ui/i18n-context';

export const ERROR_KEYS: Record<ScanErrorCode, string> = {
  'not-a-chat-export': 'check_error_not_export',
  'unknown-format': 'check_error_not_export',
  'truncated-zip': 'check_error_truncated_zip',
  'unknown-locale': 'check_error_unknown_locale',
  empty: 'check_error_empty',
  'too-large': 'check_error_too_large',
  unreadable: 'check_error_unreadable',
  'bad-rules': 'check_error_bad_rules',
  internal: 'check_error_internal',
};

/** "200 MB" style size in the UI language (the limit is a round number of megabytes). */
export function formatMegabytes(bytes: number, lang: string): string {
  const mb = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: mb < 10 ? 1 : 0 }).format(mb)} MB`;
}

export function CheckError({
  code,
  fileName,
  detail,
  limitBytes,
}: {
  code: ScanErrorCode;
  fileName: string;
  detail: string;
  limitBytes?: number;
}) {
  const { t, lang } = useT();
  const key = ERROR_KEYS[code] ?? 'check_error_internal';
  const message =
    code === 'too-large' && limitBytes !== undefined
      ? t('check_error_too_large_limit', formatMegabytes(limitBytes, lang))
      : t(key);
  return (
    <section class="state error" role="alert" data-state="error" data-code={code} tabIndex={-1}>
      <p class="state-title">{t('check_error_title', fileName)}</p>
      <p>{message}</p>
      <p class="muted">{t('check_error_next')}</p>
      {detail && (
        // The reader's own sentence (English, never message text), for whoever helps the user.
        <details class="small">
          <summary>{t('check_error_details')}</summary>
          <p lang="en">{detail}</p>
        </details>
      )}
    </section>
  );
}
