/** Running the `mockloop` CLI as a user does: a child process, its output, a clean stop. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mockloop.js');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (killed after timeoutMs). */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

export interface Serving {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Stops every `mockloop mock` this file started that is still up (for afterAll, after a timeout). */
export function killStartedMocks(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
  running.clear();
}

/** Starts `mockloop mock …` and resolves once it says it is ready (rejects if it exits first). */
export function startMockCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.removeAllListeners('exit');
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (text.includes('Stop with Ctrl-C')) {
        clearInterval(timer);
        resolve({ child, output: () => text, stop });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`mockloop mock exited ${code}: ${text}`));
    });
  });
}
