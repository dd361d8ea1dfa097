/**
 * `analyzePlan`: what a tester needs to know about an API, read from its compiled plan — the
 * operations by method and tag, who may call what, the declared error responses and their gaps,
 * inputs that look injectable, write operations, paging and collections. Every list is bounded
 * (`maxItems`, with the real `total` beside it) so the result fits a prompt or a tool answer.
 */
import { type AuthAnalysis, analyzeAuth } from './analyze/auth';
import { analyzeCollections, type Collection } from './analyze/collections';
import { type Bounded, bounded, type OperationRef, refOf } from './analyze/common';
import { analyzeErrors, type ErrorAnalysis } from './analyze/errors';
import { analyzeInjectable, analyzeWrites, type InjectableInput, type WriteOperation } from './analyze/inputs';
import { analyzePaging, type PagedOperation } from './analyze/paging';
import type { MockPlan } from './types';

export interface OperationSummary extends OperationRef {
  tags: string[];
  summary?: string;
  deprecated?: boolean;
}

export interface PlanAnalysis {
  api: { title: string; version: string; specVersion: string; basePath: string; planVersion: string };
  operations: {
    total: number;
    /** Upper-case method → count. */
    byMethod: Record<string, number>;
    /** Tag → count, most used first; untagged operations under `(untagged)`. */
    byTag: { tag: string; count: number }[];
    deprecated: number;
    list: Bounded<OperationSummary>;
  };
  auth: AuthAnalysis;
  errors: ErrorAnalysis;
  injectable: Bounded<InjectableInput>;
  writes: Bounded<WriteOperation>;
  paging: Bounded<PagedOperation>;
  collections: Bounded<Collection>;
}

export interface AnalysisOptions {
  /** The most items any one list carries (default 25). */
  maxItems?: number;
}

export const UNTAGGED = '(untagged)';

/**
 * @example
 * const analysis = analyzePlan(plan, { maxItems: 20 });
 * analysis.errors.gaps.map((g) => g.code); // ['no-429', 'writes-without-400-422']
 */
export function analyzePlan(plan: MockPlan, options: AnalysisOptions = {}): PlanAnalysis {
  const max = Math.max(1, Math.floor(options.maxItems ?? 25));
  const byMethod: Record<string, number> = {};
  const tags = new Map<string, number>();
  for (const op of plan.operations) {
    const method = op.method.toUpperCase();
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    for (const tag of op.tags.length > 0 ? op.tags : [UNTAGGED]) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  const list = plan.operations.map((op) => ({
    ...refOf(op),
    tags: op.tags,
    ...(op.summary ? { summary: op.summary.slice(0, 120) } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
  }));
  return {
    api: { title: plan.title, version: plan.apiVersion, specVersion: plan.specVersion, basePath: plan.basePath, planVersion: plan.version },
    operations: {
      total: plan.operations.length,
      byMethod,
      byTag: [...tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count).slice(0, max),
      deprecated: plan.operations.filter((op) => op.deprecated).length,
      list: bounded(list, max),
    },
    auth: analyzeAuth(plan, max),
    errors: analyzeErrors(plan, max),
    injectable: analyzeInjectable(plan, max),
    writes: analyzeWrites(plan, max),
    paging: analyzePaging(plan, max),
    collections: analyzeCollections(plan, max),
  };
}

export type { AuthAnalysis, SchemeUse, SecuredOperation } from './analyze/auth';
export type { Collection } from './analyze/collections';
export type { Bounded, OperationRef } from './analyze/common';
export type { ErrorAnalysis, ErrorGap, GapCode, OperationErrors } from './analyze/errors';
export type { InjectableInput, InputRisk, WriteOperation } from './analyze/inputs';
export type { ListShape, PagedOperation, PagingRole } from './analyze/paging';
