/**
 * While a parent PIN is set, the settings are kept on this device and changes synced from other
 * computers are not applied (src/shared/settings/device-settings.ts): say so, and say when such a
 * change came and was refused (issue 17, point 9).
 */
import { useEffect, useState } from 'preact/hooks';
import {
  loadSyncRefusal,
  onKeptStateChanged,
  readKeptSettings,
  type SyncRefusal,
} from '../shared/settings/device-settings';
import { useT } from '../ui/i18n-context';

export function KeptOnDevice() {
  const { t, lang } = useT();
  const [kept, setKept] = useState(false);
  const [refusal, setRefusal] = useState<SyncRefusal | null>(null);
  useEffect(() => {
    const load = () => {
      void readKeptSettings().then((k) => setKept(k !== undefined));
      void loadSyncRefusal().then(setRefusal);
    };
    load();
    return onKeptStateChanged(load);
  }, []);
  if (!kept) return null;
  const when = (ms: number) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  const names = (refusal?.keys ?? []).map((k) => t(`setting_name_${k}`)).join(', ');
  return (
    <div class="warn" data-state="kept-on-device" role="status">
      <p>{t('options_kept_on_device')}</p>
      {refusal && <p data-state="sync-refused">{t('options_sync_refused', when(refusal.at), names)}</p>}
    </div>
  );
}
