/**
 * workerd's own output for the fake's instance: each line goes to a sink (the terminal for
 * `npm run cf:fake`, nowhere in tests) and the most recent are kept, so a Worker that fails at
 * startup is reported with its own "Uncaught …" lines, as Cloudflare's upload error does.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

const KEEP = 200;

export class RuntimeLog {
  readonly #lines: Array<{ at: number; text: string }> = [];
  readonly #sink: ((line: string) => void) | undefined;

  constructor(sink?: (line: string) => void) {
    this.#sink = sink;
  }

  attach = (stdout: Readable, stderr: Readable): void => {
    for (const stream of [stdout, stderr]) {
      createInterface({ input: stream }).on('line', (text) => {
        this.#lines.push({ at: Date.now(), text });
        if (this.#lines.length > KEEP) this.#lines.shift();
        this.#sink?.(text);
      });
    }
  };

  /** The startup error lines printed since `since` (empty when workerd said nothing useful). */
  async startupErrorSince(since: number): Promise<string> {
    // workerd's lines arrive a moment after setOptions rejects.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const recent = this.#lines.filter((l) => l.at >= since).map((l) => l.text);
    const start = recent.findIndex((l) => l.includes('Uncaught') || l.includes('Error'));
    if (start === -1) return '';
    return recent
      .slice(start, start + 6)
      .map((l) => l.replace(/^.*?(Uncaught )/, '$1').replace(/^service core:user:[^:]+: /, ''))
      .join('\n');
  }
}
