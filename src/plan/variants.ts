/**
 * Path keys that differ only by a `#…` or `?…` suffix name different operations at one path:
 * `/#X-Amz-Target=Queue.Send` (the AWS JSON protocol: every operation is `POST /`, told apart by a
 * header), `/items?kind=book`, or `/items#name` beside `/items`. The suffix becomes a selector the
 * runtime checks against the request, so each such operation is reachable.
 */
import type { PlanParameter, PlanVariant } from './types';

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The selector a path key's suffix describes, or undefined when there is none.
 * @example
 * variantOf('/#X-Amz-Target=Queue.Send', []) // → { in: 'header', name: 'x-amz-target', value: 'Queue.Send' }
 */
export function variantOf(rawPath: string, parameters: readonly PlanParameter[]): PlanVariant | undefined {
  const at = rawPath.search(/[#?]/);
  if (at < 0) return undefined;
  const suffix = rawPath.slice(at + 1);
  if (suffix === '') return undefined;
  const eq = suffix.indexOf('=');
  const name = decode(eq < 0 ? suffix : suffix.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : decode(suffix.slice(eq + 1).split('&')[0]);
  const declared = parameters.find((p) => (p.in === 'query' || p.in === 'header') && p.name.toLowerCase() === name.toLowerCase());
  if (declared !== undefined) return { in: declared.in === 'header' ? 'header' : 'query', name: declared.in === 'header' ? name.toLowerCase() : declared.name, ...(value === undefined ? {} : { value }) };
  // `?a=b` is a query by its spelling; a `name=value` fragment is read as a header (X-Amz-Target).
  if (rawPath[at] === '?') return { in: 'query', name, ...(value === undefined ? {} : { value }) };
  if (value !== undefined) return { in: 'header', name: name.toLowerCase(), value };
  // `/items#name` with no such parameter: told apart by the parameters it requires.
  const required = parameters.filter((p) => p.required && (p.in === 'query' || p.in === 'header'));
  return required.length > 0 ? { in: required[0].in === 'header' ? 'header' : 'query', name: required[0].in === 'header' ? required[0].name.toLowerCase() : required[0].name } : undefined;
}
