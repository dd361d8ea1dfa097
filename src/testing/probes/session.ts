/**
 * One probe run's shared state: the request budget, the rate cap, the write guard, cancellation,
 * the findings (deduplicated) and the passive detectors every response goes through.
 */
import type { MockPlan, PlanOperation } from '../../plan';
import { type RequestParts, baselineParts, renderRequest } from './baseline';
import { CHECKS, statusMatches } from './catalog';
import { toCurl } from './curl';
import { credentialsFor, NO_CREDENTIALS, type Credentials, secretNames } from './identity';
import { createValidity } from './validity';
import type { CheckName, Evidence, ExpectedOutcome, Finding, ProbeOptions, ProbeRequest, ProbeResponse } from './types';

const WRITE_METHODS = new Set(['DELETE', 'PUT', 'PATCH']);
export const MAX_EXCERPT = 400;

export class ProbeCancelled extends Error {}

export type Passive = (session: Session, operation: string, request: ProbeRequest, response: ProbeResponse) => void;

export interface Session {
  plan: MockPlan;
  options: ProbeOptions;
  enabled: ReadonlySet<CheckName>;
  sent: number;
  budget: number;
  notSent: { writes: number; budget: number };
  findings: Finding[];
  /** Requests sent per check (for the summary). */
  perCheck: Map<CheckName, { requests: number; operations: Set<string> }>;
  /** The current check has used its share of the budget (or the whole budget is spent). */
  exhausted(): boolean;
  /** The request count the current check may reach: the runner shares what is left among the checks still to run. */
  limit: number;
  /** A check stopped at its share of the budget: the run did not do all it would have. */
  truncated: boolean;
  baseline(op: PlanOperation): RequestParts;
  /** Would the operation accept these parts (so a negative probe built from them is not negative)? */
  isValid(parts: RequestParts): boolean;
  credentials(op: PlanOperation, who: 'a' | 'b' | 'none'): Credentials;
  /** Renders and sends; null when the request was not sent (write guard, budget). Throws ProbeCancelled. */
  send(check: CheckName, operation: string, request: ProbeRequest): Promise<ProbeResponse | null>;
  request(parts: RequestParts, who: 'a' | 'b' | 'none'): ProbeRequest;
  expected(check: CheckName, op: string): ExpectedOutcome;
  /** Is `status` acceptable for the check on this operation? */
  accepts(check: CheckName, op: string, status: number): boolean;
  report(check: CheckName, operation: string, title: string, request: ProbeRequest, evidence: Evidence): void;
}

export function createSession(plan: MockPlan, options: ProbeOptions, enabled: ReadonlySet<CheckName>, passive: readonly Passive[]): Session {
  const budget = options.maxRequests ?? 2000;
  const interval = 1000 / Math.max(0.1, options.ratePerSecond ?? 50);
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const seed = options.seed ?? 'probe';
  const secrets = secretNames(plan, [options.auth, options.auth2]);
  const secretValues = [...Object.values(options.auth ?? {}), ...Object.values(options.auth2 ?? {})].filter((v) => v.length >= 4);
  const seen = new Set<string>();
  let lastSent = Number.NEGATIVE_INFINITY;
  const baselines = new Map<PlanOperation, RequestParts>();

  const scrub = (text: string) => secretValues.reduce((out, secret) => out.split(secret).join('<redacted>'), text);

  const session: Session = {
    plan,
    options,
    enabled,
    sent: 0,
    budget,
    notSent: { writes: 0, budget: 0 },
    findings: [],
    perCheck: new Map(),
    limit: budget,
    truncated: false,
    exhausted: () => {
      const spent = session.sent >= Math.min(budget, session.limit);
      if (spent) session.truncated = true;
      return spent;
    },
    isValid: createValidity(plan),
    baseline(op) {
      let parts = baselines.get(op);
      if (!parts) {
        parts = baselineParts(plan, op, seed);
        baselines.set(op, parts);
      }
      return structuredClone(parts);
    },
    credentials(op, who) {
      if (who === 'none') return NO_CREDENTIALS;
      if (who === 'b') return credentialsFor(plan, op, options.auth2);
      return credentialsFor(plan, op, options.auth);
    },
    request(parts, who) {
      const creds = session.credentials(parts.op, who);
      return renderRequest({ ...parts, query: { ...parts.query, ...creds.query } }, options.target, creds.headers);
    },
    async send(check, operation, request) {
      if (options.signal?.aborted) throw new ProbeCancelled('cancelled');
      if (WRITE_METHODS.has(request.method) && !options.allowWrites) {
        session.notSent.writes += 1;
        return null;
      }
      if (session.exhausted()) {
        session.notSent.budget += 1;
        return null;
      }
      const wait = lastSent + interval - now();
      if (wait > 0) await sleep(wait);
      lastSent = now();
      session.sent += 1;
      const stats = session.perCheck.get(check) ?? { requests: 0, operations: new Set<string>() };
      stats.requests += 1;
      stats.operations.add(operation);
      session.perCheck.set(check, stats);
      const signal = options.signal ?? new AbortController().signal;
      let response: ProbeResponse;
      try {
        response = await options.fetch(request, signal);
      } catch (error) {
        if (options.signal?.aborted) throw new ProbeCancelled('cancelled');
        throw error;
      }
      for (const detector of passive) detector(session, operation, request, response);
      options.onProgress?.({ check, sent: session.sent, budget, findings: session.findings.length });
      return response;
    },
    expected(check, op) {
      const table = options.expectations?.[check];
      return { accept: CHECKS.get(check)?.accept, ...table?.['*'], ...table?.[op] };
    },
    accepts(check, op, status) {
      return statusMatches(status, session.expected(check, op).accept ?? []);
    },
    report(check, operation, title, request, evidence) {
      if (!enabled.has(check) || session.expected(check, operation).skip) return;
      const key = `${check}\u0000${operation}\u0000${title}`;
      if (seen.has(key)) return;
      seen.add(key);
      const info = CHECKS.get(check)!;
      session.findings.push({
        check,
        category: info.category,
        severity: info.severity,
        operation,
        title,
        curl: scrub(toCurl(request, secrets)),
        evidence: { ...evidence, excerpt: scrub(clip(evidence.excerpt, MAX_EXCERPT)) },
      });
    },
  };
  return session;
}

export function clip(text: string, max = MAX_EXCERPT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Up to `MAX_EXCERPT` characters around `index` in `text`. */
export function around(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 80);
  const end = Math.min(text.length, index + length + 80);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

export function opLabel(op: PlanOperation): string {
  return op.id;
}

/** Severity override: a finding may be reported at another severity than its check's (info for missing limits). */
export function reportAt(session: Session, severity: Finding['severity'], ...args: Parameters<Session['report']>): void {
  const before = session.findings.length;
  session.report(...args);
  if (session.findings.length > before) session.findings[session.findings.length - 1].severity = severity;
}
