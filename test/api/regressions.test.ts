/**
 * Findings of the first review (bugs that were real), one test each.
 */
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../generators/index.js'
import { createMockGraph } from '../../server/mock-graph.js'
import { jwt, NOW, startGraph } from '../support/graph.js'

const meetingsOnly = { peerToPeer: 0, groupCall: 0, meeting: 1, pstn: 0, directRouting: 0, autoAttendant: 0 }

describe('review findings', () => {
  it('refuses to move the clock out of the range of dates, and keeps serving', async () => {
    const { graph, get } = startGraph()
    const api = request(graph.app)
    await api.post('/_mock/clock').send({ advance: `P${'9'.repeat(400)}D` }).expect(400)
    await api.post('/_mock/clock').send({ advance: 1e16 }).expect(400)
    await api.post('/_mock/clock').send({ advance: 'PT1H' }).expect(200)
    const res = await get('/v1.0/communications/callRecords/nope').expect(404)
    expect(res.body.error.innerError.date).toBe('2026-11-29T01:00:00')
  })

  it('gives no next link for $top=0 on sessions and participants_v2 (a self-link would never end)', async () => {
    const { get, graph } = startGraph({ records: 2, largeMeetingRate: 1, mix: meetingsOnly })
    const id = graph.dataset.plan(0).id
    for (const nav of ['sessions', 'participants_v2']) {
      const res = await get(`/v1.0/communications/callRecords/${id}/${nav}?$top=0`).expect(200)
      expect(res.body.value).toEqual([])
      expect(res.body).not.toHaveProperty('@odata.nextLink')
    }
  })

  it('matches participant ids ignoring case, as GUIDs compare', async () => {
    const { get, graph } = startGraph()
    const user = (graph.dataset.plan(4).parties.find((p) => p.type === 'user') as any).user.id as string
    const count = (id: string) => get(`/v1.0/communications/callRecords/$count?$filter=${encodeURIComponent(`participants_v2/any(p:p/id eq '${id}')`)}`).expect(200)
    const lower = await count(user)
    expect(Number(lower.text)).toBeGreaterThan(0)
    expect((await count(user.toUpperCase())).text).toBe(lower.text)
  })

  it('refuses an app JWT that carries no roles at all', async () => {
    const { graph } = startGraph()
    const res = await request(graph.app).get('/v1.0/communications/callRecords').set('Authorization', `Bearer ${jwt({ appid: 'a', oid: 'o' })}`).expect(403)
    expect(res.body.error.code).toBe('Forbidden')
  })

  it('puts the caller\'s own clock back on reset, rather than swapping it out', async () => {
    const clock = new VirtualClock(NOW)
    const graph = createMockGraph({ records: 10, now: NOW, clock })
    await graph.advance(3_600_000)
    graph.reset()
    expect(graph.clock).toBe(clock)
    expect(clock.now()).toBe(Date.parse(NOW))
    clock.advance(60_000)
    expect(graph.clockState().now).toBe(new Date(Date.parse(NOW) + 60_000).toISOString())
  })

  it('reports only the preferences it applied, on reports and entities too', async () => {
    const { get, graph } = startGraph({ records: 2000 })
    const range = '(fromDateTime=2026-11-01,toDateTime=2026-11-20)'
    const rep = await get(`/v1.0/communications/callRecords/getPstnCalls${range}`, { Prefer: 'odata.maxpagesize=2, omit-values=nulls' }).expect(200)
    expect(rep.body.value).toHaveLength(2)
    expect(rep.headers['preference-applied']).toBe('odata.maxpagesize=2, omit-values=nulls')
    const one = await get(`/v1.0/communications/callRecords/${graph.dataset.plan(1).id}`, { Prefer: 'odata.maxpagesize=5, omit-values=nulls' }).expect(200)
    expect(one.headers['preference-applied']).toBe('omit-values=nulls')
  })

  it('carries only system options into report next links (junk parameters are not echoed or cached)', async () => {
    const { get } = startGraph({ records: 2000 })
    const res = await get(`/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-11-25)?$top=3&junk=${'x'.repeat(500)}`).expect(200)
    expect(res.body['@odata.nextLink']).toMatch(/\?\$top=3&\$skip=3$/)
  })
})

describe('nested $select inside $expand', () => {
  it('checks and applies $select on expanded sessions, segments and participants', async () => {
    const { get, graph } = startGraph()
    const i = [...Array(300).keys()].find((k) => graph.dataset.plan(k).sessions.length > 1)!
    const id = graph.dataset.plan(i).id
    const bad = await get(`/v1.0/communications/callRecords/${id}?$expand=sessions($select=bogus)`).expect(400)
    expect(bad.body.error.message).toMatch(/bogus.*microsoft\.graph\.callRecords\.session/)
    const res = await get(`/v1.0/communications/callRecords/${id}?$expand=sessions($select=modalities;$expand=segments($select=startDateTime))`).expect(200)
    expect(res.body['@odata.context']).toMatch(/callRecords\(sessions\(modalities,segments\(startDateTime\)\)\)\/\$entity$/)
    for (const s of res.body.sessions) {
      expect(Object.keys(s).sort()).toEqual(['id', 'modalities', 'segments'])
      for (const g of s.segments) expect(Object.keys(g).sort()).toEqual(['id', 'startDateTime'])
    }
    const p = await get(`/v1.0/communications/callRecords/${id}?$expand=participants_v2($select=identity)`).expect(200)
    for (const x of p.body.participants_v2) expect(Object.keys(x).sort()).toEqual(['id', 'identity'])
    const list = await get(`/v1.0/communications/callRecords/${id}/sessions?$expand=segments($select=media)`).expect(200)
    expect(Object.keys(list.body.value[0].segments[0]).sort()).toEqual(['id', 'media'])
  })
})
