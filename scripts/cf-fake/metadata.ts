/**
 * The `metadata` part of a Workers script upload, validated with zod. Only the fields the fake acts
 * on are typed; the rest (placement, limits, observability, …) is accepted and ignored, as wrangler
 * sends them on every deploy.
 */
import { z } from 'zod';

const name = z.string().min(1);

export const BindingSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('plain_text'), name, text: z.string() }),
  z.looseObject({ type: z.literal('secret_text'), name, text: z.string() }),
  z.looseObject({ type: z.literal('json'), name, json: z.unknown() }),
  z.looseObject({ type: z.literal('d1'), name, id: z.string().optional(), database_id: z.string().optional() }),
  z.looseObject({
    type: z.literal('durable_object_namespace'),
    name,
    class_name: z.string().min(1),
    script_name: z.string().optional(),
    environment: z.string().optional(),
  }),
  z.looseObject({ type: z.literal('service'), name, service: z.string().min(1), environment: z.string().optional(), entrypoint: z.string().optional() }),
  z.looseObject({ type: z.literal('kv_namespace'), name, namespace_id: z.string().min(1) }),
  z.looseObject({ type: z.literal('dispatch_namespace'), name, namespace: z.string().min(1) }),
  z.looseObject({ type: z.literal('inherit'), name }),
]);
export type Binding = z.infer<typeof BindingSchema>;

const MigrationStep = z.looseObject({
  new_classes: z.array(z.string()).optional(),
  new_sqlite_classes: z.array(z.string()).optional(),
  renamed_classes: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
  deleted_classes: z.array(z.string()).optional(),
});
export type MigrationStep = z.infer<typeof MigrationStep>;

export const MigrationsSchema = MigrationStep.extend({
  old_tag: z.string().optional(),
  new_tag: z.string().optional(),
  steps: z.array(MigrationStep).optional(),
});
export type Migrations = z.infer<typeof MigrationsSchema>;

export const MetadataSchema = z.looseObject({
  main_module: z.string().optional(),
  body_part: z.string().optional(),
  compatibility_date: z.string().optional(),
  compatibility_flags: z.array(z.string()).optional(),
  bindings: z.array(z.looseObject({ type: z.string(), name: z.string() })).optional(),
  migrations: MigrationsSchema.optional(),
  keep_bindings: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string().optional()).optional(),
  tags: z.array(z.string()).optional(),
  logpush: z.boolean().optional(),
  observability: z.unknown().optional(),
  tail_consumers: z.array(z.unknown()).nullable().optional(),
});
export type Metadata = z.infer<typeof MetadataSchema>;
