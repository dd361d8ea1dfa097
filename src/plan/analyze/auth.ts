/** Who may call what: the declared schemes, the operations each guards, and the anonymous ones. */
import type { MockPlan, PlanOperation, PlanSecurityScheme } from '../types';
import { type Bounded, bounded, type OperationRef, refOf } from './common';

export interface SchemeUse {
  name: string;
  type: PlanSecurityScheme['type'] | 'undeclared';
  /** Where the credential goes, in words: `apiKey in header X-API-Key`, `http bearer (JWT)`. */
  detail: string;
  /** How many operations accept this scheme (alone or with others). */
  operations: number;
}

export interface SecuredOperation extends OperationRef {
  /** Alternatives (any one satisfies) of scheme sets (all needed). */
  requirements: string[][];
}

export interface AuthAnalysis {
  schemes: SchemeUse[];
  /** Operations that need credentials. */
  secured: Bounded<SecuredOperation>;
  /** Operations open to anyone. */
  anonymous: Bounded<OperationRef>;
  /** Operations where credentials are optional (an empty alternative besides real ones). */
  optional: Bounded<OperationRef>;
}

export function isSecured(op: PlanOperation): boolean {
  return op.security.length > 0 && op.security.every((req) => req.length > 0);
}

export function analyzeAuth(plan: MockPlan, max: number): AuthAnalysis {
  const uses = new Map<string, number>();
  for (const op of plan.operations) {
    for (const name of new Set(op.security.flat())) uses.set(name, (uses.get(name) ?? 0) + 1);
  }
  const names = [...new Set([...Object.keys(plan.securitySchemes), ...uses.keys()])];
  const schemes = names.map((name) => {
    const scheme = plan.securitySchemes[name];
    return { name, type: scheme?.type ?? 'undeclared', detail: scheme ? describeScheme(scheme) : 'referenced but not declared in components', operations: uses.get(name) ?? 0 } satisfies SchemeUse;
  });
  const secured = plan.operations.filter(isSecured).map((op) => ({ ...refOf(op), requirements: op.security }));
  const anonymous = plan.operations.filter((op) => op.security.length === 0).map(refOf);
  const optional = plan.operations.filter((op) => op.security.length > 0 && op.security.some((r) => r.length === 0)).map(refOf);
  return { schemes, secured: bounded(secured, max), anonymous: bounded(anonymous, max), optional: bounded(optional, max) };
}

export function describeScheme(scheme: PlanSecurityScheme): string {
  switch (scheme.type) {
    case 'apiKey':
      return `apiKey in ${scheme.in} ${scheme.name}`;
    case 'http':
      return `http ${scheme.scheme.toLowerCase()}${scheme.bearerFormat ? ` (${scheme.bearerFormat})` : ''}`;
    case 'oauth2':
      return 'OAuth 2 bearer token';
    case 'openIdConnect':
      return 'OpenID Connect bearer token';
    case 'mutualTLS':
      return 'mutual TLS client certificate';
  }
}
