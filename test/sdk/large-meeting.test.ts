/**
 * Large meetings: inline `$expand` is capped (60 sessions, 130 participants) and the rest is reached
 * through `sessions@odata.nextLink` / `participants_v2@odata.nextLink`. Both official clients follow
 * those links to the end and see every session and participant exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageIterator as GraphClientPageIterator, type Client } from '@microsoft/microsoft-graph-client'
import { PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core'
import {
  createParticipantCollectionResponseFromDiscriminatorValue, createSessionCollectionResponseFromDiscriminatorValue,
  type Participant, type Session,
} from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'
import {
  expectValidBodies, fetchTrusting, graphClient, kiotaClient, Recorder, removeSharedTls, startGraph, TOKEN,
  type KiotaSetup, type Started,
} from './support.js'

interface Json {
  [k: string]: any
}

const SESSION_PAGE = 60
const PARTICIPANT_PAGE = 130

describe('large meetings', () => {
  let s: Started
  let gc: Client
  let k: KiotaSetup
  const rec = new Recorder()
  let id = ''
  let sessionTotal = 0
  let participantTotal = 0

  async function count(path: string): Promise<number> {
    const res = await fetchTrusting(s.tls!.ca)(`${s.url}/v1.0/communications/callRecords/${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    return Number(await res.text())
  }

  beforeAll(async () => {
    s = await startGraph({
      records: 5,
      largeMeetingRate: 1,
      mix: { peerToPeer: 0, groupCall: 0, meeting: 1, pstn: 0, directRouting: 0, autoAttendant: 0 },
    })
    gc = graphClient(s, rec)
    k = kiotaClient(s, rec.wrap(fetchTrusting(s.tls!.ca)))
    const list = (await gc.api('/communications/callRecords').get()) as Json
    expect(list.value).toHaveLength(5)
    id = list.value[0].id as string
    sessionTotal = await count(`${id}/sessions/$count`)
    participantTotal = await count(`${id}/participants_v2/$count`)
    expect(sessionTotal).toBeGreaterThan(SESSION_PAGE)
    expect(participantTotal).toBeGreaterThan(PARTICIPANT_PAGE)
  })
  afterAll(async () => {
    await s?.stop()
    await removeSharedTls()
  })

  it('graph-client: 60 inline sessions, then PageIterator over sessions@odata.nextLink', async () => {
    const record = (await gc.api(`/communications/callRecords/${id}`).expand('sessions($expand=segments)').get()) as Json
    expect(record.sessions).toHaveLength(SESSION_PAGE)
    const link = record['sessions@odata.nextLink'] as string
    expect(link).toMatch(new RegExp(`^${s.url}/v1\\.0/communications/callRecords/${id}/sessions\\?\\$expand=segments&\\$skiptoken=[A-Za-z0-9_-]+$`))
    const seen: string[] = []
    const iterator = new GraphClientPageIterator(gc, { value: record.sessions as Json[], '@odata.nextLink': link }, (session: Json) => {
      expect(session.segments.length).toBeGreaterThan(0)
      seen.push(session.id as string)
      return true
    })
    await iterator.iterate()
    expect(seen).toHaveLength(sessionTotal)
    expect(new Set(seen).size).toBe(sessionTotal)
    for (const p of rec.paths().slice(2)) expect(p).toMatch(new RegExp(`^/v1\\.0/communications/callRecords/${id}/sessions\\?\\$expand=segments&\\$skiptoken=`))
    expectValidBodies(rec, 1 + Math.ceil((sessionTotal - SESSION_PAGE) / SESSION_PAGE))
  })

  it('graph-client: 130 inline participants, then api(nextLink) until there is none', async () => {
    const record = (await gc.api(`/communications/callRecords/${id}`).expand('participants_v2').get()) as Json
    expect(record.participants_v2).toHaveLength(PARTICIPANT_PAGE)
    const seen: string[] = (record.participants_v2 as Json[]).map((p) => p.id as string)
    let link = record['participants_v2@odata.nextLink'] as string | undefined
    expect(link).toMatch(new RegExp(`^${s.url}/v1\\.0/communications/callRecords/${id}/participants_v2\\?\\$skiptoken=[A-Za-z0-9_-]+$`))
    let pages = 1
    while (link) {
      const page = (await gc.api(link).get()) as Json
      seen.push(...(page.value as Json[]).map((p) => p.id as string))
      link = page['@odata.nextLink'] as string | undefined
      pages++
    }
    expect(seen).toHaveLength(participantTotal)
    expect(new Set(seen).size).toBe(participantTotal)
    expectValidBodies(rec, pages)
  })

  it('Kiota: inline sessions + PageIterator (request adapter) over sessions@odata.nextLink', async () => {
    const record = await k.client.communications.callRecords.byCallRecordId(id).get({ queryParameters: { expand: ['sessions($expand=segments)'] } })
    expect(record?.sessions).toHaveLength(SESSION_PAGE)
    const link = record?.additionalData?.['sessions@odata.nextLink']
    expect(link).toBeTypeOf('string')
    const seen: string[] = []
    const iterator = new PageIterator<Session>(
      k.adapter,
      { value: record!.sessions!, odataNextLink: link as string },
      (session) => {
        expect(session.segments?.length).toBeGreaterThan(0)
        seen.push(session.id!)
        return true
      },
      createSessionCollectionResponseFromDiscriminatorValue as never,
      { XXX: createODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(iterator.getPagingState()).toBe('Complete')
    expect(seen).toHaveLength(sessionTotal)
    expect(new Set(seen).size).toBe(sessionTotal)
    expectValidBodies(rec, 2)
  })

  it('Kiota: inline participants_v2 + PageIterator over participants_v2@odata.nextLink', async () => {
    const record = await k.client.communications.callRecords.byCallRecordId(id).get({ queryParameters: { expand: ['participants_v2'] } })
    expect(record?.participantsV2).toHaveLength(PARTICIPANT_PAGE)
    const link = record?.additionalData?.['participants_v2@odata.nextLink']
    expect(link).toBeTypeOf('string')
    const seen: string[] = []
    const iterator = new PageIterator<Participant>(
      k.adapter,
      { value: record!.participantsV2!, odataNextLink: link as string } satisfies PageCollection<Participant>,
      (p) => {
        seen.push(p.id!)
        return true
      },
      createParticipantCollectionResponseFromDiscriminatorValue as never,
      { XXX: createODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(seen).toHaveLength(participantTotal)
    expect(new Set(seen).size).toBe(participantTotal)
    expectValidBodies(rec, 2)
  })

  it('Kiota: sessions.get() pages through the navigation collection from the start', async () => {
    const first = await k.client.communications.callRecords.byCallRecordId(id).sessions.get({ queryParameters: { expand: ['segments'] } })
    expect(first?.value).toHaveLength(SESSION_PAGE)
    const seen: string[] = []
    const iterator = new PageIterator<Session>(
      k.adapter,
      first as PageCollection<Session>,
      (session) => {
        seen.push(session.id!)
        return true
      },
      createSessionCollectionResponseFromDiscriminatorValue as never,
      { XXX: createODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(seen).toHaveLength(sessionTotal)
    expect(new Set(seen).size).toBe(sessionTotal)
    expectValidBodies(rec, 2)
  })
})
