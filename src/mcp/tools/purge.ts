/** purge_mock_data: deletes what a mock stored about one test session, or about all its traffic (personal data). */
import { z } from 'zod';
import { retention } from '../../admin-api/routes';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const purged = z.object({ session_id: z.string().nullable(), log_rows_deleted: z.number(), sessions_deleted: z.number(), records_deleted: z.number() });

export function purgeMockData(deps: ToolDeps) {
  return defineTool({
    name: 'purge_mock_data',
    title: 'Purge stored request data',
    description:
      "Delete everything a mock stored about one test session (its logged requests, the session, its scenario state and stateful records), or, without session_id, about all of the mock's traffic. For personal data that must not be kept; it cannot be undone.",
    input: z.strictObject({
      mock_name: z.string().min(1).describe('Name of the mock (see discover_mock_servers).'),
      session_id: z
        .string()
        .regex(/^[A-Za-z0-9._:~-]{1,128}$/, 'letters, digits and . _ : ~ - only, 1 to 128 characters')
        .optional()
        .describe('Only this session; without it the whole log, every session and all stored records of the mock go.'),
    }),
    output: z.object({ mock_name: z.string() }).extend(purged.shape),
    annotations: { destructiveHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const res = await reached.admin.call(retention.purge, { body: args.session_id ? { session_id: args.session_id } : {} });
      if (!res.ok) return failed(asToolProblem(res.problem, { fields: { session_id: 'session_id' } }));
      const r = res.value;
      return done(
        { mock_name: args.mock_name, ...r },
        `Purged ${r.session_id ? `session "${r.session_id}"` : 'all traffic'} of "${args.mock_name}": ${r.log_rows_deleted} logged request(s), ${r.sessions_deleted} session(s), ${r.records_deleted} record(s).`,
      );
    },
  });
}
