/**
 * @microsoft/microsoft-graph-client v3 against the fake over https: paging with its PageIterator,
 * $expand, errors as GraphError, and the client-request-id round trip. The client is the one
 * `Client.init({ authProvider, baseUrl, customHosts })` builds, with a fetch that trusts the test CA.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GraphError, PageIterator, ResponseType, type Client } from '@microsoft/microsoft-graph-client'
import { expectValidBodies, graphClient, Recorder, rejection, removeSharedTls, serverCount, startGraph, type Started } from './support.js'

interface Json {
  [k: string]: any
}

describe('graph-client v3 over https', () => {
  let s: Started
  let client: Client
  const rec = new Recorder()
  let ids: string[] = []

  beforeAll(async () => {
    s = await startGraph()
    client = graphClient(s, rec)
  })
  afterAll(async () => {
    await s?.stop()
    await removeSharedTls()
  })

  it('pages through every record with PageIterator (top 25)', async () => {
    const first = (await client.api('/communications/callRecords').top(25).get()) as Json
    expect(first.value).toHaveLength(25)
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${s.url}/v1\\.0/communications/callRecords\\?`))
    const seen: string[] = []
    const iterator = new PageIterator(client, first as { value: Json[] }, (r: Json) => {
      seen.push(r.id as string)
      return true
    })
    await iterator.iterate()
    ids = seen
    const total = await serverCount(s)
    expect(total).toBe(300)
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    // 12 pages, and every follow-up went to the nextLink's own path (no base URL glued in front of it)
    expect(rec.exchanges).toHaveLength(12)
    for (const p of rec.paths()) expect(p).toMatch(/^\/v1\.0\/communications\/callRecords\?\$top=25(&\$skiptoken=[A-Za-z0-9_-]+)?$/)
    expect(rec.exchanges.every((e) => e.requestHeaders.authorization === 'Bearer mock-token')).toBe(true)
    expectValidBodies(rec, 12)
  })

  it("GET {id} with .expand('sessions($expand=segments)') returns sessions with segments", async () => {
    const id = ids[0]!
    const record = (await client.api(`/communications/callRecords/${id}`).expand('sessions($expand=segments)').get()) as Json
    expect(rec.paths().at(-1)).toBe(`/v1.0/communications/callRecords/${id}?$expand=sessions($expand=segments)`)
    expect(record.id).toBe(id)
    expect(record.sessions.length).toBeGreaterThan(0)
    for (const session of record.sessions as Json[]) expect(session.segments.length).toBeGreaterThan(0)
    expectValidBodies(rec)
  })

  it("GET {id} with .expand('participants_v2') returns the participants", async () => {
    const found: number[] = []
    for (const id of ids.slice(0, 5)) {
      const record = (await client.api(`/communications/callRecords/${id}`).expand('participants_v2').get()) as Json
      expect(record.id).toBe(id)
      expect(Array.isArray(record.participants_v2)).toBe(true)
      found.push(record.participants_v2.length)
      for (const p of record.participants_v2 as Json[]) expect(typeof p.id).toBe('string')
    }
    expect(found.some((n) => n > 0)).toBe(true)
    expect(rec.paths().at(-1)).toMatch(/\?\$expand=participants_v2$/)
    expectValidBodies(rec, 5)
  })

  it('sessions and participants_v2 as collections', async () => {
    const id = ids[1]!
    const sessions = (await client.api(`/communications/callRecords/${id}/sessions`).expand('segments').top(2).get()) as Json
    expect(sessions.value.length).toBeGreaterThan(0)
    expect(sessions.value.length).toBeLessThanOrEqual(2)
    const participants = (await client.api(`/communications/callRecords/${id}/participants_v2`).top(2).get()) as Json
    expect(participants.value.length).toBeLessThanOrEqual(2)
    const organizer = (await client.api(`/communications/callRecords/${id}/organizer_v2`).get()) as Json
    expect(organizer).toHaveProperty('id')
    expectValidBodies(rec, 3)
  })

  it('an unknown id rejects with GraphError 404 NotFound and a request id', async () => {
    const e = await rejection(client.api('/communications/callRecords/00000000-0000-0000-0000-000000000000').get())
    expect(e).toBeInstanceOf(GraphError)
    const err = e as GraphError
    expect(err.statusCode).toBe(404)
    expect(err.code).toBe('NotFound')
    const last = rec.exchanges.at(-1)!
    expect(err.requestId).toBe(last.responseHeaders['request-id'])
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(err.date).toBeInstanceOf(Date)
    expect(Number.isNaN(err.date.getTime())).toBe(false)
    expectValidBodies(rec)
  })

  it('sends a client-request-id on every request and receives it echoed', async () => {
    for (const e of rec.exchanges) {
      expect(e.requestHeaders['client-request-id']).toMatch(/^[0-9a-f-]{36}$/)
      expect(e.responseHeaders['client-request-id']).toBe(e.requestHeaders['client-request-id'])
      expect(e.responseHeaders['request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    const mine = randomUUID()
    const raw = (await client.api('/communications/callRecords').header('client-request-id', mine).top(1).responseType(ResponseType.RAW).get()) as Response
    expect(raw.status).toBe(200)
    expect(raw.headers.get('client-request-id')).toBe(mine)
    expect(rec.exchanges.at(-1)!.requestHeaders['client-request-id']).toBe(mine)
    expectValidBodies(rec)
  })
})
