/**
 * The error responses a spec declares, per operation and overall, and the gaps a tester should
 * know about: what a real server sends that the spec never describes.
 */
import type { MockPlan, PlanOperation } from '../types';
import { isSecured } from './auth';
import { declares } from '../responses';
import { type Bounded, bounded, isWrite, type OperationRef, refOf } from './common';

export interface OperationErrors extends OperationRef {
  /** Declared non-2xx statuses as written (`404`, `4XX`, `default`). */
  errors: string[];
}

export type GapCode = 'secured-without-401-403' | 'no-429' | 'no-5xx' | 'writes-without-400-422' | 'items-without-404' | 'no-error-responses';

export interface ErrorGap {
  code: GapCode;
  message: string;
  /** The operations concerned; absent for a gap of the whole API (no 429, no 5xx anywhere). */
  operations?: Bounded<OperationRef>;
}

export interface ErrorAnalysis {
  /** Each declared error status (as written) → how many operations declare it. */
  byStatus: Record<string, number>;
  operations: Bounded<OperationErrors>;
  gaps: ErrorGap[];
}

export function errorStatuses(op: PlanOperation): string[] {
  return op.responses.map((r) => r.status).filter((s) => !/^[123]/.test(s));
}

export function isItemPath(path: string): boolean {
  return /\/\{[^{}/]+\}\/?$/.test(path);
}

export function analyzeErrors(plan: MockPlan, max: number): ErrorAnalysis {
  const ops = plan.operations;
  const byStatus: Record<string, number> = {};
  for (const op of ops) for (const s of errorStatuses(op)) byStatus[s] = (byStatus[s] ?? 0) + 1;
  const gaps: ErrorGap[] = [];
  const gap = (code: GapCode, message: string, concerned: PlanOperation[]) => {
    if (concerned.length > 0) gaps.push({ code, message, operations: bounded(concerned.map(refOf), max) });
  };
  gap(
    'secured-without-401-403',
    'These operations need credentials but declare neither 401 nor 403: a client cannot learn from the spec what a refused call looks like.',
    ops.filter((op) => isSecured(op) && !declares(op, 401) && !declares(op, 403)),
  );
  if (ops.length > 0 && !ops.some((op) => declares(op, 429))) {
    gaps.push({ code: 'no-429', message: 'No operation declares 429 Too Many Requests: rate limiting and Retry-After handling are undescribed.' });
  }
  if (ops.length > 0 && !ops.some((op) => op.responses.some((r) => r.status.startsWith('5')))) {
    gaps.push({ code: 'no-5xx', message: 'No operation declares a 5xx response: server failures are undescribed (a `default` response may stand in).' });
  }
  gap(
    'writes-without-400-422',
    'These write operations declare neither 400 nor 422: what invalid input gets back is undescribed.',
    ops.filter((op) => isWrite(op) && !declares(op, 400) && !declares(op, 422)),
  );
  gap(
    'items-without-404',
    'These operations address one item by a path parameter but declare no 404.',
    ops.filter((op) => isItemPath(op.path) && !declares(op, 404)),
  );
  gap(
    'no-error-responses',
    'These operations declare no error response at all (no 4xx, 5xx or default).',
    ops.filter((op) => errorStatuses(op).length === 0),
  );
  const withErrors = ops.map((op) => ({ ...refOf(op), errors: errorStatuses(op) }));
  return { byStatus, operations: bounded(withErrors, max), gaps };
}
