/**
 * The mock origin's response headers as one plain object, listed the way a Headers object lists
 * them (lower-case names in order, values without surrounding whitespace, repeated names joined),
 * so the Response and the log record both take it as it is. Adds the correlation id and, for a
 * CORS request, the CORS headers.
 */
export function responseHeaders(declared: Record<string, string>, correlationId: string, corsOrigin: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(declared)) {
    const lower = name.toLowerCase();
    const value = trimValue(declared[name]);
    out[lower] = Object.hasOwn(out, lower) ? `${out[lower]}, ${value}` : value;
  }
  out['x-correlation-id'] = correlationId;
  if (corsOrigin !== null) {
    out['access-control-allow-origin'] = corsOrigin;
    out['access-control-allow-credentials'] = 'true';
    out.vary = Object.hasOwn(out, 'vary') ? `${out.vary}, Origin` : 'Origin';
    const exposed = Object.keys(declared).filter((h) => h !== 'content-type');
    out['access-control-expose-headers'] = ['x-correlation-id', ...exposed].join(', ');
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
