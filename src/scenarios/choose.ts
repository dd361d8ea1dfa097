/** The response an operation sends when nothing asks for another: the lowest 2xx, else `default`, else the first (as the runtime chooses). */
import type { PlanOperation, PlanResponse } from '../plan';

export function chooseDefault(operation: PlanOperation): PlanResponse | undefined {
  const rank = (r: PlanResponse) => (/^\d+$/.test(r.status) ? Number(r.status) : /^\dXX$/.test(r.status) ? Number(r.status[0]) * 100 : 999);
  const success = operation.responses.filter((r) => r.status.startsWith('2')).sort((a, b) => rank(a) - rank(b))[0];
  return success ?? operation.responses.find((r) => r.status === 'default') ?? operation.responses[0];
}
