/**
 * `$ref` resolution against the plan's shared definitions. Plan schemas point at `#/$defs/<name>`;
 * the OpenAPI and draft-07 spellings are accepted too so hand-written schemas work.
 */
import type { JsonSchema } from '../json-schema/types';

const PREFIXES = ['#/$defs/', '#/components/schemas/', '#/definitions/'];

export interface ResolvedRef {
  /** The definition's name: the first path segment after the prefix. */
  name: string;
  schema: JsonSchema;
}

function decodeSegment(segment: string): string {
  let text = segment;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // A stray `%` is part of the name, not an escape.
    }
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The definition name a reference points at, or undefined for references outside the definitions. */
export function refName(ref: string): string | undefined {
  for (const prefix of PREFIXES) {
    if (ref.startsWith(prefix)) return decodeSegment(ref.slice(prefix.length).split('/')[0]);
  }
  // OpenAPI discriminator mappings may name a schema bare (`Dog`) instead of by reference.
  return ref.includes('/') || ref.startsWith('#') ? undefined : ref;
}

export function resolveRef(ref: string, defs: Readonly<Record<string, JsonSchema>>): ResolvedRef | undefined {
  const prefix = PREFIXES.find((p) => ref.startsWith(p));
  if (prefix === undefined) return undefined;
  const segments = ref.slice(prefix.length).split('/').map(decodeSegment);
  const name = segments[0];
  if (!Object.hasOwn(defs, name)) return undefined;
  let node: unknown = defs[name];
  for (const segment of segments.slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    // SAFETY: `node` is a non-null object (checked above); indexing a JSON value by key.
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node === 'boolean' || (node !== null && typeof node === 'object' && !Array.isArray(node))) {
    // SAFETY: a boolean or a plain object is a JSON Schema by the definition of `JsonSchema`.
    return { name, schema: node as JsonSchema };
  }
  return undefined;
}
