/** The named checks: what each looks for, its OWASP API Top 10 (2023) category and severity. */
import type { CheckName, OwaspCategory, Severity } from './types';

export interface CheckInfo {
  name: CheckName;
  category: OwaspCategory;
  severity: Severity;
  title: string;
  description: string;
  /** Statuses that are fine by default, for checks judged by status. */
  accept?: string[];
}

export const OWASP_TITLES: Record<OwaspCategory, string> = {
  API1: 'API1:2023 Broken Object Level Authorization',
  API2: 'API2:2023 Broken Authentication',
  API3: 'API3:2023 Broken Object Property Level Authorization',
  API4: 'API4:2023 Unrestricted Resource Consumption',
  API5: 'API5:2023 Broken Function Level Authorization',
  API6: 'API6:2023 Unrestricted Access to Sensitive Business Flows',
  API7: 'API7:2023 Server Side Request Forgery',
  API8: 'API8:2023 Security Misconfiguration',
  API9: 'API9:2023 Improper Inventory Management',
  API10: 'API10:2023 Unsafe Consumption of APIs',
};

const CATALOG: readonly CheckInfo[] = [
  {
    name: 'authentication',
    category: 'API2',
    severity: 'high',
    title: 'Secured operation answers without valid credentials',
    description: 'Every secured operation is called without credentials and with malformed ones; anything but 401/403 is a finding.',
    accept: ['401', '403'],
  },
  {
    name: 'invalid-credentials',
    category: 'API2',
    severity: 'medium',
    title: 'Secured operation accepts credentials no server issued',
    description: 'Secured operations are called with well-formed but invalid credentials (a JWT whose exp lies in the past, an unknown API key, a wrong password); anything but 401/403 is a finding. A mock checks presence and shape only, so switch this check off for mocks.',
    accept: ['401', '403'],
  },
  {
    name: 'object-authorization',
    category: 'API1',
    severity: 'high',
    title: "Another identity reaches an object it does not own",
    description: 'An object created by identity A (--auth) is read, changed or deleted by identity B (--auth2); a 2xx is a finding.',
    accept: ['1XX', '3XX', '4XX', '5XX'],
  },
  {
    name: 'function-authorization',
    category: 'API5',
    severity: 'high',
    title: 'The lower identity calls an administrative operation',
    description: 'Operations that look administrative (admin/internal/manage in the path, tag or id) are called as identity B (--auth2); a 2xx is a finding.',
    accept: ['1XX', '3XX', '4XX', '5XX'],
  },
  {
    name: 'read-only-write',
    category: 'API3',
    severity: 'medium',
    title: 'A readOnly property is accepted in a write',
    description: 'A readOnly property is set in a request body; the write succeeding and the value coming back is a finding.',
  },
  {
    name: 'mass-assignment',
    category: 'API3',
    severity: 'medium',
    title: 'An undeclared property is stored (mass assignment)',
    description: 'An undeclared property (isAdmin, role…) is added to a request body; the value coming back in the answer is a finding.',
  },
  {
    name: 'response-property-leak',
    category: 'API3',
    severity: 'medium',
    title: 'A response carries writeOnly or undeclared properties',
    description: 'JSON responses are compared with their schema: writeOnly properties, and properties the schema does not declare, are findings.',
  },
  {
    name: 'resource-limits',
    category: 'API4',
    severity: 'medium',
    title: 'Limits past the declared maximum are accepted',
    description: 'Page sizes, strings and arrays past the declared maximum and deeply nested bodies are sent; a 2xx or a 5xx is a finding. A declared limit missing is information.',
    accept: ['4XX'],
  },
  {
    name: 'rate-limit',
    category: 'API4',
    severity: 'info',
    title: 'No rate limiting under a short burst',
    description: 'A short burst goes to one safe operation; no 429 (nor RateLimit headers) is reported as information.',
  },
  {
    name: 'injection',
    category: 'API8',
    severity: 'high',
    title: 'An injection payload breaks the server or is reflected unescaped',
    description: 'SQL, NoSQL, command, path-traversal, template and XSS payloads in every parameter and body field: a 5xx, database or stack-trace text, or the payload reflected unescaped in HTML is a finding.',
    accept: ['1XX', '2XX', '3XX', '4XX'],
  },
  {
    name: 'negative-data',
    category: 'API8',
    severity: 'low',
    title: 'Invalid data is not rejected with 4xx',
    description: 'Wrong types, values out of range and missing required parts must be rejected with a 4xx.',
    accept: ['4XX'],
  },
  {
    name: 'ssrf',
    category: 'API7',
    severity: 'high',
    title: 'The server fetches a URL taken from the request',
    description: 'Parameters and fields with format uri or URL-looking names are pointed at a canary endpoint; a hit on the canary is a finding.',
  },
  {
    name: 'cors',
    category: 'API8',
    severity: 'high',
    title: 'CORS reflects any origin with credentials',
    description: 'A request from an unrelated origin gets that origin back in Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true.',
  },
  {
    name: 'verbose-errors',
    category: 'API8',
    severity: 'medium',
    title: 'An error response reveals internals',
    description: 'Stack traces, file paths of the server or database error text in any response of the run.',
  },
  {
    name: 'security-headers',
    category: 'API8',
    severity: 'low',
    title: 'An HTML response lacks security headers',
    description: 'HTML responses without X-Content-Type-Options: nosniff, or without a Content-Security-Policy or X-Frame-Options.',
  },
  {
    name: 'unsupported-methods',
    category: 'API8',
    severity: 'low',
    title: 'TRACE or an undeclared method is not answered 405',
    description: 'Each path is called with TRACE and with a method the spec does not declare for it; anything but 405 (or 501) is a finding.',
    accept: ['405', '501'],
  },
  {
    name: 'undeclared-inventory',
    category: 'API9',
    severity: 'medium',
    title: 'An undeclared version or path answers',
    description: 'Other API versions (/v0, /v2, /beta…) of declared paths and well-known internal paths (/admin, /debug, /actuator…) are called; a 2xx is a finding.',
    accept: ['1XX', '3XX', '4XX', '5XX'],
  },
];

export const CHECKS: ReadonlyMap<CheckName, CheckInfo> = new Map(CATALOG.map((c) => [c.name, c]));
export const CHECK_NAMES: readonly CheckName[] = CATALOG.map((c) => c.name);

export function isCheckName(name: string): name is CheckName {
  return CHECKS.has(name as CheckName);
}

/** Names that are not checks, for a clear error before anything is sent. */
export function unknownChecks(names: readonly string[]): string[] {
  return names.filter((n) => !isCheckName(n));
}

export function severityRank(severity: Severity): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(severity);
}

/** Does `status` match one of `patterns` (`404`, `4XX`)? */
export function statusMatches(status: number, patterns: readonly string[]): boolean {
  const text = String(status);
  return patterns.some((p) => p === text || (/^[1-5]XX$/i.test(p) && p[0] === text[0]));
}
