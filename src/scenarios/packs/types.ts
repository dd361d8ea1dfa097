/**
 * A scenario pack: a template that turns into a concrete scenario for any plan. It chooses the
 * operations it applies to by method, tag, path shape or declared status, never by a path it
 * assumes, and says precisely why when a plan offers it nothing to target.
 */
import type { MockPlan, PlanOperation } from '../../plan';
import type { Rule, Scenario } from '../model';

export type PackCategory = 'error-simulation' | 'performance' | 'security' | 'business-logic';

/** A rule as a pack writes it: which operation, and what it changes (endpoint and method are filled in). */
export type RuleBody = Omit<Rule, 'endpoint' | 'method'>;

export interface PackTarget {
  operation: PlanOperation;
  /** What the scenario changes for it; absent when the pack acts through the scenario itself (stateful CRUD). */
  rule?: RuleBody;
  /** Why this operation, in words: `declares 429`, `GET on a collection`. */
  why: string;
}

export type PackDraft =
  | { ok: true; targets: PackTarget[]; stateful?: boolean; notes: string[] }
  | { ok: false; reason: string };

export interface PackContext {
  plan: MockPlan;
  /** The operations the caller let the pack choose from (all of them unless narrowed by tag or id). */
  operations: PlanOperation[];
  seed: string | number;
  /** The time the scenario is made at (dates in headers count from it). */
  now: Date;
}

export interface ScenarioPack {
  /** Stable: `scenario-pack://<category>/<slug>`. */
  uri: string;
  category: PackCategory;
  /** The scenario's name when instantiated (unless the caller gives one). */
  slug: string;
  title: string;
  /** What a client of the mock sees while the scenario is active. */
  description: string;
  /** Which operations it targets, in words. */
  targeting: string;
  draft(ctx: PackContext): PackDraft;
}

export interface PackOptions {
  /** The scenario's name (default: the pack's slug). */
  name?: string;
  /** Only operations with one of these tags. */
  tags?: string[];
  /** Only these operations: operationIds, plan ids or `METHOD /path`. */
  operations?: string[];
  /** Makes random choices (error rates, jitter) repeat (default: the pack's slug). */
  seed?: string | number;
  /** Default: the current time. */
  now?: Date;
}

export interface TargetSummary {
  id: string;
  method: string;
  path: string;
  why: string;
}

export type PackResult =
  | { ok: true; pack: string; scenario: Scenario; targets: TargetSummary[]; notes: string[] }
  | { ok: false; pack: string; reason: string };
