/**
 * Tool calls in flight, by caller and JSON-RPC request id, so that a `notifications/cancelled`
 * reaches the call it names. The MCP worker serves every HTTP request with a fresh stateless
 * server, so the SDK's own cancellation (a map inside one server instance) never sees the call
 * a later POST cancels. Module state: it works within one isolate (always locally; deployed, when
 * the cancel lands on the isolate running the call — best effort). Keys carry the caller, so a
 * caller can cancel only its own calls. The cancelling request only sets a flag: workerd does not
 * let one request's events fire in another's context, so the call's own request polls the flag
 * and aborts its signal itself.
 */
const inflight = new Map<string, { cancelled: boolean }>();
/** How often a call looks at its cancel flag. */
const CHECK_MS = 100;

const keyOf = (caller: string, requestId: string | number) => `${caller}\u0000${typeof requestId}:${requestId}`;

/** A signal for this call that aborts with the SDK's own signal or a cancel naming it; `end()` when the call is over. */
export function trackCall(caller: string, requestId: string | number, signal: AbortSignal): { signal: AbortSignal; end(): void } {
  const key = keyOf(caller, requestId);
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  const entry = { cancelled: false };
  inflight.set(key, entry);
  const timer = setInterval(() => {
    if (entry.cancelled && !controller.signal.aborted) controller.abort();
  }, CHECK_MS);
  return {
    signal: controller.signal,
    end: () => {
      clearInterval(timer);
      if (inflight.get(key) === entry) inflight.delete(key);
    },
  };
}

/** Marks the caller's call with that request id cancelled, if it runs here. */
export function cancelCall(caller: string, requestId: string | number | undefined): void {
  if (requestId === undefined) return;
  const entry = inflight.get(keyOf(caller, requestId));
  if (entry) entry.cancelled = true;
}
