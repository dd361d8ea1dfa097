/**
 * Compile warnings for `pattern`s the mock will not enforce: request validation and synthesis
 * match patterns on a linear-time engine (src/regex), which refuses backreferences, lookbehind
 * and patterns too large once their counted repetitions are unrolled. Such a pattern is dropped
 * (as an invalid one is), and the warning names the schema that holds it.
 */
import { pointerOf, walk } from '../spec/walk';
import { patternWarning } from '../json-schema/patterns';
import type { PlanWarning } from './types';

export function patternWarnings(doc: unknown): PlanWarning[] {
  const out: PlanWarning[] = [];
  const seen = new Set<string>();
  walk(doc, 'document', {
    enter(frame) {
      if (frame.kind !== 'schema' || typeof frame.node.pattern !== 'string') return;
      const pattern = frame.node.pattern;
      const reason = patternWarning(pattern);
      if (reason === undefined || out.length >= 50 || seen.has(pattern)) return;
      seen.add(pattern);
      out.push({ location: `${pointerOf(frame)}/pattern`, code: 'unenforced-pattern', message: `pattern ${JSON.stringify(pattern)} is not enforced: ${reason}.` });
    },
  });
  return out;
}
