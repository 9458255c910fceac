/**
 * When to check the feed. One `alarms` alarm, never setInterval: timers die with the worker, an
 * alarm wakes it (https://developer.chrome.com/docs/extensions/reference/api/alarms).
 * Each check re-arms a one-shot alarm at interval + random jitter, so a million clients spread out
 * instead of hitting the feed together. Chrome keeps alarms across restarts but Firefox does not,
 * so every start re-plans from `lastCheck` in storage: a browser that was closed past the due time
 * checks a few minutes after start-up ("overdue"), not a full interval later.
 */

export const UPDATE_ALARM = 'vigie/rules-update';
/** An overdue check waits 1–5 minutes: off the start-up path, and Chrome's alarm floor is 30 s. */
export const OVERDUE_MIN_MINUTES = 1;
export const OVERDUE_MAX_MINUTES = 5;

const MINUTE = 60_000;

export interface ScheduleConfig {
  intervalMinutes: number;
  jitterMinutes: number;
}

/** Shortest and longest interval a policy may set: hourly at most, weekly at least. */
export const MIN_INTERVAL_MINUTES = 60;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/**
 * The schedule for an interval (the build default, or a policy value): clamped to sane bounds,
 * jitter a sixth of the interval up to an hour. A non-number (bad policy) gives the default.
 */
export function scheduleFor(intervalMinutes: unknown, fallback: ScheduleConfig): ScheduleConfig {
  if (typeof intervalMinutes !== 'number' || !Number.isFinite(intervalMinutes)) return fallback;
  const interval = Math.min(
    MAX_INTERVAL_MINUTES,
    Math.max(MIN_INTERVAL_MINUTES, Math.round(intervalMinutes)),
  );
  return { intervalMinutes: interval, jitterMinutes: Math.min(60, interval / 6) };
}

/** Time of the next check after a check that just ended at `now`. */
export function nextAfterCheck(now: number, config: ScheduleConfig, random: () => number): number {
  return now + (config.intervalMinutes + random() * config.jitterMinutes) * MINUTE;
}

/**
 * On start-up: when the next check should be, given the last one and any alarm still set.
 * Returns null to keep the existing alarm.
 */
export function planOnStartup(
  now: number,
  lastCheck: number | null,
  existingAlarmAt: number | null,
  config: ScheduleConfig,
  random: () => number,
): number | null {
  const due = lastCheck === null ? now : lastCheck + config.intervalMinutes * MINUTE;
  // A clock set backwards makes lastCheck look like the future: never wait more than one interval.
  const isOverdue = due <= now;
  const latestAcceptable = isOverdue
    ? now + OVERDUE_MAX_MINUTES * MINUTE
    : Math.min(due, now + config.intervalMinutes * MINUTE) + config.jitterMinutes * MINUTE;
  if (existingAlarmAt !== null && existingAlarmAt <= latestAcceptable) return null;
  if (isOverdue) {
    return now + (OVERDUE_MIN_MINUTES + random() * (OVERDUE_MAX_MINUTES - OVERDUE_MIN_MINUTES)) * MINUTE;
  }
  return Math.min(due, now + config.intervalMinutes * MINUTE) + random() * config.jitterMinutes * MINUTE;
}

/** The part of browser.alarms used here. */
export interface AlarmsLike {
  get(name: string): Promise<{ scheduledTime: number } | undefined | null>;
  create(name: string, info: { when: number }): unknown;
}

export async function ensureAlarm(
  alarms: AlarmsLike,
  now: number,
  lastCheckIso: string | null,
  config: ScheduleConfig,
  random: () => number,
): Promise<number> {
  const existing = await alarms.get(UPDATE_ALARM);
  const lastCheck = lastCheckIso === null ? null : Date.parse(lastCheckIso);
  const when = planOnStartup(
    now,
    lastCheck === null || Number.isNaN(lastCheck) ? null : lastCheck,
    existing?.scheduledTime ?? null,
    config,
    random,
  );
  if (when === null) return existing?.scheduledTime ?? now;
  await alarms.create(UPDATE_ALARM, { when });
  return when;
}
