/** A session's test report (the admin API's JSON report) as Markdown, for an assistant to show or save. */
import type { SessionReport } from '../admin-api';

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n * 10) / 10} ms`);
const pct = (r: number | null | undefined) => (r === null || r === undefined ? '–' : `${(r * 100).toFixed(1)}%`);
const iso = (t: number | null | undefined) => (t === null || t === undefined ? '–' : new Date(t).toISOString());
/** A table cell: pipes and line breaks would break the row. */
const cell = (v: unknown) => String(v ?? '–').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const MAX_ROWS = 100;

/**
 * @example
 * reportMarkdown(report) // "# Test report: shop / session s1\n\n| Requests | 12 |..."
 */
export function reportMarkdown(r: SessionReport): string {
  const s = r.session;
  const lines: string[] = [];
  lines.push(`# Test report: ${r.mock} / session ${s.id}${s.name ? ` (${s.name})` : ''}`, '');
  lines.push(`Generated ${r.generatedAt}. Session ${s.state}, from ${iso(s.createdAt)} to ${iso(s.endedAt ?? s.lastRequestAt)} (${Math.round(s.durationMs / 100) / 10} s).`, '');
  lines.push('## Summary', '', '| Figure | Value |', '| --- | --- |');
  lines.push(`| Requests | ${r.summary.requests} |`);
  lines.push(`| Errors (status ≥ 400) | ${r.summary.errors} |`);
  lines.push(`| Success rate | ${pct(s.successRate)} |`);
  lines.push(`| Throughput | ${r.summary.throughputPerSecond.toFixed(2)} req/s |`);
  const l = r.latency.percentiles;
  lines.push(`| Latency p50 / p95 / p99 / max | ${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} / ${ms(l.max)} |`);
  if (r.coverage) {
    lines.push(`| Operations covered | ${r.coverage.operations.exercised} of ${r.coverage.operations.total} (${pct(r.coverage.operations.ratio)}) |`);
    lines.push(`| Declared responses covered | ${r.coverage.responses.exercised} of ${r.coverage.responses.total} (${pct(r.coverage.responses.ratio)}) |`);
  }
  lines.push('', '## Operations', '', '| Operation | Method | Path | Requests | Errors | p50 | p95 | Statuses | Never produced |', '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const op of r.operations.slice(0, MAX_ROWS)) {
    const statuses = Object.entries(op.statuses)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    lines.push(`| ${cell(op.operationId ?? '(no operation)')} | ${op.method} | ${cell(op.path)} | ${op.requests} | ${op.errors} | ${ms(op.latencyMs.p50)} | ${ms(op.latencyMs.p95)} | ${cell(statuses || '–')} | ${cell(op.unexercisedStatuses.join(' ') || '–')} |`);
  }
  if (r.operations.length > MAX_ROWS) lines.push('', `… ${r.operations.length - MAX_ROWS} more operation(s) in the JSON report.`);
  if (r.errors.length > 0) {
    lines.push('', '## Errors', '', '| Operation | Method | Status | Count | Last seen |', '| --- | --- | ---: | ---: | --- |');
    for (const e of r.errors) lines.push(`| ${cell(e.operationId ?? '(no operation)')} | ${e.method} | ${e.status} | ${e.count} | ${iso(e.lastSeen)} |`);
  }
  if (r.coverage && r.coverage.unexercisedOperations.length > 0) {
    lines.push('', '## Operations never called', '');
    for (const op of r.coverage.unexercisedOperations) lines.push(`- ${op.method.toUpperCase()} ${op.path} (${op.operationId})`);
    if (r.coverage.more.unexercisedOperations > 0) lines.push(`- … and ${r.coverage.more.unexercisedOperations} more`);
  }
  if (r.anomalies.length > 0) {
    lines.push('', '## Anomalies', '');
    for (const a of r.anomalies) lines.push(`- ${a.kind} ${iso(a.start)}–${iso(a.end)}: ${a.detail}`);
  }
  if (r.recommendations.length > 0) {
    lines.push('', '## Recommendations', '');
    for (const rec of r.recommendations) lines.push(`- ${rec}`);
  }
  return `${lines.join('\n')}\n`;
}
