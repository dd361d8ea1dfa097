/**
 * Monotonic ULIDs (https://github.com/ulid/spec): 48-bit time, 80 random bits, Crockford base32.
 * Within one millisecond (workerd's clock only moves on I/O, so that is most of them under load),
 * or when the clock steps back, the random part counts up by one, so ids sort in the order they
 * were made. Each new millisecond takes 80 fresh random bits from a pool that is refilled 16
 * milliseconds' worth at a time (one `getRandomValues` call costs about as much as a whole ULID).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type UlidFactory = (now: number) => string;

/**
 * @example
 * const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
 * ulid(Date.now()); // '01M7Z4ZMMW3AQWJXREBYVSTWM3'
 */
export function createUlidFactory(fillRandom: (bytes: Uint8Array) => void): UlidFactory {
  const pool = new Uint8Array(16 * 16);
  let taken = pool.length;
  // One base32 digit per byte: 16 digits of 5 bits are the 80 random bits.
  const digits = new Uint8Array(16);
  let lastTime = -1;
  let timePart = '';
  let randomPart = '';
  return (now) => {
    if (now > lastTime) {
      lastTime = now;
      timePart = encodeTime(now);
      if (taken === pool.length) {
        fillRandom(pool);
        taken = 0;
      }
      randomPart = '';
      for (let i = 0; i < 16; i++) {
        digits[i] = pool[taken++] & 31;
        randomPart += ALPHABET[digits[i]];
      }
    } else {
      let i = 15;
      while (i >= 0 && digits[i] === 31) i--;
      if (i < 0) throw new Error('ULID overflow: more than 2^80 ids in one millisecond');
      digits[i]++;
      digits.fill(0, i + 1);
      randomPart = randomPart.slice(0, i) + ALPHABET[digits[i]] + '0'.repeat(15 - i);
    }
    return timePart + randomPart;
  };
}

function encodeTime(now: number): string {
  let text = '';
  let rest = now;
  for (let i = 0; i < 10; i++) {
    text = ALPHABET[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}
