/**
 * Schedules: a 5-field cron subset (minute hour day-of-month month day-of-week, in UTC) or
 * `every <n><s|m|h|d>`. Cron fields take `*`, numbers, ranges `a-b`, lists `a,b` and steps `*\/n`
 * or `a-b/n`; day-of-week 0–6 with 7 also Sunday. As in Vixie cron, when both day fields are
 * restricted a day matching either runs. No names (`MON`, `JAN`), no `L`, `W`, `#` or `?`.
 */

export type Schedule = { kind: 'every'; intervalMs: number; text: string } | { kind: 'cron'; fields: CronFields; text: string };

export interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether day-of-month / day-of-week were `*` (the Vixie rule needs it). */
  anyDay: boolean;
  anyWeekday: boolean;
}

export type ParsedSchedule = { ok: true; schedule: Schedule } | { ok: false; reason: string };

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_INTERVAL_MS = 366 * UNIT_MS.d;

/**
 * @example parseSchedule('*\/15 9-17 * * 1-5') // every 15 minutes, 9:00–17:45 UTC, Monday to Friday
 * @example parseSchedule('every 10m')
 */
export function parseSchedule(text: string, minIntervalMs = 60_000): ParsedSchedule {
  const trimmed = text.trim();
  if (trimmed.length > 200) return { ok: false, reason: 'a schedule is at most 200 characters' };
  const every = /^every\s+(\d{1,6})\s*(s|m|h|d)$/i.exec(trimmed);
  if (every) {
    const intervalMs = Number(every[1]) * UNIT_MS[every[2].toLowerCase() as keyof typeof UNIT_MS];
    if (intervalMs < minIntervalMs) return { ok: false, reason: `"${trimmed}" is more often than the shortest interval allowed (${minIntervalMs / 1000} s)` };
    if (intervalMs > MAX_INTERVAL_MS) return { ok: false, reason: `"${trimmed}" is longer than a year` };
    return { ok: true, schedule: { kind: 'every', intervalMs, text: trimmed } };
  }
  if (/^every\b/i.test(trimmed)) return { ok: false, reason: `"${trimmed}": write every <number><s|m|h|d>, e.g. every 10m` };
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return { ok: false, reason: `a cron schedule has 5 fields (minute hour day-of-month month day-of-week), "${trimmed}" has ${parts.length}` };
  const sets: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const field = parseField(part, FIELDS[i]);
    if (typeof field === 'string') return { ok: false, reason: `${FIELDS[i].name} "${part}": ${field}` };
    sets.push(field);
  }
  const weekdays = new Set([...sets[4]].map((d) => (d === 7 ? 0 : d)));
  return {
    ok: true,
    schedule: { kind: 'cron', text: trimmed, fields: { minutes: sets[0], hours: sets[1], days: sets[2], months: sets[3], weekdays, anyDay: parts[2] === '*', anyWeekday: parts[4] === '*' } },
  };
}

function parseField(text: string, range: { min: number; max: number }): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(item);
    if (!m) return `"${item}" is not *, a number, a range a-b or a step x/n`;
    let lo = range.min;
    let hi = range.max;
    if (m[1] !== '*') {
      lo = Number(m[2]);
      hi = m[3] === undefined ? (m[4] === undefined ? lo : range.max) : Number(m[3]);
    }
    const step = m[4] === undefined ? 1 : Number(m[4]);
    if (lo < range.min || hi > range.max) return `${lo < range.min ? lo : hi} is outside ${range.min}-${range.max}`;
    if (lo > hi) return `the range ${lo}-${hi} runs backwards`;
    if (step < 1) return 'a step is at least 1';
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** The first run strictly after `afterMs` (ms since the epoch, UTC), or null when none falls within five years. */
export function nextRun(schedule: Schedule, afterMs: number, anchorMs = afterMs): number | null {
  if (schedule.kind === 'every') {
    // Runs keep to the anchor's grid (the schedule's creation), so a late alarm does not drift the rest.
    const n = Math.floor((afterMs - anchorMs) / schedule.intervalMs) + 1;
    return anchorMs + Math.max(1, n) * schedule.intervalMs;
  }
  const f = schedule.fields;
  const start = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (let d = 0; d < 5 * 366; d++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!f.months.has(day.getUTCMonth() + 1)) continue;
    const domOk = f.days.has(day.getUTCDate());
    const dowOk = f.weekdays.has(day.getUTCDay());
    const dayOk = f.anyDay && f.anyWeekday ? true : f.anyDay ? dowOk : f.anyWeekday ? domOk : domOk || dowOk;
    if (!dayOk) continue;
    for (let h = 0; h < 24; h++) {
      if (!f.hours.has(h)) continue;
      for (let m = 0; m < 60; m++) {
        if (!f.minutes.has(m)) continue;
        const at = day.getTime() + h * 3_600_000 + m * 60_000;
        if (at > afterMs) return at;
      }
    }
  }
  return null;
}
