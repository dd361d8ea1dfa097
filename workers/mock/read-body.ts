/**
 * Reads a request body with a size cap, for the mock and admin origins alike.
 *
 * Past the cap nothing more is kept, but the rest of the body is still read and discarded (up to
 * DRAIN_LIMIT) before the caller answers 413. A server that answers and closes while the client is
 * still sending leaves unread bytes in its socket, the close becomes a TCP reset, and a client still
 * writing (Node's fetch on a reused connection) sees ECONNRESET instead of the 413. Draining lets the
 * exchange finish cleanly, with memory bounded by the cap whatever the body's size.
 */
import { concatBytes } from '../../src/net/read-capped';

/** Bodies declared (or found) larger than this are not drained: the 413 goes out at once. */
export const DRAIN_LIMIT = 128 * 1024 * 1024;

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; size: number };

export async function readBodyCapped(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  if (declared > DRAIN_LIMIT) {
    await request.body.cancel().catch(() => undefined);
    return { ok: false, size: declared };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= maxBytes) chunks.push(value);
    else if (size > DRAIN_LIMIT) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  if (size > maxBytes) return { ok: false, size };
  return { ok: true, bytes: concatBytes(chunks, size) };
}

/** The body as UTF-8 text, with the same cap. */
export async function readTextCapped(request: Request, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; size: number }> {
  const read = await readBodyCapped(request, maxBytes);
  return read.ok ? { ok: true, text: new TextDecoder().decode(read.bytes) } : read;
}
