/** Constant-time comparison of secrets (SHA-256 digests of both, so lengths do not leak). */
export async function secretMatches(given: string, expected: string | undefined): Promise<boolean> {
  if (!expected) return false;
  const encode = (text: string) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const [a, b] = await Promise.all([encode(given), encode(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export function bearerOf(request: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1].trim();
}
