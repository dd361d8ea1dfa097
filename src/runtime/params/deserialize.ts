/**
 * OpenAPI parameter serialisation, read backwards: the style × explode table of OpenAPI 3.1
 * (§4.8.12.4) turned into strings, arrays of strings and objects of strings. Types come later
 * (`coerce.ts`); this file only cuts text apart and percent-decodes the pieces.
 *
 * Delimiters are found in the still-encoded text and each piece is decoded afterwards, so a
 * client that escapes a comma inside a value (`a%2Cb`) keeps it as one value, as RFC 6570 intends.
 */
import { setOwn, type ValueShape } from './coerce';

/** One `key=value` pair of a query string or Cookie header: the key decoded, the value still raw. */
export interface FormPair {
  key: string;
  raw: string;
}

/** What a parameter read found: nothing (absent), or its deserialised (still untyped) value. */
export type Found = { found: false } | { found: true; value: unknown; raw: string };

const NOT_FOUND: Found = { found: false };

/**
 * Percent-decodes without ever throwing: a malformed or truncated `%` sequence is kept as the raw
 * text, and the validator later judges the value as it stands.
 * @example percentDecode('a%20b') // 'a b'
 * @example percentDecode('100%') // '100%'
 */
export function percentDecode(text: string, plusAsSpace = false): string {
  const input = plusAsSpace && text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!input.includes('%')) return input;
  try {
    return decodeURIComponent(input);
  } catch {
    return input.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

const decodeQuery = (text: string): string => percentDecode(text, true);

/** Splits a raw query string (without `?`) into pairs; `x` and `x=` both give an empty value. */
export function parseQuery(query: string): FormPair[] {
  const pairs: FormPair[] = [];
  const text = query.startsWith('?') ? query.slice(1) : query;
  if (text === '') return pairs;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    pairs.push({ key: decodeQuery(key), raw: eq === -1 ? '' : part.slice(eq + 1) });
  }
  return pairs;
}

function splitOn(raw: string, delimiter: string | RegExp): string[] {
  return raw === '' ? [] : raw.split(delimiter);
}

/** `R,100,G,200` (already split) → `{R: '100', G: '200'}`; a dangling key gets an empty value. */
function fromAlternating(items: string[], decode: (s: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) setOwn(out, decode(items[i]), decode(items[i + 1] ?? ''));
  return out;
}

/** `['R=100', 'G=200']` → `{R: '100', G: '200'}`. */
function fromKeyValues(items: string[], decode: (s: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq === -1) setOwn(out, decode(item), '');
    else setOwn(out, decode(item.slice(0, eq)), decode(item.slice(eq + 1)));
  }
  return out;
}

function found(value: unknown, raw: string): Found {
  return { found: true, value, raw };
}

/** Path parameters: `simple` (default), `label` (`.3.4`), `matrix` (`;id=3;id=4`). `raw` is still percent-encoded. */
export function readPathValue(raw: string, name: string, style: string, explode: boolean, shape: ValueShape): Found {
  const decode = (s: string): string => percentDecode(s);
  if (style === 'label' && raw.startsWith('.')) {
    const body = raw.slice(1);
    if (shape === 'array') return found(splitOn(body, explode ? '.' : ',').map(decode), body);
    if (shape === 'object') {
      return found(explode ? fromKeyValues(splitOn(body, '.'), decode) : fromAlternating(splitOn(body, ','), decode), body);
    }
    return found(decode(body), body);
  }
  if (style === 'matrix' && raw.startsWith(';')) {
    const segments = raw.slice(1).split(';');
    if (explode && shape === 'object') return found(fromKeyValues(segments, decode), raw);
    const values = matrixValues(segments, name, decode);
    if (values.length === 0) return found(decode(raw), raw);
    if (shape === 'array') return found(explode ? values.map(decode) : splitOn(values[0], ',').map(decode), values[0]);
    if (shape === 'object') return found(fromAlternating(splitOn(values[0], ','), decode), values[0]);
    return found(decode(values[0]), values[0]);
  }
  // `simple`, and the fallback when a label/matrix value lacks its prefix: read it plainly and let validation judge.
  if (shape === 'array') return found(splitOn(raw, ',').map(decode), raw);
  if (shape === 'object') {
    return found(explode ? fromKeyValues(splitOn(raw, ','), decode) : fromAlternating(splitOn(raw, ','), decode), raw);
  }
  return found(decode(raw), raw);
}

/** The raw values of `;name=value` segments whose name matches; `;name` alone is an empty value. */
function matrixValues(segments: string[], name: string, decode: (s: string) => string): string[] {
  const values: string[] = [];
  for (const segment of segments) {
    const eq = segment.indexOf('=');
    const key = eq === -1 ? segment : segment.slice(0, eq);
    if (decode(key) === name) values.push(eq === -1 ? '' : segment.slice(eq + 1));
  }
  return values;
}

/** Header parameters (`simple` only): items are trimmed, since proxies join repeated headers with `, `. */
export function readHeaderValue(raw: string, explode: boolean, shape: ValueShape): Found {
  const keep = (s: string): string => s.trim();
  if (shape === 'array') return found(splitOn(raw, ',').map(keep), raw);
  if (shape === 'object') {
    const items = splitOn(raw, ',');
    return found(explode ? fromKeyValues(items, keep) : fromAlternating(items, keep), raw);
  }
  return found(raw, raw);
}

const DELIMITERS: Record<string, string | RegExp> = {
  form: ',',
  spaceDelimited: /%20|\+| /,
  pipeDelimited: /\||%7C/i,
};

export interface FormReadOptions {
  name: string;
  style: string;
  explode: boolean;
  shape: ValueShape;
  decode: (raw: string) => string;
  /** For an exploded object: its declared property names, and whether undeclared keys belong to it too. */
  properties: { names: Set<string>; open: boolean };
  /** Keys other parameters of the same location claim: an open exploded object never takes them. */
  otherNames: Set<string>;
}

/**
 * Query (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`) and cookie (`form`) parameters,
 * read from the request's pairs.
 */
export function readFormValue(pairs: FormPair[], options: FormReadOptions): Found {
  const { name, style, explode, shape, decode } = options;
  if (style === 'deepObject') return readDeepObject(pairs, name, decode);
  if (explode && shape === 'object') return readExplodedObject(pairs, options);
  const matches = pairs.filter((pair) => pair.key === name);
  if (matches.length === 0) return NOT_FOUND;
  const first = matches[0].raw;
  const delimiter = DELIMITERS[style] ?? ',';
  if (shape === 'array') {
    if (explode) return found(matches.map((pair) => decode(pair.raw)), first);
    return found(matches.flatMap((pair) => splitOn(pair.raw, delimiter).map(decode)), first);
  }
  if (shape === 'object') return found(fromAlternating(splitOn(first, delimiter), decode), first);
  return found(decode(first), first);
}

/** `R=100&G=200`: each property is its own pair. */
function readExplodedObject(pairs: FormPair[], options: FormReadOptions): Found {
  const { properties, otherNames, decode } = options;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const pair of pairs) {
    const belongs = properties.names.has(pair.key) || (properties.open && !otherNames.has(pair.key));
    if (!belongs || Object.hasOwn(out, pair.key)) continue;
    setOwn(out, pair.key, decode(pair.raw));
    any = true;
  }
  return any ? found(out, '') : NOT_FOUND;
}

const BRACKETS = /\[([^\]]*)\]/g;

/** `color[R]=100&color[G]=200` → `{R: '100', G: '200'}`; deeper `a[b][c]` nests, `a[b][]` and repeats collect arrays. */
function readDeepObject(pairs: FormPair[], name: string, decode: (raw: string) => string): Found {
  const root: Record<string, unknown> = {};
  let any = false;
  for (const pair of pairs) {
    if (!pair.key.startsWith(`${name}[`)) continue;
    const rest = pair.key.slice(name.length);
    const path = [...rest.matchAll(BRACKETS)].map((m) => m[1]);
    // Anything but a clean run of `[...]` groups is not this parameter's key.
    if (path.length === 0 || path.map((p) => `[${p}]`).join('') !== rest) continue;
    if (assignPath(root, path, decode(pair.raw))) any = true;
  }
  return any ? found(root, '') : NOT_FOUND;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function assignPath(root: Record<string, unknown>, path: string[], value: string): boolean {
  // A trailing `[]` says "this key holds a list"; repeating a key without it collects a list as well.
  const append = path[path.length - 1] === '';
  const keys = append ? path.slice(0, -1) : path;
  if (keys.length === 0) return false;
  let node = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i];
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) {
      const child: Record<string, unknown> = {};
      setOwn(node, key, child);
      node = child;
    } else if (isRecord(next)) {
      node = next;
    } else {
      return false; // `a[b]=1&a[b][c]=2`: a value and an object under one key; the first wins.
    }
  }
  const last = keys[keys.length - 1];
  const existing = Object.hasOwn(node, last) ? node[last] : undefined;
  if (existing === undefined) setOwn(node, last, append ? [value] : value);
  else if (Array.isArray(existing)) existing.push(value);
  else if (typeof existing === 'string') setOwn(node, last, [existing, value]);
  else return false;
  return true;
}
