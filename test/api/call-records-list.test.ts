import { describe, expect, it } from 'vitest'
import { AUTH, BASE, expectSchema, local, NOW, startGraph } from '../support/graph.js'

const nowMs = Date.parse(NOW)

async function pageAll(get: ReturnType<typeof startGraph>['get'], first: string, headers: Record<string, string> = {}) {
  const ids: string[] = []
  const bodies: any[] = []
  let path: string | null = first
  while (path) {
    const res = await get(path, headers).expect(200)
    bodies.push(res.body)
    ids.push(...res.body.value.map((r: any) => r.id))
    path = res.body['@odata.nextLink'] ? local(res.body['@odata.nextLink']) : null
    if (bodies.length > 500) throw new Error('too many pages')
  }
  return { ids, bodies }
}

describe('GET /communications/callRecords', () => {
  it('pages 60 at a time through every record, once each, in start order, with Graph annotations', async () => {
    const { get, graph } = startGraph()
    const { ids, bodies } = await pageAll(get, '/v1.0/communications/callRecords')
    expect(bodies.map((b) => b.value.length)).toEqual([60, 60, 60, 60, 60])
    expect(ids).toHaveLength(300)
    expect(new Set(ids).size).toBe(300)
    expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => graph.dataset.plan(i).id))
    for (const b of bodies) {
      expect(b['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords`)
      expectSchema('v1.0', 'callRecordCollectionResponse', b)
      for (const r of b.value) {
        expect(r['organizer_v2@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${r.id}')/organizer_v2/$entity`)
        expect(r).not.toHaveProperty('sessions')
        expect(r).not.toHaveProperty('participants_v2')
      }
    }
    expect(bodies[4]).not.toHaveProperty('@odata.nextLink')
  })

  it('honours $top, Prefer: odata.maxpagesize (capped at 60) and $count, and carries the options in the next link', async () => {
    const { get } = startGraph()
    const res = await get('/v1.0/communications/callRecords?$top=7&$count=true&$select=id,type').expect(200)
    expect(res.body.value).toHaveLength(7)
    expect(res.body['@odata.count']).toBe(300)
    expect(Object.keys(res.body.value[0]).sort()).toEqual(['id', 'type'])
    expect(res.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords(id,type)`)
    const next = new URL(res.body['@odata.nextLink'])
    expect(next.searchParams.get('$top')).toBe('7')
    expect(next.searchParams.get('$select')).toBe('id,type')
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/)
    const pref = await get('/v1.0/communications/callRecords', { Prefer: 'odata.maxpagesize=11' }).expect(200)
    expect(pref.body.value).toHaveLength(11)
    expect(pref.headers['preference-applied']).toBe('odata.maxpagesize=11')
    const capped = await get('/v1.0/communications/callRecords', { Prefer: 'odata.maxpagesize=500' }).expect(200)
    expect(capped.body.value).toHaveLength(60)
    expect(capped.headers['preference-applied']).toBe('odata.maxpagesize=60')
    const { ids } = await pageAll(get, '/v1.0/communications/callRecords?$top=45')
    expect(new Set(ids).size).toBe(300)
  })

  it('accepts option names in any case and percent-encoded values, as the SDKs send them', async () => {
    const { get } = startGraph()
    const first = await get('/v1.0/communications/callRecords?$TOP=2').expect(200)
    const token = new URL(first.body['@odata.nextLink']).searchParams.get('$skiptoken')!
    const second = await get(`/v1.0/communications/callRecords?$top=2&$skipToken=${token}`).expect(200)
    expect(second.body.value[0].id).not.toBe(first.body.value[0].id)
    await get('/v1.0/communications/callRecords?%24top=1&$filter=startDateTime%20ge%202026-11-01T00%3A00%3A00Z').expect(200)
  })

  it('filters by startDateTime (lt, le, gt, ge, joined by and) exactly', async () => {
    const { get, graph } = startGraph()
    const starts = Array.from({ length: 300 }, (_, i) => graph.dataset.plan(i).start)
    const t1 = starts[50]!
    const t2 = starts[120]!
    const iso = (t: number) => new Date(t).toISOString()
    const cases: [string, (s: number) => boolean][] = [
      [`startDateTime ge ${iso(t1)} and startDateTime lt ${iso(t2)}`, (s) => s >= t1 && s < t2],
      [`startDateTime gt ${iso(t1)} and startDateTime le ${iso(t2)}`, (s) => s > t1 && s <= t2],
      [`startDateTime lt ${iso(t1)}`, (s) => s < t1],
    ]
    for (const [filter, keep] of cases) {
      const { ids } = await pageAll(get, `/v1.0/communications/callRecords?$filter=${encodeURIComponent(filter)}`)
      expect(ids, filter).toEqual(starts.map((s, i) => (keep(s) ? graph.dataset.plan(i).id : null)).filter(Boolean))
    }
  })

  it("filters by participants_v2/any(p:p/id eq '…'), alone and with a time range, and counts the matches", async () => {
    const { get, graph } = startGraph()
    const plan = graph.dataset.plan(10)
    const user = plan.parties.find((p) => p.type === 'user')! as any
    const id = user.user.id
    const expected = Array.from({ length: 300 }, (_, i) => graph.dataset.plan(i)).filter((p) => p.parties.some((q: any) => q.user?.id === id)).map((p) => p.id)
    expect(expected.length).toBeGreaterThan(0)
    const filter = encodeURIComponent(`participants_v2/any(p:p/id eq '${id}')`)
    const { ids, bodies } = await pageAll(get, `/v1.0/communications/callRecords?$filter=${filter}&$count=true`)
    expect(ids).toEqual(expected)
    expect(bodies[0]['@odata.count']).toBe(expected.length)
    const after = new Date(plan.start).toISOString()
    const both = await pageAll(get, `/v1.0/communications/callRecords?$filter=${encodeURIComponent(`startDateTime ge ${after} and participants_v2/any(x:x/id eq '${id}')`)}`)
    expect(both.ids).toEqual(expected.filter((rid) => graph.dataset.plan(graph.dataset.indexOf(rid)).start >= plan.start))
  })

  it.each([
    ['$filter=endDateTime ge 2026-11-01T00:00:00Z', /endDateTime/],
    ["$filter=startDateTime ge 2026-11-01T00:00:00Z or participants_v2/any(p:p/id eq 'x')", /'or' is not supported/],
    ['$filter=startDateTime eq 2026-11-01T00:00:00Z', /lt, le, gt, ge|eq/],
    ['$filter=startDateTime ge', /./],
    ['$orderby=startDateTime', /\$orderby/],
    ['$expand=sessions', /\$expand/],
    ['$foo=1', /\$foo/],
    ['$top=abc', /\$top/],
    ['$top=1&$top=2', /more than once/],
    ['$count=maybe', /\$count/],
    ['$select=nope', /Could not find a property named 'nope'/],
    ['$skiptoken=not-a-token', /\$skiptoken/],
  ])('answers %s with a 400 envelope that names the problem', async (query, message) => {
    const { get } = startGraph()
    const res = await get(`/v1.0/communications/callRecords?${query.replace(/ /g, '%20')}`).expect(400)
    expect(res.body.error.code).toBe('BadRequest')
    expect(res.body.error.message).toMatch(message)
    expect(res.body.error.innerError['request-id']).toBe(res.headers['request-id'])
  })

  it('rejects a tampered $skiptoken with a 400, never a 500', async () => {
    const { get } = startGraph()
    const res = await get('/v1.0/communications/callRecords?$top=3').expect(200)
    const token = new URL(res.body['@odata.nextLink']).searchParams.get('$skiptoken')!
    const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6)
    const bad = await get(`/v1.0/communications/callRecords?$skiptoken=${flipped}`).expect(400)
    expect(bad.body.error.code).toBe('BadRequest')
  })

  it('answers /$count with a text/plain integer', async () => {
    const { get } = startGraph()
    const res = await get('/v1.0/communications/callRecords/$count').expect(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.text).toBe('300')
  })

  it('forgets records that started more than 30 days ago, and hides recent ones during the availability delay', async () => {
    const { get, clock, graph } = startGraph({ availabilityDelayMs: 60 * 60_000 })
    const before = await get('/v1.0/communications/callRecords/$count').expect(200)
    const oldest = graph.dataset.plan(0)
    expect(Number(before.text)).toBeLessThan(300) // the last hour's calls are not available yet
    await get(`/v1.0/communications/callRecords/${oldest.id}`).expect(200)
    clock.advance(oldest.start + 30 * 86_400_000 + 1 - nowMs)
    const gone = await get(`/v1.0/communications/callRecords/${oldest.id}`).expect(404)
    expect(gone.body.error.message).toMatch(/more than 30 days ago/)
    const { ids } = await pageAll(get, '/v1.0/communications/callRecords')
    expect(ids).not.toContain(oldest.id)
    expect(ids).toContain(graph.dataset.plan(299).id)
  })
})
