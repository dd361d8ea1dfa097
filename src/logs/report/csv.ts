/** A session report as CSV: one row per operation, the plan's operations never called included at zero. */
import { csvLine } from '../csv';
import type { SessionReport } from './model';

const HEADER = ['session_id', 'operation_id', 'method', 'path', 'requests', 'errors', 'error_rate', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'statuses', 'unexercised_statuses'];

export function reportCsv(report: SessionReport): string {
  let out = csvLine(HEADER);
  for (const op of report.operations) {
    out += csvLine([
      report.session.id,
      op.operationId,
      op.method,
      op.path,
      op.requests,
      op.errors,
      op.errorRate,
      op.latencyMs.p50,
      op.latencyMs.p95,
      op.latencyMs.p99,
      op.latencyMs.max,
      Object.entries(op.statuses)
        .map(([status, n]) => `${status}:${n}`)
        .join(' '),
      op.unexercisedStatuses.join(' '),
    ]);
  }
  return out;
}
