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

/** Cheap, decisive checks first; the ones that send a request per payload and field last. */
const RUN_ORDER: readonly CheckName[] = [
  'authentication',
  'invalid-credentials',
  'cors',
  'unsupported-methods',
  'undeclared-inventory',
  'ssrf',
  'object-authorization',
  'function-authorization',
  'read-only-write',
  'mass-assignment',
  'response-property-leak',
  'verbose-errors',
  'security-headers',
  'rate-limit',
  'resource-limits',
  'negative-data',
  'injection',
];

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
  try {
    const runnable: CheckName[] = [];
    for (const check of RUN_ORDER) {
      if (!enabled.has(check)) continue;
      const why = cannotRun(check, options);
      if (why) skipped.set(check, why);
      else runnable.push(check);
    }
    // verbose-errors and security-headers share their traffic: one run of it for both.
    const actives = [...new Set(runnable.map((check) => ACTIVE[check]))];
    for (const [index, active] of actives.entries()) {
      // Each check may use an equal share of what is left, so a large one (injection on a big
      // spec) cannot starve the checks after it; the last one may use all that remains.
      session.limit = session.sent + Math.ceil((session.budget - session.sent) / (actives.length - index));
      await active(session);
    }
  } catch (error) {
    if (!(error instanceof ProbeCancelled)) throw error;
    status = 'cancelled';
  }
  if (status === 'completed' && (session.truncated || session.notSent.budget > 0)) status = 'budget-exhausted';
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
