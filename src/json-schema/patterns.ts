/**
 * `pattern` checked by the linear-time matcher (src/regex) instead of cfworker's backtracking
 * `new RegExp(pattern, 'u').test(…)`. cfworker has no custom keywords but reads formats from a
 * table it exports, so each pattern becomes a format named after it: `{ pattern: P }` is handed to
 * cfworker as `{ allOf: [{ format: 'mockloop-pattern:P' }] }`, and the report turns that
 * format's failure back into "must match pattern P". One budget of matcher steps covers a whole
 * validation, so a body of many long strings costs no more than one.
 */
import { format as knownFormats } from '@cfworker/json-schema';
import { compileRegex, RegexBudgetExceeded, type SafeRegex } from '../regex';

const PREFIX = 'mockloop-pattern:';
/** Matcher steps one validation may spend on patterns (about 100 ms at worst). */
export const VALIDATION_PATTERN_BUDGET = 1_000_000;

let budget = { left: VALIDATION_PATTERN_BUDGET };

/**
 * Runs one validation with a fresh pattern budget (validation is synchronous). When any
 * `patternProperties` key was prepared, cfworker's `new RegExp(key, 'u')` for it is answered by
 * the linear-time matcher for the length of the validation (see `propertyPattern`).
 */
export function withPatternBudget<T>(run: () => T): T {
  budget = { left: VALIDATION_PATTERN_BUDGET };
  if (propertyPatterns.size === 0) return run();
  const before = globalThis.RegExp;
  globalThis.RegExp = GuardedRegExp;
  try {
    return run();
  } finally {
    globalThis.RegExp = before;
  }
}

/**
 * `patternProperties` keys, matched against every property name of an instance. cfworker builds
 * `new RegExp(key, 'u')` for each one inside its validate function and has no hook for it, so
 * while a validation runs the global `RegExp` is a proxy that answers exactly those keys with a
 * linear-time matcher sharing the validation's budget, and builds every other RegExp as usual
 * (regex literals never go through it). Past the budget a name counts as not matching.
 */
const propertyPatterns = new Map<string, SafeRegex>();
const MAX_PROPERTY_PATTERNS = 10_000;
const NativeRegExp = globalThis.RegExp;

const GuardedRegExp = new Proxy(NativeRegExp, {
  construct(target, args, newTarget) {
    const safe = typeof args[0] === 'string' && args[1] === 'u' ? propertyPatterns.get(args[0]) : undefined;
    if (safe === undefined) return Reflect.construct(target, args, newTarget);
    return {
      source: safe.source,
      test: (text: string) => {
        try {
          return safe.test(text, budget);
        } catch (error) {
          if (error instanceof RegexBudgetExceeded) return false;
          throw error;
        }
      },
    };
  },
});

/**
 * Registers a `patternProperties` key for the linear-time matcher; undefined when it cannot be
 * matched in linear time (or too many were registered), and the key is then dropped like an
 * unusable `pattern`.
 */
export function propertyPattern(pattern: string): string | undefined {
  if (propertyPatterns.has(pattern)) return pattern;
  if (propertyPatterns.size >= MAX_PROPERTY_PATTERNS) return undefined;
  const compiled = compileRegex(pattern, 'u');
  if (!compiled.ok) return undefined;
  propertyPatterns.set(pattern, compiled.regex);
  return pattern;
}

/**
 * The format name that checks `pattern`, registered on first use; undefined when the pattern is
 * not a valid unicode-mode regex or cannot be matched in linear time (the keyword is then dropped;
 * `patternWarning` tells the compiler why).
 */
export function patternFormat(pattern: string): string | undefined {
  const name = PREFIX + pattern;
  if (Object.hasOwn(knownFormats, name)) return name;
  const compiled = compileRegex(pattern, 'u');
  if (!compiled.ok) return undefined;
  const { regex } = compiled;
  knownFormats[name] = (text: string) => {
    try {
      return regex.test(text, budget);
    } catch (error) {
      // Past the budget the value is refused: a mock must not spend unbounded time on one request.
      if (error instanceof RegexBudgetExceeded) return false;
      throw error;
    }
  };
  return name;
}

/** The pattern a format name made by `patternFormat` stands for. */
export function patternOfFormat(format: unknown): string | undefined {
  return typeof format === 'string' && format.startsWith(PREFIX) ? format.slice(PREFIX.length) : undefined;
}

/** Why a spec's pattern will not be enforced, or undefined when it will be. */
export function patternWarning(pattern: string): string | undefined {
  const compiled = compileRegex(pattern, 'u');
  return compiled.ok ? undefined : compiled.reason;
}
