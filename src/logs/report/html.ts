/** A session report as one self-contained HTML page: inline CSS and SVG charts, no script, no external assets. */
import { barChart, escapeXml as esc } from './svg';
import type { SessionReport } from './model';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.tiles{display:flex;flex-wrap:wrap;gap:.75rem}
.tile{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:8rem}.tile b{display:block;font-size:1.3rem}
.bad{color:#b3261e}figure{margin:1rem 0}figcaption{font-size:12px;color:#555}svg{width:100%;height:auto}code{font-size:12px}`;

const fmt = (v: number | null | undefined, unit = '') => (v === null || v === undefined ? '–' : `${v}${unit}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10}%`);
const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : new Date(ms).toISOString());

function timeLabel(ms: number, bucketMs: number): string {
  const iso = new Date(ms).toISOString();
  return bucketMs >= 86_400_000 ? iso.slice(5, 10) : bucketMs >= 60_000 ? iso.slice(11, 16) : iso.slice(11, 19);
}

export function reportHtml(report: SessionReport): string {
  const s = report.summary;
  const session = report.session;
  const tiles = [
    ['Requests', fmt(s.requests)],
    ['Errors', fmt(s.errors)],
    ['Error rate', pct(s.errorRate)],
    ['p50', fmt(s.latencyMs.p50, ' ms')],
    ['p95', fmt(s.latencyMs.p95, ' ms')],
    ['p99', fmt(s.latencyMs.p99, ' ms')],
    ['Max', fmt(s.latencyMs.max, ' ms')],
    ['Operations covered', report.coverage ? `${report.coverage.operations.exercised}/${report.coverage.operations.total}` : '–'],
  ];
  const histogram = barChart(
    'latency-histogram',
    'Latency histogram: requests per latency range',
    report.latency.histogram.map((b) => ({ label: `${b.fromMs}`, value: b.count, title: `${b.fromMs}–${b.toMs - 1} ms: ${b.count} request(s)` })),
    'latency (ms)',
  );
  const timeline = barChart(
    'requests-over-time',
    `Requests over time (${report.bucketMs / 1000} s buckets; errors in red)`,
    report.timeline.map((b) => ({ label: timeLabel(b.start, report.bucketMs), value: b.requests, part: b.errors, title: `${time(b.start)}: ${b.requests} request(s), ${b.errors} error(s), avg ${b.avgLatencyMs} ms` })),
    'time (UTC)',
  );
  const ops = report.operations
    .map(
      (o) =>
        `<tr><td><code>${esc(o.operationId ?? '(no operation)')}</code></td><td>${esc(o.method)}</td><td><code>${esc(o.path ?? '')}</code></td><td class="n">${o.requests}</td><td class="n${o.errors > 0 ? ' bad' : ''}">${o.errors}</td><td class="n">${fmt(o.latencyMs.p50)}</td><td class="n">${fmt(o.latencyMs.p95)}</td><td class="n">${fmt(o.latencyMs.max)}</td><td>${esc(
          Object.entries(o.statuses)
            .map(([k, n]) => `${k}×${n}`)
            .join(' '),
        )}</td><td>${esc(o.unexercisedStatuses.join(' '))}</td></tr>`,
    )
    .join('');
  const errors = report.errors.length === 0
    ? '<p>No errors.</p>'
    : `<table><tr><th>Operation</th><th>Status</th><th class="n">Count</th><th>Last seen</th><th>Sample request ids</th></tr>${report.errors
        .map((e) => `<tr><td><code>${esc(e.operationId ?? `${e.method} (no operation)`)}</code></td><td>${e.status}</td><td class="n">${e.count}</td><td>${time(e.lastSeen)}</td><td><code>${e.sampleIds.map(esc).join(' ')}</code></td></tr>`)
        .join('')}</table>`;
  const list = (items: string[]) => (items.length === 0 ? '<p>None.</p>' : `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`);
  const coverage = report.coverage;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Test report: ${esc(String(session.name ?? session.id))}</title><style>${STYLE}</style></head>
<body>
<h1>Test report: ${esc(String(session.name ?? session.id))}</h1>
<p>Mock <code>${esc(report.mock)}</code> · session <code>${esc(session.id)}</code> (${esc(String(session.state ?? ''))}) · ${time(s.firstRequestAt)} – ${time(s.lastRequestAt)} · generated ${esc(report.generatedAt)}</p>
<div class="tiles">${tiles.map(([k, v]) => `<div class="tile">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>
<h2>Latency</h2>${histogram}
<h2>Traffic</h2>${timeline}
<h2>Operations</h2>
<table><tr><th>Operation</th><th>Method</th><th>Path</th><th class="n">Requests</th><th class="n">Errors</th><th class="n">p50 ms</th><th class="n">p95 ms</th><th class="n">Max ms</th><th>Statuses</th><th>Declared, never seen</th></tr>${ops}</table>
<h2>Errors</h2>${errors}
<h2>Coverage</h2>
${coverage ? `<p>${coverage.operations.exercised} of ${coverage.operations.total} operations and ${coverage.responses.exercised} of ${coverage.responses.total} declared responses exercised (plan <code>${esc(coverage.planVersion ?? '')}</code>).</p>` : '<p>No plan is loaded.</p>'}
${coverage && coverage.undeclaredStatuses.length > 0 ? `<p>Statuses served that the spec does not declare:</p>${list(coverage.undeclaredStatuses.map((u) => `${u.operationId}: ${u.status} (${u.count}×)`))}` : ''}
<h2>Anomalies</h2>${list(report.anomalies.map((a) => `${a.kind} ${time(a.start)} – ${time(a.end)}: ${a.detail}`))}
<h2>Recommendations</h2>${list(report.recommendations)}
</body></html>
`;
}
