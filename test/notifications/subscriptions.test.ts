import request from 'supertest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AUTH, BASE, NOW, startGraph } from '../support/graph.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'

const MIN = 60_000
const nowMs = Date.parse(NOW)
const inMinutes = (m: number) => new Date(nowMs + m * MIN).toISOString()

let receiver: WebhookReceiver
beforeEach(async () => {
  receiver = new WebhookReceiver()
  await receiver.start()
})
afterEach(async () => {
  await receiver.stop()
})

function setup(o: Parameters<typeof startGraph>[0] = {}) {
  const g = startGraph({ validationTimeoutMs: 1000, ...o })
  const post = (path: string, body: unknown) => request(g.graph.app).post(path).set(AUTH).send(body as object)
  const subscribe = (over: Record<string, unknown> = {}) =>
    post('/v1.0/subscriptions', {
      changeType: 'created',
      notificationUrl: `${receiver.url}/notify?tenant=contoso`,
      resource: '/communications/callRecords',
      expirationDateTime: inMinutes(2000),
      clientState: 'secret',
      ...over,
    })
  return { ...g, post, subscribe }
}

describe('POST /subscriptions', () => {
  it('validates the receiver with the decoded token, then answers 201 shaped like Graph', async () => {
    const { subscribe } = setup()
    const res = await subscribe().expect(201)
    expect(receiver.validations).toHaveLength(1)
    const v = receiver.validations[0]!
    expect(v.path).toBe('/notify')
    expect(v.query.get('tenant')).toBe('contoso')
    expect(v.contentType).toMatch(/^text\/plain/)
    expect(v.query.get('validationToken')).toMatch(/^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/)
    expect(res.body).toMatchObject({
      '@odata.context': `${BASE}/v1.0/$metadata#subscriptions/$entity`,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resource: '/communications/callRecords',
      changeType: 'created',
      clientState: 'secret',
      notificationUrl: `${receiver.url}/notify?tenant=contoso`,
      lifecycleNotificationUrl: null,
      expirationDateTime: inMinutes(2000).replace(/\.\d+Z$/, '.000Z'),
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
    })
  })

  it.each([
    ['wrong', /must respond with 200 OK/],
    ['encoded', /decoded validationToken/],
    ['status500', /answered 500/],
    ['silent', /no response within 1000 ms/],
  ] as const)('refuses the subscription when the receiver answers the handshake %s', async (behaviour, message) => {
    const { subscribe, get } = setup()
    receiver.behaviour.validation = behaviour
    const res = await subscribe().expect(400)
    expect(res.body.error.message).toMatch(/^Subscription validation request failed/)
    expect(res.body.error.message).toMatch(message)
    expect((await get('/v1.0/subscriptions').expect(200)).body.value).toEqual([])
  })

  it('validates the lifecycleNotificationUrl too', async () => {
    const { subscribe } = setup()
    await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` }).expect(201)
    expect(receiver.validations.map((v) => v.path)).toEqual(['/notify', '/lifecycle'])
  })

  it.each([
    [{ resource: '/me/messages' }, 400, /only/],
    [{ resource: 'communications/callRecords' }, 201, null],
    [{ resource: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a' or p/id eq 'b')" }, 201, null],
    [{ resource: "/communications/callRecords?$filter=participants/any(p:p/id in ('a','b'))" }, 201, null],
    [{ resource: "/communications/callRecords?$filter=participants_v2/any(p:p/id eq 'a')" }, 400, /filter/],
    [{ changeType: 'deleted' }, 400, /'deleted' is not supported/],
    [{ changeType: 'created,moved' }, 400, /'moved' is not valid/],
    [{ expirationDateTime: undefined }, 400, /expirationDateTime is a required property/],
    [{ expirationDateTime: inMinutes(4231) }, 400, /4230 minutes/],
    [{ expirationDateTime: 'soon' }, 400, /Could not process subscription creation payload/],
    [{ clientState: 'x'.repeat(129) }, 400, /128/],
    [{ includeResourceData: true }, 400, /Rich notifications/],
    [{ colour: 'blue' }, 400, /Could not process subscription creation payload/],
    [{ notificationUrl: 'http://example.com/notify' }, 400, /https/],
    [{ notificationUrl: 'not a url' }, 400, /absolute URL/],
  ])('%j → %i', async (over, status, message) => {
    const { subscribe } = setup()
    const res = await subscribe(over).expect(status)
    if (message) expect(res.body.error.message).toMatch(message)
  })

  it('raises an expiration under 45 minutes to 45 minutes', async () => {
    const { subscribe } = setup()
    const res = await subscribe({ expirationDateTime: inMinutes(5) }).expect(201)
    expect(res.body.expirationDateTime).toBe(new Date(nowMs + 45 * MIN).toISOString())
  })

  it('answers malformed JSON with a 400, and refuses http receivers off loopback when asked to', async () => {
    const { graph } = setup()
    const bad = await request(graph.app).post('/v1.0/subscriptions').set(AUTH).set('Content-Type', 'application/json').send('{"changeType":').expect(400)
    expect(bad.body.error.code).toBe('InvalidRequest')
    expect(bad.body.error.message).toMatch(/^Could not process subscription creation payload/)
    const strict = setup({ allowLoopbackHttp: false })
    await strict.subscribe().expect(400)
  })

  it('allows at most 100 subscriptions per tenant (403 beyond)', async () => {
    const { subscribe } = setup()
    for (let i = 0; i < 100; i++) await subscribe().expect(201)
    const res = await subscribe().expect(403)
    expect(res.body.error.message).toMatch(/100/)
  })
})

describe('GET, PATCH, DELETE and reauthorize', () => {
  it('lists without clientState, gets, renews, reauthorizes and deletes', async () => {
    const { subscribe, get, graph } = setup()
    const id = (await subscribe().expect(201)).body.id
    const list = await get('/v1.0/subscriptions').expect(200)
    expect(list.body['@odata.context']).toBe(`${BASE}/v1.0/$metadata#subscriptions`)
    expect(list.body.value).toHaveLength(1)
    expect(list.body.value[0].clientState).toBeNull()
    expect((await get(`/v1.0/subscriptions/${id}`).expect(200)).body.clientState).toBe('secret')
    const renewed = await request(graph.app).patch(`/v1.0/subscriptions/${id}`).set(AUTH).send({ expirationDateTime: inMinutes(4000) }).expect(200)
    expect(renewed.body.expirationDateTime).toBe(new Date(nowMs + 4000 * MIN).toISOString())
    await request(graph.app).patch(`/v1.0/subscriptions/${id}`).set(AUTH).send({ expirationDateTime: inMinutes(5000) }).expect(400)
    await request(graph.app).patch(`/v1.0/subscriptions/${id}`).set(AUTH).send({ lifecycleNotificationUrl: `${receiver.url}/x` }).expect(400)
    await request(graph.app).post(`/v1.0/subscriptions/${id}/reauthorize`).set(AUTH).expect(204)
    await request(graph.app).delete(`/v1.0/subscriptions/${id}`).set(AUTH).expect(204)
    await get(`/v1.0/subscriptions/${id}`).expect(404)
    await request(graph.app).delete(`/v1.0/subscriptions/${id}`).set(AUTH).expect(404)
  })

  it('validates a changed notificationUrl again', async () => {
    const { subscribe, graph } = setup()
    const id = (await subscribe().expect(201)).body.id
    receiver.behaviour.validation = 'wrong'
    await request(graph.app).patch(`/v1.0/subscriptions/${id}`).set(AUTH).send({ notificationUrl: `${receiver.url}/elsewhere` }).expect(400)
    receiver.behaviour.validation = 'echo'
    const ok = await request(graph.app).patch(`/v1.0/subscriptions/${id}`).set(AUTH).send({ notificationUrl: `${receiver.url}/elsewhere` }).expect(200)
    expect(ok.body.notificationUrl).toBe(`${receiver.url}/elsewhere`)
  })
})
