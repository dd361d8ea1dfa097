/**
 * The deployer's HTTP protocol, spoken over a service binding (locally: Miniflare's Node-side
 * service binding). A deploy answers NDJSON, one event per line, so progress arrives while the
 * spec compiles; the last line is the outcome.
 */
import { z } from 'zod';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const deployRequestSchema = z.strictObject({
  name: z.string().regex(SLUG, 'a slug: lower-case letters, digits and dashes, up to 63 characters'),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('text'), text: z.string().min(1) }),
    z.strictObject({ kind: z.literal('location'), location: z.string().min(1) }),
  ]),
  replace: z.boolean().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  adminPort: z.number().int().min(1).max(65535).optional(),
  adminToken: z.string().min(16).optional(),
  /** Cloudflare only; a local deployer ignores it. */
  ttlMs: z.number().positive().optional(),
});

export const deployedMockSchema = z.object({
  name: z.string(),
  status: z.enum(['running', 'stopped']),
  mockUrl: z.string(),
  adminUrl: z.string(),
  adminToken: z.string(),
  basePath: z.string(),
  title: z.string(),
  createdAt: z.number(),
});

export const problemSchema = z.looseObject({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional() });

export const deployEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    stage: z.enum(['reading', 'compiling', 'starting', 'installing', 'ready']),
    message: z.string(),
    progress: z.number(),
    total: z.number(),
  }),
  z.object({ type: z.literal('result'), mock: deployedMockSchema }),
  z.object({ type: z.literal('error'), problem: problemSchema }),
]);

export type DeployEvent = z.infer<typeof deployEventSchema>;

export const NDJSON = 'application/x-ndjson';
