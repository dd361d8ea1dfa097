/** JUnit XML: one test suite per check, one test case per operation it probed; a finding fails its case. */
import { CHECKS, OWASP_TITLES } from '../catalog';
import type { ProbeResult } from '../types';

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped.
  return text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function toJunit(result: ProbeResult): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = new Set(result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.check} ${f.operation}`)).size;
  out.push(`<testsuites name="mockloop probe ${escapeXml(result.title)}" tests="${result.checks.length}" failures="${failures}">`);
  for (const summary of result.checks) {
    const info = CHECKS.get(summary.check)!;
    const findings = result.findings.filter((f) => f.check === summary.check);
    const operations = [...new Set(findings.map((f) => f.operation))];
    const failing = findings.filter((f) => f.severity !== 'info');
    const cases = Math.max(1, operations.length);
    out.push(
      `  <testsuite name="${escapeXml(summary.check)}" tests="${cases}" failures="${new Set(failing.map((f) => f.operation)).size}" skipped="${summary.skipped ? 1 : 0}">`,
      `    <properties><property name="category" value="${escapeXml(OWASP_TITLES[info.category])}"/><property name="requests" value="${summary.requests}"/></properties>`,
    );
    if (summary.skipped) out.push(`    <testcase classname="${escapeXml(summary.check)}" name="${escapeXml(summary.check)}"><skipped message="${escapeXml(summary.skipped)}"/></testcase>`);
    else if (operations.length === 0) out.push(`    <testcase classname="${escapeXml(summary.check)}" name="${summary.operations} operation(s) probed"/>`);
    for (const operation of operations) {
      const mine = findings.filter((f) => f.operation === operation);
      const bad = mine.filter((f) => f.severity !== 'info');
      out.push(`    <testcase classname="${escapeXml(summary.check)}" name="${escapeXml(operation)}">`);
      if (bad.length > 0) {
        const text = bad.map((f) => `[${f.severity}] ${f.title}\nstatus ${f.evidence.status}: ${f.evidence.excerpt}\n${f.curl}`).join('\n\n');
        out.push(`      <failure type="${escapeXml(info.category)}" message="${escapeXml(bad[0].title)}">${escapeXml(text)}</failure>`);
      } else out.push(`      <system-out>${escapeXml(mine.map((f) => `[info] ${f.title}`).join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
