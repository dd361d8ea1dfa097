/**
 * Limiting failed credentials (admin token, MCP bearer token, operator secret): each client key
 * has a bucket of `burst` failures that refills one every `refillMs`; a failure takes one, and
 * past empty it runs into debt (up to `maxDebt`), so a volley of guesses sent at once is paid for
 * afterwards. A credential is only checked while the bucket holds at least one; otherwise the
 * caller answers 429 with `Retry-After`. A success takes nothing, so a client that authenticates is
 * never slowed — unless it shares its key with one that keeps guessing (locally every client is one
 * key: the debt, and so the lockout, is capped).
 */

export interface FailureLimitOptions {
  burst: number;
  refillMs: number;
  /** How far past empty failures may go (in failures); caps how long a key stays locked. */
  maxDebt: number;
}

export interface FailureLimiter {
  /** Seconds to wait before a credential from `key` may be checked; `undefined`: check it now. */
  retryAfter(key: string, now: number): number | undefined;
  /** A credential from `key` was wrong. */
  failed(key: string, now: number): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_KEYS = 10_000;

function bucketLimiter(options: FailureLimitOptions): FailureLimiter {
  const buckets = new Map<string, Bucket>();
  const refilled = (key: string, now: number): Bucket => {
    const bucket = buckets.get(key);
    if (bucket === undefined) return { tokens: options.burst, at: now };
    const tokens = Math.min(options.burst, bucket.tokens + (now - bucket.at) / options.refillMs);
    return { tokens, at: now };
  };
  return {
    retryAfter(key, now) {
      const { tokens } = refilled(key, now);
      return tokens >= 1 ? undefined : Math.max(1, Math.ceil(((1 - tokens) * options.refillMs) / 1000));
    },
    failed(key, now) {
      const bucket = refilled(key, now);
      bucket.tokens = Math.max(-options.maxDebt, bucket.tokens - 1);
      buckets.delete(key);
      buckets.set(key, bucket);
      // The oldest keys go first; a full bucket forgotten is the same as a new one.
      for (const oldest of buckets.keys()) {
        if (buckets.size <= MAX_KEYS) break;
        buckets.delete(oldest);
      }
    },
  };
}

/**
 * @example
 * const limiter = createFailureLimiter(CREDENTIAL_LIMITS);
 * const wait = limiter.retryAfter(client, Date.now()); // undefined → check the credential; else answer 429
 */
export function createFailureLimiter(options: FailureLimitOptions): FailureLimiter {
  return bucketLimiter(options);
}

/** 10 wrong credentials at once, then one per 6 s; a client that keeps guessing waits at most 2 minutes. */
export const CREDENTIAL_LIMITS: FailureLimitOptions = { burst: 10, refillMs: 6_000, maxDebt: 10 };

/**
 * The client key of a request: deployed, the address Cloudflare saw (`CF-Connecting-IP`, which
 * Cloudflare sets); locally that header is whatever the client sent, so every client is one key.
 */
export function clientKey(headers: Headers, deployed: boolean): string {
  return (deployed ? headers.get('cf-connecting-ip') : null) ?? 'local';
}
