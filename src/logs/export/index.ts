/**
 * Export formats of the request log. Each one is a head, one piece per record and a tail, so an
 * export can be streamed record by record without holding the log in memory.
 */
import type { StoredRequestLog } from '../record';
import { csvLine } from '../csv';
import { harEntry } from './har';

export interface ExportFormat {
  contentType: string;
  extension: string;
  head(): string;
  /** `index` counts records from 0 (HAR needs commas between entries). */
  item(log: StoredRequestLog, index: number): string;
  tail(): string;
}

const CSV_COLUMNS = [
  'id',
  'time',
  'ts',
  'method',
  'path',
  'query',
  'operation_id',
  'status',
  'latency_ms',
  'session_id',
  'correlation_id',
  'request_body_size',
  'response_body_size',
  'client_address',
  'user_agent',
  'plan_version',
  'validation_errors',
  'request_body',
  'response_body',
];

export const EXPORT_FORMATS: Record<'ndjson' | 'csv' | 'har', ExportFormat> = {
  ndjson: { contentType: 'application/x-ndjson', extension: 'ndjson', head: () => '', item: (log) => `${JSON.stringify(log)}\n`, tail: () => '' },
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    head: () => csvLine(CSV_COLUMNS),
    item: (l) =>
      csvLine([
        l.id,
        new Date(l.ts).toISOString(),
        l.ts,
        l.method,
        l.path,
        l.query,
        l.operationId,
        l.status,
        l.latencyMs,
        l.sessionId,
        l.correlationId,
        l.requestBodySize,
        l.responseBodySize,
        l.clientAddress,
        l.userAgent,
        l.planVersion,
        l.validationErrors === null ? null : JSON.stringify(l.validationErrors),
        l.requestBody,
        l.responseBody,
      ]),
    tail: () => '',
  },
  har: {
    contentType: 'application/json; charset=utf-8',
    extension: 'har',
    head: () => '{"log":{"version":"1.2","creator":{"name":"MockLoop Edge","version":"0.1.0"},"entries":[',
    item: (log, index) => (index === 0 ? '' : ',') + JSON.stringify(harEntry(log)),
    tail: () => ']}}\n',
  },
};
