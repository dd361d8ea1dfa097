/**
 * The compiled steering contract the runtime serves from: per-operation rules made once when the
 * steering state (or plan) changes. src/scenarios compiles its model into these types; the request
 * path only looks an operation's rule up.
 */
import type { PlanOperation } from '../plan';
import type { Fault } from './faults';
import type { ProxyMode, RecordedEntry } from './upstream-types';
import type { RecordStore } from './records';

export interface CompiledRule {
  /** What answered: the scenario's name, or `override`. */
  source: string;
  /** From a scenario's default: parts the operation does not declare are skipped, not refused. */
  fallback: boolean;
  status?: number;
  /** Extra response headers, names in lower case. */
  headers?: Record<string, string>;
  hasNewResponse: boolean;
  newResponse?: unknown;
  example?: string;
  dynamic?: boolean;
  /** Applied around the answer in this order, the first innermost (see applyFault). */
  faults: Fault[];
  /** [0, 1): seeded by the fault's seed, so its choices repeat from activation on. */
  random: () => number;
  /** Where the answer comes from (proxy modes, docs/decisions/0020); unset: the mock, or the upstream's own mode for a scenario default. */
  mode?: ProxyMode;
  /** Recorded exchanges replayed in order per request (a recording made from upstream traffic). */
  recorded?: RecordedEntry[];
  /** Per recorded entry, the next response of its sequence (per isolate; restarts when the steering changes). */
  cursor?: number[];
  /** The clock for volatile values in recorded bodies. */
  now?: () => number;
}

export interface RuleSet {
  /** `''` for the mock's global state, else the session id: where stateful records live. */
  scope: string;
  stateful: boolean;
  scenario: string | null;
  rule(operation: PlanOperation): CompiledRule | undefined;
}

export interface Steering {
  version: number;
  paused: boolean;
  /** The rules a request sees, or null when nothing steers it (the plain path). */
  rulesFor(session: string | null): RuleSet | null;
}

/** What steers one request: its rule set and, when stateful CRUD is on for it, the records of its scope. */
export interface Steer {
  rules: RuleSet;
  records: RecordStore | null;
}
