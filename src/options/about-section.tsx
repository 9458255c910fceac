/**
 * "About Vigie": the extension and rule-set versions (what a bug report needs), the privacy
 * policy, and where to tell the project about a wrong warning or a page Vigie cannot read. The
 * links only open the project's pages; nothing is sent, and the user writes what they choose.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import type { RulesStatus } from '../shared/messages';
import {
  PRIVACY_POLICY,
  PROJECT_HOMEPAGE,
  REPORT_PAGE_NOT_READ,
  REPORT_WRONG_WARNING,
} from '../shared/project';
import { useT } from '../ui/i18n-context';
import { fetchRulesStatus } from '../ui/rules-status';

function ExternalLink({ href, children }: { href: string; children: preact.ComponentChildren }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

export function AboutSection() {
  const { t } = useT();
  const [status, setStatus] = useState<RulesStatus | null | 'loading'>('loading');
  useEffect(() => {
    void fetchRulesStatus().then(setStatus);
  }, []);
  const rules =
    status === 'loading'
      ? t('popup_loading')
      : status === null
        ? t('report_unknown')
        : String(status.version);
  return (
    <section aria-labelledby="h-about" data-section="about">
      <h2 id="h-about">{t('options_about')}</h2>
      <dl class="rules-status">
        <dt>{t('options_about_version')}</dt>
        <dd data-extension-version={browser.runtime.getManifest().version}>
          {browser.runtime.getManifest().version}
        </dd>
        <dt>{t('options_rules_version')}</dt>
        <dd>{rules}</dd>
      </dl>
      <p>{t('options_about_report_intro')}</p>
      <ul>
        <li>
          <ExternalLink href={REPORT_WRONG_WARNING}>{t('options_about_wrong_warning')}</ExternalLink>
        </li>
        <li>
          <ExternalLink href={REPORT_PAGE_NOT_READ}>{t('options_about_page_not_read')}</ExternalLink>
        </li>
      </ul>
      <p class="muted">{t('options_about_nothing_sent')}</p>
      <p>
        <ExternalLink href={PRIVACY_POLICY}>{t('privacy_policy_link')}</ExternalLink>
        {' · '}
        <ExternalLink href={PROJECT_HOMEPAGE}>{t('options_about_source')}</ExternalLink>
      </p>
    </section>
  );
}
