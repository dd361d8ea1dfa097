/** Bounded problems: a document with thousands of faults answers with the first few and a count. */
import type { Problem } from './types';

/**
 * Keeps the first `max` items of `errors` and says how many were left out (`moreErrors`).
 * @example capProblem(problem, 5) // { ..., errors: [5 items], moreErrors: 1207 }
 */
export function capProblem(p: Problem, max: number): Problem {
  const errors = p.errors ?? [];
  if (errors.length <= max) return p;
  const earlier = typeof p.moreErrors === 'number' ? p.moreErrors : 0;
  return { ...p, errors: errors.slice(0, max), moreErrors: earlier + errors.length - max };
}
