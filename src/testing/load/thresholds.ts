/**
 * Thresholds, k6-style, as one line each:
 *
 *   [<operation>:][<metric>:]<aggregate><op><value>[ms|s][ abortOnFail]
 *
 * - aggregate: `avg`, `min`, `med`, `max`, `p90`, `p(95)`/`p95` (any percentile), `rate`, `count`
 * - metric (optional): `http_req_duration` (default for avg/min/med/max/pNN), `http_req_failed`
 *   (default for `rate`), `http_reqs` (default for `count`), `checks`, `iterations`,
 *   `dropped_iterations`
 * - operator: `<`, `<=`, `>`, `>=`, `==`, `!=`; durations in ms (`200`, `200ms`, `0.2s`)
 * - operation (optional): `GET /books/{bookId}` or an operationId (`listBooks`): the threshold
 *   applies to that operation's requests only
 * - ` abortOnFail`: stop the run as soon as the threshold fails
 *
 * Examples: `p95<200`, `p(99)<300`, `avg<50`, `rate<0.01`, `checks:rate>0.99`,
 * `GET /books:p95<100`, `listBooks:max<500 abortOnFail`.
 */
import { type Histogram, percentile } from './histogram';
import type { LoadStats, RequestStats } from './stats';

export type Metric = 'http_req_duration' | 'http_req_failed' | 'http_reqs' | 'checks' | 'iterations' | 'dropped_iterations';
export const METRICS: readonly Metric[] = ['http_req_duration', 'http_req_failed', 'http_reqs', 'checks', 'iterations', 'dropped_iterations'];
type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** The text as given. */
  source: string;
  operation?: string;
  metric: Metric;
  /** `avg`, `min`, `med`, `max`, `p(95)`, `rate`, `count`. */
  aggregate: string;
  percentile?: number;
  operator: Operator;
  value: number;
  abortOnFail: boolean;
}

export interface ThresholdResult {
  threshold: string;
  ok: boolean;
  /** The measured value the threshold compared (ms for durations). */
  actual: number;
  operation?: string;
  metric: Metric;
}

const PATTERN = /^(?:(.+?):)?(?:(http_req_duration|http_req_failed|http_reqs|checks|iterations|dropped_iterations):)?(avg|min|med|max|rate|count|p\(\d+(?:\.\d+)?\)|p\d+(?:\.\d+)?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)(ms|s)?(\s+abortOnFail)?$/;

export type ParsedThreshold = { ok: true; value: Threshold } | { ok: false; message: string };

/** @example parseThreshold('GET /books:p95<100') // { operation: 'GET /books', metric: 'http_req_duration', aggregate: 'p(95)', … } */
export function parseThreshold(text: string): ParsedThreshold {
  const source = text.trim();
  const m = PATTERN.exec(source);
  if (!m) return { ok: false, message: `"${text}" is not a threshold: write e.g. p95<200, p(99)<300, avg<100, rate<0.01, checks:rate>0.99 or "GET /books:p95<100"` };
  const [, operationText, metricGroup, agg, operator, numberText, unit, abort] = m;
  let operation: string | undefined = operationText;
  let metricText: string | undefined = metricGroup;
  // `checks:rate>0.99`: the lazy operation group took the metric's name.
  if (metricText === undefined && operation !== undefined && (METRICS as readonly string[]).includes(operation)) {
    metricText = operation;
    operation = undefined;
  }
  let aggregate = agg;
  let pct: number | undefined;
  if (agg.startsWith('p')) {
    pct = Number(agg.replace(/[p()]/g, ''));
    if (!(pct > 0 && pct <= 100)) return { ok: false, message: `"${text}": a percentile is between 0 and 100` };
    aggregate = `p(${pct})`;
  }
  const metric = (metricText as Metric | undefined) ?? (aggregate === 'rate' ? 'http_req_failed' : aggregate === 'count' ? 'http_reqs' : 'http_req_duration');
  const durationAggregate = aggregate !== 'rate' && aggregate !== 'count';
  if (metric === 'http_req_duration' && !durationAggregate) return { ok: false, message: `"${text}": http_req_duration takes avg, min, med, max or a percentile` };
  if (metric !== 'http_req_duration' && durationAggregate) return { ok: false, message: `"${text}": ${metric} takes rate or count, not ${aggregate}` };
  if (unit && metric !== 'http_req_duration') return { ok: false, message: `"${text}": only durations take a unit` };
  const value = Number(numberText) * (unit === 's' ? 1000 : 1);
  return {
    ok: true,
    value: { source, ...(operation ? { operation: operation.trim() } : {}), metric, aggregate, ...(pct === undefined ? {} : { percentile: pct }), operator: operator as Operator, value, abortOnFail: Boolean(abort) },
  };
}

/** Parses every threshold; the messages of those that do not parse. */
export function parseThresholds(list: readonly string[]): { ok: true; value: Threshold[] } | { ok: false; messages: Array<{ index: number; message: string }> } {
  const out: Threshold[] = [];
  const messages: Array<{ index: number; message: string }> = [];
  list.forEach((t, index) => {
    const p = parseThreshold(t);
    if (p.ok) out.push(p.value);
    else messages.push({ index, message: p.message });
  });
  return messages.length ? { ok: false, messages } : { ok: true, value: out };
}

export function metricValue(t: Threshold, stats: LoadStats, elapsedMs: number, resolveOperation: (name: string) => string | undefined): number {
  const secs = Math.max(elapsedMs, 1) / 1000;
  const label = t.operation === undefined ? undefined : (resolveOperation(t.operation) ?? t.operation);
  const r: RequestStats | undefined = label === undefined ? stats.all : stats.operations[label];
  const reqs = r?.reqs ?? 0;
  switch (t.metric) {
    case 'http_req_duration':
      return r ? durationAggregate(r.duration, t) : 0;
    case 'http_req_failed':
      return t.aggregate === 'rate' ? (reqs ? (r?.failed ?? 0) / reqs : 0) : (r?.failed ?? 0);
    case 'http_reqs':
      return t.aggregate === 'rate' ? reqs / secs : reqs;
    case 'checks': {
      const passed = r?.checksPassed ?? 0;
      const all = passed + (r?.checksFailed ?? 0);
      return t.aggregate === 'rate' ? (all ? passed / all : 0) : passed;
    }
    case 'iterations':
      return t.aggregate === 'rate' ? stats.iterations / secs : stats.iterations;
    case 'dropped_iterations':
      return t.aggregate === 'rate' ? stats.dropped / secs : stats.dropped;
  }
}

function durationAggregate(h: Histogram, t: Threshold): number {
  if (t.aggregate === 'avg') return h.count ? h.sum / h.count / 1000 : 0;
  if (t.aggregate === 'min') return h.count ? h.min / 1000 : 0;
  if (t.aggregate === 'max') return h.max / 1000;
  if (t.aggregate === 'med') return percentile(h, 50);
  return percentile(h, t.percentile ?? 50);
}

function holds(actual: number, op: Operator, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Evaluates thresholds over (merged) stats. */
export function evaluateThresholds(thresholds: readonly Threshold[], stats: LoadStats, elapsedMs: number, resolveOperation: (name: string) => string | undefined = () => undefined): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = metricValue(t, stats, elapsedMs, resolveOperation);
    return { threshold: t.source, ok: holds(actual, t.operator, t.value), actual, metric: t.metric, ...(t.operation ? { operation: t.operation } : {}) };
  });
}

