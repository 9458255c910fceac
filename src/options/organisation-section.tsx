/**
 * "Set by your organisation": shown only when a managed policy is present. Lists, in plain
 * words, the policy values Vigie ignored because they were malformed, so an administrator can
 * see on the device what chrome://policy (or Firefox's about:policies) does not explain.
 */

import type { PolicyCache } from '../shared/settings/policy';
import { isPolicyEmpty } from '../shared/settings/policy';
import { useT } from '../ui/i18n-context';
import { OrgFeedAccess } from './org-feed-access';

export function OrganisationSection({ cache }: { cache: PolicyCache }) {
  const { t } = useT();
  if (isPolicyEmpty(cache.policy) && cache.notes.length === 0) return null;
  return (
    <section aria-labelledby="h-organisation" data-state="managed">
      <h2 id="h-organisation">{t('options_org_title')}</h2>
      <p>{t('options_org_body')}</p>
      <OrgFeedAccess feedUrls={cache.policy.extraFeedUrls} />
      {cache.notes.length > 0 && (
        <>
          <p>{t('options_org_notes')}</p>
          {/* Notes are English: they are meant for the administrator, like chrome://policy. */}
          <ul class="policy-notes" lang="en">
            {cache.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
