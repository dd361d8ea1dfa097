/** Short advice derived from the figures of an analysis; each names what it is based on. At most eight. */
import type { Anomaly } from './anomalies';
import type { Coverage } from './coverage';
import type { Percentiles } from './percentiles';
import { round } from './percentiles';

export interface ErrorGroup {
  operationId: string | null;
  method: string;
  status: number;
  count: number;
  lastSeen: number;
  sampleIds: string[];
}

export interface RecommendationInput {
  requests: number;
  errors: number;
  latencyMs: Percentiles;
  topErrors: readonly ErrorGroup[];
  coverage: Coverage | null;
  anomalies: readonly Anomaly[];
}

const MAX = 8;

function opName(e: { operationId: string | null; method: string }): string {
  return e.operationId ?? `${e.method} (no matching operation)`;
}

export function recommend(input: RecommendationInput): string[] {
  const out: string[] = [];
  if (input.requests === 0) {
    out.push('No requests match: widen the time window or the filters, or send traffic to the mock origin first.');
    return out;
  }
  const errorRate = input.errors / input.requests;
  const top = input.topErrors[0];
  if (errorRate >= 0.05 && top !== undefined) {
    out.push(
      `${round(errorRate * 100, 1)}% of requests failed; the largest group is ${opName(top)} answering ${top.status} (${top.count}×): open ${top.sampleIds[0] ?? 'a sample'} with GET /api/logs/{id}.`,
    );
  }
  const byStatus = (pred: (s: number) => boolean) => input.topErrors.filter((e) => pred(e.status)).reduce((n, e) => n + e.count, 0);
  const unrouted = input.topErrors.filter((e) => e.operationId === null && (e.status === 404 || e.status === 405)).reduce((n, e) => n + e.count, 0);
  if (unrouted > 0) out.push(`${unrouted} request(s) hit no operation of the spec (404/405 from routing): check the client's base path and paths against the spec.`);
  const invalid = byStatus((s) => s === 400 || s === 415 || s === 422);
  if (invalid > 0) out.push(`${invalid} request(s) failed request validation (400/415/422): their validationErrors (GET /api/logs/{id}) say which field broke the schema.`);
  const auth = byStatus((s) => s === 401 || s === 403);
  if (auth > 0) out.push(`${auth} request(s) were refused for missing or wrong credentials (401/403): send what the operation's security scheme asks for.`);
  const server = byStatus((s) => s >= 500);
  if (server > 0) out.push(`${server} request(s) got 5xx answers: if no fault was injected on purpose, check the active scenario and overrides.`);
  const p99 = input.latencyMs.p99;
  if (p99 !== null && p99 >= 1000) out.push(`p99 latency is ${p99} ms: a latency fault or scenario may be active; check the slowest operations.`);
  for (const anomaly of input.anomalies.slice(0, 2)) {
    out.push(`${anomaly.kind} from ${new Date(anomaly.start).toISOString()} to ${new Date(anomaly.end).toISOString()}: ${anomaly.detail}.`);
  }
  const coverage = input.coverage;
  if (coverage !== null && coverage.unexercisedOperations.length > 0) {
    const total = coverage.unexercisedOperations.length + coverage.more.unexercisedOperations;
    const names = coverage.unexercisedOperations.slice(0, 5).map((o) => o.operationId);
    out.push(`${total} of ${coverage.operations.total} operations were never called (${names.join(', ')}${total > names.length ? ', …' : ''}): add tests for them.`);
  }
  if (coverage !== null) {
    const errorPaths = coverage.unexercisedStatuses
      .filter((u) => coverage.unexercisedOperations.every((o) => o.operationId !== u.operationId))
      .flatMap((u) => u.statuses.filter((s) => s !== 'default' && !s.startsWith('2')).map((s) => `${u.operationId} ${s}`));
    if (errorPaths.length > 0) {
      out.push(`Declared error responses never exercised (${errorPaths.slice(0, 5).join(', ')}${errorPaths.length > 5 ? ', …' : ''}): request them with the header Prefer: code=<status>.`);
    }
  }
  return out.slice(0, MAX);
}
