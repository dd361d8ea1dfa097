/**
 * Starting points for a new scenario, made from the plan being served: every operation, status and
 * example they name is one the API declares, so a template saves as it is.
 */
import type { PlanSummary, Scenario } from './types';

export interface ScenarioTemplate {
  id: string;
  label: string;
  help: string;
  make(plan: PlanSummary): Scenario;
}

type Op = PlanSummary['operations'][number];

/** Errors a client most needs to handle, in the order a template prefers them. */
const PREFERRED_ERRORS = ['503', '500', '502', '504', '429', '404', '409'];

/** An operation and one of its declared error statuses, the most telling one first. */
function declaredError(plan: PlanSummary): { op: Op; status: number } | null {
  for (const wanted of [...PREFERRED_ERRORS, '5', '4']) {
    for (const op of plan.operations) {
      const status = op.responses.find((r) => /^\d{3}$/.test(r) && r.startsWith(wanted));
      if (status) return { op, status: Number(status) };
    }
  }
  return null;
}

export const SCENARIO_TEMPLATES: readonly ScenarioTemplate[] = [
  {
    id: 'empty',
    label: 'Empty',
    help: 'No rules: every operation answers as the spec says.',
    make: () => ({ name: 'my-scenario', description: '', rules: [] }),
  },
  {
    id: 'error-status',
    label: 'One operation fails',
    help: 'One operation answers one of its declared 4xx/5xx responses.',
    make(plan) {
      const found = declaredError(plan);
      const rules = found ? [{ endpoint: found.op.path, method: found.op.method, status: found.status }] : [];
      return { name: 'operation-fails', description: found ? `${found.op.id} answers ${found.status}` : 'No operation declares an error status', rules };
    },
  },
  {
    id: 'flaky',
    label: 'Flaky',
    help: 'Every operation fails 10% of the time with its declared error responses, and takes 50–400 ms.',
    make: () => ({ name: 'flaky', description: '10% errors, 50–400 ms', default: { latency: { type: 'uniform', min_ms: 50, max_ms: 400 }, fault: { error_rate: 0.1 } }, rules: [] }),
  },
  {
    id: 'slow',
    label: 'Slow',
    help: 'Log-normal latency with a long tail (median 300 ms).',
    make: () => ({ name: 'slow', description: 'median 300 ms, long tail', default: { latency: { type: 'lognormal', median_ms: 300, sigma: 0.8, max_ms: 5000 } }, rules: [] }),
  },
  {
    id: 'outage',
    label: 'Outage',
    help: 'Every request fails with the declared 5xx/429 responses.',
    make: () => ({ name: 'outage', description: 'every request fails', default: { fault: { error_rate: 1 } }, rules: [] }),
  },
  {
    id: 'stateful',
    label: 'Stateful CRUD',
    help: 'Creates, reads, updates and deletes are remembered while it is active.',
    make: () => ({ name: 'stateful', description: 'stateful CRUD', stateful: true, rules: [] }),
  },
  {
    id: 'fixed-response',
    label: 'Fixed response',
    help: 'One operation answers a literal body you write.',
    make(plan) {
      const op = plan.operations.find((o) => o.method === 'GET') ?? plan.operations[0];
      const status = op?.responses.find((r) => r.startsWith('2'));
      const rules = op ? [{ endpoint: op.path, method: op.method, ...(status && /^\d{3}$/.test(status) ? { status: Number(status) } : {}), new_response: {} }] : [];
      return { name: 'fixed-response', description: op ? `${op.id} answers a fixed body` : '', rules };
    },
  },
];
