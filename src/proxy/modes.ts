/**
 * Which mode answers a request: the steering rule's mode (a scenario can say "proxy everything
 * but make /payments fail"), else the first upstream route that matches, else the upstream's own
 * mode. `spy` resolves here: the mock when a rule of its own or a recording answers, else the
 * upstream.
 */
import type { PlanOperation } from '../plan';
import { globMatcher } from '../logs/glob';
import { type CompiledRule, type MockRequest, type ProxyMode, recordedIndex } from '../runtime';
import type { UpstreamConfig } from './config';

type Resolved = Exclude<ProxyMode, 'spy'>;

interface CompiledRoute {
  test(op: PlanOperation | null, method: string, path: string): boolean;
  mode: ProxyMode;
}

export type ModeChooser = (op: PlanOperation | null, request: MockRequest, rule: CompiledRule | undefined) => Resolved;

/** @example createModeChooser(config)(op, request, rule) // 'proxy' */
export function createModeChooser(config: UpstreamConfig): ModeChooser {
  const routes = config.routes.map(compileRoute);

  function configured(op: PlanOperation | null, request: MockRequest): ProxyMode {
    const method = request.method.toUpperCase();
    for (const route of routes) if (route.test(op, method, request.path)) return route.mode;
    return config.mode;
  }

  return (op, request, rule) => {
    const ruleAnswers = rule !== undefined && !rule.fallback && (rule.status !== undefined || rule.hasNewResponse || rule.example !== undefined || rule.dynamic === true || rule.faults.length > 0);
    const recorded = recordedIndex(rule, request) >= 0;
    // A rule of the operation's own that says nothing of modes is a mock answer (an override, a scenario's rule).
    const mode = rule?.mode ?? (ruleAnswers || (recorded && rule?.fallback === false) ? 'mock' : configured(op, request));
    if (mode !== 'spy') return mode;
    return ruleAnswers || recorded ? 'mock' : 'proxy';
  };
}

function compileRoute(route: UpstreamConfig['routes'][number]): CompiledRoute {
  const method = route.method?.toUpperCase();
  const glob = route.match.startsWith('/') ? globMatcher(route.match) : null;
  const regex = glob?.ok ? glob.regex : null;
  return {
    mode: route.mode,
    test(op, m, path) {
      if (method !== undefined && method !== m) return false;
      if (regex === null) return op !== null && (op.operationId === route.match || op.id === route.match);
      return regex.test(path) || (op !== null && regex.test(op.path));
    },
  };
}
