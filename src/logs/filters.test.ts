import { describe, expect, it } from 'vitest';
import { parseStatuses, parseTime, searchQuery, toLogFilter } from './filters';

describe('parseTime', () => {
  it('reads ISO 8601 and epoch milliseconds', () => {
    expect(parseTime('2026-11-21T15:00:00Z')).toBe(Date.UTC(2026, 10, 21, 15));
    expect(parseTime('2026-11-21T16:00:00+01:00')).toBe(Date.UTC(2026, 10, 21, 15));
    expect(parseTime('2026-11-21')).toBe(Date.UTC(2026, 10, 21));
    expect(parseTime('1795271686498')).toBe(1795271686498);
  });
  it.each(['yesterday', '2026-13-45T00:00:00Z', '21/11/2026', '1.5e12', ''])('refuses %s', (text) => {
    expect(parseTime(text)).toBeNull();
  });
});

describe('parseStatuses', () => {
  it('reads statuses, classes and ranges', () => {
    expect(parseStatuses('200, 4xx,500-504')).toEqual([
      { min: 200, max: 200 },
      { min: 400, max: 499 },
      { min: 500, max: 504 },
    ]);
  });
  it.each(['6xx', '42', 'ok', '504-500', '200,,201', '700'])('refuses %s', (text) => {
    expect(parseStatuses(text)).toBeNull();
  });
});

describe('searchQuery', () => {
  it('turns a query string into a filter', () => {
    const parsed = searchQuery.parse({ time_from: '2026-11-21', method: 'get,post', status: '5xx', operation: 'listBooks', q: 'dune', limit: '10' });
    expect(parsed.limit).toBe(10);
    expect(toLogFilter(parsed)).toEqual({ from: Date.UTC(2026, 10, 21), methods: ['GET', 'POST'], statuses: [{ min: 500, max: 599 }], operations: ['listBooks'], q: 'dune' });
  });

  it.each([
    [{ time_from: 'soon' }, 'time_from'],
    [{ status: '9xx' }, 'status'],
    [{ method: 'FETCH' }, 'method'],
    [{ path_regex: '(a)\\1' }, 'path_regex'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ time_from: '2026-11-22', time_to: '2026-11-21' }, 'time_to'],
  ])('names the field of a bad %o', (query, field) => {
    const parsed = searchQuery.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuses unknown parameters', () => {
    expect(searchQuery.safeParse({ sttaus: '200' }).success).toBe(false);
  });
});
