import { describe, expect, it } from 'vitest'
import { BASE, expectSchema, local, startGraph } from '../support/graph.js'

const meetingsOnly = { peerToPeer: 0, groupCall: 0, meeting: 1, pstn: 0, directRouting: 0, autoAttendant: 0 }

describe('GET /communications/callRecords/{id}', () => {
  it('returns the record with organizer_v2 expanded and the contexts Graph sends', async () => {
    const { get, graph } = startGraph()
    const id = graph.dataset.plan(5).id
    const res = await get(`/v1.0/communications/callRecords/${id}`).expect(200)
    expect(res.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords/$entity`)
    expect(res.body['organizer_v2@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${id}')/organizer_v2/$entity`)
    expect(res.body['participants_v2@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${id}')/participants_v2/$entity`)
    expect(res.body.organizer_v2.id).toBe(graph.dataset.recordBase(5).organizer_v2 && (graph.dataset.recordBase(5).organizer_v2 as any).id)
    expect(res.body).not.toHaveProperty('sessions')
    expectSchema('v1.0', 'callRecord', res.body)
    const beta = await get(`/beta/communications/callRecords/${id}`).expect(200)
    expect(beta.body['@odata.context']).toBe(`${BASE}/beta/$metadata#communications/callRecords/$entity`)
    expectSchema('beta', 'callRecord', beta.body)
  })

  it.each([
    ['sessions($expand=segments)', 'sessions(segments())', true],
    ['sessions($expand%3Dsegments)', 'sessions(segments())', true],
    ['sessions', 'sessions()', false],
  ])('expands %s with segments=%s', async (expand, fragment, segments) => {
    const { get, graph } = startGraph()
    const i = [...Array(300).keys()].find((k) => graph.dataset.plan(k).sessions.length > 1)!
    const plan = graph.dataset.plan(i)
    const res = await get(`/v1.0/communications/callRecords/${plan.id}?$expand=${expand}`).expect(200)
    expect(res.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords(${fragment})/$entity`)
    expect(res.body.sessions).toHaveLength(plan.sessions.length)
    expect(res.body.sessions[0].segments !== undefined).toBe(segments)
    if (segments) expect(res.body).toEqual(expect.objectContaining({ sessions: (graph.dataset.record(i) as any).sessions }))
    expectSchema('v1.0', 'callRecord', res.body)
  })

  it('expands participants_v2', async () => {
    const { get, graph } = startGraph()
    const plan = graph.dataset.plan(8)
    const res = await get(`/v1.0/communications/callRecords/${plan.id}?$expand=participants_v2`).expect(200)
    expect(res.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords(participants_v2())/$entity`)
    expect(res.body.participants_v2.map((p: any) => p.id)).toEqual((graph.dataset.record(8) as any).participants_v2.map((p: any) => p.id))
    expectSchema('v1.0', 'callRecord', res.body)
  })

  it('selects properties, and rejects unknown ones and unknown navigations', async () => {
    const { get, graph } = startGraph()
    const id = graph.dataset.plan(3).id
    const res = await get(`/v1.0/communications/callRecords/${id}?$select=type,startDateTime`).expect(200)
    expect(res.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords(type,startDateTime)/$entity`)
    expect(Object.keys(res.body).filter((k) => !k.includes('@')).sort()).toEqual(['id', 'startDateTime', 'type'])
    expect((await get(`/v1.0/communications/callRecords/${id}?$select=bogus`).expect(400)).body.error.message).toMatch(/bogus/)
    expect((await get(`/v1.0/communications/callRecords/${id}?$expand=calls`).expect(400)).body.error.message).toMatch(/calls/)
    expect((await get(`/v1.0/communications/callRecords/${id}?$expand=sessions($expand=media)`).expect(400)).body.error.message).toMatch(/media/)
  })

  it('answers an unknown id with Graph\'s 404', async () => {
    const { get } = startGraph()
    const res = await get('/v1.0/communications/callRecords/2bd1b3e4-9a4b-4c64-8a4b-1b7c7d2f0a11').expect(404)
    expect(res.body.error).toMatchObject({ code: 'NotFound', message: expect.stringMatching(/^Could not find the requested call record/) })
  })
})

describe('nested paging of a large meeting', () => {
  it('gives 60 sessions inline with a sessions@odata.nextLink that pages through the rest once each', async () => {
    const { get, graph } = startGraph({ records: 3, largeMeetingRate: 1, mix: meetingsOnly })
    const plan = graph.dataset.plan(1)
    expect(plan.sessions.length).toBeGreaterThan(130)
    const res = await get(`/v1.0/communications/callRecords/${plan.id}?$expand=sessions($expand=segments)`).expect(200)
    expect(res.body.sessions).toHaveLength(60)
    expectSchema('v1.0', 'callRecord', res.body)
    const ids: string[] = res.body.sessions.map((s: any) => s.id)
    let link: string | undefined = res.body['sessions@odata.nextLink']
    expect(link).toMatch(new RegExp(`^${BASE}/v1.0/communications/callRecords/${plan.id}/sessions\\?\\$expand=segments&\\$skiptoken=`))
    while (link) {
      const page = await get(local(link)).expect(200)
      expectSchema('v1.0', 'sessionCollectionResponse', page.body)
      expect(page.body.value.length).toBeLessThanOrEqual(60)
      for (const s of page.body.value) expect(s.segments.length).toBeGreaterThan(0)
      ids.push(...page.body.value.map((s: any) => s.id))
      link = page.body['@odata.nextLink']
    }
    expect(ids).toHaveLength(plan.sessions.length)
    expect(new Set(ids).size).toBe(plan.sessions.length)
  })

  it('gives 130 participants inline with a participants_v2@odata.nextLink that pages through the rest', async () => {
    const { get, graph } = startGraph({ records: 3, largeMeetingRate: 1, mix: meetingsOnly })
    const plan = graph.dataset.plan(2)
    const res = await get(`/v1.0/communications/callRecords/${plan.id}?$expand=participants_v2`).expect(200)
    expect(res.body.participants_v2).toHaveLength(130)
    const ids: string[] = res.body.participants_v2.map((p: any) => p.id)
    let link: string | undefined = res.body['participants_v2@odata.nextLink']
    while (link) {
      const page = await get(local(link)).expect(200)
      expectSchema('v1.0', 'participantCollectionResponse', page.body)
      ids.push(...page.body.value.map((p: any) => p.id))
      link = page.body['@odata.nextLink']
    }
    expect(ids).toEqual(plan.parties.map((p: any) => p.user?.id ?? p.ext?.id ?? p.number ?? p.account?.id))
  })
})

describe('sessions, participants_v2, organizer_v2 and $count paths', () => {
  it('lists sessions at most 60 a page, keeps $expand in the next link, and honours $top', async () => {
    const { get, graph } = startGraph({ records: 3, largeMeetingRate: 1, mix: meetingsOnly })
    const plan = graph.dataset.plan(0)
    const first = await get(`/v1.0/communications/callRecords/${plan.id}/sessions?$expand=segments&$count=true`).expect(200)
    expect(first.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${plan.id}')/sessions`)
    expect(first.body.value).toHaveLength(60)
    expect(first.body['@odata.count']).toBe(plan.sessions.length)
    expect(new URL(first.body['@odata.nextLink']).searchParams.get('$expand')).toBe('segments')
    const small = await get(`/v1.0/communications/callRecords/${plan.id}/sessions?$top=2`).expect(200)
    expect(small.body.value).toHaveLength(2)
    expect(small.body.value[0]).not.toHaveProperty('segments')
    const one = await get(`/v1.0/communications/callRecords/${plan.id}/sessions/${small.body.value[1].id}?$expand=segments`).expect(200)
    expect(one.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${plan.id}')/sessions/$entity`)
    expect(one.body.id).toBe(small.body.value[1].id)
    expect(one.body.segments.length).toBeGreaterThan(0)
    expect((await get(`/v1.0/communications/callRecords/${plan.id}/sessions/$count`).expect(200)).text).toBe(String(plan.sessions.length))
    await get(`/v1.0/communications/callRecords/${plan.id}/sessions/00000000-0000-4000-8000-000000000000`).expect(404)
  })

  it('lists participants at most 130 a page, gets one, and the organizer', async () => {
    const { get, graph } = startGraph({ records: 3, largeMeetingRate: 1, mix: meetingsOnly })
    const plan = graph.dataset.plan(0)
    const first = await get(`/v1.0/communications/callRecords/${plan.id}/participants_v2`).expect(200)
    expect(first.body.value).toHaveLength(130)
    expect(first.body['@odata.nextLink']).toBeDefined()
    const pid = first.body.value[3].id
    const one = await get(`/v1.0/communications/callRecords/${plan.id}/participants_v2/${encodeURIComponent(pid)}`).expect(200)
    expect(one.body.id).toBe(pid)
    expectSchema('v1.0', 'participant', one.body)
    const org = await get(`/v1.0/communications/callRecords/${plan.id}/organizer_v2`).expect(200)
    expect(org.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#communications/callRecords('${plan.id}')/organizer_v2/$entity`)
    expectSchema('v1.0', 'organizer', org.body)
    expect((await get(`/v1.0/communications/callRecords/${plan.id}/participants_v2/$count`).expect(200)).text).toBe(String(plan.parties.length))
  })
})
