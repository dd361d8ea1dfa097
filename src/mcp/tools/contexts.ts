/** The context tools over the ContextStore. */
import { z } from 'zod';
import { type ContextRecord, CONTEXT_TYPES, GLOBAL_CONTEXT_ID } from '../contexts/model';
import { defineTool, done, failed, type ToolDefinition } from '../tool';
import type { ToolDeps } from './deps';

const json = z.record(z.string(), z.unknown());

const contextView = z.object({
  context_id: z.string(),
  type: z.enum(CONTEXT_TYPES),
  name: z.string(),
  parent_id: z.string().nullable(),
  data: json,
  metadata: json,
  version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});

const summaryView = contextView.omit({ data: true, metadata: true });
const snapshotView = z.object({ snapshot_id: z.string(), context_id: z.string(), label: z.string().nullable(), version: z.number(), created_at: z.string() });

function view(record: ContextRecord) {
  return {
    context_id: record.id,
    type: record.type,
    name: record.name,
    parent_id: record.parentId,
    data: record.data,
    metadata: record.metadata,
    version: record.version,
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const common = {
  name: z.string().min(1).max(200).describe('A name for the context.'),
  data: json.default({}).describe('Initial JSON object.'),
  parent_id: z.string().min(1).optional().describe('Context id of the parent (e.g. the workflow an agent works in).'),
};

function creator<S extends z.ZodRawShape>(
  deps: Pick<ToolDeps, 'contexts'>,
  tool: string,
  type: 'test_session' | 'workflow' | 'agent',
  title: string,
  description: string,
  extra: S,
  metadata: (args: Record<string, unknown>) => Record<string, unknown>,
): ToolDefinition {
  return defineTool({
    name: tool,
    title,
    description,
    input: z.strictObject({ ...common, ...extra }),
    output: contextView,
    async run(parsed) {
      // SAFETY: the input is common's shape plus the extra fields, all parsed by zod.
      const args = parsed as z.output<z.ZodObject<typeof common>> & Record<string, unknown>;
      const created = await deps.contexts.create({ type, name: args.name, parentId: args.parent_id ?? null, data: args.data, metadata: metadata(args) });
      if (!created.ok) return failed(created.problem);
      return done(view(created.value), `Created ${type} context ${created.value.id} ("${args.name}"), version 1.`);
    },
  });
}

export function contextTools(deps: Pick<ToolDeps, 'contexts'>): ToolDefinition[] {
  return [
    creator(
      deps,
      'create_test_session_context',
      'test_session',
      'Create a test-session context',
      'Create a context for a test session: JSON state kept across calls, with versions and snapshots.',
      {
        mock: z.string().min(1).optional().describe('Name of the mock the session tests.'),
        session_id: z.string().min(1).optional().describe('The X-Test-Session value the session’s requests carry.'),
      },
      (a) => pick(a, ['mock', 'session_id']),
    ),
    creator(
      deps,
      'create_workflow_context',
      'workflow',
      'Create a workflow context',
      'Create a context for a multi-step workflow.',
      { steps: z.array(z.string().min(1)).max(100).optional().describe('The workflow’s steps, in order.') },
      (a) => pick(a, ['steps']),
    ),
    creator(
      deps,
      'create_agent_context',
      'agent',
      'Create an agent context',
      'Create a context for one agent (often with a workflow as parent).',
      {
        agent_type: z.string().min(1).max(100).optional().describe('What kind of agent (e.g. "tester", "planner").'),
        capabilities: z.array(z.string().min(1)).max(100).optional().describe('What the agent can do.'),
      },
      (a) => pick(a, ['agent_type', 'capabilities']),
    ),
    defineTool({
      name: 'get_context_data',
      title: 'Read a context',
      description: 'Read a context: its data, version (for update_context_data), parent, child count and latest snapshots.',
      input: z.strictObject({ context_id: z.string().min(1).describe('The context id (ctx_…, or "global").') }),
      output: contextView.extend({ child_count: z.number(), snapshots: z.array(snapshotView).describe('The 20 latest.') }),
      annotations: { readOnlyHint: true },
      async run(args) {
        const got = await deps.contexts.get(args.context_id);
        if (!got.ok) return failed(got.problem);
        const c = got.value;
        return done(
          { ...view(c), child_count: c.childCount, snapshots: c.snapshots.map(snapView) },
          `Context ${c.id} (${c.type} "${c.name}") at version ${c.version}, ${Object.keys(c.data).length} top-level key(s).`,
        );
      },
    }),
    defineTool({
      name: 'update_context_data',
      title: 'Update a context',
      description:
        'Write a context’s data: "merge" applies JSON Merge Patch (RFC 7396: objects merge, null removes a key), "replace" swaps the whole object. With expected_version the write fails if the context changed since.',
      input: z.strictObject({
        context_id: z.string().min(1).describe('The context id.'),
        data: json.describe('The patch (merge) or the new data (replace).'),
        mode: z.enum(['merge', 'replace']).default('merge').describe('How data applies.'),
        expected_version: z.number().int().min(1).optional().describe('The version read before; the write is refused if the context is no longer at it.'),
      }),
      output: contextView,
      async run(args) {
        const updated = await deps.contexts.update(args.context_id, { data: args.data, mode: args.mode, expectedVersion: args.expected_version });
        if (!updated.ok) return failed(updated.problem);
        return done(view(updated.value), `Context ${updated.value.id} is now at version ${updated.value.version} (${args.mode}).`);
      },
    }),
    defineTool({
      name: 'list_contexts_by_type',
      title: 'List contexts',
      description: 'List contexts of one type, newest first, without their data (read one with get_context_data).',
      input: z.strictObject({
        type: z.enum(CONTEXT_TYPES).describe('Which kind of context.'),
        parent_id: z.string().min(1).optional().describe('Only the children of this context.'),
        limit: z.number().int().min(1).max(100).default(20).describe('Contexts per page.'),
        offset: z.number().int().min(0).default(0).describe('Contexts to skip, for paging.'),
      }),
      output: z.object({ contexts: z.array(summaryView), total: z.number(), offset: z.number(), next_offset: z.number().nullable() }),
      annotations: { readOnlyHint: true },
      async run(args) {
        const page = await deps.contexts.list({ type: args.type, parentId: args.parent_id, limit: args.limit, offset: args.offset });
        const contexts = page.items.map((s) => ({
          context_id: s.id,
          type: s.type,
          name: s.name,
          parent_id: s.parentId,
          version: s.version,
          created_at: iso(s.createdAt),
          updated_at: iso(s.updatedAt),
        }));
        const next = args.offset + contexts.length < page.total ? args.offset + contexts.length : null;
        return done({ contexts, total: page.total, offset: args.offset, next_offset: next }, `${page.total} ${args.type} context(s); ${contexts.length} on this page.`);
      },
    }),
    defineTool({
      name: 'create_context_snapshot',
      title: 'Snapshot a context',
      description: 'Keep a copy of a context’s data as it is now, to restore later with restore_context_snapshot.',
      input: z.strictObject({
        context_id: z.string().min(1).describe('The context id (or "global").'),
        label: z.string().min(1).max(200).optional().describe('A label for the snapshot.'),
      }),
      output: snapshotView,
      async run(args) {
        const snap = await deps.contexts.snapshot(args.context_id, args.label ?? null);
        if (!snap.ok) return failed(snap.problem);
        return done(snapView(snap.value), `Snapshot ${snap.value.id} of ${args.context_id} at version ${snap.value.version}.`);
      },
    }),
    defineTool({
      name: 'restore_context_snapshot',
      title: 'Restore a context snapshot',
      description: 'Put a snapshot’s data back into its context (a new version). Fails, changing nothing, when the snapshot is unknown, belongs to another context, or its context is gone.',
      input: z.strictObject({
        snapshot_id: z.string().min(1).describe('The snapshot id (snap_…).'),
        context_id: z.string().min(1).optional().describe('The context it must belong to (a guard against restoring into the wrong one).'),
      }),
      output: z.object({ context: contextView, restored_from: snapshotView }),
      async run(args) {
        const restored = await deps.contexts.restore(args.snapshot_id, args.context_id);
        if (!restored.ok) return failed(restored.problem);
        const { context, snapshot } = restored.value;
        return done(
          { context: view(context), restored_from: snapView(snapshot) },
          `Restored ${context.id} from ${snapshot.id} (taken at version ${snapshot.version}); now at version ${context.version}.`,
        );
      },
    }),
    defineTool({
      name: 'get_global_context_data',
      title: 'Read the global context',
      description: 'Read the one global context shared by every session and agent.',
      input: z.strictObject({}),
      output: contextView,
      annotations: { readOnlyHint: true },
      async run() {
        const got = await deps.contexts.get(GLOBAL_CONTEXT_ID);
        if (!got.ok) return failed(got.problem);
        const { snapshots: _s, childCount: _c, ...record } = got.value;
        return done(view(record), `Global context at version ${record.version}, ${Object.keys(record.data).length} top-level key(s).`);
      },
    }),
    defineTool({
      name: 'update_global_context_data',
      title: 'Update the global context',
      description: 'Write the global context (merge: JSON Merge Patch; replace: whole object), optionally only if it is still at expected_version.',
      input: z.strictObject({
        data: json.describe('The patch (merge) or the new data (replace).'),
        mode: z.enum(['merge', 'replace']).default('merge').describe('How data applies.'),
        expected_version: z.number().int().min(1).optional().describe('The version read before.'),
      }),
      output: contextView,
      async run(args) {
        const updated = await deps.contexts.update(GLOBAL_CONTEXT_ID, { data: args.data, mode: args.mode, expectedVersion: args.expected_version });
        if (!updated.ok) return failed(updated.problem);
        return done(view(updated.value), `Global context is now at version ${updated.value.version} (${args.mode}).`);
      },
    }),
  ];
}

function snapView(s: { id: string; contextId: string; label: string | null; version: number; createdAt: number }) {
  return { snapshot_id: s.id, context_id: s.contextId, label: s.label, version: s.version, created_at: iso(s.createdAt) };
}

function pick(args: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}
