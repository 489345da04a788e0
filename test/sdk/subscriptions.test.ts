/**
 * Change-notification subscriptions through the official clients: the Kiota
 * `@microsoft/msgraph-sdk-subscriptions` builders (over plain http with Node's own fetch, as on a developer
 * machine) and graph-client v3 (over https, the only way it sends a token), against a real local webhook
 * receiver. The fake's clock is virtual: every expirationDateTime is computed from `graph.clock`, never from
 * the wall clock. Graph's subscription rules themselves are tested at the HTTP level in
 * test/notifications/; here: what the SDKs send is accepted, and what comes back fills their models.
 */
import '@microsoft/msgraph-sdk-subscriptions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@microsoft/microsoft-graph-client'
import type { GraphServiceClient } from '@microsoft/msgraph-sdk'
import type { Subscription } from '@microsoft/msgraph-sdk/models/index.js'
import type { ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'
import {
  bodyProblem, graphClient, kiotaClient, Recorder, rejection, removeSharedTls, startGraph, TOKEN,
  type FetchLike, type Started,
} from './support.js'

const MIN = 60_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const VALIDATION_TOKEN = /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/

interface Json {
  [k: string]: any
}

/** A request as the client handed it to fetch, body decoded (Kiota sends an ArrayBuffer). */
interface Sent {
  readonly method: string
  readonly url: string
  readonly body: string | null
}

/** Node's own fetch, keeping each request body as sent. */
function capturingFetch(sent: Sent[]): FetchLike {
  return async (input, init = {}) => {
    const b = init.body
    const body = b === undefined || b === null ? null
      : typeof b === 'string' ? b
      : b instanceof ArrayBuffer ? new TextDecoder().decode(b)
      : ArrayBuffer.isView(b) ? new TextDecoder().decode(b)
      : String(b)
    sent.push({ method: init.method ?? 'GET', url: input, body })
    return fetch(input, init)
  }
}

describe('Kiota msgraph-sdk-subscriptions (http, stock fetch) with a real webhook receiver', () => {
  let s: Started
  let client: GraphServiceClient
  const rec = new Recorder()
  const sent: Sent[] = []
  const receiver = new WebhookReceiver()
  /** the fake's virtual clock, the only time its expiry rules are checked against */
  const fakeNow = () => s.graph.clock.now()
  let sub: Subscription
  let expiration: Date
  let renewed: Date

  beforeAll(async () => {
    await receiver.start()
    s = await startGraph({ https: false, validationTimeoutMs: 2000 })
    client = kiotaClient(s, rec.wrap(capturingFetch(sent))).client
  })
  afterAll(async () => {
    await s?.stop()
    await receiver.stop()
  })

  it('subscriptions.post(…) → the receiver is validated, then a typed subscription', async () => {
    expect(s.graph.clockState().virtual).toBe(true)
    expiration = new Date(fakeNow() + 3000 * MIN)
    const created = await client.subscriptions.post({
      changeType: 'created,updated',
      notificationUrl: `${receiver.url}/notify`,
      resource: '/communications/callRecords',
      expirationDateTime: expiration,
      clientState: 'secret',
    })
    // what went over the wire
    const request = sent.at(-1)!
    expect(request.method).toBe('POST')
    expect(rec.paths().at(-1)).toBe('/v1.0/subscriptions')
    expect(JSON.parse(request.body!)).toEqual({
      changeType: 'created,updated',
      clientState: 'secret',
      expirationDateTime: expiration.toISOString(),
      notificationUrl: `${receiver.url}/notify`,
      resource: '/communications/callRecords',
    })
    expect(request.body).toContain(`"expirationDateTime":"${expiration.toISOString()}"`) // Kiota: .000Z millis
    const exchange = rec.exchanges.at(-1)!
    expect(exchange.status).toBe(201)
    expect(exchange.requestHeaders['content-type']).toBe('application/json')
    expect(exchange.requestHeaders.authorization).toBe(`Bearer ${TOKEN}`)

    // the handshake reached the receiver before the 201
    expect(receiver.validations).toHaveLength(1)
    expect(receiver.validations[0]!.path).toBe('/notify')
    expect(receiver.validations[0]!.query.get('validationToken')).toMatch(VALIDATION_TOKEN)

    expect(created).toBeDefined()
    sub = created!
    expect(sub.id).toMatch(GUID)
    expect(sub.expirationDateTime).toBeInstanceOf(Date)
    expect(sub.expirationDateTime!.getTime()).toBe(expiration.getTime())
    expect(sub).toMatchObject({
      changeType: 'created,updated',
      clientState: 'secret',
      notificationUrl: `${receiver.url}/notify`,
      resource: '/communications/callRecords',
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
    })
    expect(sub.applicationId).toMatch(GUID)
    expect(sub.creatorId).toMatch(GUID)
  })

  it('graph.addCalls(2) → 2 created notifications carrying the id the SDK returned', async () => {
    const calls = s.graph.addCalls(2)
    await s.graph.advance(0) // the new calls are visible now: fan out, and wait for the deliveries
    await receiver.waitFor(2)
    const notifications = receiver.notifications
    expect(notifications).toHaveLength(2)
    expect(receiver.received.every((r) => r.path === '/notify')).toBe(true)
    const ids = calls.map((c) => c.id as string)
    for (const n of notifications) {
      expect(n.subscriptionId).toBe(sub.id)
      expect(n.changeType).toBe('created')
      expect(n.clientState).toBe('secret')
      expect(Date.parse(n.subscriptionExpirationDateTime)).toBe(expiration.getTime())
      expect(ids).toContain(n.resourceData.id)
      expect(n.resource).toBe(`communications/callRecords/${n.resourceData.id}`)
    }
    expect(new Set(notifications.map((n) => n.resourceData.id))).toEqual(new Set(ids))
    // …and the notified record is there for the SDK to read
    const record = await client.communications.callRecords.byCallRecordId(ids[0]!).get()
    expect(record?.id).toBe(ids[0])
    expect(record?.endDateTime?.getTime()).toBe(fakeNow())
    expect(bodyProblem(rec.exchanges.at(-1)!)).toBeNull() // a schema-valid callRecord
  })

  it('subscriptions.get() lists it with clientState null; bySubscriptionId(id).get() shows it to its owner', async () => {
    const list = await client.subscriptions.get()
    expect(rec.paths().at(-1)).toBe('/v1.0/subscriptions')
    expect(list?.value).toHaveLength(1)
    const listed = list!.value![0]!
    expect(listed.id).toBe(sub.id)
    expect(listed.expirationDateTime?.getTime()).toBe(expiration.getTime())
    expect(JSON.parse(rec.exchanges.at(-1)!.body).value[0].clientState).toBeNull()
    expect(listed.clientState ?? null).toBeNull() // Kiota reads the JSON null as undefined
    const one = await client.subscriptions.bySubscriptionId(sub.id!).get()
    expect(rec.paths().at(-1)).toBe(`/v1.0/subscriptions/${sub.id}`)
    expect(one?.clientState).toBe('secret')
  })

  it('bySubscriptionId(id).patch({ expirationDateTime }) renews it past its first expiry', async () => {
    // move the virtual clock on: the renewal is only within 4,230 minutes of the fake's time, not of the wall clock's
    await s.graph.advance(2000 * MIN)
    renewed = new Date(fakeNow() + 4200 * MIN)
    const patched = await client.subscriptions.bySubscriptionId(sub.id!).patch({ expirationDateTime: renewed })
    const request = sent.at(-1)!
    expect(request.method).toBe('PATCH')
    expect(rec.paths().at(-1)).toBe(`/v1.0/subscriptions/${sub.id}`)
    expect(request.body).toBe(`{"expirationDateTime":"${renewed.toISOString()}"}`)
    expect(rec.exchanges.at(-1)!.status).toBe(200)
    expect(patched?.id).toBe(sub.id)
    expect(patched?.expirationDateTime).toBeInstanceOf(Date)
    expect(patched?.expirationDateTime?.getTime()).toBe(renewed.getTime())

    // past the first expiration the subscription still notifies, with the new expiry
    await s.graph.advance(1001 * MIN)
    expect(fakeNow()).toBeGreaterThan(expiration.getTime())
    const before = receiver.notifications.length
    const [call] = s.graph.addCalls(1)
    await s.graph.advance(0)
    await receiver.waitFor(before + 1)
    const n = receiver.notifications.at(-1)!
    expect(n.subscriptionId).toBe(sub.id)
    expect(n.resourceData.id).toBe(call!.id)
    expect(Date.parse(n.subscriptionExpirationDateTime)).toBe(renewed.getTime())
  })

  it('a POST beyond 4,230 minutes surfaces as an ODataError with code ExtensionError and Graph\'s message', async () => {
    const e = await rejection(client.subscriptions.post({
      changeType: 'created',
      notificationUrl: `${receiver.url}/notify`,
      resource: '/communications/callRecords',
      expirationDateTime: new Date(fakeNow() + 4231 * MIN),
      clientState: 'secret',
    }))
    const err = e as ODataError
    expect(err.responseStatusCode).toBe(400)
    expect(err.errorEscaped?.code).toBe('ExtensionError')
    expect(err.errorEscaped?.message).toBe('Subscription expiration can only be 4230 minutes in the future.')
    expect(err.message).toBe('Subscription expiration can only be 4230 minutes in the future.')
    expect(err.errorEscaped?.innerError?.date).toBeInstanceOf(Date)
    expect(bodyProblem(rec.exchanges.at(-1)!)).toBeNull()
    expect((await client.subscriptions.get())?.value).toHaveLength(1)
  })

  it('bySubscriptionId(id).delete() → later calls deliver nothing', async () => {
    await client.subscriptions.bySubscriptionId(sub.id!).delete()
    expect(sent.at(-1)!.method).toBe('DELETE')
    expect(rec.paths().at(-1)).toBe(`/v1.0/subscriptions/${sub.id}`)
    expect(rec.exchanges.at(-1)!.status).toBe(204)

    const notified = receiver.notifications.length
    const posts = receiver.attempts
    const attempts = s.graph.deliveries().attempts.length
    s.graph.addCalls(2)
    await s.graph.advance(0)
    await s.graph.advance(MIN) // and nothing turns up later either
    await s.graph.settled()
    expect(receiver.notifications).toHaveLength(notified)
    expect(receiver.attempts).toBe(posts)
    expect(s.graph.deliveries().attempts).toHaveLength(attempts)

    expect((await client.subscriptions.get())?.value).toEqual([])
    const err = (await rejection(client.subscriptions.bySubscriptionId(sub.id!).get())) as ODataError
    expect(err.responseStatusCode).toBe(404)
    expect(err.errorEscaped?.code).toBe('NotFound')
    expect(bodyProblem(rec.exchanges.at(-1)!)).toBeNull()
  })
})

describe('graph-client v3 (https) api(\'/subscriptions\').post', () => {
  let s: Started
  let client: Client
  const rec = new Recorder()
  const receiver = new WebhookReceiver()

  beforeAll(async () => {
    await receiver.start()
    s = await startGraph({ validationTimeoutMs: 2000 })
    client = graphClient(s, rec)
  })
  afterAll(async () => {
    await s?.stop()
    await receiver.stop()
    await removeSharedTls()
  })

  it('creates a subscription that then notifies', async () => {
    const expiration = new Date(s.graph.clock.now() + 60 * MIN)
    const created = (await client.api('/subscriptions').post({
      changeType: 'created',
      notificationUrl: `${receiver.url}/v3`,
      resource: 'communications/callRecords',
      expirationDateTime: expiration.toISOString(),
      clientState: 'secret',
    })) as Json
    const exchange = rec.exchanges.at(-1)!
    expect(exchange.method).toBe('POST')
    expect(rec.paths().at(-1)).toBe('/v1.0/subscriptions')
    expect(exchange.status).toBe(201)
    expect(exchange.requestHeaders.authorization).toBe(`Bearer ${TOKEN}`)
    expect(receiver.validations.map((v) => v.path)).toEqual(['/v3'])
    expect(created).toMatchObject({
      '@odata.context': `${s.url}/v1.0/$metadata#subscriptions/$entity`,
      id: expect.stringMatching(GUID),
      resource: 'communications/callRecords',
      changeType: 'created',
      clientState: 'secret',
      notificationUrl: `${receiver.url}/v3`,
      expirationDateTime: expiration.toISOString(),
    })

    const [call] = s.graph.addCalls(1)
    await s.graph.advance(0)
    await receiver.waitFor(1)
    expect(receiver.notifications).toEqual([expect.objectContaining({ subscriptionId: created.id, changeType: 'created', clientState: 'secret', resourceData: expect.objectContaining({ id: call!.id }) })])
  })
})
