import { describe, expect, it } from 'vitest';
import {
  ensureAlarm,
  nextAfterCheck,
  OVERDUE_MAX_MINUTES,
  OVERDUE_MIN_MINUTES,
  planOnStartup,
  scheduleFor,
  UPDATE_ALARM,
} from '../../../src/background/schedule';
import { NOW } from './helpers';

const MIN = 60_000;
const config = { intervalMinutes: 360, jitterMinutes: 60 };
const fixed = (v: number) => () => v;

describe('alarm scheduling with jitter', () => {
  it('after a check: one interval plus a random share of the jitter window', () => {
    expect(nextAfterCheck(NOW, config, fixed(0))).toBe(NOW + 360 * MIN);
    expect(nextAfterCheck(NOW, config, fixed(0.5))).toBe(NOW + 390 * MIN);
    expect(nextAfterCheck(NOW, config, fixed(0.999))).toBeLessThan(NOW + 420 * MIN);
  });

  it('spreads clients over the whole jitter window', () => {
    const times = Array.from({ length: 500 }, () => nextAfterCheck(NOW, config, Math.random) - NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(360 * MIN);
    expect(Math.max(...times)).toBeLessThan(420 * MIN);
    expect(new Set(times.map((t) => Math.floor(t / (10 * MIN)))).size).toBe(6); // every 10-minute slot used
  });

  it('first start (never checked): a check within a few minutes, not at once', () => {
    const when = planOnStartup(NOW, null, null, config, fixed(0.5));
    expect(when).toBe(NOW + ((OVERDUE_MIN_MINUTES + OVERDUE_MAX_MINUTES) / 2) * MIN);
  });

  it('start-up when overdue (browser closed for a day, Firefox lost the alarm): soon', () => {
    const when = planOnStartup(NOW, NOW - 24 * 60 * MIN, null, config, fixed(1)) ?? 0;
    expect(when - NOW).toBe(OVERDUE_MAX_MINUTES * MIN);
  });

  it('start-up when overdue replaces a far-away alarm', () => {
    expect(planOnStartup(NOW, NOW - 24 * 60 * MIN, NOW + 300 * MIN, config, fixed(0))).toBe(
      NOW + OVERDUE_MIN_MINUTES * MIN,
    );
  });

  it('wake-up with a sensible alarm already set: keeps it', () => {
    expect(planOnStartup(NOW, NOW - 60 * MIN, NOW + 310 * MIN, config, fixed(0.3))).toBeNull();
  });

  it('not yet due and no alarm (Firefox restart): due time plus jitter', () => {
    expect(planOnStartup(NOW, NOW - 60 * MIN, null, config, fixed(0.5))).toBe(NOW + 300 * MIN + 30 * MIN);
  });

  it('lastCheck in the future (clock set back): waits at most one interval plus jitter', () => {
    const when = planOnStartup(NOW, NOW + 1000 * 60 * MIN, null, config, fixed(0)) ?? 0;
    expect(when).toBe(NOW + 360 * MIN);
  });

  it('ensureAlarm creates the alarm through the alarms API, and only when needed', async () => {
    const created: [string, { when: number }][] = [];
    let existing: { scheduledTime: number } | undefined;
    const alarms = {
      get: async (name: string) => (name === UPDATE_ALARM ? existing : undefined),
      create: (name: string, info: { when: number }) => {
        created.push([name, info]);
        existing = { scheduledTime: info.when };
      },
    };
    await ensureAlarm(alarms, NOW, null, config, fixed(0));
    expect(created).toEqual([[UPDATE_ALARM, { when: NOW + OVERDUE_MIN_MINUTES * MIN }]]);
    await ensureAlarm(alarms, NOW + MIN, null, config, fixed(0));
    expect(created).toHaveLength(1);
  });
});

describe('scheduleFor: interval from a policy', () => {
  it.each([
    [undefined, config],
    ['12', config],
    [Number.NaN, config],
    [5, { intervalMinutes: 60, jitterMinutes: 10 }],
    [720, { intervalMinutes: 720, jitterMinutes: 60 }],
    [1e9, { intervalMinutes: 7 * 24 * 60, jitterMinutes: 60 }],
  ])('%j → %j', (value, expected) => {
    expect(scheduleFor(value, config)).toEqual(expected);
  });
});
