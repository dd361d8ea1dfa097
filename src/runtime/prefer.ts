/**
 * Prism-compatible response preferences: the `Prefer` header (`code=404, example=empty,
 * dynamic=true, seed=42`) and the `__code`, `__example`, `__dynamic`, `__seed` query fallback
 * for clients that cannot set headers. The query form wins when both are given.
 */

export interface Preferences {
  code?: string;
  example?: string;
  dynamic?: boolean;
  seed?: string;
}

const QUERY_KEYS = ['__code', '__example', '__dynamic', '__seed'] as const;

export function parsePreferences(preferHeader: string | null, rawQuery: string): Preferences {
  const prefs: Preferences = {};
  if (preferHeader) {
    for (const token of preferHeader.split(/[,;]/)) {
      const eq = token.indexOf('=');
      if (eq < 0) continue;
      const key = token.slice(0, eq).trim().toLowerCase();
      const value = token.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      assign(prefs, key, value);
    }
  }
  if (!rawQuery.includes('__')) return prefs;
  const query = new URLSearchParams(rawQuery);
  for (const key of QUERY_KEYS) {
    const value = query.get(key);
    if (value !== null) assign(prefs, key.slice(2), value);
  }
  return prefs;
}

function assign(prefs: Preferences, key: string, value: string): void {
  if (key === 'code') prefs.code = value;
  else if (key === 'example') prefs.example = value;
  else if (key === 'dynamic') prefs.dynamic = value === 'true' || value === '1';
  else if (key === 'seed') prefs.seed = value;
}

/** The query string without the `__` preference keys, so they never reach request validation. */
export function stripPreferenceKeys(query: string): string {
  if (!query.includes('__')) return query;
  return query
    .split('&')
    .filter((pair) => !QUERY_KEYS.some((key) => pair === key || pair.startsWith(`${key}=`)))
    .join('&');
}
