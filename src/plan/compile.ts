/**
 * compilePlan: a loaded OpenAPI 3.1 document → MockPlan. Everything the request path needs is
 * decided here, once: operations with merged parameters, security, responses with checked
 * examples, and schemas with refs pointing at shared definitions.
 */
import { derefNode, escapePointer, FORM_NON_EMPTY, type LoadedSpec } from '../spec';
import { basePathOf } from './base-path';
import { type Direction, DirectionalSchemas } from './directions';
import { collectExamples, createExampleChecker } from './examples';
import { hashText } from './hash';
import { patternWarnings } from './pattern-warnings';
import { SchemaCollector } from './schemas';
import { compileSecuritySchemes, compileSecurity } from './security';
import { ContradictionCheck } from './contradictions';
import { unboundedWarnings } from './unbounded';
import { variantOf } from './variants';
import {
  type FormRules,
  HTTP_METHODS,
  type MockPlan,
  type PlanCallback,
  type PlanMedia,
  type PlanOperation,
  type PlanRequestBody,
  type PlanParameter,
  type PlanResponse,
  type PlanWarning,
  type PlanWebhook,
  type ParameterLocation,
} from './types';

type Obj = Record<string, unknown>;

const DEFAULT_STYLE: Record<ParameterLocation, string> = { path: 'simple', query: 'form', header: 'simple', cookie: 'form' };

/** A media type whose schema and examples are finished once every schema has been collected. */
interface DraftMedia {
  entry: PlanMedia;
  source: Obj;
  pointer: string;
  direction: Direction;
}

/**
 * @example
 * const loaded = await loadSpec({ text });
 * if (loaded.ok) { const plan = compilePlan(loaded.value); }
 */
export function compilePlan(spec: LoadedSpec): MockPlan {
  const doc = spec.document as unknown as Obj;
  const warnings: PlanWarning[] = spec.warnings.map((w) => ({ location: w.location, code: w.code ?? 'spec', message: w.message }));
  const schemas = new SchemaCollector(doc);
  const drafts: DraftMedia[] = [];
  const operations: PlanOperation[] = [];
  const pointers = new Map<PlanOperation, string>();
  const seen = new Map<string, string>();
  const ids = new Set<string>();

  const paths = (isObj(doc.paths) ? doc.paths : {}) as Obj;
  for (const [rawPath, rawItem] of Object.entries(paths)) {
    const path = rawPath.replace(/[#?].*$/, '');
    const itemPointer = `/paths/${escapePointer(rawPath)}`;
    const item = derefNode(doc, rawItem).value;
    if (!isObj(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const pointer = `${itemPointer}/${method}`;
      const parameters = compileParameters(doc, schemas, item.parameters, op.parameters);
      const variant = variantOf(rawPath, parameters);
      const key = `${method} ${path.replace(/\{[^}]*\}/g, '{}')}${variant === undefined ? '' : ` ${variant.in}:${variant.name}=${variant.value ?? ''}`}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        warnings.push({ location: pointer, code: 'duplicate-route', message: `${method.toUpperCase()} ${path} is already served by ${previous}; this one is ignored.` });
        continue;
      }
      seen.set(key, pointer);
      const operationId = typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : undefined;
      const plainId = `${method.toUpperCase()} ${variant === undefined ? path : rawPath}`;
      let id = operationId ?? plainId;
      for (let n = 2; ids.has(id); n++) id = `${operationId ?? plainId}#${n}`;
      ids.add(id);

      const operation: PlanOperation = {
        id,
        ...(operationId ? { operationId } : {}),
        method,
        path,
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        ...(op.deprecated === true ? { deprecated: true } : {}),
        parameters,
        ...(variant === undefined ? {} : { variant }),
        security: compileSecurity(op.security ?? doc.security),
        responses: [],
      };
      const body = derefNode(doc, op.requestBody).value;
      if (isObj(body)) {
        operation.requestBody = {
          required: body.required === true,
          contents: compileContents(body.content, `${pointer}/requestBody/content`, 'request'),
        };
      }
      const responses = isObj(op.responses) ? op.responses : {};
      for (const [code, rawResponse] of Object.entries(responses)) {
        const response = derefNode(doc, rawResponse).value;
        if (!isObj(response)) continue;
        const status = code.toUpperCase();
        if (!/^([1-5](\d\d|XX)|DEFAULT)$/.test(status)) {
          warnings.push({ location: `${pointer}/responses/${escapePointer(code)}`, code: 'bad-status', message: `"${code}" is not a status code; ignored.` });
          continue;
        }
        operation.responses.push(compileResponse(status === 'DEFAULT' ? 'default' : status, response, `${pointer}/responses/${escapePointer(code)}`));
      }
      const callbacks = compileCallbacks(op.callbacks, pointer);
      if (callbacks.length > 0) operation.callbacks = callbacks;
      if (operation.responses.length === 0) {
        warnings.push({ location: pointer, code: 'no-responses', message: `${id} declares no responses; the mock answers 204 No Content.` });
      }
      operations.push(operation);
      pointers.set(operation, pointer);
    }
  }

  // All schemas are collected: check them for contradictions (dropping what is not JSON Schema),
  // then add the readOnly/writeOnly variants and attach directional schemas.
  const contradictions = new ContradictionCheck();
  const sources = schemas.sources();
  for (const [name, schema] of Object.entries(schemas.defs)) contradictions.check(schema, sources.get(name) ?? `/$defs/${name}`);
  for (const { entry, pointer } of drafts) if (entry.schema !== undefined) contradictions.check(entry.schema, `${pointer}/schema`);
  for (const op of operations) for (const param of op.parameters) contradictions.check(param.schema, `${pointers.get(op)}/parameters/${escapePointer(param.name)}`);
  warnings.push(...contradictions.warnings);
  const directional = new DirectionalSchemas(schemas.defs);
  directional.addVariants();
  const checker = createExampleChecker(schemas.defs);
  for (const { entry, source, pointer, direction } of drafts) {
    if (entry.schema !== undefined) entry.schema = directional.forDirection(entry.schema, direction);
    entry.examples = collectExamples(doc, source, entry.schema, checker(entry.schema), pointer, warnings);
  }
  for (const op of operations) {
    for (const param of op.parameters) param.schema = directional.forDirection(param.schema, 'request');
  }
  const responseSchemas = drafts.filter((d) => d.direction === 'response' && d.entry.schema !== undefined);
  warnings.push(...unboundedWarnings(responseSchemas.map((d) => ({ schema: d.entry.schema!, pointer: d.pointer })), schemas.defs));

  const webhooks = compileWebhooks(doc.webhooks);
  warnings.push(...patternWarnings(doc));
  const info = isObj(doc.info) ? doc.info : {};
  const plan: Omit<MockPlan, 'version'> = {
    format: 1,
    title: typeof info.title === 'string' ? info.title : 'Untitled API',
    apiVersion: typeof info.version === 'string' ? info.version : '',
    specVersion: spec.sourceVersion,
    basePath: basePathOf(doc.servers),
    operations,
    schemas: schemas.defs,
    securitySchemes: compileSecuritySchemes(doc),
    ...(webhooks.length > 0 ? { webhooks } : {}),
    warnings,
  };
  return { ...plan, version: hashText(JSON.stringify(plan)) };

  function compileContents(content: unknown, pointer: string, direction: Direction): PlanMedia[] {
    if (!isObj(content)) return [];
    const out: PlanMedia[] = [];
    for (const [mediaType, rawMedia] of Object.entries(content)) {
      const source = isObj(rawMedia) ? rawMedia : {};
      const entry: PlanMedia = { mediaType: mediaType.toLowerCase(), examples: [] };
      if (source.schema !== undefined) entry.schema = schemas.convert(source.schema);
      if (direction === 'request' && entry.mediaType === 'application/x-www-form-urlencoded') {
        const form = formRules(doc, source);
        if (form) entry.form = form;
      }
      drafts.push({ entry, source, pointer: `${pointer}/${escapePointer(mediaType)}`, direction });
      out.push(entry);
    }
    return out;
  }

  function requestBodyOf(item: Obj, method: string, pointer: string): PlanRequestBody | undefined {
    const body = derefNode(doc, (item[method] as Obj).requestBody).value;
    if (!isObj(body)) return undefined;
    return { required: body.required === true, contents: compileContents(body.content, `${pointer}/requestBody/content`, 'request') };
  }

  /** `callbacks: {name: {expression: PathItem}}` → one entry per name × expression × method. */
  function compileCallbacks(raw: unknown, pointer: string): PlanCallback[] {
    const out: PlanCallback[] = [];
    const map = derefNode(doc, raw).value;
    if (!isObj(map)) return out;
    for (const [name, rawCallback] of Object.entries(map)) {
      const callback = derefNode(doc, rawCallback).value;
      if (!isObj(callback)) continue;
      for (const [expression, rawItem] of Object.entries(callback)) {
        const item = derefNode(doc, rawItem).value;
        if (expression.startsWith('x-') || !isObj(item)) continue;
        for (const method of HTTP_METHODS) {
          if (!isObj(item[method])) continue;
          const at = `${pointer}/callbacks/${escapePointer(name)}/${escapePointer(expression)}/${method}`;
          const requestBody = requestBodyOf(item, method, at);
          out.push({ name, expression, method, ...(requestBody ? { requestBody } : {}) });
        }
      }
    }
    return out;
  }

  function compileWebhooks(raw: unknown): PlanWebhook[] {
    const out: PlanWebhook[] = [];
    if (!isObj(raw)) return out;
    for (const [name, rawItem] of Object.entries(raw)) {
      const item = derefNode(doc, rawItem).value;
      if (!isObj(item)) continue;
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!isObj(op)) continue;
        const requestBody = requestBodyOf(item, method, `/webhooks/${escapePointer(name)}/${method}`);
        out.push({ name, method, ...(typeof op.summary === 'string' ? { summary: op.summary } : {}), ...(requestBody ? { requestBody } : {}) });
      }
    }
    return out;
  }

  function compileResponse(status: string, response: Obj, pointer: string): PlanResponse {
    const headers = [];
    if (isObj(response.headers)) {
      for (const [name, rawHeader] of Object.entries(response.headers)) {
        const header = derefNode(doc, rawHeader).value;
        if (!isObj(header) || name.toLowerCase() === 'content-type') continue;
        const schema = header.schema ?? firstContentSchema(header.content);
        headers.push({
          name,
          required: header.required === true,
          schema: schemas.convert(schema ?? { type: 'string' }),
          ...('example' in header ? { example: header.example } : {}),
        });
      }
    }
    return {
      status,
      description: typeof response.description === 'string' ? response.description : '',
      headers,
      contents: compileContents(response.content, `${pointer}/content`, 'response'),
    };
  }
}

/** The raw-text rules of a form-urlencoded request body (FormRules), or undefined when it has none. */
function formRules(doc: Obj, media: Obj): FormRules | undefined {
  const encoded = isObj(media.encoding)
    ? Object.entries(media.encoding)
        .filter(([, encoding]) => isObj(encoding) && encoding.allowReserved !== true)
        .map(([name]) => name)
    : [];
  const schema = derefNode(doc, media.schema).value;
  const properties = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
  const nonEmpty = Object.entries(properties)
    .filter(([, property]) => isObj(property) && property[FORM_NON_EMPTY] === true)
    .map(([name]) => name);
  return encoded.length + nonEmpty.length === 0 ? undefined : { nonEmpty, encoded };
}

function firstContentSchema(content: unknown): unknown {
  if (!isObj(content)) return undefined;
  const first = Object.values(content)[0];
  return isObj(first) ? first.schema : undefined;
}

function compileParameters(doc: Obj, schemas: SchemaCollector, pathLevel: unknown, opLevel: unknown): PlanParameter[] {
  const byKey = new Map<string, PlanParameter>();
  for (const list of [pathLevel, opLevel]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const param = derefNode(doc, raw).value;
      if (!isObj(param) || typeof param.name !== 'string') continue;
      const location = param.in;
      if (location !== 'path' && location !== 'query' && location !== 'header' && location !== 'cookie') continue;
      // Accept, Content-Type and Authorization header parameters are described by other means (OAS 3.x).
      if (location === 'header' && /^(accept|content-type|authorization)$/i.test(param.name)) continue;
      const style = typeof param.style === 'string' ? param.style : DEFAULT_STYLE[location];
      let schema: unknown = param.schema;
      let contentType: string | undefined;
      if (schema === undefined && isObj(param.content)) {
        const [mediaType, media] = Object.entries(param.content)[0] ?? [];
        contentType = mediaType;
        schema = isObj(media) ? media.schema : undefined;
      }
      byKey.set(`${location}:${location === 'header' ? param.name.toLowerCase() : param.name}`, {
        name: param.name,
        in: location,
        required: location === 'path' ? true : param.required === true,
        style,
        explode: typeof param.explode === 'boolean' ? param.explode : style === 'form',
        schema: schemas.convert(schema ?? {}),
        ...(contentType ? { contentType } : {}),
        ...(location === 'query' && param.allowEmptyValue === false ? { nonEmpty: true as const } : {}),
      });
    }
  }
  return [...byKey.values()];
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
