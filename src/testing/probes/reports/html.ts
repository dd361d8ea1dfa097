/** A self-contained HTML report: summary per check, then each finding with its request and evidence. */
import { OWASP_TITLES, severityRank } from '../catalog';
import type { ProbeResult } from '../types';
import { escapeXml as escapeHtml } from './junit';

const COLOURS: Record<string, string> = { critical: '#7f1d1d', high: '#b91c1c', medium: '#c2410c', low: '#a16207', info: '#475569' };

export function toHtml(result: ProbeResult): string {
  const findings = [...result.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const rows = result.checks
    .map((c) => `<tr><td>${escapeHtml(c.check)}</td><td>${escapeHtml(OWASP_TITLES[c.category])}</td><td>${c.operations}</td><td>${c.requests}</td><td>${c.findings}</td><td>${escapeHtml(c.skipped ?? '')}</td></tr>`)
    .join('\n');
  const items = findings
    .map(
      (f) => `<section class="finding"><h3><span class="sev" style="background:${COLOURS[f.severity]}">${f.severity}</span> ${escapeHtml(f.title)}</h3>
<p>${escapeHtml(f.check)} · ${escapeHtml(OWASP_TITLES[f.category])} · operation <code>${escapeHtml(f.operation)}</code> · status ${f.evidence.status}</p>
<pre>${escapeHtml(f.curl)}</pre><pre>${escapeHtml(f.evidence.excerpt)}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Security probes: ${escapeHtml(result.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}pre{background:#f4f4f5;padding:8px;white-space:pre-wrap;word-break:break-all}.sev{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px}</style></head>
<body><h1>Security probes: ${escapeHtml(result.title)}</h1>
<p>Target ${escapeHtml(result.target)} · ${result.requests} request(s) · ${result.status} · ${escapeHtml(result.startedAt)} → ${escapeHtml(result.finishedAt)}${result.notSent.writes > 0 ? ` · ${result.notSent.writes} write(s) not sent (no --allow-writes)` : ''}</p>
<table><thead><tr><th>check</th><th>category</th><th>operations</th><th>requests</th><th>findings</th><th>skipped</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>${findings.length} finding(s)</h2>
${items}
</body></html>
`;
}
