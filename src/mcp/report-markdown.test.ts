import { describe, expect, it } from 'vitest';
import type { SessionReport } from '../logs/report/model';
import { reportMarkdown } from './report-markdown';

const none = { p50: null, p95: null, p99: null, max: null, avg: null };

function report(): SessionReport {
  return {
    kind: 'mockloop-session-report',
    generatedAt: '2026-11-21T17:00:00.000Z',
    mock: 'shop',
    session: {
      id: 's1',
      name: 'checkout | happy path',
      metadata: null,
      origin: 'api',
      state: 'ended',
      createdAt: Date.parse('2026-11-21T16:59:00Z'),
      endedAt: Date.parse('2026-11-21T17:00:00Z'),
      requests: 4,
      successes: 3,
      errors: 1,
      successRate: 0.75,
      firstRequestAt: null,
      lastRequestAt: null,
      durationMs: 60_000,
      latencyMs: { avg: 3, max: 9 },
      statuses: [],
      operations: [],
    },
    summary: { requests: 4, errors: 1, errorRate: 0.25, throughputPerSecond: 0.0667, latencyMs: { p50: 2, p95: 9, p99: 9, max: 9, avg: 3 }, firstRequestAt: null, lastRequestAt: null },
    coverage: {
      planVersion: 'v',
      operations: { total: 2, exercised: 1, ratio: 0.5 },
      responses: { total: 3, exercised: 2, ratio: 2 / 3 },
      unexercisedOperations: [{ operationId: 'createBook', method: 'post', path: '/books' }],
      unexercisedStatuses: [],
      undeclaredStatuses: [],
      more: { unexercisedOperations: 0, unexercisedStatuses: 0, undeclaredStatuses: 0 },
    },
    operations: [
      { operationId: 'listBooks', method: 'GET', path: '/books', requests: 4, errors: 1, errorRate: 0.25, latencyMs: { p50: 2, p95: 9, p99: 9, max: 9, avg: 3 }, statuses: { '200': 3, '400': 1 }, unexercisedStatuses: ['429'] },
      { operationId: 'createBook', method: 'POST', path: '/books', requests: 0, errors: 0, errorRate: 0, latencyMs: none, statuses: {}, unexercisedStatuses: ['201'] },
    ],
    errors: [{ operationId: 'listBooks', method: 'GET', status: 400, count: 1, lastSeen: Date.parse('2026-11-21T16:59:30Z'), sampleIds: [] }],
    latency: { percentiles: { p50: 2, p95: 9, p99: 9, max: 9, avg: 3 }, histogram: [] },
    timeline: [],
    bucketMs: 1000,
    anomalies: [],
    recommendations: ['Call createBook.'],
  };
}

describe('reportMarkdown', () => {
  it('renders the summary, one row per operation, errors, gaps and recommendations from the report', () => {
    const md = reportMarkdown(report());
    expect(md).toContain('# Test report: shop / session s1 (checkout | happy path)');
    expect(md).toContain('| Success rate | 75.0% |');
    expect(md).toContain('| Latency p50 / p95 / p99 / max | 2 ms / 9 ms / 9 ms / 9 ms |');
    expect(md).toContain('| Operations covered | 1 of 2 (50.0%) |');
    expect(md).toContain('| listBooks | GET | /books | 4 | 1 | 2 ms | 9 ms | 200×3 400×1 | 429 |');
    expect(md).toContain('| createBook | POST | /books | 0 | 0 | – | – | – | 201 |');
    expect(md).toContain('| listBooks | GET | 400 | 1 | 2026-11-21T16:59:30.000Z |');
    expect(md).toContain('- POST /books (createBook)');
    expect(md).toContain('- Call createBook.');
  });

  it('escapes pipes inside table cells', () => {
    const r = report();
    r.operations[0].path = '/a|b';
    expect(reportMarkdown(r)).toContain('| /a\\|b |');
  });
});
