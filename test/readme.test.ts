/**
 * The README as a new user follows it: `npm start` (the second half of its first command; CI's
 * .ci/run runs `npm install` and `npm test` as written) and every `npx mockloop …` line of its
 * shell blocks, exactly as written, each expected to succeed — a serving command until it says it
 * is ready, then stopped with SIGTERM (exit 0). The mockloop commands run in a scratch folder
 * that links this project as its local `mockloop` (so `mcp rotate-secrets` touches no real
 * state); `npm start` runs here. The README's test-suite example must be test/api.test.ts's.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CloudflareFake, startCloudflareFake } from '../scripts/cf-fake';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function codeBlocks(lang: string): string[] {
  return [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]);
}

/** Shell lines of the sh blocks, continuations joined and trailing comments cut. */
function shellCommands(): string[] {
  const commands: string[] = [];
  for (const block of codeBlocks('sh')) {
    const joined = block.replace(/\\\n\s*/g, '');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

const MOCKLOOP = shellCommands().filter((c) => c.startsWith('npx mockloop'));
/** The lines that talk to Cloudflare: run in the README's order against the local Cloudflare fake. */
const CLOUDFLARE = MOCKLOOP.filter((c) => /^npx mockloop (deploy|deployments|destroy|wrangler)\b/.test(c));
const LOCAL = MOCKLOOP.filter((c) => !CLOUDFLARE.includes(c));
const FIRST = shellCommands()[0];

/** A folder whose local `mockloop` is this project, with the examples beside it. */
function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-readme-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-sandbox', private: true }));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'bin', 'mockloop.js'), join(dir, 'node_modules', '.bin', 'mockloop'));
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
  return dir;
}

/** The `bin/mockloop.js` process started under `pid` (by npm or npx). */
function mockloopPid(pid: number): number {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  // Walk down from `pid`; the deepest process running `mockloop … mock` is the CLI itself
  // (above it sit npm, npx's `sh -c`, or the Node < 22 re-exec wrapper).
  let found: number | undefined;
  let level = [pid];
  while (level.length > 0) {
    const next = table.filter((row) => level.includes(row.ppid));
    for (const row of next) if (row.args.includes('mockloop') && row.args.includes(' mock ')) found = row.pid;
    level = next.map((row) => row.pid);
  }
  if (found === undefined) throw new Error(`no mockloop process under ${pid}`);
  return found;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
});

/**
 * Runs a README line as a user would (these lines need no shell quoting: the words are the
 * arguments); a serving command is stopped with SIGTERM once it says it is ready.
 */
function sh(command: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  expect(command).not.toMatch(/['"$`|;&<>]/);
  const [file, ...args] = command.split(/\s+/);
  const child = spawn(file, args, {
    cwd,
    detached: true,
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, MOCKLOOP_MCP_PORT: '', MOCKLOOP_ADMIN_TOKEN: '', ...env },
  });
  children.add(child);
  let output = '';
  let stopping = false;
  const collect = (d: Buffer) => {
    output += d;
    if (!stopping && output.includes('Stop with Ctrl-C')) {
      stopping = true;
      // Stop the mockloop process itself (as `kill <pid>` would); npm/npx then exit with its code.
      process.kill(mockloopPid(child.pid!), 'SIGTERM');
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('the README', () => {
  it('starts with npm install && npm start, then npm test', () => {
    expect(FIRST).toBe('npm install && npm start');
    expect(FIRST.split(' && ')[1]).toBe('npm start');
    expect(shellCommands()[1]).toBe('npm test');
    // .ci/run installs with `npm install` (scripts/bootstrap.sh) and tests with `npm test`.
    expect(readFileSync(join(ROOT, 'scripts', 'bootstrap.sh'), 'utf8')).toMatch(/^npm install$/m);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm test$/m);
  });

  it('shows the test-suite example that test/api.test.ts runs', () => {
    const example = codeBlocks('ts').find((b) => b.includes("from 'mockloop-edge'"));
    expect(example).toBeDefined();
    expect(readFileSync(join(ROOT, 'test', 'api.test.ts'), 'utf8')).toContain(example!.trim());
  });
});

describe.concurrent('the README commands, as written', () => {
  it('npm start serves the bookshop and stops on SIGTERM', async () => {
    const run = await sh(FIRST.split(' && ')[1], ROOT);
    expect(run.output).toContain('MockLoop Edge is serving "bookshop"');
    expect(run.code, run.output).toBe(0);
  }, 240_000);

  it.each(LOCAL.map((c) => [c]))('%s', async (command) => {
    const run = await sh(command, sandbox());
    expect(run.code, run.output).toBe(0);
  }, 240_000);

  it('the Cloudflare lines, in order, against the local Cloudflare fake', async () => {
    expect(CLOUDFLARE.length).toBeGreaterThan(0);
    let cf: CloudflareFake | undefined;
    try {
      cf = await startCloudflareFake({ subdomain: 'dev' });
      const env = { CLOUDFLARE_API_TOKEN: cf.token, CLOUDFLARE_ACCOUNT_ID: cf.accountId, CLOUDFLARE_API_BASE_URL: cf.apiUrl, MOCKLOOP_EDGE_URL: cf.edgeUrl };
      const dir = sandbox();
      // "For your own spec": the user's file is the sample's.
      copyFileSync(join(ROOT, 'examples', 'bookshop.yaml'), join(dir, 'my-api.yaml'));
      for (const command of CLOUDFLARE) {
        const run = await sh(command, dir, env);
        expect(run.code, `${command}\n${run.output}`).toBe(0);
      }
    } finally {
      await cf?.close();
    }
  }, 600_000);
});
