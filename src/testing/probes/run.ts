/**
 * `runProbes(plan, options)`: every enabled check in turn over one session (budget, rate cap,
 * write guard), with the passive detectors looking at every response. Pure: the network is the
 * injected `fetch`, time the injected clock.
 */
import type { MockPlan } from '../../plan';
import { CHECK_NAMES, CHECKS } from './catalog';
import { authentication, invalidCredentials } from './checks/auth';
import { functionAuthorization, objectAuthorization } from './checks/authorization';
import { injection, negativeData } from './checks/injection';
import { cors, provokeErrors, securityHeadersDetector, undeclaredInventory, unsupportedMethods, verboseErrorsDetector } from './checks/misconfig';
import { massAssignment, readOnlyWrite, responsePropertyLeak, responsePropertyLeakDetector } from './checks/properties';
import { rateLimit, resourceLimits } from './checks/resources';
import { ssrf } from './checks/ssrf';
import { createSession, ProbeCancelled, type Session } from './session';
import type { CheckName, CheckSummary, ProbeOptions, ProbeResult } from './types';

const ACTIVE: Record<CheckName, (session: Session) => Promise<void>> = {
  authentication,
  'invalid-credentials': invalidCredentials,
  'object-authorization': objectAuthorization,
  'function-authorization': functionAuthorization,
  'read-only-write': readOnlyWrite,
  'mass-assignment': massAssignment,
  'response-property-leak': responsePropertyLeak,
  'resource-limits': resourceLimits,
  'rate-limit': rateLimit,
  injection,
  'negative-data': negativeData,
  ssrf,
  cors,
  'verbose-errors': provokeErrors,
  'security-headers': provokeErrors,
  'unsupported-methods': unsupportedMethods,
  'undeclared-inventory': undeclaredInventory,
};

/** Why a check cannot run with these options, if it cannot. */
function cannotRun(check: CheckName, options: ProbeOptions): string | undefined {
  if ((check === 'object-authorization' || check === 'function-authorization') && !options.auth2) return 'needs a second identity (--auth2)';
  if (check === 'ssrf' && !options.canary) return 'needs a canary endpoint';
  return undefined;
}

/**
 * @example const result = await runProbes(plan, { target: 'http://127.0.0.1:4010/v1', fetch: nodeProbeFetch, checks: ['authentication', 'injection'] });
 */
export async function runProbes(plan: MockPlan, options: ProbeOptions): Promise<ProbeResult> {
  const enabled = new Set(options.checks ?? CHECK_NAMES);
  const session = createSession(plan, options, enabled, [verboseErrorsDetector, securityHeadersDetector, responsePropertyLeakDetector]);
  const startedAt = new Date(options.now?.() ?? Date.now()).toISOString();
  let status: ProbeResult['status'] = 'completed';
  const skipped = new Map<CheckName, string>();
  const ran = new Set<(session: Session) => Promise<void>>();
  try {
    for (const check of CHECK_NAMES) {
      if (!enabled.has(check)) continue;
      const why = cannotRun(check, options);
      if (why) {
        skipped.set(check, why);
        continue;
      }
      const active = ACTIVE[check];
      if (ran.has(active)) continue; // verbose-errors and security-headers share their traffic
      ran.add(active);
      await active(session);
      if (session.exhausted()) {
        status = 'budget-exhausted';
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof ProbeCancelled)) throw error;
    status = 'cancelled';
  }
  if (status === 'completed' && session.notSent.budget > 0) status = 'budget-exhausted';
  const checks: CheckSummary[] = [...enabled].map((check) => {
    const stats = session.perCheck.get(check);
    return {
      check,
      category: CHECKS.get(check)!.category,
      operations: stats?.operations.size ?? 0,
      requests: stats?.requests ?? 0,
      findings: session.findings.filter((f) => f.check === check).length,
      ...(skipped.has(check) ? { skipped: skipped.get(check) } : {}),
    };
  });
  return {
    target: options.target,
    title: plan.title,
    planVersion: plan.version,
    startedAt,
    finishedAt: new Date(options.now?.() ?? Date.now()).toISOString(),
    requests: session.sent,
    notSent: session.notSent,
    status,
    checks,
    findings: session.findings,
  };
}
