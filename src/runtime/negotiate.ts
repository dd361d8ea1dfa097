/** Accept negotiation over a response's declared media types (RFC 9110 §12.5.1). */

interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): AcceptRange[] {
  const out: AcceptRange[] = [];
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const [type, subtype] = range.trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') q = Number.parseFloat(v) || 0;
    }
    out.push({ type, subtype, q });
  }
  return out;
}

function split(mediaType: string): [string, string] {
  const [type = '', subtype = ''] = mediaType.split(';')[0].trim().toLowerCase().split('/');
  return [type, subtype];
}

/** How well one accept range fits a declared type: 3 exact, 2 subtype wildcard, 1 full wildcard, 0 none. */
function fitOf(range: AcceptRange, declared: string): number {
  const [type, subtype] = split(declared);
  if (type === '*' || (subtype === '*' && (range.type === type || range.type === '*'))) return 1;
  if (range.type === '*' && range.subtype === '*') return 1;
  if (range.type !== type) return 0;
  if (range.subtype === '*') return 2;
  if (range.subtype === subtype) return 3;
  // application/json accepts application/problem+json style suffix types only when asked exactly, so no match.
  return 0;
}

/**
 * Picks the declared media type that the Accept header prefers; declared order breaks ties.
 * Returns the index, or -1 when nothing declared is acceptable (→ 406).
 */
export function negotiate(accept: string | null, declared: readonly string[]): number {
  if (declared.length === 0) return -1;
  if (accept === null || accept.trim() === '') return 0;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return 0;
  let best = -1;
  let bestQ = 0;
  let bestFit = 0;
  declared.forEach((mediaType, index) => {
    let q = 0;
    let quality = 0;
    for (const range of ranges) {
      const f = fitOf(range, mediaType);
      if (f > quality || (f === quality && f > 0 && range.q > q)) {
        quality = f;
        q = range.q;
      }
    }
    if (quality > 0 && q > 0 && (q > bestQ || (q === bestQ && quality > bestFit))) {
      best = index;
      bestQ = q;
      bestFit = quality;
    }
  });
  return best;
}

/** The concrete Content-Type to send for a declared (possibly wildcard) media type. */
export function concreteType(declared: string, accept: string | null): string {
  if (!declared.includes('*')) return declared;
  const [type, subtype] = split(declared);
  if (type !== '*' && subtype !== '*') return declared;
  for (const range of parseAccept(accept ?? '')) {
    if (range.type !== '*' && range.subtype !== '*' && (type === '*' || range.type === type)) return `${range.type}/${range.subtype}`;
  }
  return type === '*' ? 'application/octet-stream' : type === 'text' ? 'text/plain' : `${type}/octet-stream`;
}

export function isJsonMediaType(mediaType: string): boolean {
  const [type, subtype] = split(mediaType);
  return (type === 'application' || type === '*') && (subtype === 'json' || subtype.endsWith('+json'));
}
