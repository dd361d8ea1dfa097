/**
 * A response body read up to a byte limit: null as soon as it is known to be larger (a declared
 * Content-Length past the limit, or the bytes read so far), and the rest is not read. Upstream
 * answers, spec fetches and test-plan steps all take bodies a remote party controls.
 * @example const bytes = await readResponseCapped(await fetch(url), 1 << 20); // null past 1 MiB
 */
export async function readResponseCapped(res: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(res.headers.get('content-length')) > maxBytes) {
    await res.body?.cancel();
    return null;
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** The chunks as one array (`size`: their total length); a single chunk is returned as is. */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
