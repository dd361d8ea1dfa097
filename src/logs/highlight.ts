/**
 * Where a search matched: for each field that holds the text (or the path regex), a short
 * fragment around the first match and the match's place in that fragment, so a page or an
 * assistant can show it without the whole body.
 */
import type { SafeRegex, Span } from '../regex';

export interface Highlight {
  field: 'path' | 'query' | 'requestBody' | 'responseBody';
  fragment: string;
  /** Offset and length of the match inside `fragment`. */
  start: number;
  length: number;
}

const CONTEXT = 40;

export interface Searchable {
  path: string;
  query: string;
  requestBody: string | null;
  responseBody: string | null;
}

/**
 * @example
 * highlights({ path: '/v1/books', query: '', requestBody: null, responseBody: '{"title":"Dune"}' }, 'dune');
 * // [{ field: 'responseBody', fragment: '{"title":"Dune"}', start: 10, length: 4 }]
 */
export function highlights(item: Searchable, q: string | undefined, pathRegex?: SafeRegex): Highlight[] {
  const out: Highlight[] = [];
  if (pathRegex) {
    let m: Span | null = null;
    try {
      m = pathRegex.exec(item.path);
    } catch {
      // Past the matcher's budget the path is shown without a highlight.
    }
    if (m) out.push(fragmentAt('path', item.path, m.index, m.end - m.index));
  }
  if (q === undefined || q === '') return out;
  // SQLite's LIKE folds ASCII case only; so does this.
  const needle = foldAscii(q);
  for (const field of ['path', 'query', 'requestBody', 'responseBody'] as const) {
    const text = item[field];
    if (text === null || (field === 'path' && pathRegex)) continue;
    const at = foldAscii(text).indexOf(needle);
    if (at >= 0) out.push(fragmentAt(field, text, at, q.length));
  }
  return out;
}

function fragmentAt(field: Highlight['field'], text: string, at: number, length: number): Highlight {
  const from = Math.max(0, at - CONTEXT);
  const to = Math.min(text.length, at + length + CONTEXT);
  const prefix = from > 0 ? '…' : '';
  return { field, fragment: prefix + text.slice(from, to) + (to < text.length ? '…' : ''), start: at - from + prefix.length, length };
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
