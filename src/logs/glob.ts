/**
 * SQLite GLOB patterns (`/v1/books/*`, `/v?/[a-c]*`) as regexes, for globs too long for D1 to run
 * (see MAX_SQL_PATTERN_BYTES): those are matched in the worker, like a path regex. GLOB is
 * case-sensitive; `*` is any text, `?` one character, `[…]` a set (`[^…]` its complement).
 */
import { compileRegex, type SafeRegex } from '../regex';

/** The regex source that matches exactly what `glob` matches. */
export function globToRegexSource(glob: string): string {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '[^]*';
    else if (c === '?') out += '[^]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + (glob[i + 1] === '^' ? 3 : 2));
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^[]/g, (x) => `\\${x}`)}]`;
      i = close;
    } else out += c.replace(/[\\^$.|?*+()[\]{}/]/g, (x) => `\\${x}`);
  }
  return `${out}$`;
}

/** The glob as a matcher, or why it cannot be one. */
export function globMatcher(glob: string): { ok: true; regex: SafeRegex } | { ok: false; reason: string } {
  const compiled = compileRegex(globToRegexSource(glob), 'u');
  return compiled.ok ? compiled : { ok: false, reason: compiled.reason };
}

/** The literal text before the glob's first wildcard. */
export function globLiteralPrefix(glob: string): string {
  const at = glob.search(/[*?[]/);
  return at === -1 ? glob : glob.slice(0, at);
}
