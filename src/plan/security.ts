/** Security schemes and requirements, reduced to what the mock checks: which credentials must be present. */
import type { PlanSecurityRequirement, PlanSecurityScheme } from './types';

export function compileSecuritySchemes(doc: Record<string, unknown>): Record<string, PlanSecurityScheme> {
  const components = doc.components as { securitySchemes?: Record<string, unknown> } | undefined;
  const out: Record<string, PlanSecurityScheme> = {};
  for (const [name, raw] of Object.entries(components?.securitySchemes ?? {})) {
    if (raw === null || typeof raw !== 'object') continue;
    const s = raw as Record<string, unknown>;
    if (s.type === 'apiKey' && typeof s.name === 'string' && (s.in === 'header' || s.in === 'query' || s.in === 'cookie')) {
      out[name] = { type: 'apiKey', name: s.name, in: s.in };
    } else if (s.type === 'http' && typeof s.scheme === 'string') {
      out[name] = { type: 'http', scheme: s.scheme.toLowerCase(), ...(typeof s.bearerFormat === 'string' ? { bearerFormat: s.bearerFormat } : {}) };
    } else if (s.type === 'oauth2' || s.type === 'openIdConnect' || s.type === 'mutualTLS') {
      out[name] = { type: s.type };
    }
  }
  return out;
}

/** `[{a: [], b: []}, {}]` → `[['a', 'b'], []]`; absent → no security. */
export function compileSecurity(security: unknown): PlanSecurityRequirement[] {
  if (!Array.isArray(security)) return [];
  return security
    .filter((req): req is Record<string, unknown> => req !== null && typeof req === 'object')
    .map((req) => Object.keys(req));
}
