/**
 * OpenAPI runtime expressions (OAS 3.x §4.8.20) evaluated against one exchange: `$url`,
 * `$method`, `$statusCode`, `$request.{path,query,header}.name`, `$request.body#/pointer`, the
 * same under `$response.`, either as a whole string or embedded in one as `{…}`. A reference
 * that names nothing is an error with a reason, never an empty string in a URL.
 */

/** What the expressions can read of a request and its response. */
export interface Exchange {
  /** The full request URL. */
  url: string;
  method: string;
  statusCode: number;
  request: ExchangeSide & { path: Record<string, string>; query: Record<string, string[]> };
  response: ExchangeSide;
}

export interface ExchangeSide {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as text (null: none). */
  body: string | null;
}

export type Evaluated = { ok: true; value: string } | { ok: false; error: string };

const MAX_TEMPLATE = 4096;

/**
 * @example
 * evaluateTemplate('{$request.body#/callbackUrl}/events?id={$response.body#/id}', exchange)
 * // → { ok: true, value: 'https://client.example/hook/events?id=42' }
 */
export function evaluateTemplate(template: string, exchange: Exchange): Evaluated {
  if (template.length > MAX_TEMPLATE) return { ok: false, error: `the expression is longer than ${MAX_TEMPLATE} characters` };
  if (template.startsWith('$')) return evaluateExpression(template, exchange);
  let out = '';
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    if (open === -1) break;
    const close = template.indexOf('}', open);
    if (close === -1) return { ok: false, error: `"{" at ${open} is never closed` };
    out += template.slice(at, open);
    const inner = template.slice(open + 1, close);
    // JSON pointers may hold "}"? They may not hold unescaped "{" or "}" in practice; a brace
    // not starting an expression is kept as text.
    if (!inner.startsWith('$')) {
      out += template.slice(open, close + 1);
    } else {
      const value = evaluateExpression(inner, exchange);
      if (!value.ok) return value;
      out += value.value;
    }
    at = close + 1;
  }
  return { ok: true, value: out + template.slice(at) };
}

/** One expression, `$` included. */
export function evaluateExpression(expression: string, exchange: Exchange): Evaluated {
  if (expression === '$url') return { ok: true, value: exchange.url };
  if (expression === '$method') return { ok: true, value: exchange.method.toUpperCase() };
  if (expression === '$statusCode') return { ok: true, value: String(exchange.statusCode) };
  const match = /^\$(request|response)\.(header|query|path|body)(?:\.(.+)|(#.*))?$/s.exec(expression);
  if (!match) return { ok: false, error: `${JSON.stringify(expression)} is not a runtime expression` };
  const [, sideName, source, name, pointer] = match as unknown as [string, 'request' | 'response', string, string | undefined, string | undefined];
  const side = exchange[sideName];
  const missing = (what: string): Evaluated => ({ ok: false, error: `${expression}: the ${sideName} has no ${what}` });
  if (source === 'body') {
    if (name !== undefined) return { ok: false, error: `${expression}: a body reference is "body" or "body#/pointer"` };
    if (side.body === null) return missing('body');
    if (pointer === undefined || pointer === '#') return { ok: true, value: side.body };
    return bodyAt(side.body, pointer.slice(1), expression, sideName);
  }
  if (name === undefined || pointer !== undefined) return { ok: false, error: `${expression}: ${source} needs a name ($${sideName}.${source}.name)` };
  if (source === 'header') {
    const value = side.headers[name.toLowerCase()];
    return value === undefined ? missing(`header "${name}"`) : { ok: true, value };
  }
  if (sideName === 'response') return { ok: false, error: `${expression}: a response has headers and a body only` };
  if (source === 'query') {
    const values = exchange.request.query[name];
    return values === undefined || values.length === 0 ? missing(`query parameter "${name}"`) : { ok: true, value: values[0] };
  }
  const value = exchange.request.path[name];
  return value === undefined ? missing(`path parameter "${name}"`) : { ok: true, value };
}

function bodyAt(text: string, pointer: string, expression: string, side: string): Evaluated {
  let node: unknown;
  try {
    node = JSON.parse(text);
  } catch {
    return { ok: false, error: `${expression}: the ${side} body is not JSON` };
  }
  if (pointer !== '' && !pointer.startsWith('/')) return { ok: false, error: `${expression}: "${pointer}" is not a JSON pointer` };
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = decodePointerToken(raw);
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < node.length) node = node[Number(key)];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key)) node = (node as Record<string, unknown>)[key];
    else return { ok: false, error: `${expression}: the ${side} body has nothing at ${pointer}` };
  }
  if (node === null) return { ok: false, error: `${expression}: the ${side} body has null at ${pointer}` };
  return { ok: true, value: typeof node === 'string' ? node : typeof node === 'object' ? JSON.stringify(node) : String(node) };
}

function decodePointerToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // kept as written
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The path parameters of `path` under `template` (`/pets/{id}` and `/v1/pets/7` with base path
 * `/v1` → `{ id: '7' }`). Segment by segment, so no pattern is compiled from the spec's text.
 */
export function pathParameters(template: string, path: string, basePath: string): Record<string, string> {
  const rest = basePath !== '' && path.startsWith(basePath) ? path.slice(basePath.length) : path;
  const want = template.split('/');
  const got = rest.split('/');
  const out: Record<string, string> = {};
  if (want.length !== got.length) return out;
  for (let i = 0; i < want.length; i++) {
    const whole = /^\{([^{}]+)\}$/.exec(want[i]);
    if (whole) out[whole[1]] = safeDecode(got[i]);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
