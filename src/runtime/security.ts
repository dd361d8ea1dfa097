/**
 * Checks that a request carries the credentials its operation's security asks for. A mock does
 * not verify secrets; it checks presence and shape, like Prism.
 */
import type { PlanSecurityRequirement, PlanSecurityScheme } from '../plan';

export interface CredentialSource {
  header(name: string): string | null;
  query(name: string): string | null;
  cookie(name: string): string | null;
}

export function isSatisfied(
  requirements: readonly PlanSecurityRequirement[],
  schemes: Record<string, PlanSecurityScheme>,
  source: CredentialSource,
): boolean {
  if (requirements.length === 0) return true;
  return requirements.some((all) => all.every((name) => hasCredential(schemes[name], source)));
}

function hasCredential(scheme: PlanSecurityScheme | undefined, source: CredentialSource): boolean {
  if (!scheme) return true; // an undeclared scheme name cannot be checked; the spec loader warns about it
  switch (scheme.type) {
    case 'apiKey': {
      const value = scheme.in === 'header' ? source.header(scheme.name) : scheme.in === 'query' ? source.query(scheme.name) : source.cookie(scheme.name);
      return value !== null && value !== '';
    }
    case 'http': {
      const auth = source.header('authorization') ?? '';
      if (scheme.scheme === 'basic') return /^basic\s+[A-Za-z0-9+/=]+$/i.test(auth) && decodesToPair(auth.replace(/^basic\s+/i, ''));
      if (scheme.scheme === 'bearer') return /^bearer\s+\S+/i.test(auth);
      return auth.toLowerCase().startsWith(`${scheme.scheme} `);
    }
    case 'oauth2':
    case 'openIdConnect':
      return /^bearer\s+\S+/i.test(source.header('authorization') ?? '');
    case 'mutualTLS':
      return true; // the client certificate is checked by the TLS layer, not the mock
  }
}

function decodesToPair(encoded: string): boolean {
  try {
    return atob(encoded).includes(':');
  } catch {
    return false;
  }
}

/** The WWW-Authenticate challenges for the first way to satisfy the operation. */
export function challenges(requirements: readonly PlanSecurityRequirement[], schemes: Record<string, PlanSecurityScheme>): string {
  const first = requirements[0] ?? [];
  const parts = first.map((name) => {
    const scheme = schemes[name];
    if (!scheme) return `Bearer realm="${name}"`;
    if (scheme.type === 'http') return `${capitalise(scheme.scheme)} realm="${name}"`;
    if (scheme.type === 'apiKey') return `ApiKey realm="${name}", in="${scheme.in}", name="${scheme.name}"`;
    return `Bearer realm="${name}"`;
  });
  return parts.length > 0 ? parts.join(', ') : 'Bearer';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
