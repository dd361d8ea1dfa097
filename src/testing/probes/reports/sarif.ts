/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per check (with its OWASP category as a tag and a
 * `security-severity`), one result per finding located at the operation in the spec file.
 */
import { CHECKS, OWASP_TITLES } from '../catalog';
import type { CheckName, Finding, ProbeResult, Severity } from '../types';

export interface SarifOptions {
  /** The spec file as the artifact location, relative to the repository root (`api/openapi.yaml`). */
  specUri: string;
  /** 1-based line of each operation in the spec (see operationLines). */
  lines?: Record<string, number>;
  toolVersion?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
// GitHub maps security-severity to critical (>= 9), high (7-8.9), medium (4-6.9) and low (0.1-3.9).
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' };

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function toSarif(result: ProbeResult, options: SarifOptions): Record<string, unknown> {
  const used = [...new Set<CheckName>([...result.checks.map((c) => c.check), ...result.findings.map((f) => f.check)])];
  const rules = used.map((name) => {
    const info = CHECKS.get(name)!;
    return {
      id: name,
      name: name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: info.title },
      fullDescription: { text: info.description },
      help: { text: `${OWASP_TITLES[info.category]}. ${info.description}` },
      defaultConfiguration: { level: LEVEL[info.severity] },
      properties: { tags: ['security', 'owasp-api-top-10-2023', info.category], 'security-severity': SECURITY_SEVERITY[info.severity], precision: 'high' },
    };
  });
  const results = result.findings.map((f: Finding) => ({
    ruleId: f.check,
    ruleIndex: used.indexOf(f.check),
    level: LEVEL[f.severity],
    message: { text: `${f.title} (${OWASP_TITLES[f.category]}). Status ${f.evidence.status}. Reproduce: ${f.curl}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: options.specUri }, region: { startLine: options.lines?.[f.operation] ?? 1 } },
        logicalLocations: [{ name: f.operation, kind: 'function' }],
      },
    ],
    partialFingerprints: { 'mockloopProbe/v1': hash(`${f.check}|${f.operation}|${f.title}`) },
    properties: { severity: f.severity, category: f.category, operation: f.operation, evidence: f.evidence, curl: f.curl, 'security-severity': SECURITY_SEVERITY[f.severity] },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mockloop-probe', informationUri: 'https://mockloop.dev', version: options.toolVersion ?? '0.1.0', rules } },
        automationDetails: { id: `mockloop-probe/${result.title}/` },
        invocations: [{ executionSuccessful: result.status !== 'cancelled', startTimeUtc: result.startedAt, endTimeUtc: result.finishedAt }],
        results,
      },
    ],
  };
}
