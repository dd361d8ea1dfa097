/**
 * The mock origin's response headers as one plain object, listed the way a Headers object lists
 * them (lower-case names in order, values without surrounding whitespace, repeated names joined),
 * so the Response and the log record both take it as it is. Adds the correlation id and, for a
 * CORS request, the CORS headers.
 *
 * The runtime shares one frozen header object among all answers of a response sent as declared;
 * for those (without CORS, whose headers vary by origin) the listing and the log's header template
 * are worked out once and only the correlation id is filled in per request.
 */
const CORRELATION = 'x-correlation-id';

export interface ListedHeaders {
  headers: Record<string, string>;
  /** The header set as JSON with the correlation id null (see src/db/logs.ts), when known. */
  template: string | null;
}

interface Prepared {
  listed: Record<string, string>;
  template: string;
}

// Keyed by the runtime's frozen header objects, which live as long as its plan.
const prepared = new WeakMap<Record<string, string>, Prepared>();

export function responseHeaders(declared: Record<string, string>, correlationId: string, corsOrigin: string | null): ListedHeaders {
  if (corsOrigin !== null || !Object.isFrozen(declared)) return { headers: listHeaders(declared, correlationId, corsOrigin), template: null };
  let ready = prepared.get(declared);
  if (!ready) {
    const listed = listHeaders(declared, '', null);
    ready = { listed, template: JSON.stringify({ ...listed, [CORRELATION]: null }) };
    prepared.set(declared, ready);
  }
  // The copy keeps the listing's order; the correlation id takes its place in it.
  const headers = { ...ready.listed };
  headers[CORRELATION] = correlationId;
  return { headers, template: ready.template };
}

function listHeaders(declared: Record<string, string>, correlationId: string, corsOrigin: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(declared)) {
    const lower = name.toLowerCase();
    const value = trimValue(declared[name]);
    out[lower] = Object.hasOwn(out, lower) ? `${out[lower]}, ${value}` : value;
  }
  out[CORRELATION] = correlationId;
  if (corsOrigin !== null) {
    out['access-control-allow-origin'] = corsOrigin;
    out['access-control-allow-credentials'] = 'true';
    out.vary = Object.hasOwn(out, 'vary') ? `${out.vary}, Origin` : 'Origin';
    const exposed = Object.keys(declared).filter((h) => h !== 'content-type');
    out['access-control-expose-headers'] = [CORRELATION, ...exposed].join(', ');
  }
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(out).sort()) sorted[name] = out[name];
  return sorted;
}

/** Headers strip leading and trailing HTTP whitespace (tab, LF, CR, space) from values. */
function trimValue(value: string): string {
  return isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1)) ? value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '') : value;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
