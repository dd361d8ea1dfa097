/**
 * A mock's upstream: where `proxy`, `spy`, `record` and `diff` send requests, the credentials
 * injected on the way out, the per-route modes and what to do with the upstream's answers. Held
 * in the mock's settings (PATCH /api/settings {"upstream": …}); the credentials never leave it:
 * `viewOfUpstream` is what the admin API, the MCP tools and exports show.
 */
import { z } from 'zod';
import { proxyModeSchema } from '../scenarios';

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REDACTED = '[redacted]';

const headerMap = z
  .record(z.string().regex(HEADER_NAME, 'not a valid header name'), z.string().max(8192))
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers');

export const upstreamAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }),
  z.strictObject({ type: z.literal('basic'), username: z.string().max(1024), password: z.string().max(1024) }),
  z.strictObject({ type: z.literal('header'), name: z.string().regex(HEADER_NAME), value: z.string().max(8192) }),
]);

const upstreamUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'an http(s) URL without credentials, query or fragment (credentials go in `auth` or `headers`)');

export const upstreamRouteSchema = z.strictObject({
  /** A path glob (`/payments*`, matched against the request path and the operation's path template) or an operationId. */
  match: z.string().min(1).max(512),
  method: z.string().max(16).optional(),
  mode: proxyModeSchema,
});

/** A status (`404`) or a class (`5XX`) the upstream may answer that the mock answers instead. */
const remockStatus = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]XX$/, 'a status class such as 5XX')]);
const jsonPointer = z.string().regex(/^(\/.*)?$/, 'a JSON pointer (`/data/0/id`)').max(1024);

export const upstreamSchema = z.strictObject({
  url: upstreamUrl.describe('The upstream base URL; the request path is appended as the client sent it'),
  headers: headerMap.default({}).describe('Sent with every upstream request (values are secrets: shown redacted)'),
  auth: upstreamAuthSchema.optional().describe('Credentials injected on the way out (shown redacted)'),
  mode: proxyModeSchema.default('proxy').describe('The mode of requests no rule or route names'),
  routes: z.array(upstreamRouteSchema).max(100).default([]).describe('Per path glob or operationId, a mode; the first match wins'),
  timeout_ms: z.number().int().min(100).max(60_000).default(10_000),
  remock: z.array(remockStatus).max(50).default([]).describe('Upstream statuses the mock answers instead (Prism-style remock); empty: off'),
  validate: z.boolean().default(true).describe('Validate upstream answers against the spec (X-Mockloop-Violations, the log)'),
  errors: z.boolean().default(false).describe('Fail a request whose upstream answer violates the spec (502), like Prism --errors'),
  diff: z
    .strictObject({
      serve: z.enum(['live', 'mock']).default('live'),
      ignore: z.array(jsonPointer).max(100).default([]).describe('Body pointers left out of the comparison'),
      volatile: z.boolean().default(true).describe('Leave out fields that change on every answer (ids, dates, trace values)'),
    })
    .default({ serve: 'live', ignore: [], volatile: true }),
});

/** A change to the upstream: given fields replace the stored ones; `auth: null` removes the credentials. (No defaults here: an absent field keeps its stored value.) */
export const upstreamPatchSchema = z.strictObject({
  url: upstreamUrl.optional(),
  headers: headerMap.optional(),
  auth: upstreamAuthSchema.nullable().optional(),
  mode: proxyModeSchema.optional(),
  routes: z.array(upstreamRouteSchema).max(100).optional(),
  timeout_ms: z.number().int().min(100).max(60_000).optional(),
  remock: z.array(remockStatus).max(50).optional(),
  validate: z.boolean().optional(),
  errors: z.boolean().optional(),
  diff: z
    .strictObject({ serve: z.enum(['live', 'mock']).optional(), ignore: z.array(jsonPointer).max(100).optional(), volatile: z.boolean().optional() })
    .optional(),
});

export type UpstreamConfig = z.output<typeof upstreamSchema>;
export type UpstreamPatch = z.input<typeof upstreamPatchSchema>;
export type UpstreamAuth = z.output<typeof upstreamAuthSchema>;

/** The stored upstream with `patch` applied, checked as a whole (the first patch must name a url). */
export function mergeUpstream(current: UpstreamConfig | null | undefined, patch: UpstreamPatch | null): { ok: true; value: UpstreamConfig | null } | { ok: false; issues: z.core.$ZodIssue[] } {
  if (patch === null) return { ok: true, value: null };
  const { auth, ...rest } = patch;
  const merged: Record<string, unknown> = { ...(current ?? {}), ...rest };
  if (rest.diff !== undefined) merged.diff = { ...(current?.diff ?? {}), ...rest.diff };
  if (auth === null) delete merged.auth;
  else if (auth !== undefined) merged.auth = auth;
  const parsed = upstreamSchema.safeParse(merged);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
}

/** The upstream as anyone may see it: header values and credentials redacted. */
export function viewOfUpstream(config: UpstreamConfig): UpstreamConfig {
  const headers = Object.fromEntries(Object.keys(config.headers).map((name) => [name, REDACTED]));
  let auth: UpstreamAuth | undefined;
  if (config.auth?.type === 'bearer') auth = { type: 'bearer', token: REDACTED };
  else if (config.auth?.type === 'basic') auth = { type: 'basic', username: config.auth.username, password: REDACTED };
  else if (config.auth?.type === 'header') auth = { type: 'header', name: config.auth.name, value: REDACTED };
  return { ...config, headers, ...(auth ? { auth } : {}) };
}

/** The secret values of an upstream: what must never appear in a log row, an error or an export. */
export function upstreamSecrets(config: UpstreamConfig): string[] {
  const values = Object.values(config.headers);
  if (config.auth?.type === 'bearer') values.push(config.auth.token);
  if (config.auth?.type === 'basic') values.push(config.auth.password, btoaUtf8(`${config.auth.username}:${config.auth.password}`));
  if (config.auth?.type === 'header') values.push(config.auth.value);
  return values.filter((v) => v.length >= 4);
}

/** The headers injected on the way out: the configured ones, then the credentials. */
export function outboundHeaders(config: UpstreamConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  if (config.auth?.type === 'bearer') headers.authorization = `Bearer ${config.auth.token}`;
  if (config.auth?.type === 'basic') headers.authorization = `Basic ${btoaUtf8(`${config.auth.username}:${config.auth.password}`)}`;
  if (config.auth?.type === 'header') headers[config.auth.name.toLowerCase()] = config.auth.value;
  return headers;
}

function btoaUtf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `text` with every secret value replaced (a proxied answer that echoes the credentials must not carry them into the log). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
