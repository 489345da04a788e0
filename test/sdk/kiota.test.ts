/**
 * The Kiota Graph SDK (@microsoft/msgraph-sdk + msgraph-sdk-core, communications builders registered as
 * the unpublished generated package would) against the fake: over plain http with Node's stock fetch,
 * and over https with a fetch that trusts the test CA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core'
import {
  createCallRecordCollectionResponseFromDiscriminatorValue, type CallRecord,
} from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue, type ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'
import type { GraphServiceClient } from '@microsoft/msgraph-sdk'
import {
  expectValidBodies, fetchTrusting, kiotaClient, Recorder, rejection, removeSharedTls, serverCount, startGraph, stockFetch,
  type KiotaSetup, type Started,
} from './support.js'

const transports = [
  { name: 'http, stock fetch', https: false },
  { name: 'https, CA-trusting fetch', https: true },
] as const

describe.each(transports)('Kiota msgraph-sdk ($name)', ({ https }) => {
  let s: Started
  let k: KiotaSetup
  let client: GraphServiceClient
  const rec = new Recorder()
  let ids: string[] = []
  let total = 0

  beforeAll(async () => {
    s = await startGraph({ https })
    k = kiotaClient(s, https ? rec.wrap(fetchTrusting(s.tls!.ca)) : stockFetch(rec))
    client = k.client
    total = await serverCount(s)
  })
  afterAll(async () => {
    await s?.stop()
    if (https) await removeSharedTls()
  })

  it('callRecords.get({ top: 5, count: true }) → typed value and odataCount', async () => {
    const page = await client.communications.callRecords.get({ queryParameters: { top: 5, count: true } })
    expect(rec.paths().at(-1)).toBe('/v1.0/communications/callRecords?$count=true&$top=5')
    const last = rec.exchanges.at(-1)!
    expect(last.requestHeaders.authorization).toBe('Bearer mock-token')
    expect(last.requestHeaders.sdkversion).toMatch(/^graph-typescript\/1\.0\.0-preview\.90, graph-typescript-core\//)
    expect(page?.value).toHaveLength(5)
    expect(page?.odataCount).toBe(total)
    expect(page?.odataNextLink).toMatch(new RegExp(`^${s.url}/v1\\.0/communications/callRecords\\?`))
    const first = page!.value![0]!
    expect(typeof first.id).toBe('string')
    expect(first.startDateTime).toBeInstanceOf(Date)
    expect(first.endDateTime).toBeInstanceOf(Date)
    expect(first.organizerV2?.id).toBeTypeOf('string')
    expectValidBodies(rec)
  })

  it('msgraph-sdk-core PageIterator visits every record exactly once', async () => {
    const first = await client.communications.callRecords.get({ queryParameters: { top: 25 } })
    const seen: string[] = []
    const iterator = new PageIterator<CallRecord>(
      k.adapter,
      first as PageCollection<CallRecord>,
      (r) => {
        seen.push(r.id!)
        return true
      },
      createCallRecordCollectionResponseFromDiscriminatorValue as never,
      { XXX: createODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(iterator.getPagingState()).toBe('Complete')
    ids = seen
    expect(total).toBe(300)
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const paths = rec.paths().slice(-12)
    expect(paths[0]).toBe('/v1.0/communications/callRecords?$top=25')
    for (const p of paths.slice(1)) expect(p).toMatch(/^\/v1\.0\/communications\/callRecords\?\$top=25&\$skiptoken=[A-Za-z0-9_-]+$/)
    expectValidBodies(rec, 12)
  })

  it("byCallRecordId(id).get({ expand: ['sessions($expand=segments)'] }) → sessions with segments", async () => {
    const id = ids[0]!
    const record = await client.communications.callRecords.byCallRecordId(id).get({ queryParameters: { expand: ['sessions($expand=segments)'] } })
    expect(rec.paths().at(-1)).toBe(`/v1.0/communications/callRecords/${id}?$expand=sessions($expand%3Dsegments)`)
    expect(record?.id).toBe(id)
    expect(record?.sessions?.length).toBeGreaterThan(0)
    for (const session of record!.sessions!) {
      expect(session.startDateTime).toBeInstanceOf(Date)
      expect(session.segments?.length).toBeGreaterThan(0)
    }
    expectValidBodies(rec)
  })

  it("byCallRecordId(id).sessions.get({ top: 2, expand: ['segments'] })", async () => {
    const id = ids[1]!
    const page = await client.communications.callRecords.byCallRecordId(id).sessions.get({ queryParameters: { top: 2, expand: ['segments'] } })
    expect(rec.paths().at(-1)).toBe(`/v1.0/communications/callRecords/${id}/sessions?$expand=segments&$top=2`)
    expect(page?.value?.length).toBeGreaterThan(0)
    expect(page?.value?.length).toBeLessThanOrEqual(2)
    for (const session of page!.value!) expect(session.segments?.length).toBeGreaterThan(0)
    const count = await client.communications.callRecords.byCallRecordId(id).sessions.count.get()
    expect(count).toBeGreaterThanOrEqual(page!.value!.length)
    if (count! > 2) expect(page?.odataNextLink).toContain(`/v1.0/communications/callRecords/${id}/sessions?`)
    else expect(page?.odataNextLink).toBeUndefined()
    expectValidBodies(rec, 2)
  })

  it('participants_v2.get and organizer_v2.get', async () => {
    const id = ids[2]!
    const item = client.communications.callRecords.byCallRecordId(id)
    const participants = await item.participants_v2.get({ queryParameters: { top: 2 } })
    expect(rec.paths().at(-1)).toBe(`/v1.0/communications/callRecords/${id}/participants_v2?$top=2`)
    expect(participants?.value?.length).toBeGreaterThan(0)
    for (const p of participants!.value!) expect(p.id).toBeTypeOf('string')
    const organizer = await item.organizer_v2.get()
    expect(rec.paths().at(-1)).toBe(`/v1.0/communications/callRecords/${id}/organizer_v2`)
    expect(organizer?.id).toBeTypeOf('string')
    const record = await item.get()
    expect(organizer?.id).toBe(record?.organizerV2?.id)
    expectValidBodies(rec, 3)
  })

  it('a 404 surfaces as an ODataError with error.code NotFound', async () => {
    const e = await rejection(client.communications.callRecords.byCallRecordId('00000000-0000-0000-0000-000000000000').get())
    const err = e as ODataError
    expect(err.responseStatusCode).toBe(404)
    expect(err.errorEscaped?.code).toBe('NotFound')
    expect(err.message).toMatch(/call record/)
    const last = rec.exchanges.at(-1)!
    expect(err.errorEscaped?.innerError?.requestId).toBe(last.responseHeaders['request-id'])
    expect(err.errorEscaped?.innerError?.date).toBeInstanceOf(Date)
    expect(Number.isNaN(err.errorEscaped!.innerError!.date!.getTime())).toBe(false)
    expectValidBodies(rec)
  })

  it('$filter and $select as Kiota encodes them', async () => {
    const from = new Date('2026-11-20T00:00:00Z')
    const page = await client.communications.callRecords.get({
      queryParameters: { filter: 'startDateTime ge 2026-11-20T00:00:00Z', select: ['id', 'type', 'startDateTime'], top: 10, count: true },
    })
    expect(rec.paths().at(-1)).toBe('/v1.0/communications/callRecords?$count=true&$filter=startDateTime%20ge%202026-11-20T00%3A00%3A00Z&$select=id,type,startDateTime&$top=10')
    expect(page?.value?.length).toBeGreaterThan(0)
    expect(page?.odataCount).toBeGreaterThan(0)
    expect(page?.odataCount).toBeLessThan(total)
    for (const r of page!.value!) {
      expect(r.startDateTime!.getTime()).toBeGreaterThanOrEqual(from.getTime())
      expect(r.type).toBeTypeOf('string')
      expect(r.joinWebUrl).toBeUndefined()
    }
    expectValidBodies(rec)
  })

  it('callRecords.count.get() matches the collection', async () => {
    expect(await client.communications.callRecords.count.get()).toBe(total)
    expect(rec.paths().at(-1)).toBe('/v1.0/communications/callRecords/$count')
    expectValidBodies(rec)
  })
})
