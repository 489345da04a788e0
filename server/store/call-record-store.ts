/**
 * The call records the server can see: the seeded data set (built lazily by index) plus calls
 * added at run time, filtered by what Graph would show at a given time (30-day retention, an
 * optional availability delay). Knows nothing of HTTP.
 *
 * List order is (startDateTime, id). A page ends at a cursor (the last key examined), so the
 * next page seeks straight to it: paging a million records costs the same at the end as at the start.
 */
import { partyId, planCall, streamFor, type CallKind, type CallPlan, type Dataset } from '../../generators/index.js'
import { MAX_CALL_MS } from '../../generators/index.js'
import { matchesParticipants } from '../odata/filter.js'

export interface RecordRef {
  readonly plan: CallPlan
  /** the version and lastModified Graph shows now (a re-issue raises them) */
  readonly version: number
  readonly lastModified: number
}

export interface Cursor {
  readonly start: number
  readonly id: string
}

export interface ListQuery {
  readonly now: number
  /** startDateTime bounds from $filter: from inclusive, to exclusive (epoch ms) */
  readonly from: number
  readonly to: number
  /** participants_v2/any(p:p/id eq …): every id must take part */
  readonly participantIds: readonly string[]
  readonly after: Cursor | null
  readonly limit: number
  /** at most this many records are examined for one page (a page may come back short, with a next cursor) */
  readonly scanBudget: number
}

export interface ListPage {
  readonly items: RecordRef[]
  readonly next: Cursor | null
}

export interface StoreOptions {
  /** records that started longer ago than this are gone (Graph: 30 days) */
  readonly retentionMs: number
  /** a record becomes visible this long after its call ended (default 0) */
  readonly availabilityDelayMs: number
}

export type StoreEvent = { readonly kind: 'created' | 'updated'; readonly ref: RecordRef }

const before = (a: Cursor, b: Cursor) => a.start < b.start || (a.start === b.start && a.id < b.id)

export class CallRecordStore {
  private added: CallPlan[] = []
  private readonly addedById = new Map<string, CallPlan>()
  private readonly reissued = new Map<string, { version: number; lastModified: number }>()
  private addedCounter = 0
  /** changes whenever calls are added or re-issued (caches of derived pages key on it) */
  revision = 0
  private readonly listeners = new Set<(e: StoreEvent) => void>()

  constructor(readonly dataset: Dataset, readonly options: StoreOptions) {}

  /** Forgets everything added or re-issued at run time: back to the seeded state. */
  reset(): void {
    this.revision++
    this.added = []
    this.addedById.clear()
    this.reissued.clear()
    this.addedCounter = 0
  }

  /** Calls added at run time, in start order. */
  addedPlans(): readonly CallPlan[] {
    return this.added
  }

  onChange(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** True when Graph would return this record at `now`. */
  isVisible(plan: CallPlan, now: number): boolean {
    return plan.start >= now - this.options.retentionMs && plan.end + this.options.availabilityDelayMs <= now
  }

  get(id: string, now: number): RecordRef | null {
    const i = this.dataset.indexOf(id)
    const plan = i >= 0 ? this.dataset.plan(i) : this.addedById.get(id)
    if (!plan || !this.isVisible(plan, now)) return null
    return this.ref(plan)
  }

  list(q: ListQuery): ListPage {
    const items: RecordRef[] = []
    let examined = 0
    let last: Cursor | null = null
    const walk = this.walk(q)
    for (const plan of walk) {
      last = { start: plan.start, id: plan.id }
      examined++
      if (this.matches(plan, q)) items.push(this.ref(plan))
      if (items.length >= q.limit || examined >= q.scanBudget) {
        // a next link only when something is left to look at (no empty last page)
        return { items, next: walk.next().done ? null : last }
      }
    }
    return { items, next: null }
  }

  /**
   * How many records match (for $count): counts the time range, planning only what it must. A
   * participant filter has to look at every call in the range; its result is kept for the
   * current minute, so the pages of one listing (their next links carry $count) pay once.
   */
  count(q: Omit<ListQuery, 'after' | 'limit' | 'scanBudget'>): number {
    if (q.participantIds.length === 0) return this.countNow(q)
    const key = JSON.stringify([this.revision, Math.floor(q.now / 60_000), q.from, q.to, q.participantIds.map((x) => x.toLowerCase()).sort()])
    const hit = this.counts.get(key)
    if (hit !== undefined) return hit
    const n = this.countNow(q)
    if (this.counts.size >= 256) this.counts.delete(this.counts.keys().next().value!)
    this.counts.set(key, n)
    return n
  }

  private readonly counts = new Map<string, number>()

  private countNow(q: Omit<ListQuery, 'after' | 'limit' | 'scanBudget'>): number {
    let n = 0
    const { from, to } = this.range(q)
    const ds = this.dataset
    const i0 = ds.timeline.firstIndexAtOrAfter(from)
    const i1 = ds.timeline.firstIndexAtOrAfter(to)
    // records that started early enough have surely ended and become visible by now
    const settled = ds.timeline.firstIndexAtOrAfter(q.now - MAX_CALL_MS - this.options.availabilityDelayMs)
    if (q.participantIds.length === 0) {
      const sure = Math.max(i0, Math.min(i1, settled))
      n += sure - i0
      for (let i = sure; i < i1; i++) if (this.isVisible(ds.plan(i), q.now)) n++
    } else {
      for (let i = i0; i < i1; i++) if (this.matches(ds.plan(i), { ...q })) n++
    }
    for (const p of this.added) if (p.start >= from && p.start < to && this.matches(p, q)) n++
    return n
  }

  /**
   * Adds calls planned elsewhere (the control API) and tells the listeners. Calls that have left
   * retention by `now` are forgotten, so a long live run does not grow without bound.
   */
  add(plans: readonly CallPlan[], now = -Infinity): RecordRef[] {
    if (plans.length > 16) {
      // many at once: append and sort once (inserting one by one would be quadratic)
      for (const p of plans) {
        this.added.push(p)
        this.addedById.set(p.id, p)
      }
      this.added.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    } else {
      for (const p of plans) {
        this.added.splice(insertionPoint(this.added, p), 0, p)
        this.addedById.set(p.id, p)
      }
    }
    const oldest = now - this.options.retentionMs
    let gone = 0
    while (gone < this.added.length && this.added[gone]!.start < oldest) this.addedById.delete(this.added[gone++]!.id)
    if (gone > 0) this.added.splice(0, gone)
    this.revision++
    const refs = plans.map((p) => this.ref(p))
    for (const ref of refs) this.emit({ kind: 'created', ref })
    return refs
  }

  /** Plans a new call of `kind` that ends at `end`, from the store's own seeded stream. */
  planAdded(kind: CallKind, end: number, participantId?: string): CallPlan {
    const n = this.addedCounter++
    const ds = this.dataset
    const rng = streamFor(ds.options.seed, 'added', n)
    // plan with an open end, then shift the call so that it ends at `end`
    const draft = planCall(ds.world, { failureRate: ds.options.failureRate, largeMeetingRate: 0 }, rng, {
      kind, start: 0, latest: 10 * 3_600_000, detailPath: ['added', n], ...(participantId ? { participantId } : {}),
    })
    return shiftPlan(draft, end - draft.end, end)
  }

  /** Publishes a new version of a record (Graph re-issues records as late telemetry arrives). */
  reissue(id: string, now: number): RecordRef | null {
    const current = this.get(id, now)
    if (!current) return null
    this.reissued.set(id, { version: current.version + 1, lastModified: Math.max(now, current.lastModified + 1) })
    this.revision++
    const ref = this.ref(current.plan)
    this.emit({ kind: 'updated', ref })
    return ref
  }

  private emit(e: StoreEvent): void {
    for (const l of this.listeners) l(e)
  }

  private ref(plan: CallPlan): RecordRef {
    const r = this.reissued.get(plan.id)
    return { plan, version: r?.version ?? plan.version, lastModified: r?.lastModified ?? plan.lastModified }
  }

  private range(q: { now: number; from: number; to: number }): { from: number; to: number } {
    return { from: Math.max(q.from, q.now - this.options.retentionMs), to: q.to }
  }

  private matches(plan: CallPlan, q: { now: number; from: number; to: number; participantIds: readonly string[] }): boolean {
    if (plan.start < q.from || plan.start >= q.to || !this.isVisible(plan, q.now)) return false
    for (const id of q.participantIds) if (!hasParticipant(plan, id)) return false
    return true
  }

  /** Seeded and added records merged in (start, id) order, from the cursor on, inside the range. */
  private *walk(q: ListQuery): Generator<CallPlan> {
    const { from, to } = this.range(q)
    const ds = this.dataset
    const startAt = q.after ? Math.max(from, q.after.start) : from
    let i = ds.timeline.firstIndexAtOrAfter(startAt)
    let k = lowerBound(this.added, startAt)
    const after = q.after
    while (true) {
      const a = i < ds.count && ds.timeline.startOf(i) < to ? ds.plan(i) : null
      const b = k < this.added.length && this.added[k]!.start < to ? this.added[k]! : null
      if (!a && !b) return
      const next = !b || (a && before(a, b)) ? a! : b
      if (next === a) i++
      else k++
      if (after && !before(after, next)) continue
      yield next
    }
  }
}

/** Ids are GUIDs (or phone numbers): compared ignoring case, as Graph compares GUIDs (the OData layer's rule). */
function hasParticipant(plan: CallPlan, id: string): boolean {
  return matchesParticipants({ participantIds: [id] }, plan.parties.map(partyId))
}

/** Where a plan goes in (start, id) order. */
function insertionPoint(plans: readonly CallPlan[], p: CallPlan): number {
  let lo = 0
  let hi = plans.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const q = plans[mid]!
    if (q.start < p.start || (q.start === p.start && q.id < p.id)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function lowerBound(plans: readonly CallPlan[], start: number): number {
  let lo = 0
  let hi = plans.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (plans[mid]!.start < start) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Moves a plan in time by `delta` ms (sessions, legs and all); the record is processed at `processedAt`. */
function shiftPlan(p: CallPlan, delta: number, processedAt: number): CallPlan {
  return {
    ...p,
    start: p.start + delta,
    end: p.end + delta,
    lastModified: processedAt,
    version: 1,
    sessions: p.sessions.map((s) => ({ ...s, start: s.start + delta, end: s.end + delta })),
    pstnLegs: p.pstnLegs.map((l) => ({ ...l, invite: l.invite + delta, start: l.start + delta, end: l.end + delta })),
  }
}
