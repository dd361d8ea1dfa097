/**
 * workerd's own output, passed through line by line (a worker's console.log stays visible),
 * except its fatal "Address already in use" exception and the native stack after it: Miniflare
 * turns that into an error the CLI reports as one line naming the flag.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export function handleRuntimeStdio(stdout: Readable, stderr: Readable): void {
  createInterface(stdout).on('line', (line) => console.log(line));
  let dropStack = false;
  createInterface(stderr).on('line', (line) => {
    if (line.startsWith('*** Fatal uncaught kj::Exception') && line.includes('Address already in use')) {
      dropStack = true;
      return;
    }
    if (dropStack && line.startsWith('stack:')) return;
    dropStack = false;
    console.error(line);
  });
}
