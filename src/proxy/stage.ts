/**
 * The proxy stage the runtime consults when a mock has an upstream: the mode of each request,
 * and its answer in that mode: the upstream's (validated, remocked on the configured statuses,
 * failed on violations when asked) or, in `diff`, one of both answers with the drift between them.
 */
import type { MockPlan, PlanOperation } from '../plan';
import { problem } from '../problem';
import { type MockRequest, type MockResponse, problemOf, type Upstream } from '../runtime';
import type { UpstreamConfig } from './config';
import { compareAnswers, type DriftEntry } from './drift';
import { UPSTREAM_INVALID } from './errors';
import { type ForwardDeps, type Forwarded, forward } from './forward';
import { createModeChooser } from './modes';
import { createResponseValidator, violationsHeader } from './validate-response';

export type { ForwardDeps };

/**
 * @example
 * const upstream = createUpstream(plan, config, { fetch, policy: PUBLIC_ONLY, now: Date.now });
 * await runtime.handle(request, settings, steer, upstream);
 */
export function createUpstream(plan: MockPlan, config: UpstreamConfig, deps: ForwardDeps): Upstream {
  const validate = createResponseValidator(plan);
  const modeFor = createModeChooser(config);
  const remock = config.remock.map((s) => (typeof s === 'number' ? (code: number) => code === s : (code: number) => Math.floor(code / 100) === Number(s[0])));

  /** The upstream's answer as a MockResponse, with its violations, marked as the upstream's. */
  function fromUpstream(got: Extract<Forwarded, { ok: true }>, op: PlanOperation | null, mode: string): MockResponse {
    const contentType = got.headers['content-type'] ?? null;
    const body = got.body.byteLength === 0 ? null : isText(contentType) ? new TextDecoder().decode(got.body) : got.body;
    const violations = op !== null && config.validate ? validate(op, got.status, contentType, body) : [];
    const headers: Record<string, string> = { ...got.headers, 'x-mockloop-source': 'upstream', 'x-mockloop-mode': mode, 'x-mockloop-upstream-ms': String(got.latencyMs) };
    if (violations.length > 0) headers['x-mockloop-violations'] = violationsHeader(violations);
    return { status: got.status, headers, body, operation: op, violations };
  }

  async function serve(mode: 'proxy' | 'record' | 'diff', request: MockRequest, op: PlanOperation | null, mock: () => Promise<MockResponse>): Promise<MockResponse> {
    if (mode === 'diff' && op !== null) return diff(request, op, mock);
    const got = await forward(config, request, deps);
    if (!got.ok) return problemOf(got.problem, op);
    if (op !== null && remock.some((matches) => matches(got.status))) {
      const res = await mock();
      return { ...res, headers: { ...res.headers, 'x-mockloop-remocked': String(got.status) } };
    }
    const res = fromUpstream(got, op, mode);
    if (config.errors && res.violations.length > 0) {
      const failed = problemOf(problem(UPSTREAM_INVALID, `The upstream ${new URL(config.url).host} answered ${got.status} in a way the spec does not allow.`, { errors: res.violations, upstream: new URL(config.url).host }), op);
      failed.headers['x-mockloop-violations'] = res.headers['x-mockloop-violations'];
      return { ...failed, violations: res.violations };
    }
    return res;
  }

  async function diff(request: MockRequest, op: PlanOperation, mock: () => Promise<MockResponse>): Promise<MockResponse> {
    const [mine, got] = await Promise.all([mock(), forward(config, request, deps)]);
    if (!got.ok) return problemOf(got.problem, op);
    const live = fromUpstream(got, op, 'diff');
    const text = (body: MockResponse['body']) => (body === null ? null : typeof body === 'string' ? body : new TextDecoder().decode(body));
    const differences = compareAnswers(
      { status: mine.status, contentType: mine.headers['content-type'] ?? null, body: text(mine.body) },
      { status: live.status, contentType: live.headers['content-type'] ?? null, body: text(live.body) },
      { ignore: config.diff.ignore, volatile: config.diff.volatile },
    );
    const entry: DriftEntry = {
      type: 'drift',
      ts: deps.now(),
      operation: op.id,
      method: request.method.toUpperCase(),
      path: request.path,
      served: config.diff.serve,
      status: { mock: mine.status, live: live.status },
      violations: live.violations,
      differences,
    };
    const served = config.diff.serve === 'live' ? live : { ...mine, headers: { ...mine.headers, 'x-mockloop-mode': 'diff' } };
    return { ...served, headers: { ...served.headers, 'x-mockloop-drift': String(differences.length) }, drift: entry };
  }

  return { modeFor, serve };
}

function isText(contentType: string | null): boolean {
  if (contentType === null) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type.startsWith('text/') || /json|xml|javascript|yaml|x-www-form-urlencoded/.test(type);
}
