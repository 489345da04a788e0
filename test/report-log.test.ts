import { describe, expect, it } from 'vitest'
import { createDataset } from '../generators/dataset.js'
import { ReportLog } from '../generators/report-log.js'
import { blockedUsersTimeline, dialoutReport, legRow, pstnBlockedUsersLogRow, smsLogRow } from '../generators/reports.js'

const NOW = Date.parse('2026-11-29T00:00:00Z')
const DAY = 86_400_000

describe('report rows by counting, not scanning', () => {
  const ds = createDataset({ seed: 77, records: 6000, now: NOW, windowDays: 90 })
  const log = new ReportLog(ds)
  const from = NOW - 80 * DAY
  const to = NOW - 20 * DAY
  const brute = (fn: 'getPstnCalls' | 'getDirectRoutingCalls') =>
    [...ds.legs(from, to)].map((l) => legRow(ds.world, l, 'beta')).filter((r) => r.fn === fn).map((r) => r.row)

  it.each(['getPstnCalls', 'getDirectRoutingCalls'] as const)('pages %s exactly like a scan of every call, at any $skip', (fn) => {
    const all = brute(fn)
    expect(all.length).toBeGreaterThan(150)
    for (const skip of [0, 1, 7, 100, all.length - 3, all.length, all.length + 10]) {
      const page = log.page(fn, 'beta', from, to, skip, 50)
      expect(page.rows).toEqual(all.slice(skip, skip + 50))
      expect(page.more).toBe(skip + 50 < all.length)
    }
    // paging through gives every row once
    const seen: unknown[] = []
    for (let skip = 0; ; skip += 37) {
      const page = log.page(fn, 'beta', from, to, skip, 37)
      seen.push(...page.rows)
      if (!page.more) break
    }
    expect(seen).toEqual(all)
  })

  it('keeps PSTN rows in start order', () => {
    const rows = log.page('getPstnCalls', 'v1.0', from, to, 0, 5000).rows as any[]
    for (let k = 1; k < rows.length; k++) expect(Date.parse(rows[k].startDateTime)).toBeGreaterThanOrEqual(Date.parse(rows[k - 1].startDateTime))
  })

  it('pages SMS and block logs by their own timelines, and sums dial-outs over the range', () => {
    const sms = log.page('getSmsLog', 'beta', from, to, 3, 20).rows
    const k0 = ds.sms.firstIndexAtOrAfter(from)
    expect(sms).toEqual(Array.from({ length: 20 }, (_, j) => smsLogRow(ds, k0 + 3 + j, 'beta')))
    const bt = blockedUsersTimeline(ds)
    const blocks = log.page('getPstnBlockedUsersLog', 'beta', NOW - 90 * DAY, NOW, 0, 1000).rows
    expect(blocks).toEqual(Array.from({ length: bt.count }, (_, k) => pstnBlockedUsersLogRow(ds, bt, k, 'beta')))
    const dial = log.page('getPstnOnlineMeetingDialoutReport', 'beta', from, to, 0, 1000).rows
    expect(dial).toEqual(dialoutReport(ds.legs(from, to), 'beta'))
    expect(dial.length).toBeGreaterThan(0)
  })
})

describe('report rows with calls added later', () => {
  it('merges added legs into seeded rows by start time at any $skip, seeking rather than scanning', async () => {
    const { planCall, streamFor } = await import('../generators/index.js')
    const ds = createDataset({ seed: 5, records: 3000, now: NOW })
    const from = NOW - 25 * DAY
    const to = NOW - 2 * DAY
    const extra = Array.from({ length: 9 }, (_, n) => planCall(ds.world, { failureRate: 0, largeMeetingRate: 0 }, streamFor(5, 'x', n), {
      kind: n % 3 === 0 ? 'directRouting' : 'pstn', start: from + n * 2 * DAY + 12345, latest: NOW, detailPath: ['x', n],
    }))
    const log = new ReportLog(ds, () => extra)
    const plain = new ReportLog(ds)
    for (const fn of ['getPstnCalls', 'getDirectRoutingCalls'] as const) {
      const seeded = plain.page(fn, 'v1.0', from, to, 0, 100_000).rows as any[]
      const added = extra.flatMap((p) => p.pstnLegs).filter((l) => (l.route === 'directRouting') === (fn === 'getDirectRoutingCalls'))
      const all = [...seeded.map((r) => ({ s: Date.parse(r.startDateTime), id: r.id })), ...added.map((l) => ({ s: l.start, id: l.rowId }))]
        .sort((a, b) => a.s - b.s).map((x) => x.id)
      expect(added.length).toBeGreaterThan(0)
      for (const [skip, limit] of [[0, 10], [5, 50], [100, 1], [all.length - 4, 10], [all.length, 5], [0, 100_000]] as const) {
        const page = log.page(fn, 'v1.0', from, to, skip, limit)
        expect(page.rows.map((r: any) => r.id), `${fn} ${skip}/${limit}`).toEqual(all.slice(skip, skip + limit))
        expect(page.more).toBe(skip + limit < all.length)
      }
    }
  })
})
