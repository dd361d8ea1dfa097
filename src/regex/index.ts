/**
 * Regular expressions from specs and users, matched in time linear in the input: patterns are
 * parsed and run on a Pike VM (no backtracking), so `^(a+)+$` or `.{0,999}` repeated cannot
 * stall a worker. Character classes and escapes keep the engine's own meaning: each one is tested
 * by a one-character `RegExp`, which cannot backtrack. Backreferences, lookbehind and inline
 * modifiers are refused with a reason; a step budget bounds even the worst accepted case.
 *
 * @example
 * const checked = compileRegex('^(a+)+$', 'u');
 * if (checked.ok) checked.regex.test('a'.repeat(10_000) + '!'); // false, in about a millisecond
 */
import { parseRegex, UnsupportedRegex } from './parse';
import { type CharTest, compileProgram } from './program';
import { RegexBudgetExceeded, runProgram, type Span } from './vm';

export { RegexBudgetExceeded, type Span };

/** Program states at most (after counted repetitions are unrolled): 4,096 × a path of 2,000 characters is a few ms. */
export const MAX_REGEX_STATES = 4096;
/** Steps per match at most: around 100 ms of work in the worst case. */
export const DEFAULT_STEP_BUDGET = 1_000_000;

export interface SafeRegex {
  readonly source: string;
  readonly flags: string;
  /**
   * Whether the text holds a match; throws RegexBudgetExceeded past the step budget (the
   * regex's own, or `shared`, which several matches draw on together).
   */
  test(text: string, shared?: StepBudget): boolean;
  /** The first match (as `RegExp#exec` would find it), or null; throws RegexBudgetExceeded past the budget. */
  exec(text: string, shared?: StepBudget): Span | null;
}

/** Steps left; matches that share one object share the budget. */
export interface StepBudget {
  left: number;
}

export type RegexCompiled = { ok: true; regex: SafeRegex } | { ok: false; reason: string; unsupported: boolean };

/** `flags` may hold `u`, `i` and `s`. */
export function compileRegex(source: string, flags = '', options: { maxStates?: number; budget?: number } = {}): RegexCompiled {
  if (/[^uis]/.test(flags)) return { ok: false, reason: `flags "${flags}" are not supported (only u, i, s)`, unsupported: true };
  try {
    new RegExp(source, flags);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), unsupported: false };
  }
  const unicode = flags.includes('u');
  const budget = options.budget ?? DEFAULT_STEP_BUDGET;
  try {
    const tree = parseRegex(source, unicode);
    const program = compileProgram(tree, {
      maxInsts: options.maxStates ?? MAX_REGEX_STATES,
      makeTest: (atom, literal) => charTest(atom, literal, flags),
    });
    const regex: SafeRegex = {
      source,
      flags,
      test: (text, shared) => runProgram(program, text, unicode, shared ?? { left: budget }, true) !== null,
      exec: (text, shared) => runProgram(program, text, unicode, shared ?? { left: budget }, false),
    };
    return { ok: true, regex };
  } catch (error) {
    if (error instanceof UnsupportedRegex) return { ok: false, reason: error.message, unsupported: true };
    return { ok: false, reason: error instanceof Error ? error.message : String(error), unsupported: false };
  }
}

const CACHE_LIMIT = 4096;

/** A test for one atom: a literal compares codes; anything else asks a one-character RegExp, remembered per code. */
function charTest(atom: string, literal: number | undefined, flags: string): CharTest {
  if (literal !== undefined && !flags.includes('i')) return (code) => code === literal;
  const single = new RegExp(`^(?:${atom})$`, flags);
  const ascii = new Int8Array(128);
  const others = new Map<number, boolean>();
  const unicode = flags.includes('u');
  return (code) => {
    if (code < 128) {
      if (ascii[code] === 0) ascii[code] = single.test(String.fromCharCode(code)) ? 1 : 2;
      return ascii[code] === 1;
    }
    const known = others.get(code);
    if (known !== undefined) return known;
    const result = single.test(unicode ? String.fromCodePoint(code) : String.fromCharCode(code));
    if (others.size < CACHE_LIMIT) others.set(code, result);
    return result;
  };
}
