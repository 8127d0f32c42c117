/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32), so the demo data
 * is the same for the same seed on every machine. Math.random cannot be seeded, and the
 * generator draws a few hundred million numbers for a million customers, so it must be cheap:
 * 32-bit integer arithmetic only.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** the 48-bit start of the id counter, and how many ids were made (see uuid) */
  private readonly idBase: number;
  private idCount = 0;

  /** `stream` separates independent sequences of one seed (e.g. a second load). */
  constructor(seed: number, stream = 0) {
    let state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream >>> 0, 0x85ebca77)) >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix() | 1;
    // the first outputs of sfc32 are still close to the seed: throw them away
    for (let i = 0; i < 12; i++) this.next32();
    // leave room above the base: 2^48 - 2^46 ids before the counter would wrap
    this.idBase = (this.next32() >>> 18) * 4294967296 + this.next32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  normal(mean: number, spread: number, min: number, max: number): number {
    const value = mean + (this.float() + this.float() + this.float() - 1.5) * 2 * spread;
    return value < min ? min : value > max ? max : value;
  }

  /** `count` distinct items, in list order. */
  some<T>(items: readonly T[], count: number): T[] {
    if (count >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.float() * items.length));
    return [...chosen].sort((x, y) => x - y).map((index) => items[index]!);
  }

  /**
   * A UUID in version 4 format for the demo rows: the first 48 bits count up from a base
   * drawn from the seed, the other 74 bits are random. Why not all random: a million
   * customers make 20 million rows, and random keys scatter every index insert over the
   * whole B-tree (measured: the 1M load spent most of its time reading and writing index
   * pages once the indexes outgrew shared_buffers). Counting keys append at the right edge,
   * as UUIDv7 keys do; the random bits keep two loads into one database apart.
   */
  uuid(): string {
    const counter = this.idBase + this.idCount++;
    hex(0, Math.floor(counter / 65536), 8);
    uuidCodes[8] = dash;
    hex(9, counter % 65536, 4);
    uuidCodes[13] = dash;
    uuidCodes[14] = 52; // '4': version 4
    const w1 = this.next32();
    const w2 = this.next32();
    hex(15, w1 & 0xfff, 3);
    uuidCodes[18] = dash;
    hex(19, ((w1 >>> 16) & 0x3fff) | 0x8000, 4); // variant 10xx
    uuidCodes[23] = dash;
    hex(24, w2 & 0xffff, 4);
    hex(28, this.next32(), 8);
    // one flat string from char codes: much faster than concatenating hex pieces
    return String.fromCharCode.apply(null, uuidCodes);
  }

  /** `digits` random lower-case hex digits (handles, evidence numbers). */
  hexDigits(digits: number): string {
    let out = '';
    for (let i = 0; i < digits; i++) out += String.fromCharCode(hexCodes[this.next32() & 15]!);
    return out;
  }
}

const hexCodes = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const dash = 45;
const uuidCodes = new Array<number>(36).fill(48);

function hex(position: number, word: number, digits: number): void {
  let value = word;
  for (let i = digits - 1; i >= 0; i--) {
    uuidCodes[position + i] = hexCodes[value & 15]!;
    value >>>= 4;
  }
}

/** Items with relative weights, picked in O(log n). */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += weight));
    this.total = sum;
  }

  pick(rng: Prng): T {
    const target = rng.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low]!;
  }
}

/** Shorthand for a weighted table written as { item: weight }. */
export function weighted<K extends string>(weights: Partial<Record<K, number>>): Weighted<K> {
  return new Weighted(Object.entries(weights) as [K, number][]);
}
