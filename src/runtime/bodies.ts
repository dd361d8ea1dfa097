/**
 * Bodies and header values of declared responses: which example or synthesised value. Static
 * bodies (no `dynamic`, no named example) are made once per media type and cached, so the hot path
 * for a plain GET is a map lookup.
 */
import type { JsonSchema, MockPlan, PlanMedia, PlanOperation, PlanResponse } from '../plan';
import { problem, type Problem } from '../problem';
import { NODE_LIMIT, sizesFor, synthesize } from '../synth';
import { compileValidator, type SchemaValidator } from '../json-schema';
import { UNKNOWN_PREFERENCE } from './errors';
import type { Preferences } from './prefer';
import { serializeBody, serializeExample } from './serialize';

export interface BodyRequest {
  media: PlanMedia;
  prefs: Preferences;
  /** The seed used when `dynamic` is asked without one: derived from the request (computed only then). */
  requestSeed: () => string;
  operationId: string;
  status: string;
}

export type Body = { body: string | Uint8Array; source: 'example' | 'synthesised' | 'empty'; example?: string };

export class BodyFactory {
  private readonly staticBodies = new WeakMap<PlanMedia, Body>();
  private readonly validators = new WeakMap<object, SchemaValidator>();
  private readonly staticHeaders = new WeakMap<PlanResponse, Record<string, string>>();

  constructor(private readonly plan: MockPlan) {}

  /** The body for a media type, or a problem when a named example does not exist. */
  make(req: BodyRequest): Body | Problem {
    const { media, prefs } = req;
    if (prefs.example !== undefined) {
      const example = media.examples.find((e) => e.name === prefs.example);
      if (!example) {
        return problem(UNKNOWN_PREFERENCE, `No example named "${prefs.example}" for ${req.operationId} ${req.status} ${media.mediaType}.`, {
          available: media.examples.map((e) => e.name),
        });
      }
      return { body: serializeExample(example.value, media.mediaType, media.schema), source: 'example', example: example.name };
    }
    if (prefs.dynamic === true && media.schema !== undefined) {
      return { body: serializeBody(this.synth(media.schema, prefs.seed ?? req.requestSeed(), 'dynamic'), media.mediaType, media.schema), source: 'synthesised' };
    }
    let cached = this.staticBodies.get(media);
    if (!cached) {
      cached = this.staticBody(req);
      this.staticBodies.set(media, cached);
    }
    return cached;
  }

  /** The declared headers of a response with valid values, made once per response. */
  headers(operation: PlanOperation, response: PlanResponse): Record<string, string> {
    let values = this.staticHeaders.get(response);
    if (!values) {
      values = {};
      for (const header of response.headers) {
        values[header.name.toLowerCase()] = this.headerValue(header.schema, header.example, `${operation.id}|${response.status}|${header.name}`);
      }
      this.staticHeaders.set(response, values);
    }
    return values;
  }

  /** A header value: its example when valid, else synthesised (stable). */
  private headerValue(schema: JsonSchema, example: unknown, seed: string): string {
    const value = example !== undefined && this.validate(schema)(example).length === 0 ? example : this.synth(schema, seed, 'static');
    if (Array.isArray(value)) return value.map(String).join(',');
    if (value !== null && typeof value === 'object') return Object.entries(value).flat().map(String).join(',');
    return String(value ?? '');
  }

  private staticBody(req: BodyRequest): Body {
    const { media } = req;
    const example = media.examples.find((e) => e.valid);
    if (example) return { body: serializeExample(example.value, media.mediaType, media.schema), source: 'example', example: example.name };
    if (media.schema === undefined) return { body: '', source: 'empty' };
    const value = this.synth(media.schema, `${req.operationId}|${req.status}|${media.mediaType}`, 'static');
    return { body: serializeBody(value, media.mediaType, media.schema), source: 'synthesised' };
  }

  /** Synthesises, and re-tries with derived seeds in the rare case the value does not validate. */
  private synth(schema: JsonSchema, seed: string, mode: 'static' | 'dynamic'): unknown {
    const validate = this.validate(schema);
    let value: unknown;
    // A schema with no value within the synthesis budget (a compile warning said so) gets one bounded guess, not eight.
    const attempts = sizesFor(this.plan.schemas).of(schema) > NODE_LIMIT ? 1 : 8;
    for (let attempt = 0; attempt < attempts; attempt++) {
      value = synthesize(schema, { seed: attempt === 0 ? seed : `${seed}#${attempt}`, defs: this.plan.schemas, mode: attempt < 4 ? mode : 'dynamic', direction: 'response' });
      if (validate(value).length === 0) return value;
    }
    return value;
  }

  private validate(schema: JsonSchema): SchemaValidator {
    if (typeof schema === 'boolean') return schema ? () => [] : () => [{ location: 'body', message: 'no value is allowed' }];
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = compileValidator(schema, this.plan.schemas, 'body');
      this.validators.set(schema, validator);
    }
    return validator;
  }
}
