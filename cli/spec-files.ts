/**
 * Reading a spec file (or a file a spec's `$ref` names) for a caller who may be hostile: only
 * regular files, only up to a size cap, and — when directories are given — only files whose real
 * path (links and `..` resolved) lies inside one of them and outside every denied one. Nothing
 * outside the allowed directories is even looked at, so errors do not tell which files exist.
 */
import { constants } from 'node:fs';
import { open, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

export interface FileAccess {
  /** Directories files may come from; `'any'`: every path (the operator's own command line). */
  dirs: readonly string[] | 'any';
  /** Directories never read, even inside an allowed one (the state directory: tokens live there). */
  deny?: readonly string[];
  maxBytes: number;
}

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function realDirs(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    out.push(resolve(dir));
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) out.push(real);
  }
  return out;
}

/** Messages name no path: the caller knows what it asked for, and the server's own layout is not its business. */
const OUTSIDE = 'the file is outside the directories this server reads specs from (the operator sets them with --spec-dir)';

/** Why `path` (absolute) may not be read, judged on its real path; `undefined` when it may. */
async function refusal(path: string, real: string, access: FileAccess): Promise<string | undefined> {
  if (access.dirs !== 'any') {
    const allowed = await realDirs(access.dirs);
    if (!allowed.some((dir) => inside(path, dir)) || !allowed.some((dir) => inside(real, dir))) return OUTSIDE;
  }
  const denied = await realDirs(access.deny ?? []);
  if (denied.some((dir) => inside(path, dir) || inside(real, dir))) return "the file is inside the server's state directory, which is never read as a spec";
  return undefined;
}

/**
 * @example await readSpecFile('/work/api/openapi.yaml', { dirs: ['/work/api'], maxBytes: 16 << 20 })
 */
export async function readSpecFile(location: string, access: FileAccess): Promise<string> {
  const path = resolve(location.startsWith('file:') ? decodeURIComponent(new URL(location).pathname) : location);
  // Judged on the path as written first, so nothing outside the allowed directories is touched.
  if (access.dirs !== 'any' && !(await realDirs(access.dirs)).some((dir) => inside(path, dir))) throw new Error(OUTSIDE);
  const real = await realpath(path).catch(() => {
    throw new Error('the file cannot be read (no such file, or no permission)');
  });
  const refused = await refusal(path, real, access);
  if (refused) throw new Error(refused);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the real path is no link.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => {
    throw new Error('the file cannot be read (no such file, or no permission)');
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file (a directory, device, pipe or socket is never read as a spec)');
    if (stat.size > access.maxBytes) throw new Error(`the file is larger than ${access.maxBytes} bytes`);
    // The file opened is the one checked, even if a link on its way was swapped meanwhile (Linux).
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => real);
    const late = await refusal(path, opened, access);
    if (late) throw new Error(late);
    // Files that report no size (/proc) are read up to the cap, never further.
    let buffer = Buffer.alloc(Math.min(access.maxBytes, Math.max(stat.size, 64 * 1024)) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, access.maxBytes + 1 - buffer.length))]);
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > access.maxBytes) throw new Error(`the file is larger than ${access.maxBytes} bytes`);
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
