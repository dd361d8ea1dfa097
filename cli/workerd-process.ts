/**
 * A plain workerd process (no Miniflare) serving one worker from a text Cap'n Proto config, on a
 * loopback port it picks itself and reports on its control descriptor.
 *
 * Miniflare sends every outbound fetch of a worker through an interceptor worker of its own
 * (`outbound.worker.js`): each fetch is a second JavaScript invocation in the same process, which
 * more than doubles a fetch's CPU (measured: a median of 128 µs per request through Miniflare,
 * 50 µs in plain workerd, 6 fetches in flight against a bare worker). Deployed Workers have no such hop,
 * so code whose cost is its fetches (the engine's load shards) runs here instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { handleRuntimeStdio } from './runtime-stdio';

export type WorkerdBinding =
  | { name: string; text: string }
  | { name: string; durableObjectNamespace: string }
  | { name: string; external: string };

export interface WorkerdWorker {
  /** The bundled ES module (copied beside the config). */
  scriptPath: string;
  compatibilityDate: string;
  bindings: WorkerdBinding[];
  /** Durable Object classes the module exports (SQLite-backed), kept in the process's temporary folder. */
  durableObjects: string[];
  /** Address categories its fetch may reach (workerd's `network.allow`). */
  allow: Array<'public' | 'private' | 'local'>;
}

export interface WorkerdProcess {
  /** `http://127.0.0.1:port` */
  url: string;
  dispose(): Promise<void>;
}

/** A Cap'n Proto text literal: printable ASCII kept, everything else as \xHH bytes of its UTF-8. */
export function capnpText(value: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(value)) {
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** The config text: the worker as service `main` on socket `http`, its fetch through the network service, bindings to external servers as services of their own. */
export function workerdConfig(worker: WorkerdWorker, moduleName: string, dir: string): string {
  const uniqueKeyPrefix = basename(dir);
  const externals = worker.bindings.filter((b): b is Extract<WorkerdBinding, { external: string }> => 'external' in b);
  const binding = (b: WorkerdBinding): string => {
    if ('text' in b) return `(name = ${capnpText(b.name)}, text = ${capnpText(b.text)})`;
    if ('durableObjectNamespace' in b) return `(name = ${capnpText(b.name)}, durableObjectNamespace = (className = ${capnpText(b.durableObjectNamespace)}))`;
    return `(name = ${capnpText(b.name)}, service = ${capnpText(`external:${b.name}`)})`;
  };
  const services = [
    '(name = "main", worker = .worker)',
    `(name = "storage", disk = (path = ${capnpText(join(dir, 'storage'))}, writable = true))`,
    `(name = "network", network = (allow = [${worker.allow.map(capnpText).join(', ')}]))`,
    ...externals.map((b) => `(name = ${capnpText(`external:${b.name}`)}, external = (address = ${capnpText(b.external)}, http = ()))`),
  ];
  const objects = worker.durableObjects.map((c) => `(className = ${capnpText(c)}, uniqueKey = ${capnpText(`${uniqueKeyPrefix}-${c}`)}, enableSql = true)`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(',\n    ')} ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = ${capnpText(moduleName)}, esModule = embed ${capnpText(moduleName)}) ],
  compatibilityDate = ${capnpText(worker.compatibilityDate)},
  bindings = [ ${worker.bindings.map(binding).join(',\n    ')} ],
  durableObjectNamespaces = [ ${objects.join(', ')} ],
  durableObjectStorage = (localDisk = "storage"),
  globalOutbound = "network",
);
`;
}

function workerdBinary(): string {
  // The binary Miniflare runs: MINIFLARE_WORKERD_PATH when set, else the workerd package's.
  if (process.env.MINIFLARE_WORKERD_PATH) return process.env.MINIFLARE_WORKERD_PATH;
  const require = createRequire(import.meta.url);
  const miniflare = createRequire(require.resolve('miniflare'));
  return (miniflare('workerd') as { default: string }).default;
}

/** Starts the process and resolves once its socket listens; rejects when it exits first or takes over 30 s. */
export async function startWorkerd(worker: WorkerdWorker): Promise<WorkerdProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'mockloop-workerd-'));
  const moduleName = basename(worker.scriptPath);
  await copyFile(worker.scriptPath, join(dir, moduleName));
  await writeFile(join(dir, 'config.capnp'), workerdConfig(worker, moduleName, dir));
  await mkdir(join(dir, 'storage'));
  const child: ChildProcess = spawn(workerdBinary(), ['serve', join(dir, 'config.capnp'), '--control-fd=3'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  if (child.stdout && child.stderr) handleRuntimeStdio(child.stdout, child.stderr);
  // 'error' instead of 'exit' when the binary cannot be run at all.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // When Node exits without disposing (Ctrl-C: Miniflare's signal handlers call process.exit), the process goes too.
  const onExit = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('workerd did not start listening within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`workerd exited (${code}) before it listened`)));
      child.once('error', (error) => reject(new Error(`workerd could not be started: ${error.message}`)));
      // SAFETY: stdio[3] is the pipe given as the control descriptor.
      createInterface(child.stdio[3] as NodeJS.ReadableStream).on('line', (line) => {
        try {
          const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
          if (message.event === 'listen' && message.socket === 'http' && typeof message.port === 'number') {
            clearTimeout(timer);
            resolve(message.port);
          }
        } catch {
          // Not a control message of ours.
        }
      });
    });
    return { url: `http://127.0.0.1:${port}`, dispose: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
