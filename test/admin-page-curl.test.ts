/** The admin page's "as curl" rendering of a logged request (pure, no browser). */
import { describe, expect, it } from 'vitest';
import { curlOf } from '../workers/mock/admin/ui/client/curl';
import type { LogEntry } from '../workers/mock/admin/ui/client/types';

const entry: LogEntry = {
  id: '01J0000000000000000000000',
  mock: 'm',
  planVersion: 'v',
  ts: 0,
  method: 'POST',
  path: '/v1/orders',
  operationId: 'createOrder',
  query: 'dry=1',
  requestHeaders: { host: 'api.example.com', 'content-type': 'application/json', 'x-api-key': '[redacted]', 'content-length': '12', 'x-note': "it's" },
  requestBody: '{"a":"b\'c"}',
  requestBodySize: 11,
  status: 201,
  responseHeaders: {},
  responseBody: null,
  responseBodySize: 0,
  latencyMs: 1,
  clientAddress: null,
  userAgent: null,
  sessionId: null,
  correlationId: 'c',
  validationErrors: null,
};

describe('curlOf', () => {
  it('rebuilds the request, quoting for a POSIX shell and leaving out redacted and connection headers', () => {
    const { command, redacted } = curlOf(entry);
    expect(command).toBe(
      `curl -X POST 'https://api.example.com/v1/orders?dry=1' -H 'content-type: application/json' -H 'x-note: it'\\''s' --data-raw '{"a":"b'\\''c"}'`,
    );
    expect(redacted).toEqual(['x-api-key']);
  });

  it('uses http for a local mock and no -X for GET', () => {
    const { command } = curlOf({ ...entry, method: 'GET', query: '', requestBody: null, requestHeaders: { host: '127.0.0.1:4010' } });
    expect(command).toBe(`curl 'http://127.0.0.1:4010/v1/orders'`);
  });
});
