/** A plan run as JUnit XML: one testsuite per iteration, one testcase per step, a failure per failed step. */
import type { PlanRunResult } from './result';

export function planRunJunit(result: PlanRunResult): string {
  const suites = result.iterations.map((it) => {
    const failed = it.steps.filter((s) => !s.passed).length;
    const cases = it.steps.map((s) => {
      const head = `    <testcase classname="${xml(`${result.plan}.${it.iteration}`)}" name="${xml(s.step)}" time="${((s.latencyMs ?? 0) / 1000).toFixed(3)}"`;
      if (s.passed) return `${head}/>`;
      const lines = s.failures.map((f) => `${f.location} [${f.check}] ${f.message}`).join('\n');
      return `${head}>\n      <failure message="${xml(s.failures[0]?.message ?? 'failed')}" type="${xml(s.failures[0]?.check ?? 'failed')}">${xml(lines)}</failure>\n    </testcase>`;
    });
    const setup = [...it.setup, ...it.teardown].filter((a) => !a.ok).map((a) => `    <system-err>${xml(a.detail)}</system-err>`);
    return `  <testsuite name="${xml(`${result.plan} / ${it.iteration}`)}" tests="${it.steps.length}" failures="${failed}" errors="0" time="${(it.durationMs / 1000).toFixed(3)}">\n${[...cases, ...setup].join('\n')}\n  </testsuite>`;
  });
  const tests = result.summary.steps;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(result.plan)}" tests="${tests}" failures="${result.summary.failed}" time="${(result.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function xml(text: string): string {
  // XML 1.0 forbids these control characters; they are dropped.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
