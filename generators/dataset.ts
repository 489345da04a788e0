/**
 * A seeded data set: the tenant world, the call-record timeline and the report logs, all built
 * lazily. `record(i)` builds call #i directly from (seed, i), in any order; nothing holds the
 * whole data set in memory.
 */
import { toMillis } from './clock.js'
import { buildFullRecord, buildParticipants, buildRecordBase, buildSession, DEPRECATED_DATA_ENDS, type JsonObject, type RecordContext } from './call-record.js'
import { MEETING_PHONE_RATE, planCall, type CallPlan, type PlanOptions, type PstnLeg } from './plan.js'
import { normaliseSeed, permute32, streamFor, unpermute32 } from './rng.js'
import { DEFAULT_MIX, Timeline, type CallKind, type CallMix } from './timeline.js'
import { buildWorld, type World, type WorldOptions } from './world.js'

export interface DatasetOptions extends WorldOptions {
  /** default 42 */
  seed?: number | string
  /** number of call records in the window (default 1000) */
  records?: number
  /** the anchor time: every record ended and was processed before it (ISO 8601 or epoch ms) */
  now: number | string | Date
  /** length of the window before `now` (default 30 days, Graph's retention) */
  windowDays?: number
  /** relative weights of the kinds of call (default {@link DEFAULT_MIX}) */
  mix?: Partial<CallMix>
  /** share of calls with a failed session (default 0.05) */
  failureRate?: number
  /** share of meetings with more than 130 participants and 60 sessions (default 0.01) */
  largeMeetingRate?: number
  /** SMS log rows per call record (default 0.05) */
  smsPerRecord?: number
}

export interface ResolvedOptions {
  readonly seed: number
  readonly records: number
  readonly now: number
  readonly windowDays: number
  readonly mix: CallMix
  readonly failureRate: number
  readonly largeMeetingRate: number
  readonly smsPerRecord: number
  readonly users: number
}

export class Dataset {
  readonly options: ResolvedOptions
  readonly world: World
  readonly timeline: Timeline
  readonly sms: Timeline
  readonly ctx: RecordContext
  private readonly planOptions: PlanOptions
  private readonly cache = new Map<number, CallPlan>()

  constructor(o: DatasetOptions) {
    const seed = normaliseSeed(o.seed ?? 42)
    const now = toMillis(o.now)
    const records = o.records ?? 1000
    const windowDays = o.windowDays ?? 30
    const mix = { ...DEFAULT_MIX, ...o.mix }
    const failureRate = rate(o.failureRate ?? 0.05, 'failureRate')
    const largeMeetingRate = rate(o.largeMeetingRate ?? 0.01, 'largeMeetingRate')
    const smsPerRecord = o.smsPerRecord ?? 0.05
    if (!(smsPerRecord >= 0)) throw new RangeError(`smsPerRecord must be >= 0, got ${smsPerRecord}`)
    this.world = buildWorld(seed, o)
    this.options = { seed, records, now, windowDays, mix, failureRate, largeMeetingRate, smsPerRecord, users: this.world.users.length }
    this.timeline = new Timeline({ seed, count: records, now, windowDays, mix })
    this.sms = new Timeline({ seed, count: Math.round(records * smsPerRecord), now, windowDays, mix, label: 'sms' })
    this.ctx = { world: this.world, seed, deprecatedGone: now >= DEPRECATED_DATA_ENDS }
    this.planOptions = { failureRate, largeMeetingRate }
  }

  get count(): number {
    return this.timeline.count
  }

  /** The plan of call #i (cheap: no media). */
  plan(i: number): CallPlan {
    this.check(i)
    const hit = this.cache.get(i)
    if (hit) return hit
    const p = planCall(this.world, this.planOptions, streamFor(this.options.seed, 'record', i), {
      id: this.idOf(i),
      kind: this.timeline.kindOf(i),
      meetingPhones: this.meetingPhones(i),
      start: this.timeline.startOf(i),
      latest: this.options.now,
      detailPath: ['record', i],
    })
    if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value!)
    this.cache.set(i, p)
    return p
  }

  /** How many phone participants meeting #i has (0 for other kinds): cheap, without planning it. */
  meetingPhones(i: number): number {
    if (this.timeline.kindOf(i) !== 'meeting') return 0
    const r = streamFor(this.options.seed, 'meeting-phones', i)
    return r.chance(MEETING_PHONE_RATE) ? r.int(1, 2) : 0
  }

  /** The id of record #i: a GUID whose first 32 bits are a keyed permutation of i. */
  idOf(i: number): string {
    const g = streamFor(this.options.seed, 'record-id', i).guid()
    return permute32(i, this.idKey).toString(16).padStart(8, '0') + g.slice(8)
  }

  /** The index of a seeded record id, or -1 when the id is not one of this data set's. Cheap: no scan. */
  indexOf(id: string): number {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return -1
    const i = unpermute32(parseInt(id.slice(0, 8), 16), this.idKey)
    return i < this.count && this.idOf(i) === id ? i : -1
  }

  private get idKey(): number {
    return this.options.seed ^ 0x5bd1e995
  }

  /** Call #i fully expanded (sessions → segments → media → streams, participants_v2, organizer_v2). */
  record(i: number): JsonObject {
    return buildFullRecord(this.ctx, this.plan(i))
  }

  /** Call #i as a plain GET returns it (organizer_v2 expanded, no sessions or participants_v2). */
  recordBase(i: number): JsonObject {
    return buildRecordBase(this.ctx, this.plan(i))
  }

  participants(i: number): JsonObject[] {
    return buildParticipants(this.ctx, this.plan(i))
  }

  session(i: number, j: number): JsonObject {
    return buildSession(this.ctx, this.plan(i), j)
  }

  kindOf(i: number): CallKind {
    this.check(i)
    return this.timeline.kindOf(i)
  }

  /**
   * The PSTN legs (one per pstnCallLogRow / directRoutingLogRow) that started in [from, to),
   * in start order. Seeks by time: only the records that can hold such a leg are planned.
   */
  *legs(from: number, to: number): Generator<PstnLeg> {
    // a leg starts inside its call, and calls last at most 4 hours
    const first = this.timeline.firstIndexAtOrAfter(from - MAX_CALL_MS)
    const order = new StartOrder<PstnLeg>()
    for (let i = first; i < this.count; i++) {
      const start = this.timeline.startOf(i)
      if (start >= to) break
      const kind = this.timeline.kindOf(i)
      if (kind === 'peerToPeer' || kind === 'groupCall') continue
      order.push(this.plan(i).pstnLegs.filter((l) => l.start >= from && l.start < to))
      yield* order.drain(start)
    }
    yield* order.drain(Infinity)
  }

  private check(i: number): void {
    if (!Number.isSafeInteger(i) || i < 0 || i >= this.count) throw new RangeError(`record index ${i} is outside 0..${this.count - 1}`)
  }
}

/** Calls last at most this long (the longest meeting the planner makes). */
export const MAX_CALL_MS = 4 * 3_600_000

/**
 * Re-orders items that arrive in call order into start order. A leg starts inside its call and
 * calls arrive by start time, so everything that started up to the current call's start is final.
 */
export class StartOrder<T extends { readonly start: number }> {
  private pending: T[] = []
  push(items: readonly T[]): void {
    if (items.length === 0) return
    this.pending.push(...items)
    this.pending.sort((a, b) => a.start - b.start)
  }
  /** Removes and returns, in start order, the items that started at or before `t`. */
  drain(t: number): T[] {
    let n = 0
    while (n < this.pending.length && this.pending[n]!.start <= t) n++
    return n === 0 ? [] : this.pending.splice(0, n)
  }
}

function rate(v: number, name: string): number {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${v}`)
  return v
}

export function createDataset(o: DatasetOptions): Dataset {
  return new Dataset(o)
}
