/**
 * What the user must know about the rule set in use besides its version (issue 17): that Vigie
 * went back to its built-in rules and why, or that the rules in use are about to expire (or, for
 * the built-in ones, are past their date). Shown by the popup and the options page.
 */
import type { FallbackReason, RulesStatus } from '../shared/messages';
import { useT } from './i18n-context';

const FALLBACK_KEYS: Record<FallbackReason, string> = {
  'key-untrusted': 'rules_fallback_key_untrusted',
  'stored-invalid': 'rules_fallback_stored_invalid',
  expired: 'rules_fallback_expired',
};

export function RulesNotice({ status }: { status: RulesStatus | null }) {
  const { t, lang } = useT();
  if (!status) return null;
  const fallbackKey = status.fallback ? FALLBACK_KEYS[status.fallback.reason] : undefined;
  const expires = Date.parse(status.expires ?? '');
  const date = Number.isNaN(expires)
    ? ''
    : new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(expires);
  return (
    <>
      {fallbackKey && (
        <p
          class="rules-notice"
          role="status"
          data-state="rules-fallback"
          data-reason={status.fallback?.reason}
        >
          {t(fallbackKey)}
        </p>
      )}
      {status.expiry === 'soon' && date && (
        <p class="rules-notice" role="status" data-state="rules-expiring">
          {t('rules_expiring_soon', date)}
        </p>
      )}
      {status.expiry === 'past' && (
        <p class="rules-notice" role="status" data-state="rules-outdated">
          {t('rules_outdated')}
        </p>
      )}
    </>
  );
}
