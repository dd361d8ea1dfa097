/**
 * Who owns a state directory: the first `mockloop mock` in a folder writes its pid to
 * `<state>/owner.pid`; a second one sees a live owner and runs beside it with state of its own
 * (in memory) instead of sharing D1 files, the registry and the MCP port with the first.
 * A lock whose process is gone (killed, crashed) is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Claim = { owner: true; release(): void } | { owner: false; pid: number };

export function claimStateDir(root: string): Claim {
  mkdirSync(root, { recursive: true });
  const path = join(root, 'owner.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {}
      };
      process.once('exit', release);
      return { owner: true, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { owner: false, pid };
    try {
      unlinkSync(path);
    } catch {}
  }
  throw new Error(`cannot claim ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
