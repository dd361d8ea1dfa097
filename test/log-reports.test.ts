/**
 * Session reports (JSON, HTML with inline SVG charts, CSV), stats, debug, and streamed export of a
 * few thousand requests in NDJSON, CSV and HAR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRequestLog } from '../src/logs/record';
import type { SessionReport } from '../src/logs/report';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
const BOOK = '3f1c2b8e-6d4a-4f7e-9a51-2c8d7e0b4a11';
const BULK = 3000;
const TRICKY = 'say "hi",\r\nthen, leave';

interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; headers: Array<{ name: string; value: string }>; postData: { text: string } };
  response: { status: number };
  timings: { wait: number };
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

beforeAll(async () => {
  stack = await startTestStack([{ name: 'reports', plan: await compileOrThrow(BOOKSHOP) }]);
  mock = stack.mocks.reports;
  await mock.admin('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'report-run', name: 'Report <run> & co' }) });
  const send = async (path: string, init: RequestInit = {}) => (await fetch(`${mock.url}${path}`, init)).arrayBuffer();
  const session = { 'x-test-session': 'report-run' };
  for (let i = 0; i < 8; i++) await send('/books', { headers: session });
  for (let i = 0; i < 3; i++) await send(`/books/${BOOK}`, { headers: { ...session, prefer: 'code=404' } });
  await send('/authors', { headers: session });
  let next = 0;
  await Promise.all(
    Array.from({ length: 40 }, async () => {
      while (next < BULK) {
        const i = next++;
        const headers = { 'x-test-session': 'bulk', 'content-type': 'application/json', 'x-api-key': 'k' };
        if (i % 3 === 0) await send(`/books?offset=${i}`, { headers });
        else if (i % 3 === 1) await send('/authors', { headers });
        else await send('/orders', { method: 'POST', headers, body: JSON.stringify({ note: TRICKY, n: i }) });
      }
    }),
  );
  await waitForLogCount(mock, 12 + BULK, 30_000);
}, 120_000);
afterAll(() => stack?.dispose());

describe('GET /api/testing/report', () => {
  it('reports a session as JSON: traffic, coverage, errors, latency', async () => {
    const res = await mock.admin('/api/testing/report?session_id=report-run');
    expect(res.status).toBe(200);
    const report = (await res.json()) as SessionReport;
    expect(report).toMatchObject({ kind: 'mockloop-session-report', mock: 'reports', session: { id: 'report-run', requests: 12 }, summary: { requests: 12, errors: 3 } });
    expect(report.errors[0]).toMatchObject({ operationId: 'getBook', status: 404, count: 3 });
    expect(report.latency.histogram.reduce((n, b) => n + b.count, 0)).toBe(12);
    expect(report.timeline.reduce((n, b) => n + b.requests, 0)).toBe(12);
    expect(report.operations.find((o) => o.operationId === 'listBooks')).toMatchObject({ requests: 8, errors: 0, path: '/books', statuses: { 200: 8 } });
    expect(report.operations.find((o) => o.operationId === 'createOrder')).toMatchObject({ requests: 0 });
    expect(report.operations).toHaveLength(mock.plan.operations.length);
    expect(report.coverage?.operations.exercised).toBe(3);
  });

  it('reports a session as one self-contained HTML page with SVG charts', async () => {
    const res = await mock.admin('/api/testing/report?session_id=report-run&format=html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg id="latency-histogram"');
    expect(html).toContain('<svg id="requests-over-time"');
    expect(html.match(/<rect /g)?.length).toBeGreaterThan(2);
    expect(html).toContain('Report &lt;run&gt; &amp; co');
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/);
    expect(html).toContain('getBook');
  });

  it('reports a session as CSV, one row per operation', async () => {
    const res = await mock.admin('/api/testing/report?session_id=report-run&format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await res.text());
    expect(rows[0].slice(0, 5)).toEqual(['session_id', 'operation_id', 'method', 'path', 'requests']);
    expect(rows).toHaveLength(1 + mock.plan.operations.length);
    for (const row of rows) expect(row).toHaveLength(rows[0].length);
    const getBook = rows.find((r) => r[1] === 'getBook')!;
    expect(getBook.slice(4, 6)).toEqual(['3', '3']);
    expect(getBook[11]).toBe('404:3');
  });

  it('answers 400 or 404 naming session_id and format', async () => {
    for (const [query, status, field] of [
      ['', 400, 'session_id'],
      ['session_id=report-run&format=pdf', 400, 'format'],
      ['session_id=nope', 404, 'session_id'],
    ] as const) {
      const res = await mock.admin(`/api/testing/report?${query}`);
      expect(res.status, query).toBe(status);
      expect(((await res.json()) as { errors: Array<{ location: string }> }).errors.map((e) => e.location)).toContain(`query/${field}`);
    }
  });

  it('says session_id is required, and where the whole mock is reported, when it is missing (also for HTML)', async () => {
    const res = await mock.admin('/api/testing/report?format=html');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { errors: Array<{ location: string; message: string }> };
    expect(problem.errors).toEqual([{ location: 'query/session_id', message: expect.stringMatching(/^required: a report covers one test session \(GET \/api\/logs\/analyze covers the whole mock\)$/), code: 'invalid_type' }]);
  });
});

describe('GET /api/stats and /api/debug', () => {
  it('gives dashboard totals', async () => {
    const stats = (await (await mock.admin('/api/stats')).json()) as Record<string, unknown> & { statusClasses: Record<string, number>; lastMinute: { requests: number } };
    expect(stats).toMatchObject({ mock: 'reports', requests: 12 + BULK, sessions: { total: 2, active: 2 } });
    expect(Object.values(stats.statusClasses).reduce((a, b) => a + b, 0)).toBe(12 + BULK);
    expect(stats.lastMinute.requests).toBe(12 + BULK);
  });

  it('gives plan version, settings and state sizes', async () => {
    const debug = (await (await mock.admin('/api/debug')).json()) as { planVersion: string; settings: object; storage: Record<string, number> };
    expect(debug.planVersion).toBe(mock.plan.version);
    expect(debug.settings).toMatchObject({ validateRequests: true });
    expect(debug.storage).toMatchObject({ requestLogs: 12 + BULK, sessions: 2, planVersions: 1 });
    expect(debug.storage.logTexts).toBeGreaterThan(0);
  });
});

describe('GET /api/export', () => {
  it('streams NDJSON, one whole record per line, oldest first', async () => {
    const res = await mock.admin('/api/export?session_id=bulk');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(BULK);
    const logs = lines.map((l) => JSON.parse(l) as StoredRequestLog);
    const ids = logs.map((l) => l.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(BULK);
    const list = logs.find((l) => l.operationId === 'listBooks')!;
    expect(list.responseBody!.length).toBeGreaterThanOrEqual(256);
    expect(logs.find((l) => l.method === 'POST')!.requestBody).toContain('say \\"hi\\"');
  });

  it('streams CSV that parses, bodies with quotes, commas and line breaks included', async () => {
    const res = await mock.admin('/api/export?session_id=bulk&format=csv');
    expect(res.headers.get('content-disposition')).toContain('reports-requests.csv');
    const rows = parseCsv(await res.text());
    expect(rows).toHaveLength(1 + BULK);
    for (const row of rows) expect(row).toHaveLength(rows[0].length);
    const body = rows[0].indexOf('request_body');
    const post = rows.find((r) => r[3] === 'POST')!;
    expect(JSON.parse(post[body]).note).toBe(TRICKY);
  });

  it('streams a HAR 1.2 document with log.entries', async () => {
    const res = await mock.admin('/api/export?session_id=bulk&format=har');
    const har = (await res.json()) as { log: { version: string; creator: { name: string }; entries: HarEntry[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(BULK);
    const entry = har.log.entries.find((e) => e.request.method === 'POST')!;
    expect(entry.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/orders$/);
    expect(JSON.parse(entry.request.postData.text).note).toBe(TRICKY);
    expect(entry.response.status).toBeGreaterThanOrEqual(200);
    expect(entry.request.headers).toContainEqual({ name: 'x-api-key', value: '[redacted]' });
    expect(typeof entry.startedDateTime).toBe('string');
    expect(entry.timings.wait).toBe(entry.time);
  });

  it('applies filters and limit, and names bad parameters', async () => {
    const text = await (await mock.admin('/api/export?session_id=bulk&method=GET&operation=listAuthors&limit=7')).text();
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as StoredRequestLog);
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.operationId === 'listAuthors')).toBe(true);
    expect(JSON.parse(await (await mock.admin('/api/export?session_id=none&format=har')).text()).log.entries).toEqual([]);
    for (const [query, field] of [
      ['format=xml', 'format'],
      ['limit=0', 'limit'],
      ['time_from=noon', 'time_from'],
    ]) {
      const res = await mock.admin(`/api/export?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: Array<{ location: string }> }).errors.map((e) => e.location)).toContain(`query/${field}`);
    }
  });
});
