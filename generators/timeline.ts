/**
 * Where record #i sits in time, and what kind of call it is, without building any other record.
 *
 * The window is cut into `count` equal slots; record #i starts at a point drawn inside slot #i,
 * so records are ordered by start time and a time range maps to an index range by arithmetic.
 * Kinds are dealt per block of {@link BLOCK} records in exact proportion to the mix, then
 * shuffled inside the block: the mix is exact at every scale, and the number of calls of a kind
 * before index i is known without scanning (reports page through PSTN rows this way).
 */
import { streamFor } from './rng.js'

export const CALL_KINDS = ['peerToPeer', 'groupCall', 'meeting', 'pstn', 'directRouting', 'autoAttendant'] as const
export type CallKind = (typeof CALL_KINDS)[number]
export type CallMix = Readonly<Record<CallKind, number>>

export const DEFAULT_MIX: CallMix = { peerToPeer: 34, groupCall: 8, meeting: 32, pstn: 13, directRouting: 8, autoAttendant: 5 }

export const BLOCK = 100
export const DAY_MS = 86_400_000
/** no record starts in the last five minutes before the anchor, so every record can end and be processed by then */
export const TAIL_MS = 5 * 60_000

export interface TimelineOptions {
  seed: number
  count: number
  /** the anchor: every record has ended and been processed by this time (epoch ms) */
  now: number
  windowDays: number
  mix: CallMix
  /** names the stream the slot positions are drawn from (call records, SMS, …) */
  label?: string
}

export class Timeline {
  readonly seed: number
  readonly count: number
  readonly now: number
  readonly windowStart: number
  readonly slotMs: number
  private readonly label: string
  private readonly perBlock: readonly number[]
  private cacheBlock = -1
  private cacheKinds: CallKind[] = []

  constructor(o: TimelineOptions) {
    if (!Number.isSafeInteger(o.count) || o.count < 0) throw new RangeError(`records must be a whole number >= 0, got ${o.count}`)
    if (!(o.windowDays > 0)) throw new RangeError(`windowDays must be > 0, got ${o.windowDays}`)
    this.seed = o.seed
    this.label = o.label ?? 'calls'
    this.count = o.count
    this.now = o.now
    this.windowStart = o.now - o.windowDays * DAY_MS
    // whole milliseconds per slot: start times are then strictly increasing, so (start, index)
    // order and (start, id) order agree and paging never loses or repeats a record
    this.slotMs = o.count > 0 ? Math.floor((o.windowDays * DAY_MS - TAIL_MS) / o.count) : 0
    if (o.count > 0 && this.slotMs < 1) {
      throw new RangeError(`records: at most ${Math.floor(o.windowDays * DAY_MS - TAIL_MS)} fit in a window of ${o.windowDays} days (one per millisecond), got ${o.count}`)
    }
    this.perBlock = apportion(o.mix, BLOCK)
  }

  /** Start time of record #i (epoch ms, whole milliseconds). */
  startOf(i: number): number {
    const u = streamFor(this.seed, this.label, 'slot', i).next()
    return this.windowStart + i * this.slotMs + Math.floor(u * this.slotMs)
  }

  /** The first index whose slot starts at or after `t` (0..count). Records in [t1, t2) live in [indexAt(t1) - 1, indexAt(t2)]. */
  slotIndexAt(t: number): number {
    if (this.count === 0) return 0
    const x = Math.floor((t - this.windowStart) / this.slotMs)
    return Math.min(this.count, Math.max(0, x))
  }

  /** Smallest index whose start time is >= t. */
  firstIndexAtOrAfter(t: number): number {
    let i = this.slotIndexAt(t)
    while (i > 0 && this.startOf(i - 1) >= t) i--
    while (i < this.count && this.startOf(i) < t) i++
    return i
  }

  kindOf(i: number): CallKind {
    const b = Math.floor(i / BLOCK)
    if (b !== this.cacheBlock) {
      this.cacheKinds = this.blockKinds(b)
      this.cacheBlock = b
    }
    return this.cacheKinds[i - b * BLOCK]!
  }

  /** How many records of `kind` have an index below i. */
  countKindBefore(kind: CallKind, i: number): number {
    const b = Math.floor(i / BLOCK)
    const k = CALL_KINDS.indexOf(kind)
    let n = b * this.perBlock[k]!
    const kinds = this.blockKinds(b)
    for (let j = 0; j < i - b * BLOCK; j++) if (kinds[j] === kind) n++
    return n
  }

  /** Index of the n-th (0-based) record of `kind`, or -1 if there is none. */
  nthOfKind(kind: CallKind, n: number): number {
    const per = this.perBlock[CALL_KINDS.indexOf(kind)]!
    if (per === 0 || n < 0) return -1
    const b = Math.floor(n / per)
    let left = n - b * per
    const kinds = this.blockKinds(b)
    for (let j = 0; j < BLOCK; j++) {
      if (kinds[j] === kind && left-- === 0) {
        const i = b * BLOCK + j
        return i < this.count ? i : -1
      }
    }
    return -1
  }

  private blockKinds(b: number): CallKind[] {
    const kinds: CallKind[] = []
    CALL_KINDS.forEach((k, idx) => {
      for (let n = 0; n < this.perBlock[idx]!; n++) kinds.push(k)
    })
    return streamFor(this.seed, this.label, 'kinds', b).shuffle(kinds)
  }
}

/** Splits `total` into whole numbers proportional to the weights (largest remainder). */
export function apportion(mix: CallMix, total: number): number[] {
  const weights = CALL_KINDS.map((k) => {
    const w = mix[k]
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`mix.${k} must be a number >= 0, got ${String(w)}`)
    return w
  })
  const sum = weights.reduce((a, b) => a + b, 0)
  if (!(sum > 0)) throw new RangeError('mix: at least one kind needs a weight above 0')
  const exact = weights.map((w) => (w / sum) * total)
  const counts = exact.map(Math.floor)
  let left = total - counts.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (const [, i] of order) {
    if (left-- <= 0) break
    counts[i]!++
  }
  return counts
}
