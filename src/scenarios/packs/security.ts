/** Security: refused credentials, denied access, and inputs the server rejects as suspicious. */
import type { MockPlan, PlanOperation } from '../../plan';
import { isSecured } from '../../plan/analyze/auth';
import { analyzeInjectable } from '../../plan/analyze/inputs';
import { firstDeclared, hasDefault, listed, noOperations, targetEach } from './targets';
import type { PackContext, PackDraft, ScenarioPack } from './types';

/** The challenge a refused call carries, for the first scheme the operation accepts. */
function challenge(plan: MockPlan, op: PlanOperation): Record<string, string> {
  const scheme = plan.securitySchemes[op.security[0]?.[0] ?? ''];
  if (!scheme) return {};
  if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic') return { 'WWW-Authenticate': 'Basic realm="mock"' };
  if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    return { 'WWW-Authenticate': 'Bearer realm="mock", error="invalid_token", error_description="The access token expired"' };
  }
  return {};
}

/** Why nothing can be targeted when no operation needs credentials, else null. */
function unsecured(ctx: PackContext): PackDraft | null {
  const none = noOperations(ctx.operations);
  if (none) return { ok: false, reason: none };
  if (!ctx.operations.some(isSecured)) return { ok: false, reason: 'No targeted operation has a security requirement: every one is anonymous, so there are no credentials to refuse.' };
  return null;
}

export const authFailures: ScenarioPack = {
  uri: 'scenario-pack://security/auth-failures',
  category: 'security',
  slug: 'auth-failures',
  title: 'Credentials refused',
  description:
    'Every operation that needs credentials answers 401, even to a caller that sends them, as if the token expired or the key was revoked; bearer and basic schemes get a `WWW-Authenticate` challenge. Where an operation declares no 401 but 403, it answers 403; where it declares neither but `default`, 401 through that. Anonymous operations are untouched. Checks re-login and token refresh.',
  targeting: 'operations with a security requirement that declare 401, 403 or `default`',
  draft: (ctx) => {
    const refused = unsecured(ctx);
    if (refused) return refused;
    const secured = ctx.operations.filter(isSecured);
      const skipped = secured.filter((op) => !firstDeclared(op, [401, 403]) && !hasDefault(op));
      return targetEach(
        secured,
        (op) => {
          const code = firstDeclared(op, [401, 403]) ?? (hasDefault(op) ? 401 : undefined);
          if (code === undefined) return null;
          const headers = code === 401 ? challenge(ctx.plan, op) : {};
          return { rule: { status: code, ...(Object.keys(headers).length > 0 ? { headers } : {}) }, why: firstDeclared(op, [401, 403]) ? `secured, declares ${code}` : 'secured, 401 through `default`' };
        },
        `The operations that need credentials declare no 401, 403 or default response, so a refusal is undocumented: ${listed(secured)}. (With security enforcement on, the mock still answers 401 to a call without credentials.)`,
        skipped.length > 0 ? [`Left alone (secured, but no 401/403/default declared): ${listed(skipped)}.`] : [],
      );
  },
};

export const accessDenied: ScenarioPack = {
  uri: 'scenario-pack://security/access-denied',
  category: 'security',
  slug: 'access-denied',
  title: 'Access denied',
  description: 'Every operation that needs credentials and declares 403 answers 403 Forbidden: the caller is known but lacks the scope or role. Checks that a client tells "not allowed" apart from "not signed in".',
  targeting: 'operations with a security requirement that declare 403',
  draft: (ctx) =>
    unsecured(ctx) ??
    targetEach(
      ctx.operations.filter(isSecured),
      (op) => (firstDeclared(op, [403]) ? { rule: { status: 403 }, why: 'secured, declares 403' } : null),
      `No operation that needs credentials declares 403: ${listed(ctx.operations.filter(isSecured))}.`,
    ),
};

export const malformedInput: ScenarioPack = {
  uri: 'scenario-pack://security/malformed-input',
  category: 'security',
  slug: 'malformed-input',
  title: 'Suspicious input rejected',
  description:
    'Operations that take input which looks injectable (free-form strings, or search, id, URL, file or command-like names in parameters or body fields) answer the 400 or 422 they declare, as a server that rejects hostile input would. Checks that a client surfaces the rejection and does not retry it blindly; pair it with security probes against the live API.',
  targeting: 'operations with injectable-looking inputs that declare 400 or 422',
  draft: ({ plan, operations }) => {
    const inputs = analyzeInjectable(plan, Number.POSITIVE_INFINITY).items;
    const byOp = new Map<string, string[]>();
    for (const i of inputs) byOp.set(i.id, [...(byOp.get(i.id) ?? []), `${i.in} ${i.name}`]);
    const risky = operations.filter((op) => byOp.has(op.id));
    if (risky.length === 0) return { ok: false, reason: noOperations(operations) ?? 'No targeted operation takes input that looks injectable (every string input is an enum or has a format or pattern).' };
    return targetEach(
      risky,
      (op) => {
        const code = firstDeclared(op, [400, 422]);
        const names = byOp.get(op.id)!;
        return code ? { rule: { status: code }, why: `declares ${code}; takes ${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''}` } : null;
      },
      `The operations with injectable-looking input declare neither 400 nor 422: ${listed(risky)}.`,
    );
  },
};

export const SECURITY_PACKS = [authFailures, accessDenied, malformedInput];
