/** Shapes several admin routes share: problems, validation verdicts, settings, pages. */
import { z } from 'zod';
import { upstreamPatchSchema, upstreamSchema } from '../proxy';
import { sessionIdSchema } from '../scenarios';

export const problemItemSchema = z.object({
  location: z.string().describe('Where: `query/<name>`, `body/<field>/<index>`, `path/<name>`, `header/<name>`'),
  message: z.string(),
  code: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** RFC 9457 problem details, as every admin error answers. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(problemItemSchema).optional(),
  available: z.array(z.string()).optional().describe('What exists instead (operations, collections), for clients that pick from it'),
});

export const validationResultSchema = z.object({ valid: z.boolean(), errors: z.array(problemItemSchema) });

/** The switches of a mock. */
export const settingsSchema = z.object({
  validateRequests: z.boolean(),
  enforceSecurity: z.boolean(),
  cors: z.boolean(),
  stateful: z.boolean().describe('Stateful CRUD for the whole mock (a scenario can switch it on for itself)'),
  upstream: upstreamSchema
    .nullable()
    .optional()
    .describe('The real API behind the mock (proxy, spy, record and diff modes; docs/decisions/0020); header values and credentials are shown redacted'),
});

export const settingsPatchSchema = settingsSchema
  .partial()
  .extend({ upstream: upstreamPatchSchema.nullable().optional().describe('Given fields replace the stored ones; null removes the upstream; `auth: null` removes the credentials') })
  .strict();

export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  });

/** The session id of a steering or records call: the `X-Test-Session` header of its requests. */
export const sessionScopeSchema = z.object({ session_id: sessionIdSchema.optional().describe('A test session (the `X-Test-Session` header of its requests)') });

/** A value stored as JSON whose shape the admin API does not fix. */
export const anyObject = z.record(z.string(), z.unknown());

export type ProblemBody = z.output<typeof problemSchema>;
export type ValidationItem = z.output<typeof problemItemSchema>;
export type ValidationResult = z.output<typeof validationResultSchema>;
export type Settings = z.output<typeof settingsSchema>;
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
