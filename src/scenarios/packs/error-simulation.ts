/** Error simulation: the spec's own error responses, rate limiting, flaky upstreams, timeouts, broken bodies. */
import { isJsonMedia } from '../../plan/analyze/common';
import { declaredCodes } from '../../plan';
import { firstDeclared, hasDefault, listed, noOperations, successOrDefault, targetEach } from './targets';
import type { ScenarioPack } from './types';

const RATE_LIMIT_SHARE = 0.3;
const RETRY_AFTER_S = 30;
const FLAKY_SHARE = 0.25;
const TIMEOUT_MS = 30_000;

export const rateLimiting: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/rate-limiting',
  category: 'error-simulation',
  slug: 'rate-limiting',
  title: 'Rate limiting with Retry-After',
  description: `About ${RATE_LIMIT_SHARE * 100}% of calls answer 429 Too Many Requests with \`Retry-After: ${RETRY_AFTER_S}\` (seeded, so the same calls are limited on every run). An operation that declares 429 sends its own declared 429 body; the others send problem+json. Checks that a client backs off and retries.`,
  targeting: 'every operation',
  draft: ({ operations, seed }) =>
    targetEach(
      operations,
      (op) => ({
        rule: { fault: { error_rate: RATE_LIMIT_SHARE, error_status: 429, retry_after: RETRY_AFTER_S, seed } },
        why: firstDeclared(op, [429]) ? 'declares 429 (its own body is sent)' : 'any API may be rate limited (problem+json 429)',
      }),
      noOperations(operations) ?? '',
    ),
};

export const serverErrors: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/server-errors',
  category: 'error-simulation',
  slug: 'server-errors',
  title: "The spec's own server errors",
  description: 'Every targeted operation answers the 5xx response it declares (the lowest one), every time; where an operation declares only `default`, it answers 500 through that response. Checks how a client reports failures the API documents.',
  targeting: 'operations that declare a 5xx (exactly or as 5XX), else a `default` response',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => {
        const code = declaredCodes(op, (c) => c >= 500).sort((a, b) => a - b)[0];
        if (code !== undefined) return { rule: { status: code }, why: `declares ${code}` };
        return hasDefault(op) ? { rule: { status: 500 }, why: 'declares only `default` for errors (500 through it)' } : null;
      },
      noOperations(operations) ??
        'No targeted operation declares a 5xx response (exactly or as 5XX) or a `default` one, so there is no documented server error to send. scenario-pack://error-simulation/flaky injects undocumented 5xx as faults instead.',
    ),
};

export const clientErrors: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/client-errors',
  category: 'error-simulation',
  slug: 'client-errors',
  title: "The spec's own client errors",
  description: 'Every targeted operation answers the client error it declares (400, else 422, 409, 404, in that order), every time, with its declared body. Checks that a client shows validation and conflict errors instead of crashing.',
  targeting: 'operations that declare 400, 422, 409 or 404 (exactly or as 4XX)',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => {
        const code = firstDeclared(op, [400, 422, 409, 404]);
        return code === undefined ? null : { rule: { status: code }, why: `declares ${code}` };
      },
      noOperations(operations) ?? 'No targeted operation declares 400, 422, 409 or 404 (exactly or as 4XX).',
    ),
};

export const notFound: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/not-found',
  category: 'error-simulation',
  slug: 'not-found',
  title: 'Items that are gone',
  description: 'Every operation that addresses one item (a path ending in a parameter, like `/books/{id}`) and declares 404 answers 404, as if the item were deleted. Checks stale links and caches.',
  targeting: 'operations on an item path (`…/{param}`) that declare 404',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => (/\/\{[^{}/]+\}\/?$/.test(op.path) && firstDeclared(op, [404]) ? { rule: { status: 404 }, why: 'item path, declares 404' } : null),
      noOperations(operations) ?? 'No targeted operation addresses one item by a trailing path parameter and declares 404.',
    ),
};

export const flaky: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/flaky',
  category: 'error-simulation',
  slug: 'flaky',
  title: 'A flaky upstream',
  description: `About ${FLAKY_SHARE * 100}% of calls fail (seeded): with one of the operation's own declared 5xx or 429 responses when it has any, else 503 problem+json with Retry-After. Checks retries, circuit breakers and error reporting.`,
  targeting: 'every operation',
  draft: ({ operations, seed }) =>
    targetEach(
      operations,
      (op) => ({
        rule: { fault: { error_rate: FLAKY_SHARE, retry_after: 5, seed } },
        why: declaredCodes(op, (c) => c >= 500 || c === 429).length > 0 ? 'fails with its declared 5xx/429' : 'fails with 503 (declares no 5xx)',
      }),
      noOperations(operations) ?? '',
    ),
};

export const timeouts: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/timeouts',
  category: 'error-simulation',
  slug: 'timeouts',
  title: 'Timeouts',
  description: `Every call waits ${TIMEOUT_MS / 1000} s before it is answered; an operation that declares 504 or 408 then answers that. A client with a shorter timeout must give up cleanly.`,
  targeting: 'every operation (504/408 where declared)',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => {
        const code = firstDeclared(op, [504, 408]);
        return { rule: { latency: { type: 'fixed', ms: TIMEOUT_MS }, ...(code ? { status: code } : {}) }, why: code ? `waits, then its declared ${code}` : 'waits, then its usual answer' };
      },
      noOperations(operations) ?? '',
    ),
};

export const emptyBodies: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/empty-bodies',
  category: 'error-simulation',
  slug: 'empty-bodies',
  title: 'Empty bodies',
  description: 'Operations that normally send a body answer with their usual status and headers (Content-Type included) but no body at all. Checks that a client does not assume a body is there.',
  targeting: 'operations whose usual response declares content',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => ((successOrDefault(op)?.contents.length ?? 0) > 0 ? { rule: { fault: { empty: true } }, why: `usually sends ${successOrDefault(op)!.contents[0].mediaType}` } : null),
      noOperations(operations) ?? `No targeted operation declares content in its usual response: ${listed(operations)}.`,
    ),
};

export const truncatedBodies: ScenarioPack = {
  uri: 'scenario-pack://error-simulation/truncated-bodies',
  category: 'error-simulation',
  slug: 'truncated-bodies',
  title: 'Truncated JSON',
  description: 'Operations that normally send JSON send it cut in half (no longer parseable) with the declared JSON content type, as a dropped connection or a broken proxy would. Checks that a client handles a parse error.',
  targeting: 'operations whose usual response is JSON',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => (successOrDefault(op)?.contents.some((m) => isJsonMedia(m.mediaType)) ? { rule: { fault: { malformed: true } }, why: 'usually sends JSON' } : null),
      noOperations(operations) ?? 'No targeted operation sends JSON in its usual response.',
    ),
};

export const ERROR_SIMULATION_PACKS = [rateLimiting, serverErrors, clientErrors, notFound, flaky, timeouts, emptyBodies, truncatedBodies];
