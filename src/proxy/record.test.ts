import { describe, expect, it } from 'vitest';
import type { MockPlan } from '../plan';
import { compareAnswers } from './drift';
import { buildRecording, type Exchange } from './record';

const plan = {
  format: 1,
  version: 'v',
  title: 't',
  apiVersion: '1',
  specVersion: '3.1.0',
  basePath: '',
  operations: [{ id: 'getN', operationId: 'getN', method: 'get', path: '/n', tags: [], parameters: [], security: [], responses: [] }],
  schemas: {},
  securitySchemes: {},
  warnings: [],
} as unknown as MockPlan;

const exchange = (body: string, extra: Partial<Exchange> = {}): Exchange => ({
  method: 'GET',
  path: '/n',
  query: '',
  operationId: 'getN',
  status: 200,
  responseHeaders: { 'content-type': 'application/json', date: 'x', 'x-request-id': 'req_abc123def456ghi789', 'x-mockloop-source': 'upstream' },
  responseBody: body,
  responseBodySize: body.length,
  upstreamMs: 42,
  ...extra,
});

describe('buildRecording', () => {
  it('makes a sequence of answers that differ, collapses repeats and volatile-only changes, and skips what it cannot replay', () => {
    const recording = buildRecording(
      plan,
      [
        exchange('{"n":1}'),
        exchange('{"n":1}'),
        exchange('{"n":2}'),
        exchange('{"n":3,"id":"3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b"}'),
        exchange('{"n":3,"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}'),
        exchange('{"n":', { responseBodySize: 50_000 }),
        exchange('{}', { operationId: null, path: '/other' }),
      ],
      { name: 'r', keepLatency: true, volatile: true },
    );
    const rule = recording.scenario.rules[0];
    const responses = rule.recorded?.[0].responses ?? [];
    expect(responses.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":3,"id":"3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b"}']);
    expect(responses[2].volatile).toContainEqual({ pointer: '/body/id', kind: 'uuid' });
    expect(responses[0].delay_ms).toBe(42);
    // Platform headers go; a request id is kept as a volatile header; the date is dropped.
    expect(responses[0].headers).toEqual({ 'content-type': 'application/json', 'x-request-id': 'req_abc123def456ghi789' });
    expect(recording.operations).toEqual([{ operation: 'getN', requests: 5, entries: 1, sequences: 1 }]);
    expect(recording.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('kept only part'), expect.stringContaining('no operation')]);
  });
});

describe('compareAnswers', () => {
  it('separates status, shape and value drift, leaving out volatile fields and ignored pointers', () => {
    const mock = { status: 200, contentType: 'application/json', body: JSON.stringify({ id: '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', n: 1, tags: ['a'], gone: true, price: 1 }) };
    const live = { status: 201, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', n: '1', tags: ['a', 'b'], added: 1, price: 2 }) };
    const diffs = compareAnswers(mock, live, { ignore: ['/price'], volatile: true });
    expect(diffs).toEqual([
      { pointer: '/status', kind: 'status', mock: '200', live: '201' },
      { pointer: '/body/n', kind: 'type', mock: 'integer', live: 'string' },
      { pointer: '/body/tags', kind: 'length', mock: '1', live: '2' },
      { pointer: '/body/gone', kind: 'missing', mock: 'true' },
      { pointer: '/body/added', kind: 'extra', live: '1' },
    ]);
    expect(compareAnswers(mock, live, { ignore: [], volatile: false }).map((d) => d.pointer)).toContain('/body/id');
  });
});
