/**
 * Paging through filtered lists: the nextLink carries `$filter` back, and each client re-sends it in its
 * own way (graph-client re-parses and rebuilds the query without re-encoding; Kiota's PageIterator uses
 * the link verbatim as a URI template). Both must reach every matching record exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageIterator as GraphClientPageIterator, type Client } from '@microsoft/microsoft-graph-client'
import { PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core'
import { createCallRecordCollectionResponseFromDiscriminatorValue, type CallRecord } from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'
import {
  expectValidBodies, fetchTrusting, graphClient, kiotaClient, Recorder, removeSharedTls, startGraph, TOKEN,
  type KiotaSetup, type Started,
} from './support.js'

interface Json {
  [k: string]: any
}

const DATE_FILTER = 'startDateTime ge 2026-11-15T00:00:00Z'

describe('paging filtered lists', () => {
  let s: Started
  let gc: Client
  let k: KiotaSetup
  const rec = new Recorder()
  let participantFilter = ''

  async function raw(path: string): Promise<string> {
    const res = await fetchTrusting(s.tls!.ca)(`${s.url}/v1.0/communications/callRecords${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    return res.text()
  }
  const countOf = async (filter: string) => Number(await raw(`/$count?$filter=${encodeURIComponent(filter)}`))

  async function graphClientAll(filter: string, top: number): Promise<{ ids: string[]; count: number }> {
    const first = (await gc.api('/communications/callRecords').filter(filter).top(top).count(true).get()) as Json
    const ids: string[] = []
    await new GraphClientPageIterator(gc, first as { value: Json[] }, (r: Json) => {
      ids.push(r.id as string)
      return true
    }).iterate()
    return { ids, count: first['@odata.count'] as number }
  }

  async function kiotaAll(filter: string, top: number): Promise<{ ids: string[]; count: number }> {
    const first = await k.client.communications.callRecords.get({ queryParameters: { filter, top, count: true } })
    const ids: string[] = []
    await new PageIterator<CallRecord>(k.adapter, first as PageCollection<CallRecord>, (r) => {
      ids.push(r.id!)
      return true
    }, createCallRecordCollectionResponseFromDiscriminatorValue as never, { XXX: createODataErrorFromDiscriminatorValue }).iterate()
    return { ids, count: first!.odataCount! }
  }

  beforeAll(async () => {
    s = await startGraph()
    gc = graphClient(s, rec)
    k = kiotaClient(s, rec.wrap(fetchTrusting(s.tls!.ca)))
    // a participant who is in several records, so that a participant filter spans pages
    const list = JSON.parse(await raw('?$top=40')) as Json
    for (const r of list.value as Json[]) {
      const filter = `participants_v2/any(p:p/id eq '${r.organizer_v2.id as string}')`
      if ((await countOf(filter)) >= 4) {
        participantFilter = filter
        break
      }
    }
    expect(participantFilter).not.toBe('')
  })
  afterAll(async () => {
    await s?.stop()
    await removeSharedTls()
  })

  it.each([
    ['graph-client', 'date', 10],
    ['kiota', 'date', 10],
    ['graph-client', 'participant', 2],
    ['kiota', 'participant', 2],
  ] as const)('%s follows nextLinks of a %s filter to the end', async (which, kind, top) => {
    const filter = kind === 'date' ? DATE_FILTER : participantFilter
    const expected = await countOf(filter)
    expect(expected).toBeGreaterThan(top)
    const before = rec.exchanges.length
    const { ids, count } = which === 'graph-client' ? await graphClientAll(filter, top) : await kiotaAll(filter, top)
    expect(count).toBe(expected)
    expect(ids).toHaveLength(expected)
    expect(new Set(ids).size).toBe(expected)
    const sent = rec.exchanges.slice(before)
    expect(sent.length).toBeGreaterThanOrEqual(Math.ceil(expected / top))
    for (const e of sent) {
      expect(e.status).toBe(200)
      expect(new URL(e.url).searchParams.get('$filter')).toBe(filter)
    }
    expectValidBodies(rec, sent.length)
  })
})
