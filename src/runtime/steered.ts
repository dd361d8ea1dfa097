/**
 * The request path of a steered operation: a rule (from an override, a scenario or its default)
 * or stateful records decide the answer. Order: an injected error (before anything else, like an
 * overloaded upstream) → security and validation → the rule's response, else the stored records,
 * else a recorded exchange, else the declared response → the rule's headers → body faults → delivery (latency, dribble).
 * The faults wrap the answer in that order (see faults.ts).
 * A request that asks for something itself with `Prefer` gets that instead of the rule's response.
 */
import { type PlanOperation, type PlanResponse, responseFor } from '../plan';
import { applyFault, type FaultScene } from './faults';
import { concreteType, negotiate } from './negotiate';
import type { Preferences } from './prefer';
import { chooseResponse } from './choose';
import type { Gate, MockRequest, MockResponse, Responder, RoutedRequest } from './contract';
import { serializeBody } from './serialize';
import type { RecordStore } from './records';
import type { Crud } from './crud';
import type { CompiledRule } from './steering';
import { recordedIndex, replayRecorded } from './recorded';

export type SteeredHandler = (routed: RoutedRequest, rule: CompiledRule | undefined, records: RecordStore | null) => Promise<MockResponse>;

export function createSteeredHandler(gate: Gate, responder: Responder, crud: Crud): SteeredHandler {
  const { render } = responder;

  /** The rule's status, example, dynamic data or literal body. */
  function ruleResponse(op: PlanOperation, rule: CompiledRule, prefs: Preferences, request: MockRequest): MockResponse {
    let code = rule.status;
    // A scenario default names a status for every operation: where one is not declared it does not apply.
    if (code !== undefined && rule.fallback && responseFor(op, code) === undefined) code = undefined;
    const rulePrefs: Preferences = { code: code === undefined ? undefined : String(code), dynamic: rule.dynamic, seed: prefs.seed };
    const chosen = chooseResponse(op, rulePrefs);
    if ('type' in chosen) return responder.problem(chosen, op);
    if (rule.example !== undefined && (!rule.fallback || chosen.response?.contents.some((m) => m.examples.some((e) => e.name === rule.example)))) {
      rulePrefs.example = rule.example;
    }
    if (!rule.hasNewResponse) return render(op, chosen.response, chosen.status, rulePrefs, request, []);
    return literal(op, chosen.response, chosen.status, rule.newResponse, request);
  }

  /** A literal body, sent with the declared response's headers and media type (JSON when it declares none). */
  function literal(op: PlanOperation, response: PlanResponse | null, status: number, value: unknown, request: MockRequest): MockResponse {
    const noBody = status === 204 || status === 205 || status === 304 || status < 200;
    const accept = request.headers.get('accept');
    const contents = response?.contents ?? [];
    let media = contents[0];
    if (accept !== null && contents.length > 1) {
      const index = negotiate(accept, contents.map((m) => m.mediaType));
      if (index >= 0) media = contents[index];
    }
    const contentType = media ? concreteType(media.mediaType, accept) : 'application/json';
    const headers = response ? responder.declaredHeaders(op, response, noBody ? null : contentType, []) : noBody ? {} : { 'content-type': contentType };
    const body = noBody ? null : typeof value === 'string' && !/json/.test(contentType) ? value : serializeBody(value, contentType, media?.schema);
    return { status, headers, body, operation: op, violations: [] };
  }

  async function handle(routed: RoutedRequest, rule: CompiledRule | undefined, records: RecordStore | null): Promise<MockResponse> {
    if (rule === undefined || rule.faults.length === 0) return answer(routed, rule, records);
    const scene: FaultScene = { op: routed.op, request: routed.request, source: rule.source, random: rule.random, responder, finish: (res) => marked(res, rule) };
    let run = () => answer(routed, rule, records);
    for (const fault of rule.faults) {
      const next = run;
      run = () => applyFault(fault, next, scene);
    }
    return run();
  }

  /** Security and validation, then the rule's response, else the stored records, else the declared response. */
  async function answer(routed: RoutedRequest, rule: CompiledRule | undefined, records: RecordStore | null): Promise<MockResponse> {
    const { op, request, prefs } = routed;
    let refused = gate(routed);
    if (refused instanceof Promise) refused = await refused;
    const asked = prefs.code !== undefined || prefs.example !== undefined || prefs.dynamic !== undefined;
    const ruleAnswers = rule !== undefined && !asked && (rule.status !== undefined || rule.hasNewResponse || rule.example !== undefined || rule.dynamic === true);
    let res: MockResponse;
    const recorded = refused === null && !asked ? recordedIndex(rule, request) : -1;
    if (refused !== null) res = refused;
    else if (recorded >= 0 && rule !== undefined) res = replayRecorded(rule, recorded, op);
    else if (ruleAnswers && isStatic(rule)) return staticAnswer(op, rule, prefs, request);
    else if (ruleAnswers) res = ruleResponse(op, rule, prefs, request);
    else res = (records !== null && !asked ? await crud.handle(routed, records) : null) ?? responder.answer(op, prefs, request);
    return rule === undefined ? res : marked(res, rule);
  }

  // A rule without randomness answers the same each time: made once per operation and Accept
  // header, with frozen headers the mock origin lists once (like a response sent as declared).
  const statics = new WeakMap<CompiledRule, Map<string, MockResponse>>();

  function staticAnswer(op: PlanOperation, rule: CompiledRule, prefs: Preferences, request: MockRequest): MockResponse {
    let byKey = statics.get(rule);
    if (!byKey) {
      byKey = new Map();
      statics.set(rule, byKey);
    }
    const key = `${op.id}\u0000${request.headers.get('accept') ?? ''}`;
    let res = byKey.get(key);
    if (!res) {
      const made = marked(ruleResponse(op, rule, prefs, request), rule);
      res = { ...made, headers: Object.freeze(made.headers) };
      if (byKey.size >= MAX_STATIC_VARIANTS) byKey.clear();
      byKey.set(key, res);
    }
    return res;
  }

  return handle;
}

const MAX_STATIC_VARIANTS = 64;

function isStatic(rule: CompiledRule): boolean {
  return rule.dynamic !== true && rule.faults.length === 0;
}

/** The rule's extra headers, and the mark of what steered the response. */
function marked(res: MockResponse, rule: CompiledRule): MockResponse {
  // Headers may be a frozen object shared by many responses: always a copy here.
  return { ...res, headers: { ...res.headers, ...rule.headers, 'x-mockloop-scenario': rule.source } };
}
