/** The drift report: entries grouped per operation, as JSON and as a self-contained HTML page. */
import type { DifferenceKind, DriftEntry } from './drift';

export interface OperationDrift {
  operation: string;
  requests: number;
  /** Requests whose live answer violated the spec. */
  violating: number;
  /** Requests where the mock and the live API answered differently (beyond ignored and volatile fields). */
  drifting: number;
  statuses: Array<{ mock: number; live: number; count: number }>;
  violations: Array<{ location: string; message: string; count: number }>;
  differences: Array<{ pointer: string; kind: DifferenceKind; count: number; mock?: string; live?: string }>;
}

export interface DriftReport {
  generatedAt: string;
  requests: number;
  operations: OperationDrift[];
}

export function driftReport(entries: DriftEntry[], now: number): DriftReport {
  const byOp = new Map<string, DriftEntry[]>();
  for (const entry of entries) {
    const key = entry.operation ?? `${entry.method} ${entry.path}`;
    byOp.set(key, [...(byOp.get(key) ?? []), entry]);
  }
  const operations: OperationDrift[] = [];
  for (const [operation, list] of byOp) {
    const statuses = new Map<string, { mock: number; live: number; count: number }>();
    const violations = new Map<string, { location: string; message: string; count: number }>();
    const differences = new Map<string, OperationDrift['differences'][number]>();
    for (const e of list) {
      const s = `${e.status.mock}/${e.status.live}`;
      statuses.set(s, { mock: e.status.mock, live: e.status.live, count: (statuses.get(s)?.count ?? 0) + 1 });
      for (const v of e.violations) {
        const k = `${v.location}\u0000${v.message}`;
        violations.set(k, { location: v.location, message: v.message, count: (violations.get(k)?.count ?? 0) + 1 });
      }
      for (const d of e.differences) {
        const k = `${d.pointer}\u0000${d.kind}`;
        const seen = differences.get(k);
        if (seen) seen.count += 1;
        else differences.set(k, { pointer: d.pointer, kind: d.kind, count: 1, ...(d.mock === undefined ? {} : { mock: d.mock }), ...(d.live === undefined ? {} : { live: d.live }) });
      }
    }
    operations.push({
      operation,
      requests: list.length,
      violating: list.filter((e) => e.violations.length > 0).length,
      drifting: list.filter((e) => e.differences.length > 0).length,
      statuses: [...statuses.values()],
      violations: [...violations.values()].sort((a, b) => b.count - a.count),
      differences: [...differences.values()].sort((a, b) => b.count - a.count),
    });
  }
  operations.sort((a, b) => a.operation.localeCompare(b.operation));
  return { generatedAt: new Date(now).toISOString(), requests: entries.length, operations };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function driftReportHtml(report: DriftReport, title: string): string {
  const sections = report.operations
    .map((op) => {
      const violations = op.violations.map((v) => `<tr><td><code>${escapeHtml(v.location)}</code></td><td>${escapeHtml(v.message)}</td><td>${v.count}</td></tr>`).join('');
      const diffs = op.differences
        .map((d) => `<tr><td><code>${escapeHtml(d.pointer)}</code></td><td>${d.kind}</td><td><code>${escapeHtml(d.mock ?? '')}</code></td><td><code>${escapeHtml(d.live ?? '')}</code></td><td>${d.count}</td></tr>`)
        .join('');
      const statuses = op.statuses.map((s) => `${s.mock} / ${s.live} ×${s.count}`).join(', ');
      return `<section><h2>${escapeHtml(op.operation)}</h2><p>${op.requests} requests · ${op.violating} with spec violations · ${op.drifting} drifting · status mock/live: ${escapeHtml(statuses)}</p>
<h3>Live answer vs the spec</h3>${violations ? `<table><tr><th>where</th><th>violation</th><th>count</th></tr>${violations}</table>` : '<p>No violations.</p>'}
<h3>Mock vs live</h3>${diffs ? `<table><tr><th>pointer</th><th>kind</th><th>mock</th><th>live</th><th>count</th></tr>${diffs}</table>` : '<p>No differences.</p>'}</section>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head><body><h1>${escapeHtml(title)}</h1><p>${report.requests} compared requests, ${report.generatedAt}</p>${sections || '<p>No requests compared yet.</p>'}</body></html>`;
}
