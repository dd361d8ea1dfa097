/**
 * The mock's steering state as plain data, and the pure changes made to it. The MockState DO
 * stores it and is its single writer; isolates compile it into rules (compile.ts) when its
 * version changes. The global state and each session's state are `Target`s: an active scenario
 * and a list of overrides (one per operation, the later replacing the earlier).
 */
import type { Rule, Scenario } from './model';

export interface Target {
  scenario: string | null;
  overrides: Rule[];
  /** Set once an admin call names the session: its requests then see only its own state and records. */
  createdAt?: number;
}

export interface SteeringState {
  type: 'steering';
  /** Grows with every change, so an isolate recompiles only when something changed. */
  version: number;
  paused: boolean;
  live: Target;
  sessions: Record<string, Target>;
}

/** What an isolate needs: the state plus the scenarios it activates. */
export interface SteeringSnapshot {
  state: SteeringState;
  scenarios: Record<string, Scenario>;
}

export const MAX_SESSIONS = 1000;

export function emptySteering(): SteeringState {
  return { type: 'steering', version: 0, paused: false, live: emptyTarget(), sessions: {} };
}

export function emptyTarget(now?: number): Target {
  return now === undefined ? { scenario: null, overrides: [] } : { scenario: null, overrides: [], createdAt: now };
}

/** True when nothing steers the mock: requests take the plain path. */
export function isIdle(state: SteeringState): boolean {
  return !state.paused && state.live.scenario === null && state.live.overrides.length === 0 && Object.keys(state.sessions).length === 0;
}

/** Replaces the rule for the same operation (`keyOf` says which operation a rule means), else appends. */
export function withRule(rules: readonly Rule[], rule: Rule, keyOf: (rule: Rule) => string): Rule[] {
  const key = keyOf(rule);
  const index = rules.findIndex((r) => keyOf(r) === key);
  if (index < 0) return [...rules, rule];
  const next = [...rules];
  next[index] = rule;
  return next;
}

/** Names of the scenarios active anywhere (globally or in a session). */
export function activeScenarios(state: SteeringState): Set<string> {
  const names = new Set<string>();
  if (state.live.scenario) names.add(state.live.scenario);
  for (const target of Object.values(state.sessions)) if (target.scenario) names.add(target.scenario);
  return names;
}

/** Where a scenario is active: `live` and/or session ids. */
export function whereActive(state: SteeringState, name: string): string[] {
  const places = state.live.scenario === name ? ['live'] : [];
  for (const [id, target] of Object.entries(state.sessions)) if (target.scenario === name) places.push(`session ${id}`);
  return places;
}

/** The state with `name` deactivated everywhere. */
export function deactivateEverywhere(state: SteeringState, name: string): SteeringState {
  const sessions: Record<string, Target> = {};
  for (const [id, target] of Object.entries(state.sessions)) sessions[id] = target.scenario === name ? { ...target, scenario: null } : target;
  return { ...state, live: state.live.scenario === name ? { ...state.live, scenario: null } : state.live, sessions };
}

/** Changes one target (live when `session` is null; a session is created on first use). */
export function updateTarget(state: SteeringState, session: string | null, change: (target: Target) => Target, now: number): SteeringState {
  if (session === null) return { ...state, live: change(state.live) };
  const current = state.sessions[session] ?? emptyTarget(now);
  return { ...state, sessions: { ...state.sessions, [session]: change(current) } };
}

export function bump(state: SteeringState): SteeringState {
  return { ...state, version: state.version + 1 };
}
