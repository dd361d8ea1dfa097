/**
 * A load run's HTML report: one self-contained page (no external requests) with inline SVG charts
 * from the per-second series — latency p50/p95, throughput, errors — the k6-shaped figures, the
 * thresholds and the operations. Every text from the run is escaped.
 */
import type { LoadSummary, SecondPoint } from './summary';

export interface LoadReportHead {
  id: string;
  target: string;
  status: string;
  reason?: string | null;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)).toString() : '–');

const W = 640;
const H = 180;
const PAD = { l: 48, r: 12, t: 12, b: 24 };

interface Line {
  label: string;
  color: string;
  values: number[];
}

/** A line chart of per-second values, t on the x axis; an empty series draws an empty frame. */
export function lineChart(title: string, unit: string, ts: number[], lines: Line[]): string {
  const max = Math.max(1e-9, ...lines.flatMap((l) => l.values));
  const tMax = Math.max(1, ...ts);
  const x = (t: number) => PAD.l + (t / tMax) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const paths = lines
    .map((l) => {
      const points = l.values.map((v, i) => `${x(ts[i] ?? 0).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return points ? `<polyline fill="none" stroke="${l.color}" stroke-width="1.5" points="${points}"><title>${esc(l.label)}</title></polyline>` : '';
    })
    .join('');
  const legend = lines.map((l, i) => `<text x="${PAD.l + 8 + i * 120}" y="${PAD.t + 10}" fill="${l.color}" font-size="11">${esc(l.label)}</text>`).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#999"/><line x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}" stroke="#999"/>
<text x="4" y="${PAD.t + 4}" font-size="10">${num(max)} ${esc(unit)}</text><text x="4" y="${H - PAD.b}" font-size="10">0</text>
<text x="${W - PAD.r - 40}" y="${H - 6}" font-size="10">${num(tMax, 0)} s</text>${legend}${paths}</svg></figure>`;
}

export function loadReportHtml(summary: LoadSummary, head: LoadReportHead): string {
  const m = summary.metrics;
  const d = m.http_req_duration.values;
  const series: SecondPoint[] = [...summary.series].sort((a, b) => a.t - b.t);
  const ts = series.map((p) => p.t);
  const charts = [
    lineChart('Latency per second', 'ms', ts, [
      { label: 'p50', color: '#1f77b4', values: series.map((p) => p.p50) },
      { label: 'p95', color: '#d62728', values: series.map((p) => p.p95) },
    ]),
    lineChart('Throughput', 'req/s', ts, [{ label: 'requests/s', color: '#2ca02c', values: series.map((p) => p.reqs) }]),
    lineChart('Errors', 'per s', ts, [
      { label: 'failed/s', color: '#d62728', values: series.map((p) => p.failed) },
      { label: 'dropped/s', color: '#ff7f0e', values: series.map((p) => p.dropped) },
    ]),
  ].join('\n');
  const thresholds = summary.thresholds.length
    ? `<table><tr><th>threshold</th><th>measured</th><th>verdict</th></tr>${summary.thresholds.map((t) => `<tr><td><code>${esc(t.threshold)}</code></td><td>${num(t.actual, 3)}</td><td class="${t.ok ? 'ok' : 'bad'}">${t.ok ? 'held' : 'FAILED'}</td></tr>`).join('')}</table>`
    : '<p>No thresholds.</p>';
  const operations = Object.entries(summary.operations)
    .map(([name, o]) => {
      const v = o.http_req_duration.values;
      return `<tr><td>${esc(name)}</td><td>${o.http_reqs.values.count}</td><td>${num(v.med)}</td><td>${num(v['p(95)'])}</td><td>${num(v['p(99)'])}</td><td>${num(v.max)}</td><td>${num(o.http_req_failed.values.rate * 100)}%</td></tr>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load run ${esc(head.id)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}.ok{color:#2a2}.bad{color:#c22;font-weight:bold}figure{margin:1em 0}figcaption{font-weight:bold}</style>
</head><body>
<h1>Load run ${esc(head.id)}: <span class="${head.status === 'passed' ? 'ok' : 'bad'}">${esc(head.status)}</span></h1>
<p>Target <code>${esc(head.target)}</code>; ${num(summary.state.testRunDurationMs / 1000, 1)} s, ${summary.state.shards} shard(s).${head.reason ? ` ${esc(head.reason)}` : ''}</p>
<table><tr><th>metric</th><th>value</th></tr>
<tr><td>http_reqs</td><td>${m.http_reqs.values.count} (${num(m.http_reqs.values.rate)}/s)</td></tr>
<tr><td>http_req_duration</td><td>avg ${num(d.avg)} · min ${num(d.min)} · med ${num(d.med)} · p90 ${num(d['p(90)'])} · p95 ${num(d['p(95)'])} · p99 ${num(d['p(99)'])} · max ${num(d.max)} ms</td></tr>
<tr><td>http_req_failed</td><td>${num(m.http_req_failed.values.rate * 100)}% (${m.http_req_failed.values.passes} of ${m.http_reqs.values.count})</td></tr>
<tr><td>checks</td><td>${num(m.checks.values.rate * 100)}%</td></tr>
<tr><td>iterations</td><td>${m.iterations.values.count}</td></tr>
<tr><td>dropped_iterations</td><td>${m.dropped_iterations.values.count}</td></tr></table>
<h2>Thresholds</h2>${thresholds}
<h2>Charts</h2>
${charts}
<h2>Operations</h2><table><tr><th>operation</th><th>requests</th><th>med ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>failed</th></tr>${operations}</table>
</body></html>
`;
}
