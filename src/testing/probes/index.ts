/** src/testing/probes — spec-driven security probes mapped to the OWASP API Security Top 10 (2023). */
export { CHECK_NAMES, CHECKS, type CheckInfo, isCheckName, OWASP_TITLES, severityRank, statusMatches, unknownChecks } from './catalog';
export { parseHeaderLines } from './identity';
export { runProbes } from './run';
export type {
  Canary,
  CheckName,
  CheckSummary,
  Evidence,
  ExpectedOutcome,
  Expectations,
  Finding,
  OwaspCategory,
  ProbeOptions,
  ProbeProgress,
  ProbeRequest,
  ProbeResponse,
  ProbeResult,
  Severity,
} from './types';
export { SEVERITIES } from './types';
export { operationLines, type SarifOptions, toHtml, toJunit, toSarif } from './reports';
export { parseAllowedHosts, probeTargetRefusal, type TargetPolicy } from './target';
