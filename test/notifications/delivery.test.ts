import request from 'supertest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AUTH, NOW, startGraph } from '../support/graph.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'

const MIN = 60_000
const HOUR = 60 * MIN
const nowMs = Date.parse(NOW)
const inMinutes = (m: number) => new Date(nowMs + m * MIN).toISOString()

let receivers: WebhookReceiver[] = []
async function receiver(): Promise<WebhookReceiver> {
  const r = new WebhookReceiver()
  await r.start()
  receivers.push(r)
  return r
}
beforeEach(() => {
  receivers = []
})
afterEach(async () => {
  for (const r of receivers) await r.stop()
})

function setup(o: Parameters<typeof startGraph>[0] = {}) {
  const g = startGraph({ validationTimeoutMs: 2000, ...o })
  const api = request(g.graph.app)
  const subscribe = async (r: WebhookReceiver, over: Record<string, unknown> = {}) =>
    (await api.post('/v1.0/subscriptions').set(AUTH).send({
      changeType: 'created,updated',
      notificationUrl: `${r.url}/notify?source=graph`,
      resource: '/communications/callRecords',
      expirationDateTime: inMinutes(3000),
      clientState: 'secret-state',
      ...over,
    }).expect(201)).body
  const addCalls = async (body: Record<string, unknown>) => (await api.post('/_mock/callRecords').send(body).expect(201)).body.value as any[]
  const advance = async (advance: string | number) => (await api.post('/_mock/clock').send({ advance }).expect(200)).body
  const deliveries = async () => (await api.get('/_mock/deliveries').expect(200)).body
  return { ...g, api, subscribe, addCalls, advance, deliveries }
}

describe('change notifications', () => {
  it('delivers a created notification per new call, with Graph\'s exact payload, and the call is listed', async () => {
    const r = await receiver()
    const { subscribe, addCalls, get, graph } = setup()
    const sub = await subscribe(r)
    const calls = await addCalls({ count: 2 })
    expect(calls).toHaveLength(2)
    await r.waitFor(2)
    expect(r.received[0]!.query.get('source')).toBe('graph')
    expect(r.received[0]!.contentType).toMatch(/^application\/json/)
    const byId = new Map(r.notifications.map((n) => [n.resourceData.id, n]))
    for (const c of calls) {
      expect(byId.get(c.id)).toEqual({
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: inMinutes(3000).replace('Z', '+00:00'),
        clientState: 'secret-state',
        changeType: 'created',
        resource: `communications/callRecords/${c.id}`,
        resourceData: { '@odata.type': '#Microsoft.Graph.callRecord', '@odata.id': `communications/callRecords/${c.id}`, id: c.id },
        tenantId: graph.dataset.world.tenantId,
      })
      const got = await get(`/v1.0/communications/callRecords/${c.id}`).expect(200)
      expect(got.body.endDateTime).toBe(new Date(nowMs).toISOString())
    }
    const list = await get('/v1.0/communications/callRecords?$filter=' + encodeURIComponent(`startDateTime ge ${new Date(nowMs - 6 * HOUR).toISOString()}`)).expect(200)
    for (const c of calls) expect(list.body.value.map((x: any) => x.id)).toContain(c.id)
  })

  it('retries a receiver that fails twice: it has the notification about 7 seconds later', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance, deliveries, graph } = setup()
    await subscribe(r)
    r.behaviour.failNext = 2
    await addCalls({ count: 1 })
    await graph.settled()
    expect(r.attempts).toBe(1)
    await advance(2000)
    expect(r.attempts).toBe(2)
    expect(r.notifications).toHaveLength(0)
    await advance(5000)
    expect(r.notifications).toHaveLength(1)
    const log = await deliveries()
    expect(log.attempts.map((a: any) => [a.status, a.outcome, a.attempt])).toEqual([[503, 'failed', 1], [503, 'failed', 2], [202, 'delivered', 3]])
    expect(log.attempts.map((a: any) => Date.parse(a.at) - nowMs)).toEqual([0, 2000, 7000])
  })

  it('drops a notification the receiver could not take for 4 hours, and records the drop', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance, deliveries, graph } = setup()
    const sub = await subscribe(r)
    r.behaviour.down = true
    const [call] = await addCalls({ count: 1 })
    await graph.settled()
    await advance('PT3H50M')
    expect((await deliveries()).dropped).toHaveLength(0)
    await advance('PT20M')
    const log = await deliveries()
    expect(log.dropped).toEqual([expect.objectContaining({ subscriptionId: sub.id, resource: `communications/callRecords/${call.id}`, changeType: 'created', reason: expect.stringMatching(/4 hours/) })])
    expect(log.stats).toMatchObject({ delivered: 0, dropped: 1, pending: 0 })
    expect(log.attempts.length).toBeGreaterThan(8)
    r.behaviour.down = false
    await advance('PT1H')
    expect(r.notifications).toHaveLength(0)
  })

  it('loses nothing while a receiver is down for less than 4 hours', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance } = setup()
    await subscribe(r)
    r.behaviour.down = true
    const calls = await addCalls({ count: 5 })
    await advance('PT2H')
    r.behaviour.down = false
    await advance('PT20M')
    expect(r.notifications.map((n) => n.resourceData.id).sort()).toEqual(calls.map((c) => c.id).sort())
  })

  it('keeps a dead receiver from holding up the others', async () => {
    const dead = await receiver()
    const alive = await receiver()
    const { subscribe, addCalls, graph } = setup({ delivery: { timeoutMs: 500 } })
    await subscribe(dead)
    await subscribe(alive)
    dead.behaviour.delayMs = 5000
    await addCalls({ count: 3 })
    await alive.waitFor(3, 2000)
    expect(alive.notifications).toHaveLength(3)
    await graph.settled()
  })

  it('sends a filtered subscription only the calls of its participants', async () => {
    const r = await receiver()
    const { subscribe, addCalls, graph } = setup()
    const user = graph.dataset.world.users[3]!.id
    await subscribe(r, { resource: `/communications/callRecords?$filter=participants/any(p:p/id eq '${user}')` })
    const mine = await addCalls({ count: 2, participantId: user })
    const others = await addCalls({ count: 6, kind: 'peerToPeer' })
    await graph.settled()
    const expected = [...mine, ...others].filter((c) => c.organizer_v2?.id === user || graph.store.get(c.id, graph.clock.now())!.plan.parties.some((p: any) => p.user?.id === user))
    expect(r.notifications.map((n) => n.resourceData.id).sort()).toEqual(expected.map((c) => c.id).sort())
    expect(r.notifications.length).toBeGreaterThanOrEqual(2)
  })

  it('sends updated for a new version to updated subscriptions only', async () => {
    const both = await receiver()
    const createdOnly = await receiver()
    const { subscribe, addCalls, api, graph, get } = setup()
    await subscribe(both, { changeType: 'updated' })
    await subscribe(createdOnly, { changeType: 'created' })
    const [call] = await addCalls({ count: 1 })
    await graph.settled()
    const v2 = await api.post(`/_mock/callRecords/${call.id}/versions`).expect(201)
    expect(v2.body.version).toBe(call.version + 1)
    await graph.settled()
    expect(both.notifications.map((n) => n.changeType)).toEqual(['created', 'updated'])
    expect(createdOnly.notifications.map((n) => n.changeType)).toEqual(['created'])
    expect((await get(`/v1.0/communications/callRecords/${call.id}`).expect(200)).body.version).toBe(call.version + 1)
  })

  it('stops at expiry unless renewed, and stops at once on DELETE', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance, api, get } = setup()
    const renewedSub = await subscribe(r, { expirationDateTime: inMinutes(60), notificationUrl: `${r.url}/renewed` })
    const lapsed = await subscribe(r, { expirationDateTime: inMinutes(60), notificationUrl: `${r.url}/lapsed` })
    const deleted = await subscribe(r, { notificationUrl: `${r.url}/deleted` })
    await api.patch(`/v1.0/subscriptions/${renewedSub.id}`).set(AUTH).send({ expirationDateTime: inMinutes(600) }).expect(200)
    await api.delete(`/v1.0/subscriptions/${deleted.id}`).set(AUTH).expect(204)
    await advance('PT61M')
    await get(`/v1.0/subscriptions/${lapsed.id}`).expect(404)
    await addCalls({ count: 1 })
    await advance(1)
    expect(r.received.map((x) => x.path)).toEqual(['/renewed'])
  })

  it('sends reauthorizationRequired to the lifecycle URL in the hour before expiry', async () => {
    const r = await receiver()
    const { subscribe, advance } = setup()
    const sub = await subscribe(r, { expirationDateTime: inMinutes(180), lifecycleNotificationUrl: `${r.url}/lifecycle` })
    await advance('PT1H59M')
    expect(r.received).toHaveLength(0)
    await advance('PT2M')
    expect(r.received.map((x) => x.path)).toEqual(['/lifecycle'])
    expect(r.notifications[0]).toEqual({
      subscriptionId: sub.id, subscriptionExpirationDateTime: inMinutes(180).replace('Z', '+00:00'), tenantId: expect.any(String), clientState: 'secret-state', lifecycleEvent: 'reauthorizationRequired',
    })
    await advance('PT16M')
    expect(r.notifications).toHaveLength(2)
  })

  it('notifies after the availability delay, and reset restores the seeded state', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance, api, get, graph } = setup({ availabilityDelayMs: 10 * MIN })
    await subscribe(r)
    const [call] = await addCalls({ count: 1 })
    await graph.settled()
    await get(`/v1.0/communications/callRecords/${call.id}`).expect(404)
    expect(r.notifications).toHaveLength(0)
    await advance('PT10M')
    expect(r.notifications).toHaveLength(1)
    await get(`/v1.0/communications/callRecords/${call.id}`).expect(200)
    await api.post('/_mock/reset').expect(204)
    await get(`/v1.0/communications/callRecords/${call.id}`).expect(404)
    expect((await get('/v1.0/subscriptions').expect(200)).body.value).toEqual([])
    expect((await api.get('/_mock/clock').expect(200)).body.now).toBe(new Date(nowMs).toISOString())
  })

  it('answers bad control requests with a 400 envelope', async () => {
    const { api } = setup()
    for (const body of [{ count: 0 }, { count: 'two' }, { count: 1, kind: 'telepathy' }, { count: 1, participantId: 'nobody' }]) {
      const res = await api.post('/_mock/callRecords').send(body).expect(400)
      expect(res.body.error.code).toBe('BadRequest')
    }
    await api.post('/_mock/clock').send({ advance: 'soon' }).expect(400)
    await api.post('/_mock/callRecords/nope/versions').expect(404)
  })
})

describe('slow-endpoint throttling (switched on)', () => {
  it('drops notifications for an endpoint once 15 % or more of 100+ deliveries took longer than 2,900 ms', async () => {
    const r = await receiver()
    const { subscribe, addCalls, deliveries, graph } = setup({ delivery: { throttleSlowEndpoints: true, timeoutMs: 6000, batchSize: 100 } })
    await subscribe(r)
    r.behaviour.delayMs = 3000
    await addCalls({ count: 100 })
    await graph.settled()
    expect(r.notifications).toHaveLength(100)
    r.behaviour.delayMs = 0
    await addCalls({ count: 1 })
    await graph.settled()
    const log = await deliveries()
    expect(log.attempts[0].outcome).toBe('slow')
    expect(log.dropped).toEqual([expect.objectContaining({ reason: expect.stringMatching(/too slow/) })])
    expect(r.notifications).toHaveLength(100)
  }, 20_000)

  it('is off by default: a slow receiver still gets everything', async () => {
    const r = await receiver()
    const { subscribe, addCalls, deliveries, graph } = setup({ delivery: { timeoutMs: 6000, batchSize: 100 } })
    await subscribe(r)
    r.behaviour.delayMs = 3000
    await addCalls({ count: 100 })
    await graph.settled()
    r.behaviour.delayMs = 0
    await addCalls({ count: 1 })
    await graph.settled()
    expect(r.notifications).toHaveLength(101)
    expect((await deliveries()).dropped).toEqual([])
  }, 20_000)
})

describe('after DELETE or expiry nothing more is sent', () => {
  it('drops the pending retries of a deleted subscription', async () => {
    const r = await receiver()
    const { subscribe, addCalls, advance, api, graph } = setup()
    const sub = await subscribe(r)
    r.behaviour.down = true
    await addCalls({ count: 2 })
    await graph.settled()
    const attempts = r.attempts
    await api.delete(`/v1.0/subscriptions/${sub.id}`).set(AUTH).expect(204)
    r.behaviour.down = false
    await advance('PT1H')
    expect(r.attempts).toBe(attempts)
    expect(r.notifications).toHaveLength(0)
    expect((await api.get('/_mock/deliveries').expect(200)).body.stats.pending).toBe(0)
  })

  it('holds the 100-subscription quota against concurrent requests', async () => {
    const r = await receiver()
    const { api } = setup()
    const body = { changeType: 'created', notificationUrl: `${r.url}/n`, resource: '/communications/callRecords', expirationDateTime: inMinutes(600) }
    const results = await Promise.all(Array.from({ length: 120 }, () => api.post('/v1.0/subscriptions').set(AUTH).send(body)))
    expect(results.filter((x) => x.status === 201)).toHaveLength(100)
    expect(results.filter((x) => x.status === 403)).toHaveLength(20)
  })
})

describe('calls added at run time', () => {
  it('are forgotten once they leave retention, so a long live run stays bounded', async () => {
    const { addCalls, advance, graph } = setup()
    const [old] = await addCalls({ count: 3 })
    expect(graph.store.addedPlans()).toHaveLength(3)
    await advance('P31D')
    await addCalls({ count: 1 })
    expect(graph.store.addedPlans()).toHaveLength(1)
    expect(graph.store.get(old.id, graph.clock.now())).toBeNull()
  })
})
