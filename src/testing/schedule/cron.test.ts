import { describe, expect, it } from 'vitest';
import { nextRun, parseSchedule, type Schedule } from './cron';

const at = (iso: string) => Date.parse(iso);
const parse = (text: string, min?: number): Schedule => {
  const r = parseSchedule(text, min);
  if (!r.ok) throw new Error(r.reason);
  return r.schedule;
};
const next = (text: string, after: string) => new Date(nextRun(parse(text), at(after)) ?? 0).toISOString();

describe('schedules', () => {
  it('finds the next cron run in UTC', () => {
    expect(next('*/15 * * * *', '2026-12-05T11:52:30Z')).toBe('2026-12-05T12:00:00.000Z');
    expect(next('0 9 * * 1-5', '2026-12-05T11:00:00Z')).toBe('2026-12-07T09:00:00.000Z'); // Saturday → Monday
    expect(next('30 2 1 * *', '2026-12-05T00:00:00Z')).toBe('2027-01-01T02:30:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    // Both day fields restricted: either one (Vixie cron): the 13th, or a Friday.
    expect(next('0 12 13 * 5', '2026-12-05T13:00:00Z')).toBe('2026-12-11T12:00:00.000Z');
    expect(next('0 0 * * 7', '2026-12-05T00:00:00Z')).toBe('2026-12-06T00:00:00.000Z');
    expect(nextRun(parse('0 0 31 2 *'), at('2026-01-01T00:00:00Z'))).toBeNull();
  });
  it('runs `every` on the grid of its anchor', () => {
    const every = parse('every 10m');
    const anchor = at('2026-12-05T11:00:00Z');
    expect((nextRun(every, anchor, anchor) ?? 0) - anchor).toBe(600_000);
    expect(new Date(nextRun(every, at('2026-12-05T11:37:00Z'), anchor) ?? 0).toISOString()).toBe('2026-12-05T11:40:00.000Z');
  });
  it('says what is wrong with a schedule', () => {
    const reason = (text: string, min?: number) => {
      const r = parseSchedule(text, min);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('* * * *')).toMatch(/has 4/);
    expect(reason('61 * * * *')).toBe('minute "61": 61 is outside 0-59');
    expect(reason('* 5-2 * * *')).toBe('hour "5-2": the range 5-2 runs backwards');
    expect(reason('* * * JAN *')).toMatch(/^month "JAN"/);
    expect(reason('every 5s')).toMatch(/more often than the shortest interval allowed \(60 s\)/);
    expect(reason('every 5s', 1000)).toBe('ok');
    expect(reason('every week')).toMatch(/every <number>/);
  });
});
