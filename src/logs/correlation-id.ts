/**
 * The correlation id a request brings in `X-Correlation-Id`, echoed on the response and logged.
 * Ids are capped at MAX_CORRELATION_ID_LENGTH characters (what log search accepts as a
 * `correlation_id`): a longer one is replaced by a minted id, so a client cannot make every log
 * row and every response kilobytes longer, and the id stays searchable.
 */
export const MAX_CORRELATION_ID_LENGTH = 256;

export function correlationIdOf(header: string | null, mint: () => string): string {
  if (header === null || header === '' || header.length > MAX_CORRELATION_ID_LENGTH) return mint();
  return header;
}
