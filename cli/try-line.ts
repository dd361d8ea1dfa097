/**
 * The "Try:" command printed at start: a GET that the mock answers 2xx as it stands — one needing
 * no credentials and no required parameter when the spec has one, else with the credentials its
 * security asks for as placeholders (the mock checks that they are present, not their value).
 */
import type { MockPlan, PlanOperation, PlanSecurityScheme } from '../src/plan';

export function tryCommand(plan: MockPlan, mockUrl: string): string {
  const simple = plan.operations.filter((op) => op.method === 'get' && !op.path.includes('{') && !op.parameters.some((p) => p.required));
  const anonymous = simple.find((op) => op.security.length === 0 || op.security.some((alt) => alt.length === 0));
  const url = (op: PlanOperation, query = '') => `${mockUrl}${plan.basePath}${op.path}${query}`;
  if (anonymous) return `curl ${quote(url(anonymous))}`;
  const secured = simple[0];
  if (!secured) {
    const first = plan.operations[0];
    return `curl ${quote(first ? url(first) : `${mockUrl}${plan.basePath}/`)}`;
  }
  // The alternative that needs the fewest credentials, mutual TLS aside (curl cannot fake it).
  const alternatives = secured.security.filter((alt) => alt.every((name) => plan.securitySchemes[name] && plan.securitySchemes[name].type !== 'mutualTLS'));
  const chosen = [...alternatives].sort((a, b) => a.length - b.length)[0] ?? [];
  const args: string[] = [];
  const query: string[] = [];
  for (const name of chosen) credential(plan.securitySchemes[name], args, query);
  return ['curl', ...args, quote(url(secured, query.length ? `?${query.join('&')}` : ''))].join(' ');
}

function credential(scheme: PlanSecurityScheme, args: string[], query: string[]): void {
  if (scheme.type === 'apiKey') {
    if (scheme.in === 'header') args.push('-H', quote(`${scheme.name}: YOUR_API_KEY`));
    else if (scheme.in === 'query') query.push(`${encodeURIComponent(scheme.name)}=YOUR_API_KEY`);
    else args.push('-H', quote(`Cookie: ${scheme.name}=YOUR_API_KEY`));
  } else if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic') {
    args.push('-u', quote('USER:PASSWORD'));
  } else if (scheme.type === 'http' && scheme.scheme.toLowerCase() !== 'bearer') {
    args.push('-H', quote(`Authorization: ${scheme.scheme} YOUR_CREDENTIALS`));
  } else {
    args.push('-H', quote('Authorization: Bearer YOUR_TOKEN'));
  }
}

/** Single-quoted for a POSIX shell. */
function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
