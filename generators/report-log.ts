/**
 * The rows of the five report functions for a time range, a page at a time, found by counting
 * instead of scanning: PSTN rows start with their call (see plan.ts), calls are in start order,
 * kinds are dealt per block, and the phone participants of meetings are drawn from a cheap
 * stream whose per-block sums are cached. A page deep in a million rows costs what the first costs.
 */
import type { JsonObject } from './call-record.js'
import type { Dataset } from './dataset.js'
import type { CallPlan, PstnLeg } from './plan.js'
import { blockedUsersTimeline, dialoutReport, directRoutingLogRow, pstnBlockedUsersLogRow, pstnCallLogRow, smsLogRow, type ApiVersion, type ReportFunction } from './reports.js'
import { BLOCK, type Timeline } from './timeline.js'

export interface RowPage {
  readonly rows: JsonObject[]
  /** true when rows remain after this page */
  readonly more: boolean
}

export class ReportLog {
  private readonly blocks: Timeline
  /** phoneSums[b] = phone participants of meetings in blocks before b */
  private readonly phoneSums: number[] = [0]

  /**
   * @param extra calls added after the data set was made (in start order); their PSTN legs join
   *   the seeded rows. Pages that include them are merged by start time, which costs a scan of the
   *   seeded rows before the page; without them every page is found by counting.
   */
  constructor(private readonly ds: Dataset, private readonly extra: () => readonly CallPlan[] = () => []) {
    this.blocks = blockedUsersTimeline(ds)
  }

  /**
   * Rows of `fn` whose start lies in [from, to) (epoch ms; make `to` one millisecond later for an
   * inclusive bound), after skipping `skip` rows, at most `limit`.
   */
  page(fn: ReportFunction, version: ApiVersion, from: number, to: number, skip: number, limit: number): RowPage {
    switch (fn) {
      case 'getDirectRoutingCalls':
      case 'getPstnCalls': {
        const direct = fn === 'getDirectRoutingCalls'
        const seeded = (s: number, n: number) => (direct ? this.directRouting(version, from, to, s, n) : this.pstn(version, from, to, s, n))
        const extra = this.extraLegs(from, to).filter((l) => (l.route === 'directRouting') === direct)
        if (extra.length === 0) return seeded(skip, limit)
        const row = (l: PstnLeg) => (direct ? directRoutingLogRow(this.ds.world, l, version) : pstnCallLogRow(this.ds.world, l, version))
        return this.merged(fn, from, to, extra, seeded, row, skip, limit)
      }
      case 'getSmsLog': return this.timelineRows(this.ds.sms, from, to, skip, limit, (k) => smsLogRow(this.ds, k, version))
      case 'getPstnBlockedUsersLog': return this.timelineRows(this.blocks, from, to, skip, limit, (k) => pstnBlockedUsersLogRow(this.ds, this.blocks, k, version))
      case 'getPstnOnlineMeetingDialoutReport': {
        const rows = this.dialout(version, from, to)
        return { rows: rows.slice(skip, skip + limit), more: skip + limit < rows.length }
      }
    }
  }

  private extraLegs(from: number, to: number): PstnLeg[] {
    return this.extra().flatMap((p) => p.pstnLegs.filter((l) => l.start >= from && l.start < to))
  }

  /**
   * Seeded rows and added legs merged in start order (seeded first on a tie), then paged. The
   * position of every added leg is counted, not scanned, so a deep page still seeks.
   */
  private merged(fn: 'getPstnCalls' | 'getDirectRoutingCalls', from: number, to: number, extra: readonly PstnLeg[],
    seeded: (skip: number, limit: number) => RowPage, row: (l: PstnLeg) => JsonObject, skip: number, limit: number): RowPage {
    const sorted = [...extra].sort((a, b) => a.start - b.start)
    const positions = sorted.map((l, j) => this.seededRowsBefore(fn, from, l.start + 1) + j)
    const before = positions.filter((p) => p < skip).length
    const inPage = positions.filter((p) => p >= skip && p < skip + limit).length
    const base = limit - inPage > 0 ? seeded(skip - before, limit - inPage) : { rows: [], more: true }
    const rows: JsonObject[] = []
    let k = 0
    let j = before
    for (let p = skip; p < skip + limit; p++) {
      if (j < sorted.length && positions[j] === p) rows.push(row(sorted[j++]!))
      else if (k < base.rows.length) rows.push(base.rows[k++]!)
      else break
    }
    const more = (base.more && limit - inPage > 0) || positions.some((p) => p >= skip + limit) || (limit - inPage === 0 && this.seededRowsBefore(fn, from, to) > skip - before)
    return { rows, more }
  }

  /** Seeded rows of `fn` that start in [from, t). */
  private seededRowsBefore(fn: 'getPstnCalls' | 'getDirectRoutingCalls', from: number, t: number): number {
    const tl = this.ds.timeline
    const i0 = tl.firstIndexAtOrAfter(from)
    const i = Math.max(i0, tl.firstIndexAtOrAfter(t))
    return fn === 'getDirectRoutingCalls'
      ? tl.countKindBefore('directRouting', i) - tl.countKindBefore('directRouting', i0)
      : this.pstnRowsBefore(i) - this.pstnRowsBefore(i0)
  }

  private range(from: number, to: number): [number, number] {
    const t = this.ds.timeline
    return [t.firstIndexAtOrAfter(from), t.firstIndexAtOrAfter(to)]
  }

  private directRouting(version: ApiVersion, from: number, to: number, skip: number, limit: number): RowPage {
    const t = this.ds.timeline
    const [i0, i1] = this.range(from, to)
    const base = t.countKindBefore('directRouting', i0) + skip
    const rows: JsonObject[] = []
    for (let n = base; rows.length <= limit; n++) {
      const i = t.nthOfKind('directRouting', n)
      if (i < 0 || i >= i1) return { rows, more: false }
      if (rows.length === limit) return { rows, more: true }
      rows.push(directRoutingLogRow(this.ds.world, this.ds.plan(i).pstnLegs[0]!, version))
    }
    return { rows, more: true }
  }

  private pstn(version: ApiVersion, from: number, to: number, skip: number, limit: number): RowPage {
    const [i0, i1] = this.range(from, to)
    const target = this.pstnRowsBefore(i0) + skip
    // the record holding row #target: the last i with pstnRowsBefore(i) <= target
    let lo = i0
    let hi = i1
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2)
      if (this.pstnRowsBefore(mid) <= target) lo = mid
      else hi = mid - 1
    }
    let within = target - this.pstnRowsBefore(lo)
    const rows: JsonObject[] = []
    for (let i = lo; i < i1; i++) {
      if (this.pstnRowsIn(i) === 0) continue
      const legs = this.ds.plan(i).pstnLegs.filter((l) => l.route !== 'directRouting')
      for (let k = within; k < legs.length; k++) {
        if (rows.length === limit) return { rows, more: true }
        rows.push(pstnCallLogRow(this.ds.world, legs[k]!, version))
      }
      within = 0
    }
    return { rows, more: false }
  }

  /** getPstnCalls rows of record #i, without planning it. */
  private pstnRowsIn(i: number): number {
    const kind = this.ds.timeline.kindOf(i)
    return kind === 'pstn' || kind === 'autoAttendant' ? 1 : kind === 'meeting' ? this.ds.meetingPhones(i) : 0
  }

  /** getPstnCalls rows of the records before index i. */
  private pstnRowsBefore(i: number): number {
    const t = this.ds.timeline
    const b = Math.floor(i / BLOCK)
    while (this.phoneSums.length <= b) {
      const k = this.phoneSums.length - 1
      let n = 0
      for (let j = k * BLOCK; j < Math.min((k + 1) * BLOCK, this.ds.count); j++) n += this.ds.meetingPhones(j)
      this.phoneSums.push(this.phoneSums[k]! + n)
    }
    let phones = this.phoneSums[b]!
    for (let j = b * BLOCK; j < i; j++) phones += this.ds.meetingPhones(j)
    return t.countKindBefore('pstn', i) + t.countKindBefore('autoAttendant', i) + phones
  }

  private timelineRows(t: Timeline, from: number, to: number, skip: number, limit: number, row: (k: number) => JsonObject): RowPage {
    const k0 = t.firstIndexAtOrAfter(from) + skip
    const k1 = t.firstIndexAtOrAfter(to)
    const rows: JsonObject[] = []
    for (let k = k0; k < k1 && rows.length < limit; k++) rows.push(row(k))
    return { rows, more: k0 + rows.length < k1 }
  }

  private dialout(version: ApiVersion, from: number, to: number): JsonObject[] {
    const [i0, i1] = this.range(from, to)
    const ds = this.ds
    const extra = this.extraLegs(from, to)
    function* legs() {
      for (let i = i0; i < i1; i++) if (ds.meetingPhones(i) > 0) yield* ds.plan(i).pstnLegs
      yield* extra
    }
    return dialoutReport(legs(), version)
  }
}
