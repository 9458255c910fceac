/**
 * Choosing the export: a real file input (keyboard and screen-reader friendly as it is) inside a
 * drop zone, the day/month order for ambiguous WhatsApp dates, and the privacy promise up front.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../ui/i18n-context';

export type DayOrder = 'auto' | 'day' | 'month';
export const DAY_ORDERS: readonly DayOrder[] = ['auto', 'day', 'month'];

/** The file kinds an export comes as; several messages*.html pages can be picked at once. */
export const ACCEPT = '.txt,.zip,.json,.html,.htm';

export function FilePicker({
  dayOrder,
  onDayOrder,
  onFiles,
  disabled = false,
}: {
  dayOrder: DayOrder;
  onDayOrder(order: DayOrder): void;
  onFiles(files: File[]): void;
  disabled?: boolean;
}) {
  const { t } = useT();
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = list ? [...list] : [];
    if (files.length > 0 && !disabled) onFiles(files);
  };
  // Drag and drop is a pointer shortcut (the file input is the keyboard and screen-reader way).
  // Listeners are added by hand: JSX drag props depend on how the DOM names its handlers.
  const zone = useRef<HTMLDivElement>(null);
  const latest = useRef(take);
  latest.current = take;
  useEffect(() => {
    const el = zone.current;
    if (!el) return;
    const onOver = (e: DragEvent) => {
      // Without preventDefault the browser would open the dropped file itself.
      e.preventDefault();
      setOver(true);
    };
    const onLeave = () => setOver(false);
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      latest.current(e.dataTransfer?.files);
    };
    el.addEventListener('dragover', onOver);
    el.addEventListener('dragleave', onLeave);
    el.addEventListener('drop', onDrop);
    return () => {
      el.removeEventListener('dragover', onOver);
      el.removeEventListener('dragleave', onLeave);
      el.removeEventListener('drop', onDrop);
    };
  }, []);
  return (
    <section class="picker no-print" aria-labelledby="h-pick">
      <h2 id="h-pick">{t('check_pick_title')}</h2>
      <p class="privacy" data-role="privacy">
        {t('check_privacy')}
      </p>
      <div class={`drop-zone${over ? ' over' : ''}`} data-state={over ? 'over' : 'idle'} ref={zone}>
        {/* The label is the visible button (in the UI language, unlike the browser's own input
            text); the input stays in the tab order, so Space or Enter opens the file dialog. */}
        <label for="export-file" class="file-label">
          {t('check_choose')}
        </label>
        <input
          id="export-file"
          class="visually-hidden"
          type="file"
          accept={ACCEPT}
          multiple
          disabled={disabled}
          aria-describedby="formats-hint"
          onChange={(e) => {
            const input = e.currentTarget;
            take(input.files);
            // The same file can be picked again (after a change of date order, for example).
            input.value = '';
          }}
        />
        <p class="muted">{t('check_drop')}</p>
        <p id="formats-hint" class="muted small">
          {t('check_formats')}
        </p>
      </div>
      <fieldset class="day-order" disabled={disabled}>
        <legend>{t('check_date_order')}</legend>
        {DAY_ORDERS.map((o) => (
          <label key={o} class="radio">
            <input
              type="radio"
              name="day-order"
              value={o}
              checked={dayOrder === o}
              onChange={() => onDayOrder(o)}
            />
            {t(`check_date_${o}`)}
          </label>
        ))}
        <p class="muted small">{t('check_date_hint')}</p>
      </fieldset>
    </section>
  );
}
