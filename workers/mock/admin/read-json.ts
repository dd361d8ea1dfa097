/** Reads a JSON request body with a size cap: the value, or the problem response to send (400 not JSON, 413 too large). */
import { readTextCapped } from '../read-body';
import { ADMIN_BAD_REQUEST, ADMIN_TOO_LARGE, problemResponse } from './problems';

export async function readJson(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const tooLarge = () => ({ ok: false as const, response: problemResponse(ADMIN_TOO_LARGE, `Bodies up to ${maxBytes} bytes are accepted here.`, [{ location: 'body', message: `larger than ${maxBytes} bytes` }]) });
  const read = await readTextCapped(request, maxBytes);
  if (!read.ok) return tooLarge();
  const text = read.text;
  if (text.trim() === '') return { ok: false, response: problemResponse(ADMIN_BAD_REQUEST, 'The body is empty; send JSON.', [{ location: 'body', message: 'empty' }]) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, response: problemResponse(ADMIN_BAD_REQUEST, `The body is not JSON: ${message}`, [{ location: 'body', message }]) };
  }
}
