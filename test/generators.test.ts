import { describe, expect, it } from 'vitest'
import { createDataset, type Dataset } from '../generators/dataset.js'
import { pstnCallLogRow, directRoutingLogRow, legRow, smsLogRow, pstnBlockedUsersLogRow, blockedUsersTimeline, dialoutReport } from '../generators/reports.js'
import { CALL_KINDS, BLOCK, DEFAULT_MIX, Timeline } from '../generators/timeline.js'
import { getValidator } from '../generators/schema/validate.js'
import { recordViolations } from './support/invariants.js'

const NOW = '2026-11-29T00:00:00Z'
const nowMs = Date.parse(NOW)
const windowStart = nowMs - 30 * 86_400_000

/** Replaces every ISO time in a record by its offset from the record's start, to compare content across placements. */
function relativeTimes(r: any): string {
  const base = Date.parse(r.startDateTime)
  return JSON.stringify(r, (_k, v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? `t+${Date.parse(v) - base}` : v))
}

describe('determinism and random access', () => {
  it('gives byte-identical records, world and rows for the same seed, options and anchor', () => {
    const a = createDataset({ seed: 7, records: 300, now: NOW })
    const b = createDataset({ seed: 7, records: 300, now: NOW })
    expect(JSON.stringify(b.world.users)).toBe(JSON.stringify(a.world.users))
    for (let i = 0; i < 300; i += 7) expect(JSON.stringify(b.record(i))).toBe(JSON.stringify(a.record(i)))
    const rowsA = [...a.legs(windowStart, nowMs)].map((l) => legRow(a.world, l, 'beta').row)
    const rowsB = [...b.legs(windowStart, nowMs)].map((l) => legRow(b.world, l, 'beta').row)
    expect(rowsA.length).toBeGreaterThan(10)
    expect(JSON.stringify(rowsB)).toBe(JSON.stringify(rowsA))
  })

  it('gives different data for a different seed or anchor', () => {
    const a = createDataset({ seed: 7, records: 50, now: NOW })
    const b = createDataset({ seed: 8, records: 50, now: NOW })
    const c = createDataset({ seed: 7, records: 50, now: '2026-11-28T00:00:00Z' })
    expect(b.record(3).id).not.toBe(a.record(3).id)
    expect(c.record(3).startDateTime).not.toBe(a.record(3).startDateTime)
  })

  it('builds record #i directly, in any order, the same as in sequence', () => {
    const seq = createDataset({ seed: 11, records: 2000, now: NOW })
    const expected = [0, 1, 999, 1500, 1999].map((i) => JSON.stringify(seq.record(i)))
    const direct = createDataset({ seed: 11, records: 2000, now: NOW })
    const got = [1999, 1500, 999, 1, 0].map((i) => JSON.stringify(direct.record(i))).reverse()
    expect(got).toEqual(expected)
  })

  it('keeps record #i the same whatever the total count (only its slot in the window moves)', () => {
    const small = createDataset({ seed: 5, records: 1000, now: NOW })
    const large = createDataset({ seed: 5, records: 1_000_000, now: NOW })
    // (the very last records of a small set are squeezed to end and be processed before the anchor)
    for (const i of [0, 17, 500, 990]) {
      expect(large.kindOf(i)).toBe(small.kindOf(i))
      expect(relativeTimes(large.record(i))).toBe(relativeTimes(small.record(i)))
    }
  })

  it('orders records by start time, and maps a time to an index by arithmetic', () => {
    const d = createDataset({ seed: 3, records: 5000, now: NOW })
    let prev = -Infinity
    for (let i = 0; i < d.count; i++) {
      const s = d.timeline.startOf(i)
      expect(s).toBeGreaterThan(prev)
      prev = s
    }
    for (const i of [0, 1, 2500, 4999]) {
      const t = d.timeline.startOf(i)
      expect(d.timeline.firstIndexAtOrAfter(t)).toBe(i)
      expect(d.timeline.firstIndexAtOrAfter(t + 1)).toBe(i + 1)
    }
    expect(d.timeline.firstIndexAtOrAfter(0)).toBe(0)
    expect(d.timeline.firstIndexAtOrAfter(nowMs + 1)).toBe(5000)
  })
})

describe('mix of calls', () => {
  it('deals kinds exactly in proportion in every block, and counts them without scanning', () => {
    const t = new Timeline({ seed: 9, count: 10 * BLOCK, now: nowMs, windowDays: 30, mix: DEFAULT_MIX })
    for (const kind of CALL_KINDS) {
      let seen = 0
      for (let i = 0; i < t.count; i++) {
        expect(t.countKindBefore(kind, i)).toBe(seen)
        if (t.kindOf(i) === kind) {
          expect(t.nthOfKind(kind, seen)).toBe(i)
          seen++
        }
      }
      expect(seen).toBe(10 * DEFAULT_MIX[kind])
    }
  })

  it('honours a custom mix and refuses nonsense options', () => {
    const d = createDataset({ seed: 1, records: 200, now: NOW, mix: { peerToPeer: 1, groupCall: 0, meeting: 0, pstn: 0, directRouting: 0, autoAttendant: 0 } })
    for (let i = 0; i < 200; i++) expect(d.record(i).type).toBe('peerToPeer')
    expect(() => createDataset({ records: -1, now: NOW })).toThrow(/records/)
    expect(() => createDataset({ records: 10, now: 'yesterday' })).toThrow(/not a valid time/)
    expect(() => createDataset({ records: 10, now: NOW, failureRate: 2 })).toThrow(/failureRate/)
    expect(() => createDataset({ records: 10, now: NOW, mix: { peerToPeer: 0, groupCall: 0, meeting: 0, pstn: 0, directRouting: 0, autoAttendant: 0 } })).toThrow(/mix/)
  })

  it('makes large meetings that need nested paging (more than 60 sessions, more than 130 participants)', () => {
    const d = createDataset({ seed: 4, records: 300, now: NOW, largeMeetingRate: 1 })
    let large = 0
    for (let i = 0; i < d.count; i++) {
      if (d.kindOf(i) !== 'meeting') continue
      const r: any = d.record(i)
      expect(recordViolations(r, { start: windowStart, now: nowMs })).toEqual([])
      if (r.sessions.length > 60 && r.participants_v2.length > 130) large++
    }
    expect(large).toBeGreaterThan(50)
  })
})

describe('invariants and schema validity over many seeds', () => {
  const v1 = getValidator('v1.0', 'microsoft.graph.callRecords.callRecord')
  const beta = getValidator('beta', 'microsoft.graph.callRecords.callRecord')

  it('holds every structural rule and validates against the official schema (10,000 records, both versions)', () => {
    let checked = 0
    const kinds = new Set<string>()
    const failures: string[] = []
    for (let seed = 1; seed <= 20; seed++) {
      const d = createDataset({ seed, records: 500, now: NOW, largeMeetingRate: 0.05 })
      for (let i = 0; i < d.count; i++) {
        const r: any = d.record(i)
        kinds.add(d.kindOf(i))
        const bad = recordViolations(r, { start: windowStart, now: nowMs })
        if (bad.length) failures.push(`seed ${seed} #${i} (${d.kindOf(i)}): ${bad.join('; ')}`)
        for (const [name, validate] of [['v1.0', v1], ['beta', beta]] as const) {
          const res = validate(r)
          if (!res.valid) failures.push(`seed ${seed} #${i} (${name}): ${res.errors.join('; ')}`)
        }
        checked++
      }
    }
    expect(failures.slice(0, 5)).toEqual([])
    expect(checked).toBe(10_000)
    expect([...kinds].sort()).toEqual([...CALL_KINDS].sort())
  })

  it('produces realistic shares: failures, re-issued versions, phone participants, the evolvable enum member', () => {
    const d = createDataset({ seed: 21, records: 3000, now: NOW })
    let failed = 0, reissued = 0, phones = 0, acs = 0
    for (let i = 0; i < d.count; i++) {
      const r: any = d.record(i)
      const json = JSON.stringify(r)
      if (r.sessions.some((s: any) => s.failureInfo)) failed++
      if (r.version > 1) reissued++
      if (r.participants_v2.some((p: any) => p.identity.phone)) phones++
      if (json.includes('"azureCommunicationServices"')) acs++
    }
    expect(failed / d.count).toBeGreaterThan(0.02)
    expect(failed / d.count).toBeLessThan(0.1)
    expect(reissued / d.count).toBeGreaterThan(0.2)
    expect(phones / d.count).toBeGreaterThan(0.2)
    expect(acs).toBeGreaterThan(0)
  })

  it('follows the deprecation of organizer / participants / participantEndpoint.identity (no data after 2026-06-30)', () => {
    const after: any = createDataset({ seed: 2, records: 10, now: NOW }).record(3)
    expect(after.organizer).toBeNull()
    expect(after.participants).toEqual([])
    const endpoints = after.sessions.flatMap((s: any) => [s.caller, s.callee]).filter((e: any) => e['@odata.type'].endsWith('participantEndpoint'))
    expect(endpoints.length).toBeGreaterThan(0)
    for (const e of endpoints) expect(e.identity).toBeNull()
    const before: any = createDataset({ seed: 2, records: 10, now: '2026-03-01T00:00:00Z' }).record(3)
    expect(before.participants.length).toBe(before.participants_v2.length)
    expect(before.organizer).not.toBeNull()
    expect(before.sessions[0].caller.identity ?? before.sessions[0].callee.identity).not.toBeNull()
    expect(v1(before)).toEqual({ valid: true })
  })
})

describe('report rows', () => {
  const d: Dataset = createDataset({ seed: 31, records: 4000, now: NOW })
  const legs = [...d.legs(windowStart, nowMs)]
  const userIds = new Set(d.world.users.map((u) => u.id))

  it('validates every row type against the official schema of each version', () => {
    const check = (version: 'v1.0' | 'beta', type: string, rows: unknown[]) => {
      const v = getValidator(version, `microsoft.graph.callRecords.${type}`)
      for (const r of rows) expect(v(r)).toEqual({ valid: true })
    }
    for (const version of ['v1.0', 'beta'] as const) {
      check(version, 'pstnCallLogRow', legs.filter((l) => l.route !== 'directRouting').map((l) => pstnCallLogRow(d.world, l, version)))
      check(version, 'directRoutingLogRow', legs.filter((l) => l.route === 'directRouting').map((l) => directRoutingLogRow(d.world, l, version)))
    }
    check('beta', 'smsLogRow', Array.from({ length: d.sms.count }, (_, k) => smsLogRow(d, k, 'beta')))
    const bt = blockedUsersTimeline(d)
    check('beta', 'pstnBlockedUsersLogRow', Array.from({ length: bt.count }, (_, k) => pstnBlockedUsersLogRow(d, bt, k, 'beta')))
    check('beta', 'pstnOnlineMeetingDialoutReport', dialoutReport(legs, 'beta'))
    expect(() => smsLogRow(d, 0, 'v1.0')).toThrow(/only in beta/)
    expect(dialoutReport(legs, 'beta').length).toBeGreaterThan(0)
  })

  it('keeps beta-only properties out of v1.0 rows', () => {
    const pstn = legs.find((l) => l.route === 'callingPlan')!
    expect(pstnCallLogRow(d.world, pstn, 'v1.0')).not.toHaveProperty('otherPartyCountryCode')
    expect(pstnCallLogRow(d.world, pstn, 'beta')).toHaveProperty('otherPartyCountryCode')
    const dr = legs.find((l) => l.route === 'directRouting')!
    expect(directRoutingLogRow(d.world, dr, 'v1.0')).not.toHaveProperty('userCountryCode')
  })

  it('ties rows to the tenant and to calls with a phone participant', () => {
    expect(legs.length).toBeGreaterThan(500)
    const byRecord = new Map<string, number>()
    for (let i = 0; i < d.count; i++) byRecord.set(d.plan(i).id, i)
    let prev = -Infinity
    for (const l of legs) {
      expect(l.start).toBeGreaterThanOrEqual(prev)
      prev = l.start
      const i = byRecord.get(l.recordId)
      expect(i).toBeDefined()
      const plan = d.plan(i!)
      expect(plan.parties.some((p) => p.type === 'phone')).toBe(true)
      const { fn, row } = legRow(d.world, l, 'v1.0') as { fn: string; row: any }
      if (row.userId !== null) expect(userIds.has(row.userId)).toBe(true)
      else expect(row.callType).toBe('ucap_in')
      const secs = (Date.parse(row.endDateTime ?? row.startDateTime) - Date.parse(row.startDateTime)) / 1000
      expect(row.duration).toBe(Math.round(secs))
      if (fn === 'getPstnCalls') {
        expect(row.charge).toBeGreaterThanOrEqual(0)
        expect(row.connectionCharge).toBeGreaterThanOrEqual(0)
        expect(row.currency).toMatch(/^[A-Z]{3}$/)
      } else {
        // the correlation id leads to the call record, as in Graph
        expect(row.correlationId).toBe(plan.id)
        const ok = row.finalSipCode === 0 || (row.finalSipCode >= 200 && row.finalSipCode < 300)
        expect(row.successfulCall).toBe(ok)
        if (!ok) expect(row.endDateTime).toBeNull()
      }
    }
  })

  it('sums dial-out rows exactly from the dial-out calls they summarise', () => {
    const rows = dialoutReport(legs, 'beta') as any[]
    const out = legs.filter((l) => l.callType === 'conf_out')
    expect(rows.reduce((a, r) => a + r.totalCalls, 0)).toBe(out.length)
    for (const r of rows) {
      const mine = out.filter((l) => l.user!.id === r.userId && l.currency === r.currency && (l.otherCountry.code === l.usageCountry.code ? 'Domestic' : 'International') === r.destinationContext)
      expect(r.totalCalls).toBe(mine.length)
      expect(r.totalCallSeconds).toBe(mine.reduce((a, l) => a + Math.round((l.end - l.start) / 1000), 0))
      const minor = mine.reduce((a, l) => a + l.chargeMinor + l.connectionChargeMinor, 0)
      expect(r.totalCallCharge).toBe(r.currency === 'JPY' ? minor : minor / 100)
      // the organizer of each summarised meeting is the user charged
      expect(userIds.has(r.userId)).toBe(true)
    }
  })

  it('uses tenant users and numbers in SMS and block logs, with blocks lifted after they start', () => {
    const phoneNumbers = new Set(d.world.users.map((u) => u.phoneNumber).filter(Boolean))
    for (let k = 0; k < d.sms.count; k++) {
      const r: any = smsLogRow(d, k, 'beta')
      expect(userIds.has(r.userId)).toBe(true)
      expect(phoneNumbers.has(r.smsType === 'sms_out' ? r.sourceNumber : r.destinationNumber)).toBe(true)
    }
    const bt = blockedUsersTimeline(d)
    for (let k = 0; k + 1 < bt.count; k += 2) {
      const block: any = pstnBlockedUsersLogRow(d, bt, k, 'beta')
      const lift: any = pstnBlockedUsersLogRow(d, bt, k + 1, 'beta')
      expect([block.userBlockMode, lift.userBlockMode]).toEqual(['blocked', 'unblocked'])
      expect(lift.userId).toBe(block.userId)
      expect(Date.parse(lift.blockDateTime)).toBeGreaterThan(Date.parse(block.blockDateTime))
      expect(phoneNumbers.has(block.userTelephoneNumber)).toBe(true)
    }
  })
})

describe('record ids', () => {
  it('finds a seeded record by id without scanning, and refuses ids that are not its own', () => {
    const d = createDataset({ seed: 12, records: 1_000_000, now: NOW })
    for (const i of [0, 1, 77_777, 999_999]) {
      const id = d.plan(i).id
      expect(d.indexOf(id)).toBe(i)
      expect(d.record(i).id).toBe(id)
    }
    const other = createDataset({ seed: 13, records: 1_000_000, now: NOW })
    expect(d.indexOf(other.plan(5).id)).toBe(-1)
    expect(d.indexOf('00000000-0000-0000-0000-000000000000')).toBe(-1)
    expect(d.indexOf('not-a-guid')).toBe(-1)
    const small = createDataset({ seed: 12, records: 10, now: NOW })
    expect(small.indexOf(d.plan(999_999).id)).toBe(-1)
  })
})

describe('formats', () => {
  it('writes Edm.Duration values as Graph does', async () => {
    const { duration } = await import('../generators/format.js')
    expect([0, 16, 500, 1000, 1500.4, 59_999, 60_000, 64_500, 3_600_000, 3_723_004].map(duration)).toEqual(
      ['PT0S', 'PT0.016S', 'PT0.5S', 'PT1S', 'PT1.5S', 'PT59.999S', 'PT1M', 'PT1M4.5S', 'PT1H', 'PT1H2M3.004S'])
  })
})

describe('dense data sets', () => {
  it('keeps start times strictly increasing even at millisecond density, and refuses more records than milliseconds', () => {
    const t = new Timeline({ seed: 3, count: 80_000_000, now: nowMs, windowDays: 1, mix: DEFAULT_MIX })
    expect(t.slotMs).toBe(1)
    let prev = -Infinity
    for (let i = 0; i < 200_000; i++) {
      const s = t.startOf(i)
      expect(s > prev).toBe(true)
      prev = s
    }
    expect(() => new Timeline({ seed: 3, count: 100_000_000, now: nowMs, windowDays: 1, mix: DEFAULT_MIX })).toThrow(/at most/)
  })
})
