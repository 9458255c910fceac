/**
 * The time of capture as evidence needs it: an ISO 8601 stamp WITH the offset of the user's time
 * zone ("2026-12-05T14:03:27+01:00"), the zone's name ("Europe/Paris"), and a readable form in the
 * UI language. An official form asks "when did you see it"; a bare UTC time or a local time without
 * its offset is ambiguous once the file leaves the device.
 *
 * Pure: the instant and the zone are given (the caller reads the zone from Intl once).
 */

export interface CaptureTime {
  /** ISO 8601 with seconds and the zone's offset at that instant. */
  iso: string;
  /** IANA zone name, e.g. "Europe/Paris"; "UTC" when the browser reports none. */
  timeZone: string;
  /** "5 décembre 2026 à 14:03:27 (Europe/Paris, UTC+01:00)". */
  readable: string;
}

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** Offset of `timeZone` at `ms`, in minutes east of UTC (Intl gives the local wall-clock fields). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

function validZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function captureTime(ms: number, zone: string, lang: string): CaptureTime {
  const timeZone = validZone(zone || 'UTC');
  const offset = zoneOffsetMinutes(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const offsetText = `${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
  const local = new Date(ms + offset * 60_000);
  const iso =
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${offsetText}`;
  const readable = new Intl.DateTimeFormat(lang, {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'medium',
  }).format(new Date(ms));
  return { iso, timeZone, readable: `${readable} (${timeZone}, UTC${offsetText})` };
}
