/** The end-of-test summary as text (laid out like k6's) and as JUnit XML (one test case per threshold). */
import type { DurationValues, LoadSummary } from './summary';

function ms(n: number): string {
  if (n >= 1000) return `${(n / 1000).toFixed(2)}s`;
  return `${n.toFixed(2)}ms`;
}

function line(name: string, value: string): string {
  return `    ${`${name}`.padEnd(31, '.')}: ${value}`;
}

function durations(v: DurationValues): string {
  return `avg=${ms(v.avg)} min=${ms(v.min)} med=${ms(v.med)} max=${ms(v.max)} p(90)=${ms(v['p(90)'])} p(95)=${ms(v['p(95)'])} p(99)=${ms(v['p(99)'])}`;
}

const pct = (r: number) => `${(r * 100).toFixed(2)}%`;

export function formatSummary(summary: LoadSummary, head: { target: string; status: string; id: string }): string {
  const m = summary.metrics;
  const out: string[] = [];
  out.push(`  run ${head.id} → ${head.target}: ${head.status}, ${(summary.state.testRunDurationMs / 1000).toFixed(1)}s, ${summary.state.shards} shard(s)`, '');
  if (summary.thresholds.length) {
    out.push('  █ THRESHOLDS', '');
    for (const t of summary.thresholds) {
      const actual = t.metric === 'http_req_duration' ? ms(t.actual) : String(Math.round(t.actual * 100000) / 100000);
      out.push(`    ${t.ok ? '✓' : '✗'} '${t.threshold}' ${actual}`);
    }
    out.push('');
  }
  out.push('  █ TOTAL RESULTS', '');
  const checks = m.checks.values;
  out.push(line('checks', `${pct(checks.rate)} ${checks.passes} out of ${checks.passes + checks.fails} (spec mix: status declared by the spec; test plan: its expectations)`));
  out.push(line('http_req_duration', durations(m.http_req_duration.values)));
  const failed = m.http_req_failed.values;
  out.push(line('http_req_failed', `${pct(failed.rate)} ${failed.passes} out of ${failed.passes + failed.fails}`));
  out.push(line('http_reqs', `${m.http_reqs.values.count} ${m.http_reqs.values.rate}/s`));
  out.push(line('iterations', `${m.iterations.values.count} ${m.iterations.values.rate}/s`));
  out.push(line('dropped_iterations', `${m.dropped_iterations.values.count} ${m.dropped_iterations.values.rate}/s`));
  const ops = Object.entries(summary.operations);
  if (ops.length > 1) {
    out.push('', '  █ PER OPERATION', '');
    for (const [name, op] of ops.sort((a, b) => b[1].http_reqs.values.count - a[1].http_reqs.values.count)) {
      const v = op.http_req_duration.values;
      out.push(`    ${name}: ${op.http_reqs.values.count} reqs, failed ${pct(op.http_req_failed.values.rate)}, med=${ms(v.med)} p(95)=${ms(v['p(95)'])} max=${ms(v.max)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** One test suite per run; one test case per threshold (a run without thresholds: one case, run completed). */
export function toJunit(summary: LoadSummary, head: { target: string; status: string; id: string }): string {
  const secs = (summary.state.testRunDurationMs / 1000).toFixed(3);
  const cases = summary.thresholds.length
    ? summary.thresholds.map((t) => {
        const body = t.ok ? '' : `<failure message="${xml(`${t.threshold} failed: measured ${t.actual}`)}" type="threshold"/>`;
        return `    <testcase classname="load.${xml(t.metric)}" name="${xml(t.threshold)}" time="${secs}">${body}</testcase>`;
      })
    : [`    <testcase classname="load" name="run completed" time="${secs}">${head.status === 'error' ? '<error message="the run failed"/>' : ''}</testcase>`];
  const failures = summary.thresholds.filter((t) => !t.ok).length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mockloop load" tests="${cases.length}" failures="${failures}" time="${secs}">
  <testsuite name="${xml(`load ${head.target}`)}" id="${xml(head.id)}" tests="${cases.length}" failures="${failures}" time="${secs}">
    <properties>
      <property name="http_reqs" value="${summary.metrics.http_reqs.values.count}"/>
      <property name="http_req_duration.p95" value="${summary.metrics.http_req_duration.values['p(95)']}"/>
      <property name="http_req_failed.rate" value="${summary.metrics.http_req_failed.values.rate}"/>
      <property name="dropped_iterations" value="${summary.metrics.dropped_iterations.values.count}"/>
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
