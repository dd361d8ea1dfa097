/**
 * A small seeded pseudo-random source. Synthesis must be repeatable from a seed and must not touch
 * any shared generator, so every call builds its own `Random` from the seed it was given.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. `min > max` returns `min`. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** `true` with probability `p` (default one half). */
  bool(p?: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * An independent stream derived from this one's seed and a label, not from how much of this
   * stream has been used. Children stay stable when siblings are added or removed, so a property's
   * value does not change because another property appeared before it.
   */
  fork(label: string | number): Random;
}

/**
 * cyrb53: a fast 53-bit string hash with good avalanche. Used to turn seeds and labels into
 * generator state; it is not a cryptographic hash.
 */
export function hashString(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function seedKey(seed: string | number): number {
  // Numbers and their decimal strings seed the same stream, so `?seed=42` and `seed: 42` agree.
  return hashString(typeof seed === 'number' ? String(seed) : seed);
}

/**
 * sfc32 (Small Fast Counting) over four 32-bit words: passes PractRand far beyond what a mock
 * needs and costs a handful of integer operations per draw.
 */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

function fromKey(key: number): Random {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  const draw = sfc32(lo, hi, lo ^ 0x9e3779b9, hi ^ 0x85ebca6b);
  // The first outputs of a fresh sfc32 still echo the seed words; discard them.
  for (let i = 0; i < 12; i++) draw();

  const random: Random = {
    next: draw,
    int(min, max) {
      if (!(max > min)) return min;
      return min + Math.floor(draw() * (max - min + 1));
    },
    float(min, max) {
      return min + draw() * (max - min);
    },
    bool(p = 0.5) {
      return draw() < p;
    },
    pick(items) {
      return items[Math.floor(draw() * items.length)];
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(draw() * (i + 1));
        const held = out[i];
        out[i] = out[j];
        out[j] = held;
      }
      return out;
    },
    fork(label) {
      return fromKey(hashString(`${key}/${label}`));
    },
  };
  return random;
}

/**
 * A seeded generator: the same seed always yields the same sequence.
 * @example
 * const random = createRandom('order-42');
 * random.int(1, 6); // the same number on every run
 */
export function createRandom(seed: string | number): Random {
  return fromKey(seedKey(seed));
}
