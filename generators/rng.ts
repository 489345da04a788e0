/**
 * The project's only source of randomness. Everything random is drawn from an {@link Rng}
 * whose state comes from a seed and a path of labels and indexes (see {@link streamFor}),
 * so that any object (record #i, session #j of record #i, …) can be built directly,
 * in any order, and always comes out the same.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit
 * state): fast in plain 32-bit JS arithmetic, and good enough for test data.
 */

/** Mixes a 32-bit value (the finaliser of MurmurHash3). */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes a string to 32 bits (FNV-1a, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return fmix32(h)
}

/** Combines a running hash with one more 32-bit word. */
function combine(h: number, v: number): number {
  return fmix32((h ^ (v >>> 0)) + 0x9e3779b9 + (h << 6) + (h >>> 2))
}

/** A path part: a label (`'record'`) or an index (`42`). Indexes up to 2^53 are safe. */
export type StreamPart = string | number

function hashPart(h: number, part: StreamPart): number {
  if (typeof part === 'string') return combine(h, hashString(part))
  // split large indexes into two 32-bit words so that 2^32 + 1 and 1 differ
  const hi = Math.floor(part / 0x100000000)
  return combine(combine(h, part >>> 0), hi >>> 0)
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0 || 1
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: cannot pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** One element, by weight (`[value, weight]` pairs, weights > 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of items) total += w
    let r = this.next() * total
    for (const [v, w] of items) {
      r -= w
      if (r < 0) return v
    }
    const last = items[items.length - 1]
    if (!last) throw new Error('Rng.weighted: empty list')
    return last[0]
  }

  /** `count` distinct elements (order random); all of them if count ≥ length. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice()
    const n = Math.min(count, copy.length)
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i))
      const t = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = t
    }
    copy.length = n
    return copy
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = items[i] as T
      items[i] = items[j] as T
      items[j] = t
    }
    return items
  }

  /** Log-normal value with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** A random (version 4) GUID in lower case. */
  guid(): string {
    const a = this.u32()
    const b = (this.u32() & 0xffff0fff) | 0x00004000 // version 4
    const c = (this.u32() & 0x3fffffff) | 0x80000000 // RFC 4122 variant
    const d = this.u32()
    return (
      HEX[a >>> 24]! + HEX[(a >>> 16) & 255]! + HEX[(a >>> 8) & 255]! + HEX[a & 255]! + '-' +
      HEX[b >>> 24]! + HEX[(b >>> 16) & 255]! + '-' + HEX[(b >>> 8) & 255]! + HEX[b & 255]! + '-' +
      HEX[c >>> 24]! + HEX[(c >>> 16) & 255]! + '-' + HEX[(c >>> 8) & 255]! + HEX[c & 255]! +
      HEX[d >>> 24]! + HEX[(d >>> 16) & 255]! + HEX[(d >>> 8) & 255]! + HEX[d & 255]!
    )
  }

  /** A string of `n` decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(this.next() * 10))
    return s
  }

  /** A child generator, independent of this one's future draws. */
  fork(label: StreamPart): Rng {
    return new Rng(this.u32() ^ hashPart(0x1234567, label), this.u32(), this.u32(), this.u32())
  }
}

/** The generator for one place in the data set: `streamFor(seed, 'record', 17, 'session', 3)`. */
export function streamFor(seed: number, ...path: StreamPart[]): Rng {
  let h = combine(0x6a09e667, seed >>> 0)
  h = combine(h, Math.floor(seed / 0x100000000) >>> 0)
  for (const p of path) h = hashPart(h, p)
  return new Rng(h, combine(h, 1), combine(h, 2), combine(h, 3))
}

/** Turns a user-facing seed (number or string) into a safe integer. */
export function normaliseSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return seed
  return hashString(String(seed))
}

/**
 * Adapter for @faker-js/faker's `Randomizer` interface, so faker draws from the project's
 * generator instead of its own Mersenne Twister.
 */
export class FakerRandomizer {
  constructor(private rng: Rng) {}
  // faker calls these unbound, hence arrow functions
  next = (): number => this.rng.next()
  seed = (seed: number | number[]): void => {
    const parts = Array.isArray(seed) ? seed : [seed]
    this.rng = streamFor(parts[0] ?? 0, 'faker', ...parts.slice(1))
  }
}

/**
 * A keyed permutation of 32-bit integers (a 4-round Feistel network): looks random, and can be
 * inverted. Seeded record ids carry `permute32(index)` in their first 8 hex digits, so a GET by id
 * finds the record without an index of all ids.
 */
export function permute32(x: number, key: number): number {
  let l = (x >>> 16) & 0xffff
  let r = x & 0xffff
  for (let round = 0; round < 4; round++) {
    const f = fmix32((r ^ key) + round * 0x9e3779b9) & 0xffff
    const t = r
    r = l ^ f
    l = t
  }
  return ((l << 16) | r) >>> 0
}

/** The inverse of {@link permute32}. */
export function unpermute32(y: number, key: number): number {
  let l = (y >>> 16) & 0xffff
  let r = y & 0xffff
  for (let round = 3; round >= 0; round--) {
    const t = l
    l = r ^ (fmix32((l ^ key) + round * 0x9e3779b9) & 0xffff)
    r = t
  }
  return ((l << 16) | r) >>> 0
}
