import { describe, expect, it } from 'vitest'
import { ReportLog } from '../../generators/report-log.js'
import { BASE, expectSchema, jwt, local, NOW, startGraph } from '../support/graph.js'
import request from 'supertest'

const DAY = 86_400_000
const nowMs = Date.parse(NOW)
const iso = (t: number) => new Date(t).toISOString()
const from = iso(nowMs - 30 * DAY)
const to = iso(nowMs)

const ROW_TYPES = {
  getPstnCalls: 'pstnCallLogRow',
  getDirectRoutingCalls: 'directRoutingLogRow',
  getSmsLog: 'smsLogRow',
  getPstnBlockedUsersLog: 'pstnBlockedUsersLogRow',
  getPstnOnlineMeetingDialoutReport: 'pstnOnlineMeetingDialoutReport',
} as const

describe('report functions', () => {
  const { get, graph } = startGraph({ records: 2000 })

  it.each(Object.entries(ROW_TYPES))('beta %s answers schema-valid rows in Graph\'s envelope, in both URL forms', async (fn, type) => {
    const short = await get(`/beta/communications/callRecords/${fn}(fromDateTime=${from},toDateTime=${to})`).expect(200)
    expect(short.body['@odata.context']).toBe(`${BASE}/beta/$metadata#Collection(microsoft.graph.callRecords.${type})`)
    expect(short.body.value.length).toBeGreaterThan(0)
    expect(short.body['@odata.count']).toBe(short.body.value.length)
    expectSchema('beta', `${type}CollectionResponse`, short.body)
    const enc = (s: string) => s.replace(/:/g, '%3A')
    const kiota = await get(`/beta/communications/callRecords/microsoft.graph.callRecords.${fn}(fromDateTime=${enc(from)},toDateTime=${enc(to)})?$count=true&$top=2`).expect(200)
    expect(kiota.body.value).toEqual(short.body.value.slice(0, 2))
  })

  it.each([['getPstnCalls', 'pstnCallLogRow'], ['getDirectRoutingCalls', 'directRoutingLogRow']])('v1.0 %s has no beta-only properties', async (fn, type) => {
    const res = await get(`/v1.0/communications/callRecords/${fn}(fromDateTime=${from},toDateTime=${to})`).expect(200)
    expectSchema('v1.0', `${type}CollectionResponse`, res.body)
    expect(res.text).not.toContain('otherPartyCountryCode')
  })

  it.each(['getSmsLog', 'getPstnBlockedUsersLog', 'getPstnOnlineMeetingDialoutReport'])('v1.0 has no %s: a 400 naming the segment', async (fn) => {
    const res = await get(`/v1.0/communications/callRecords/${fn}(fromDateTime=${from},toDateTime=${to})`).expect(400)
    expect(res.body.error.message).toBe(`Resource not found for the segment '${fn}'.`)
  })

  it('takes bare dates, offsets, fractional seconds and parameters in either order', async () => {
    const d = (t: number) => iso(t).slice(0, 10)
    const a = await get(`/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${d(nowMs - 20 * DAY)},toDateTime=${d(nowMs - 10 * DAY)})`).expect(200)
    const b = await get(`/v1.0/communications/callRecords/getPstnCalls(toDateTime=${d(nowMs - 10 * DAY)}T02:00:00.0000000%2B02:00,fromDateTime=${d(nowMs - 20 * DAY)}T00:00:00Z)`).expect(200)
    expect(b.body.value).toEqual(a.body.value)
    for (const r of a.body.value) {
      expect(Date.parse(r.startDateTime)).toBeGreaterThanOrEqual(Date.parse(d(nowMs - 20 * DAY)))
      expect(Date.parse(r.startDateTime)).toBeLessThanOrEqual(Date.parse(d(nowMs - 10 * DAY)))
    }
  })

  it('reads toDateTime as inclusive for getPstnCalls and exclusive for getDirectRoutingCalls; fromDateTime is inclusive', async () => {
    const log = new ReportLog(graph.dataset)
    for (const [fn, inclusive] of [['getPstnCalls', true], ['getDirectRoutingCalls', false]] as const) {
      const row: any = log.page(fn, 'v1.0', nowMs - 20 * DAY, nowMs, 0, 1).rows[0]
      const t = row.startDateTime
      const upTo = await get(`/v1.0/communications/callRecords/${fn}(fromDateTime=${iso(Date.parse(t) - DAY)},toDateTime=${t})`).expect(200)
      expect(upTo.body.value.some((r: any) => r.id === row.id)).toBe(inclusive)
      const fromIt = await get(`/v1.0/communications/callRecords/${fn}(fromDateTime=${t},toDateTime=${iso(Date.parse(t) + DAY)})`).expect(200)
      expect(fromIt.body.value[0].id).toBe(row.id)
    }
  })

  it('pages through more than 3,000 rows 1,000 at a time with $skip links, no row missing or repeated', async () => {
    const big = startGraph({ records: 14_000 })
    const log = new ReportLog(big.graph.dataset)
    const all = log.page('getPstnCalls', 'v1.0', nowMs - 30 * DAY, nowMs + 1, 0, 100_000).rows.map((r: any) => r.id)
    expect(all.length).toBeGreaterThan(3000)
    const seen: string[] = []
    let path: string | null = `/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${from},toDateTime=${to})`
    let pages = 0
    while (path) {
      const res = await big.get(path).expect(200)
      pages++
      expect(res.body.value.length).toBeLessThanOrEqual(1000)
      if (pages > 1) expect(res.body).not.toHaveProperty('@odata.count')
      seen.push(...res.body.value.map((r: any) => r.id))
      const next: string | undefined = res.body['@odata.nextLink']
      if (next) expect(next).toMatch(new RegExp(`getPstnCalls\\(fromDateTime=${from},toDateTime=${to}\\)\\?\\$skip=${pages * 1000}$`))
      path = next ? local(next) : null
    }
    expect(pages).toBe(Math.ceil(all.length / 1000))
    expect(seen).toEqual(all)
  })

  it('ignores $filter, as Graph does on these functions', async () => {
    const plain = await get(`/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=${from},toDateTime=${to})?$top=5`).expect(200)
    const filtered = await get(`/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=${from},toDateTime=${to})?$top=5&$filter=startsWith(userDisplayName,'Test')`).expect(200)
    expect(filtered.body.value).toEqual(plain.body.value)
  })

  it.each([
    [`getPstnCalls(fromDateTime=${from})`, 400, /required parameter 'toDateTime'/],
    [`getPstnCalls(fromDateTime=${from},toDateTime=${to},color=red)`, 400, /'color' is not a parameter/],
    [`getPstnCalls(fromDateTime=${from},fromDateTime=${from},toDateTime=${to})`, 400, /more than once/],
    [`getPstnCalls(fromDateTime=2026-02-30,toDateTime=${to})`, 400, /fromDateTime.*2026-02-30/],
    [`getPstnCalls(fromDateTime='${from}',toDateTime=${to})`, 400, /fromDateTime/],
    [`getPstnCalls(fromDateTime=${to},toDateTime=${from})`, 400, /must not be later/],
    ['getPstnCalls(fromDateTime=2026-01-01,toDateTime=2026-11-01)', 406, /90 days/],
    ['getSmsLog(fromDateTime=2026-01-01,toDateTime=2026-11-01)', 406, /90 days/],
    ['getFooCalls(fromDateTime=2026-01-01,toDateTime=2026-11-01)', 400, /segment 'getFooCalls'/],
    [`getPstnCalls(fromDateTime=${from},toDateTime=${to})/extra`, 400, /segment 'extra'/],
  ])('%s → %i', async (fn, status, message) => {
    const res = await get(`/beta/communications/callRecords/${fn}`).expect(status)
    expect(res.body.error.message).toMatch(message)
  })

  it('has no 90-day limit on getDirectRoutingCalls, refuses writes, and accepts the older PSTN role', async () => {
    await get('/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-01-01,toDateTime=2026-11-01)').expect(200)
    await request(graph.app).post(`/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${from},toDateTime=${to})`).set('Authorization', 'Bearer t').expect(405)
    const pstnOnly = `Bearer ${jwt({ roles: ['CallRecord-PstnCalls.Read.All'] })}`
    await request(graph.app).get(`/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${from},toDateTime=${to})`).set('Authorization', pstnOnly).expect(200)
    await request(graph.app).get('/v1.0/communications/callRecords').set('Authorization', pstnOnly).expect(403)
  })
})

describe('report rows of calls added at run time', () => {
  it('adds the PSTN and direct-routing rows of new calls to the reports, in start order', async () => {
    const { get, graph } = startGraph({ records: 400 })
    const range = `(fromDateTime=${iso(nowMs - 30 * DAY)},toDateTime=${iso(nowMs + DAY)})`
    const before = (await get(`/v1.0/communications/callRecords/getPstnCalls${range}`).expect(200)).body.value
    const beforeDr = (await get(`/v1.0/communications/callRecords/getDirectRoutingCalls${range}`).expect(200)).body.value
    const pstn = graph.addCalls(2, 'pstn')
    const dr = graph.addCalls(1, 'directRouting')
    const after = (await get(`/v1.0/communications/callRecords/getPstnCalls${range}`).expect(200)).body.value
    const afterDr = (await get(`/v1.0/communications/callRecords/getDirectRoutingCalls${range}`).expect(200)).body.value
    expect(after).toHaveLength(before.length + 2)
    expect(afterDr).toHaveLength(beforeDr.length + 1)
    expect(afterDr.map((r: any) => r.correlationId)).toContain(dr[0]!.id)
    for (let k = 1; k < after.length; k++) expect(Date.parse(after[k].startDateTime)).toBeGreaterThanOrEqual(Date.parse(after[k - 1].startDateTime))
    const added = after.filter((r: any) => !before.some((b: any) => b.id === r.id))
    expect(added.map((r: any) => r.startDateTime).sort()).toEqual(pstn.map((c) => c.startDateTime).sort())
    // paging with $top still sees every row once
    const seen: string[] = []
    let path: string | null = `/v1.0/communications/callRecords/getPstnCalls${range}?$top=37`
    while (path) {
      const res = await get(path).expect(200)
      seen.push(...res.body.value.map((r: any) => r.id))
      path = res.body['@odata.nextLink'] ? res.body['@odata.nextLink'].slice('https://graph.test'.length) : null
    }
    expect(seen).toEqual(after.map((r: any) => r.id))
  })
})
