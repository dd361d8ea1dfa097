/**
 * Registers the scenario packs as resources: each pack's template at its own URI
 * (`scenario-pack://error-simulation/rate-limiting`), and through the URI template
 * `scenario-pack://{category}/{slug}{?mock,tags}` the pack instantiated for a running mock's plan.
 */
import { type McpServer, ProtocolError, ProtocolErrorCode, ResourceTemplate } from '@modelcontextprotocol/server';
import { PACK_RESOURCES, PACK_URI_TEMPLATE, resolvePackUri } from '../scenarios/packs';
import { type PlanSourceDeps, planOfMock } from './plan-source';

export function registerPackResources(server: McpServer, deps: PlanSourceDeps): void {
  for (const pack of PACK_RESOURCES) {
    server.registerResource(pack.name, pack.uri, { title: pack.title, description: pack.description, mimeType: pack.mimeType }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: pack.mimeType, text: pack.template() }],
    }));
  }
  const read = async (uri: URL) => {
    const ref = resolvePackUri(uri.href);
    if (!ref) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No scenario pack at ${uri.href}; list them with resources/list.`);
    const resource = PACK_RESOURCES.find((r) => r.uri === ref.pack.uri)!;
    if (!ref.mock) return { contents: [{ uri: uri.href, mimeType: resource.mimeType, text: resource.template() }] };
    const plan = await planOfMock(deps, ref.mock, 'mock');
    if (!plan.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, plan.problem.detail ?? plan.problem.title);
    return { contents: [{ uri: uri.href, mimeType: resource.mimeType, text: resource.build(plan.plan, ref.tags ? { tags: ref.tags } : {}) }] };
  };
  const metadata = {
    title: 'A scenario pack made for a mock',
    description: 'Read scenario-pack://<category>/<slug>?mock=<name>[&tags=a,b] for the scenario that pack makes from that mock’s plan.',
    mimeType: 'application/json',
  };
  // The SDK's template matching needs every query variable present: one template per form.
  server.registerResource('scenario-pack-for-mock', new ResourceTemplate(PACK_URI_TEMPLATE.replace('{?mock,tags}', '{?mock}'), { list: undefined }), metadata, read);
  server.registerResource('scenario-pack-for-mock-tags', new ResourceTemplate(PACK_URI_TEMPLATE, { list: undefined }), metadata, read);
}
