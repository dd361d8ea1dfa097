/**
 * `mockloop probe <spec> --target <URL or mock name>`: checks the input (check names, credentials,
 * the spec, the target's address and reachability) before anything is sent, runs the probes
 * through Node's HTTP client, prints the findings and writes the reports asked for.
 */
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { relative, resolve } from 'node:path';
import { classifyAddress } from '../src/net';
import {
  CHECK_NAMES,
  type CheckName,
  type Finding,
  operationLines,
  parseAllowedHosts,
  parseHeaderLines,
  type ProbeResult,
  probeTargetRefusal,
  runProbes,
  SEVERITIES,
  type Severity,
  severityRank,
  toHtml,
  toJunit,
  toSarif,
  unknownChecks,
} from '../src/testing/probes';
import { formatProblem } from './compile-command';
import { nodeProbeFetch, startLocalCanary } from './probe-transport';
import { compileSpecAt, isUrl } from './spec-source';

export interface ProbeCommandOptions {
  spec: string;
  target: string;
  checks?: string[];
  auth: string[];
  auth2: string[];
  allowWrites: boolean;
  failOn: string;
  sarif?: string;
  junit?: string;
  json?: string;
  html?: string;
  maxRequests?: number;
  rate?: number;
  stateDir: string;
  env: Record<string, string | undefined>;
}

/** Input that is wrong: printed as `error: …`, exit 2, nothing sent. */
class ProbeInputError extends Error {}

function fail(message: string): never {
  throw new ProbeInputError(message);
}

export async function probeCommand(options: ProbeCommandOptions): Promise<number> {
  try {
    return await run(options);
  } catch (error) {
    if (!(error instanceof ProbeInputError)) throw error;
    console.error(`error: ${error.message}\nnothing was sent.`);
    return 2;
  }
}

function selectedChecks(lists: string[] | undefined): CheckName[] {
  if (!lists) return [...CHECK_NAMES];
  const names = lists.flatMap((l) => l.split(',')).map((n) => n.trim()).filter(Boolean);
  const unknown = unknownChecks(names);
  if (unknown.length > 0) fail(`unknown check(s): ${unknown.join(', ')}. Checks: ${CHECK_NAMES.join(', ')}`);
  // SAFETY: every name passed unknownChecks.
  return names as CheckName[];
}

function headers(lines: string[], flag: string): Record<string, string> | undefined {
  if (lines.length === 0) return undefined;
  const parsed = parseHeaderLines(lines);
  if (!parsed.ok) fail(`${flag}: ${parsed.error}`);
  return parsed.headers;
}

/** A running local mock by name (from `mockloop mock`'s registry), else the URL as given. */
function targetUrl(target: string, stateDir: string): string {
  if (isUrl(target)) return target;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(target)) fail(`--target is a URL (http://… or https://…) or the name of a running mock, got "${target.slice(0, 60)}"`);
  let records: Array<{ name: string; port: number; basePath: string; status: string }> = [];
  try {
    // SAFETY: the registry is written by the local deployer as a list of mock records.
    records = JSON.parse(readFileSync(resolve(stateDir, 'state', 'mocks.json'), 'utf8'));
  } catch {
    fail(`no mock named "${target}": no running mockloop keeps its state in ${resolve(stateDir)} (start one with \`mockloop mock <spec> --name ${target}\`, or pass a URL)`);
  }
  const record = records.find((r) => r.name === target && r.status === 'running');
  if (!record) fail(`no running mock named "${target}"; running: ${records.filter((r) => r.status === 'running').map((r) => r.name).join(', ') || '(none)'}`);
  return `http://127.0.0.1:${record.port}${record.basePath}`;
}

async function checkTarget(url: URL, env: Record<string, string | undefined>): Promise<void> {
  const policy = { allowedHosts: parseAllowedHosts(env.PROBE_ALLOWED_HOSTS), loopback: true };
  const refused = probeTargetRefusal(url, policy);
  if (refused) fail(`${url.origin}: ${refused}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (classifyAddress(host) === undefined && host !== 'localhost') {
    let addresses: Array<{ address: string }> = [];
    try {
      addresses = await lookup(host, { all: true });
    } catch {
      fail(`${url.origin} is unreachable: ${host} does not resolve`);
    }
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind === 'link-local' || kind === 'reserved') fail(`${host} resolves to ${address}, a ${kind} address; probes never go there`);
    }
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const reachable = await new Promise<boolean>((done) => {
    const socket = connect({ host, port, timeout: 5000 });
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  }).finally(() => undefined);
  if (!reachable) fail(`${url.origin} is unreachable (no connection to ${host}:${port})`);
}

async function run(o: ProbeCommandOptions): Promise<number> {
  const checks = selectedChecks(o.checks);
  const auth = headers(o.auth, '--auth');
  const auth2 = headers(o.auth2, '--auth2');
  if (!SEVERITIES.includes(o.failOn as Severity)) fail(`--fail-on is one of ${SEVERITIES.join(', ')}, got "${o.failOn}"`);
  const failOn = o.failOn as Severity;
  const compiled = await compileSpecAt(o.spec);
  if (!compiled.ok) fail(`the spec does not compile:\n${formatProblem(compiled.problem)}`);
  const plan = compiled.plan;
  const target = new URL(targetUrl(o.target, o.stateDir));
  await checkTarget(target, o.env);

  const loopbackTarget = classifyAddress(target.hostname.replace(/^\[|\]$/g, '')) === 'loopback' || target.hostname === 'localhost';
  // The local canary is reachable from a target on this machine only; elsewhere the ssrf check says it was skipped.
  const canary = loopbackTarget && checks.includes('ssrf') ? await startLocalCanary() : undefined;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let result: ProbeResult;
  try {
    result = await runProbes(plan, {
      target: target.href.replace(/\/$/, ''),
      checks,
      auth,
      auth2,
      allowWrites: o.allowWrites,
      maxRequests: o.maxRequests,
      ratePerSecond: o.rate,
      canary,
      fetch: nodeProbeFetch(),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    await canary?.close();
  }

  console.log(summary(result));
  const specUri = isUrl(o.spec) ? o.spec : relative(process.cwd(), resolve(o.spec)).split('\\').join('/');
  const lines = isUrl(o.spec) ? undefined : operationLines(readFileSync(resolve(o.spec), 'utf8'), plan);
  if (o.json) await writeFile(o.json, `${JSON.stringify(result, null, 2)}\n`);
  if (o.sarif) await writeFile(o.sarif, `${JSON.stringify(toSarif(result, { specUri, lines }), null, 2)}\n`);
  if (o.junit) await writeFile(o.junit, toJunit(result));
  if (o.html) await writeFile(o.html, toHtml(result));
  const failing = result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn));
  if (result.status === 'cancelled') return 130;
  return failing.length > 0 ? 1 : 0;
}

function summary(result: ProbeResult): string {
  const lines = [`${result.title}: ${result.requests} request(s) to ${result.target}, ${result.status}; ${result.findings.length} finding(s)`];
  if (result.notSent.writes > 0) lines.push(`  ${result.notSent.writes} PUT/PATCH/DELETE request(s) not sent (pass --allow-writes to send them)`);
  if (result.notSent.budget > 0) lines.push(`  ${result.notSent.budget} request(s) past the budget not sent`);
  for (const c of result.checks) if (c.skipped) lines.push(`  ${c.check} skipped: ${c.skipped}`);
  const sorted = [...result.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  for (const f of sorted) lines.push(findingLine(f));
  return lines.join('\n');
}

function findingLine(f: Finding): string {
  return `  [${f.severity}] ${f.category} ${f.check} ${f.operation}: ${f.title}\n      ${f.curl}\n      → ${f.evidence.status} ${f.evidence.excerpt.replace(/\s+/g, ' ').slice(0, 160)}`;
}
