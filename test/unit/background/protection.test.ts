/**
 * "Protection off" (issue 17, point 11): which chat sites the browser lets Vigie read, the record
 * of since when it may not, and the toolbar badge that shows it.
 */
import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor } from '../../../src/background/tab-badge';
import {
  CHAT_ORIGINS,
  checkProtection,
  NO_PROTECTION_RECORD,
  nextProtection,
  PROTECTION_KEY,
  parseProtection,
} from '../../../src/shared/protection';
import { MemoryStorage } from './helpers';

const t = (key: string, ...subs: (string | number)[]) => `${key}(${subs.join(',')})`;
const WA = 'https://web.whatsapp.com/*';
const TG = 'https://web.telegram.org/*';

describe('protection record', () => {
  it('starts a period when access goes, keeps its start while it lasts, closes it when access is back', () => {
    const off = nextProtection(NO_PROTECTION_RECORD, [WA], 1000);
    expect(off).toEqual({ off: { since: 1000, origins: [WA] }, last: null });
    const wider = nextProtection(off, [WA, TG], 5000);
    expect(wider.off).toEqual({ since: 1000, origins: [WA, TG] });
    const back = nextProtection(wider, [], 9000);
    expect(back).toEqual({ off: null, last: { from: 1000, to: 9000, origins: [WA, TG] } });
    expect(nextProtection(back, [], 10_000)).toBe(back);
  });

  it('checks each chat site on its own (Chrome can allow some sites and not others) and saves changes only', async () => {
    const storage = new MemoryStorage();
    const allowed = new Set(CHAT_ORIGINS.filter((o) => o !== TG));
    const deps = { contains: async (o: string) => allowed.has(o), storage, now: () => 42 };
    expect(await checkProtection(deps)).toEqual({ off: { since: 42, origins: [TG] }, last: null });
    expect(storage.writes).toHaveLength(1);
    await checkProtection({ ...deps, now: () => 99 });
    expect(storage.writes).toHaveLength(1);
    expect(storage.data.get(PROTECTION_KEY)).toEqual({ off: { since: 42, origins: [TG] }, last: null });
  });

  it('an error asking the browser counts as no access (it is reported, not hidden)', async () => {
    const storage = new MemoryStorage();
    const record = await checkProtection({
      contains: async () => {
        throw new Error('no');
      },
      storage,
      now: () => 7,
    });
    expect(record.off?.origins).toEqual(CHAT_ORIGINS);
  });

  it('reads a damaged record as nothing rather than throwing; unknown origins are dropped', () => {
    expect(parseProtection('x')).toEqual(NO_PROTECTION_RECORD);
    expect(parseProtection({ off: { since: 'a', origins: [WA] } })).toEqual(NO_PROTECTION_RECORD);
    expect(parseProtection({ off: { since: 1, origins: ['https://evil.example/*', WA] }, last: 3 })).toEqual({
      off: { since: 1, origins: [WA] },
      last: null,
    });
  });
});

describe('toolbar badge with protection off', () => {
  const off = { since: Date.UTC(2026, 11, 5, 8, 0), origins: [WA] };

  it('shows OFF, in grey, with since when, on tabs with nothing more urgent and on the global badge', () => {
    const global = badgeFor({ scan: null, protectionOff: off }, t);
    expect(global).toMatchObject({ text: 'badge_text_off()', color: BADGE_COLORS.off });
    expect(global.title).toMatch(/^badge_title_off\(.*2026.*\)$/);
    const quiet = badgeFor(
      { scan: { client: 'telegram-k', state: 'active', flagged: 0 }, protectionOff: off },
      t,
    );
    expect(quiet.text).toBe('badge_text_off()');
  });

  it('a chat Vigie still reads keeps its own count; without the input nothing changes', () => {
    const scan = { client: 'telegram-k' as const, state: 'active' as const, flagged: 3 };
    expect(badgeFor({ scan, protectionOff: off }, t).text).toBe('3');
    expect(badgeFor({ scan: null, protectionOff: null }, t).text).toBe('');
  });
});
