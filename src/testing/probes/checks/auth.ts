/** API2: secured operations without, with malformed, and with invalid credentials. */
import type { PlanOperation, PlanSecurityScheme } from '../../../plan';
import { renderRequest } from '../baseline';
import { isSecured } from '../identity';
import { clip, type Session } from '../session';
import type { CheckName } from '../types';

// A well-formed HS256 JWT for subject "probe" that expired on 2000-01-01 (signature is garbage).
const EXPIRED_JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'probe', exp: 946684800, iat: 946681200 })}.cHJvYmUtc2lnbmF0dXJlLW5vdC12YWxpZA`;

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

type Variant = { label: string; headers: Record<string, string>; query: Record<string, string> };

function schemesOf(session: Session, op: PlanOperation): PlanSecurityScheme[] {
  return (op.security[0] ?? []).map((name) => session.plan.securitySchemes[name]).filter((s): s is PlanSecurityScheme => s !== undefined);
}

function placed(scheme: PlanSecurityScheme, value: string): Pick<Variant, 'headers' | 'query'> {
  if (scheme.type === 'apiKey') {
    if (scheme.in === 'query') return { headers: {}, query: { [scheme.name]: value } };
    if (scheme.in === 'cookie') return { headers: { cookie: `${scheme.name}=${value}` }, query: {} };
    return { headers: { [scheme.name.toLowerCase()]: value }, query: {} };
  }
  return { headers: { authorization: value }, query: {} };
}

function malformed(scheme: PlanSecurityScheme): Variant[] {
  if (scheme.type === 'apiKey') return [{ label: `an empty ${scheme.name}`, ...placed(scheme, '') }];
  if (scheme.type === 'http' && scheme.scheme === 'basic') return [{ label: 'Basic credentials that are not user:password', ...placed(scheme, 'Basic bm90LWEtcGFpcg') }];
  if (scheme.type === 'mutualTLS') return [];
  return [
    { label: 'a Bearer scheme without a token', ...placed(scheme, 'Bearer') },
    { label: 'another scheme than Bearer', ...placed(scheme, 'Token probe') },
  ];
}

function invalid(scheme: PlanSecurityScheme): Variant[] {
  if (scheme.type === 'apiKey') return [{ label: `an unknown ${scheme.name}`, ...placed(scheme, 'probe-unknown-key-0000000000') }];
  if (scheme.type === 'http' && scheme.scheme === 'basic') return [{ label: 'a wrong user and password', ...placed(scheme, `Basic ${btoa('probe-nobody:wrong-password')}`) }];
  if (scheme.type === 'mutualTLS') return [];
  return [{ label: 'an expired JWT', ...placed(scheme, `Bearer ${EXPIRED_JWT}`) }];
}

async function probe(session: Session, check: CheckName, op: PlanOperation, variant: Variant): Promise<void> {
  const parts = session.baseline(op);
  const request = renderRequest({ ...parts, query: { ...parts.query, ...variant.query } }, session.options.target, variant.headers);
  const response = await session.send(check, op.id, request);
  if (!response || session.accepts(check, op.id, response.status)) return;
  session.report(check, op.id, `${op.method.toUpperCase()} ${op.path} answered ${response.status} with ${variant.label}`, request, {
    status: response.status,
    excerpt: clip(response.body),
  });
}

export async function authentication(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (!isSecured(op) || session.expected('authentication', op.id).skip || session.exhausted()) continue;
    await probe(session, 'authentication', op, { label: 'no credentials', headers: {}, query: {} });
    for (const scheme of schemesOf(session, op)) for (const variant of malformed(scheme)) await probe(session, 'authentication', op, variant);
  }
}

export async function invalidCredentials(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (!isSecured(op) || session.expected('invalid-credentials', op.id).skip || session.exhausted()) continue;
    // Every scheme of the requirement carries a credential; only one of them is invalid at a time.
    const good = session.credentials(op, 'a');
    for (const scheme of schemesOf(session, op)) {
      for (const variant of invalid(scheme)) {
        await probe(session, 'invalid-credentials', op, { label: variant.label, headers: { ...good.headers, ...variant.headers }, query: { ...good.query, ...variant.query } });
      }
    }
  }
}
