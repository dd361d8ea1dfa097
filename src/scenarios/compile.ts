/**
 * Steering state → per-operation rules, made once when the state (or plan) changes, so a request
 * only looks its operation up in a map. The global state and every session compile to a RuleSet;
 * a request with a session id that has state of its own uses that session's set.
 */
import type { MockPlan, PlanOperation } from '../plan';
import type { CompiledRule, Fault, RuleSet, Steering } from '../runtime';
import { createRandom } from '../synth';
import { findOperation } from './find-operation';
import type { Rule, RuleDefault, Scenario } from './model';
import type { SteeringSnapshot, Target } from './state';

export interface CompileOptions {
  /** Stateful CRUD switched on for the whole mock (settings). */
  stateful: boolean;
  /** The randomness used where a fault names no seed. */
  random: () => number;
  /** The clock for fresh volatile values in recorded replies (default Date.now). */
  now?: () => number;
}

/** Null when nothing steers the mock at all. */
export function compileSteering(plan: MockPlan, snapshot: SteeringSnapshot, options: CompileOptions): Steering | null {
  const { state, scenarios } = snapshot;
  const sessionIds = Object.keys(state.sessions);
  const liveIdle = state.live.scenario === null && state.live.overrides.length === 0 && !options.stateful;
  if (!state.paused && liveIdle && sessionIds.length === 0) return null;
  const live = liveIdle ? null : compileTarget(plan, state.live, '', scenarios, options);
  const sessions = new Map<string, RuleSet>(sessionIds.map((id) => [id, compileTarget(plan, state.sessions[id], id, scenarios, options)]));
  return {
    version: state.version,
    paused: state.paused,
    rulesFor: (session) => (session !== null && sessions.get(session)) || live,
  };
}

function compileTarget(plan: MockPlan, target: Target, scope: string, scenarios: Record<string, Scenario>, options: CompileOptions): RuleSet {
  const scenario = target.scenario === null ? undefined : scenarios[target.scenario];
  const rules = new Map<PlanOperation, CompiledRule>();
  const add = (rule: Rule, source: string) => {
    // A rule whose operation left the plan (the spec was re-imported) no longer applies.
    const found = findOperation(plan, rule.endpoint, rule.method);
    if (found.ok) rules.set(found.operation, compileRule(rule, source, false, options));
  };
  if (scenario) for (const rule of scenario.rules) add(rule, scenario.name);
  for (const rule of target.overrides) add(rule, 'override');
  const fallback = scenario?.default ? compileRule(scenario.default, scenario.name, true, options) : undefined;
  return {
    scope,
    stateful: options.stateful || scenario?.stateful === true,
    scenario: scenario?.name ?? null,
    rule: (op) => rules.get(op) ?? fallback,
  };
}

function compileRule(rule: RuleDefault, source: string, fallback: boolean, options: CompileOptions): CompiledRule {
  const seed = rule.fault?.seed;
  const random = seed === undefined ? options.random : seededRandom(seed);
  return {
    source,
    fallback,
    status: rule.status,
    headers: rule.headers === undefined ? undefined : lowerKeys(rule.headers),
    hasNewResponse: rule.new_response !== undefined,
    newResponse: rule.new_response,
    example: rule.example,
    dynamic: rule.dynamic,
    faults: faultsOf(rule),
    random,
    mode: rule.mode,
    recorded: rule.recorded?.map((e) => ({
      path: e.path,
      query: e.query,
      responses: e.responses.map((r) => ({ status: r.status, headers: lowerKeys(r.headers), body: r.body, delayMs: r.delay_ms, volatile: r.volatile })),
    })),
    now: options.now,
  };
}

/** The model's fault fields as the runtime's faults, innermost first: an error answers instead, body faults change it, delivery last. */
function faultsOf({ fault, latency }: RuleDefault): Fault[] {
  const faults: Fault[] = [];
  if (fault?.error_rate) faults.push({ type: 'error', rate: fault.error_rate, status: fault.error_status, retryAfter: fault.retry_after });
  if (fault?.empty) faults.push({ type: 'empty' });
  else if (fault?.malformed) faults.push({ type: 'malformed' });
  if (fault?.dribble) faults.push({ type: 'dribble', chunkBytes: fault.dribble.chunk_bytes, intervalMs: fault.dribble.interval_ms });
  if (latency) faults.push({ type: 'latency', latency });
  return faults;
}

function seededRandom(seed: string | number): () => number {
  const stream = createRandom(seed);
  return () => stream.next();
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
