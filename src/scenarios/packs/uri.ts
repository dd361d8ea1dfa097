/**
 * Pack URIs as an MCP client may read them: `scenario-pack://<category>/<slug>` for the template,
 * with `?mock=<name>` (and optionally `&tags=a,b`) for the scenario made for that mock's plan.
 */
import type { ScenarioPack } from './types';

export interface PackReference {
  pack: ScenarioPack;
  /** The mock whose plan to instantiate for; absent for the bare template. */
  mock?: string;
  tags?: string[];
}

/** The URI template an MCP server can register for instantiated packs. */
export const PACK_URI_TEMPLATE = 'scenario-pack://{category}/{slug}{?mock,tags}';

export function parsePackUri(uri: string, packs: readonly ScenarioPack[]): PackReference | null {
  const m = /^(scenario-pack:\/\/[a-z-]+\/[a-z-]+)(?:\?(.*))?$/.exec(uri);
  if (!m) return null;
  const pack = packs.find((p) => p.uri === m[1]);
  if (!pack) return null;
  const query = new URLSearchParams(m[2] ?? '');
  const mock = query.get('mock') ?? undefined;
  const tags = query.get('tags')?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return { pack, ...(mock ? { mock } : {}), ...(tags && tags.length > 0 ? { tags } : {}) };
}
