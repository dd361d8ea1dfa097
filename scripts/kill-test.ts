/**
 * The log-durability kill test (decision 0014): serves the bookshop with `mockloop mock` in its
 * own process group, sends requests from `concurrency` clients, kills the group mid-load (SIGTERM
 * or SIGKILL), starts it again on the same state directory and counts the rows that survived.
 *
 *   npx tsx scripts/kill-test.ts [TERM|KILL] [seconds of load, default 3] [concurrency, default 20]
 *
 * Prints answered (responses received before the kill), rows (after the restart) and lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../cli/ports';

const signal = (process.argv[2] ?? 'TERM').toUpperCase() === 'KILL' ? 'SIGKILL' : 'SIGTERM';
const seconds = Number(process.argv[3] ?? 3);
const concurrency = Number(process.argv[4] ?? 20);
const root = join(import.meta.dirname, '..');
const state = mkdtempSync(join(tmpdir(), 'mockloop-kill-'));
const token = 'kill-test-token';

async function start(port: number, adminPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'mockloop.js'), 'mock', join(root, 'examples', 'bookshop.yaml'), '--port', String(port), '--admin-port', String(adminPort), '--admin-token', token, '--state-dir', state, '--no-mcp', '--name', 'killed'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Stop with Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`mockloop exited with ${code}: ${out}`)));
  });
  return child;
}

async function main(): Promise<void> {
  const port = await freePort();
  const adminPort = await freePort();
  const first = await start(port, adminPort);
  let answered = 0;
  let stop = false;
  const client = async () => {
    while (!stop) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v1/authors`);
        await res.arrayBuffer();
        if (!stop) answered++;
      } catch {
        return;
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  const counted = answered;
  // The whole process group, as a terminal's Ctrl-C or a CI job's cancel does.
  process.kill(-(first.pid as number), signal);
  await Promise.allSettled(clients);
  await new Promise<void>((resolve) => (first.exitCode !== null || first.signalCode !== null ? resolve() : first.once('exit', () => resolve())));
  await new Promise((r) => setTimeout(r, 500));
  const second = await start(port, adminPort);
  const res = await fetch(`http://127.0.0.1:${adminPort}/api/requests?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const rows = ((await res.json()) as { total: number }).total;
  process.kill(-(second.pid as number), 'SIGTERM');
  await new Promise<void>((resolve) => second.once('exit', () => resolve()));
  rmSync(state, { recursive: true, force: true });
  console.log(JSON.stringify({ signal, seconds, concurrency, answered: counted, rows, lost: Math.max(0, counted - rows) }));
}

main().catch((error) => {
  console.error(error);
  rmSync(state, { recursive: true, force: true });
  process.exit(1);
});
