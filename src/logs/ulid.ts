/**
 * Monotonic ULIDs (https://github.com/ulid/spec): 48-bit time, 80 random bits, Crockford base32.
 * Within one millisecond (workerd's clock only moves on I/O, so that is most of them under load),
 * or when the clock steps back, the random part counts up by one, so ids sort in the order they
 * were made. Each new millisecond takes 80 fresh random bits from a pool that is refilled 16
 * milliseconds' worth at a time (one `getRandomValues` call costs about as much as a whole ULID).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ZERO = CODES[0];

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
  // The id's character codes, kept between calls: a count-up changes only the last few.
  const chars: number[] = new Array(26).fill(ZERO);
  let lastTime = -1;
  return (now) => {
    if (now > lastTime) {
      lastTime = now;
      let rest = now;
      for (let i = 9; i >= 0; i--) {
        chars[i] = CODES[rest % 32];
        rest = Math.floor(rest / 32);
      }
      if (taken === pool.length) {
        fillRandom(pool);
        taken = 0;
      }
      for (let i = 0; i < 16; i++) {
        digits[i] = pool[taken++] & 31;
        chars[10 + i] = CODES[digits[i]];
      }
    } else {
      let i = 15;
      while (i >= 0 && digits[i] === 31) i--;
      if (i < 0) throw new Error('ULID overflow: more than 2^80 ids in one millisecond');
      digits[i]++;
      chars[10 + i] = CODES[digits[i]];
      for (let j = i + 1; j < 16; j++) {
        digits[j] = 0;
        chars[10 + j] = ZERO;
      }
    }
    return String.fromCharCode(...chars);
  };
}
