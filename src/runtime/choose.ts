/** Which declared response a request's preferences choose (`Prefer: code=…`, `__code`), else the operation's usual one. */
import { type PlanOperation, type PlanResponse, responseFor, sentStatus, usualResponse } from '../plan';
import { type Problem, problem } from '../problem';
import { UNKNOWN_PREFERENCE } from './errors';
import type { Preferences } from './prefer';

export interface ChosenResponse {
  response: PlanResponse | null;
  status: number;
}

/** The declared response to send: the preferred code (like Prism: exact, its range, `default`, sent with the asked code), else the usual one. */
export function chooseResponse(operation: PlanOperation, prefs: Preferences): ChosenResponse | Problem {
  if (prefs.code !== undefined) {
    const code = prefs.code.trim().toUpperCase();
    const numeric = /^[1-5]\d\d$/.test(code);
    const hit = numeric ? responseFor(operation, Number(code)) : operation.responses.find((r) => r.status === code);
    if (hit) return { response: hit, status: numeric ? Number(code) : 200 };
    return problem(UNKNOWN_PREFERENCE, `${operation.id} declares no ${prefs.code} response.`, {
      available: operation.responses.map((r) => r.status),
    });
  }
  const usual = usualResponse(operation);
  return usual === undefined ? { response: null, status: 204 } : { response: usual, status: sentStatus(usual) };
}
