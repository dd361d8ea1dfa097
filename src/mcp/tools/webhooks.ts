/** fire_webhook and list_webhook_deliveries: OAS 3.1 webhooks sent on demand, and what every callback/webhook delivery did (decision 0021). */
import { z } from 'zod';
import * as webhooks from '../../admin-api/routes/webhooks';
import { deliverySchema, deliveryStateSchema } from '../../admin-api/routes/webhooks';
import { defineTool, done, failed } from '../tool';
import type { ToolDeps } from './deps';
import { asToolProblem, reachMock } from './mock-admin';

const mockName = z.string().min(1).describe('Name of the mock (see discover_mock_servers).');

export function fireWebhook(deps: ToolDeps) {
  return defineTool({
    name: 'fire_webhook',
    title: 'Fire a webhook',
    description:
      "Send one of the mock's OpenAPI 3.1 webhooks now, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature with the mock's whsec_ secret) and retried on its schedule. The body is made from the spec unless given. Without url it goes to every endpoint registered for it (PUT /api/webhooks/endpoints). Follow it with list_webhook_deliveries.",
    input: z.strictObject({
      mock_name: mockName,
      webhook: z.string().min(1).max(200).describe('The key under `webhooks` in the spec (e.g. newPet).'),
      url: z.string().max(2048).optional().describe('Receiver URL (http or https). Private and link-local addresses are refused; loopback only on a local mock.'),
      body: z.unknown().optional().describe('The body to send (any JSON); omitted: an example or a value synthesised from the spec.'),
    }),
    output: z.object({ mock_name: z.string(), deliveries: z.array(deliverySchema) }),
    annotations: { openWorldHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const body = { ...(args.url === undefined ? {} : { url: args.url }), ...(args.body === undefined ? {} : { body: args.body }) };
      const res = await reached.admin.call(webhooks.fireWebhook, { params: { name: args.webhook }, body });
      if (!res.ok) return failed(asToolProblem(res.problem, { fields: { url: 'url', body: 'body' } }));
      const targets = res.value.deliveries.map((d) => d.url).join(', ');
      return done({ mock_name: args.mock_name, deliveries: res.value.deliveries }, `Queued webhook "${args.webhook}" of "${args.mock_name}" to ${targets}; list_webhook_deliveries shows each attempt.`);
    },
  });
}

export function listWebhookDeliveries(deps: ToolDeps) {
  return defineTool({
    name: 'list_webhook_deliveries',
    title: 'List callback and webhook deliveries',
    description:
      "What the mock sent to callback URLs and webhook receivers, newest first: state (pending, delivered, failed, disabled by a 410, refused, unresolved callback URL), and every attempt's status, latency and first bytes of the answer.",
    input: z.strictObject({
      mock_name: mockName,
      state: deliveryStateSchema.optional().describe('Only deliveries in this state.'),
      limit: z.number().int().min(1).max(500).default(50).describe('At most this many deliveries.'),
    }),
    output: z.object({ mock_name: z.string(), deliveries: z.array(deliverySchema) }),
    annotations: { readOnlyHint: true },
    async run(args) {
      const reached = await reachMock(deps, args.mock_name);
      if (!reached.ok) return failed(reached.problem);
      const res = await reached.admin.call(webhooks.listDeliveries, { query: { limit: args.limit, state: args.state } });
      if (!res.ok) return failed(asToolProblem(res.problem));
      const list = res.value.deliveries;
      const byState = new Map<string, number>();
      for (const d of list) byState.set(d.state, (byState.get(d.state) ?? 0) + 1);
      const summary = [...byState].map(([state, n]) => `${n} ${state}`).join(', ');
      return done({ mock_name: args.mock_name, deliveries: list }, `${list.length} deliveries of "${args.mock_name}"${list.length > 0 ? `: ${summary}` : ''}.`);
    },
  });
}
