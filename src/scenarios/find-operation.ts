/**
 * Which operation a rule means: `endpoint` is the path template as the spec writes it (with or
 * without the API's base path, trailing slash ignored) or an operationId; `method` picks among the
 * operations at that path.
 */
import type { MockPlan, PlanOperation } from '../plan';

export type FoundOperation =
  | { ok: true; operation: PlanOperation }
  | { ok: false; field: 'endpoint' | 'method'; message: string; available: string[] };

const LISTED = 30;

export function findOperation(plan: MockPlan, endpoint: string, method: string): FoundOperation {
  const wanted = method.toLowerCase();
  const byId = plan.operations.find((op) => op.operationId === endpoint || op.id === endpoint);
  if (byId) {
    if (byId.method === wanted) return { ok: true, operation: byId };
    return { ok: false, field: 'method', message: `${endpoint} is ${byId.method.toUpperCase()} ${byId.path}, not ${method.toUpperCase()}.`, available: [byId.method.toUpperCase()] };
  }
  const path = templatePath(plan, endpoint);
  const atPath = plan.operations.filter((op) => samePath(op.path, path));
  if (atPath.length === 0) {
    const available = plan.operations.map((op) => `${op.method.toUpperCase()} ${op.path}`);
    return { ok: false, field: 'endpoint', message: `No operation is declared at ${endpoint} (neither a path template nor an operationId of this API).`, available: available.slice(0, LISTED) };
  }
  const hit = atPath.find((op) => op.method === wanted);
  if (hit) return { ok: true, operation: hit };
  const methods = atPath.map((op) => op.method.toUpperCase());
  return { ok: false, field: 'method', message: `${endpoint} declares ${methods.join(', ')}, not ${method.toUpperCase()}.`, available: methods };
}

/** The template relative to the base path: `/v1/books` and `/books` both mean `/books` when the base is `/v1`. */
function templatePath(plan: MockPlan, endpoint: string): string {
  const path = endpoint.split('?')[0];
  const base = plan.basePath;
  if (base !== '' && (path === base || path.startsWith(`${base}/`)) && !plan.operations.some((op) => samePath(op.path, path))) {
    return path.slice(base.length) || '/';
  }
  return path;
}

function samePath(a: string, b: string): boolean {
  return trim(a) === trim(b);
}

function trim(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
