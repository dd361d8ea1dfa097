/**
 * Security probes: named checks derived from a MockPlan, each mapped to an OWASP API Security Top
 * 10 (2023) category, sent through an injected fetch and judged by what comes back. Everything that
 * crosses the run (options, findings, results) is plain JSON.
 */
import type { PlanOperation } from '../../plan';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** OWASP API Security Top 10, 2023 edition. */
export type OwaspCategory = 'API1' | 'API2' | 'API3' | 'API4' | 'API5' | 'API6' | 'API7' | 'API8' | 'API9' | 'API10';

export type CheckName =
  | 'authentication'
  | 'invalid-credentials'
  | 'object-authorization'
  | 'function-authorization'
  | 'read-only-write'
  | 'mass-assignment'
  | 'response-property-leak'
  | 'resource-limits'
  | 'rate-limit'
  | 'injection'
  | 'negative-data'
  | 'ssrf'
  | 'cors'
  | 'verbose-errors'
  | 'security-headers'
  | 'unsupported-methods'
  | 'undeclared-inventory';

/** A request as the probe sends it. `url` is absolute. */
export interface ProbeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What came back, with the body read up to a bound. */
export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body was longer than what was read. */
  truncated: boolean;
}

export interface Evidence {
  status: number;
  /** The offending part of the response (bounded), or what is missing from it. */
  excerpt: string;
  /** Response headers that matter for the finding. */
  headers?: Record<string, string>;
}

export interface Finding {
  check: CheckName;
  category: OwaspCategory;
  severity: Severity;
  /** The operation id (`getBook`), or `METHOD /path` for requests outside the spec (inventory). */
  operation: string;
  title: string;
  /** The exact request as a curl command line, credentials redacted. */
  curl: string;
  evidence: Evidence;
}

/**
 * What a check accepts for one operation instead of its default: `skip` leaves the operation out,
 * `accept` lists the statuses that are fine (`401`, `4XX`) for checks judged by status.
 */
export interface ExpectedOutcome {
  skip?: boolean;
  accept?: string[];
}

/** `expectations[check][operationId or '*']`. */
export type Expectations = Partial<Record<CheckName, Record<string, ExpectedOutcome>>>;

/** The SSRF canary: a URL per probe that records whether it was fetched. */
export interface Canary {
  url(token: string): string;
  /** The tokens fetched so far. */
  hits(): Promise<string[]>;
}

export interface ProbeOptions {
  /** The base URL the plan's paths are appended to (the plan's base path included). */
  target: string;
  checks?: readonly CheckName[];
  /** Headers that authenticate identity A (`{ authorization: 'Bearer …' }`). */
  auth?: Record<string, string>;
  /** A second, lower identity for the authorisation checks. */
  auth2?: Record<string, string>;
  allowWrites?: boolean;
  /** At most this many requests in the run. Default 2000. */
  maxRequests?: number;
  /** At most this many requests per second. Default 50. */
  ratePerSecond?: number;
  expectations?: Expectations;
  canary?: Canary;
  fetch: (request: ProbeRequest, signal: AbortSignal) => Promise<ProbeResponse>;
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  /** Clock and sleep, for the rate cap. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  seed?: string | number;
}

export interface ProbeProgress {
  check: CheckName;
  sent: number;
  budget: number;
  findings: number;
}

export interface CheckSummary {
  check: CheckName;
  category: OwaspCategory;
  operations: number;
  requests: number;
  findings: number;
  /** Why the check did not run, when it did not. */
  skipped?: string;
}

export interface ProbeResult {
  target: string;
  title: string;
  planVersion: string;
  startedAt: string;
  finishedAt: string;
  requests: number;
  /** Requests not sent: destructive methods without allowWrites, or past the budget. */
  notSent: { writes: number; budget: number };
  status: 'completed' | 'budget-exhausted' | 'cancelled';
  checks: CheckSummary[];
  findings: Finding[];
}

export type { PlanOperation };
