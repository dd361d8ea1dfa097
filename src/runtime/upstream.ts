/** The proxy stage's contract (src/proxy implements it; docs/decisions/0020). */
import type { PlanOperation } from '../plan';
import type { MockRequest, MockResponse } from './contract';
import type { CompiledRule } from './steering';
import type { ProxyMode } from './upstream-types';

/** The proxy stage (src/proxy implements it): consulted only when the mock has an upstream. */
export interface Upstream {
  /** The mode of one request; `op` is null when no operation matched, `rule` the steering rule that applies. `spy` is resolved here (never returned). */
  modeFor(op: PlanOperation | null, request: MockRequest, rule: CompiledRule | undefined): Exclude<ProxyMode, 'spy'>;
  /** Answers in `mode`; `mock` makes the mock's own answer when the mode needs it (remock, diff). */
  serve(mode: Exclude<ProxyMode, 'mock' | 'spy'>, request: MockRequest, op: PlanOperation | null, mock: () => Promise<MockResponse>): Promise<MockResponse>;
}
