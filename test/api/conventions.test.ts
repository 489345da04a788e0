import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { jwt, NOW, startGraph } from '../support/graph.js'

describe('Graph conventions on every response', () => {
  it('sends request-id, echoes client-request-id, Date from the server clock, OData-Version and Graph\'s content type', async () => {
    const { get, clock } = startGraph()
    clock.advance(90_000)
    const res = await get('/v1.0/communications/callRecords?$top=1', { 'client-request-id': '11111111-2222-3333-4444-555555555555' }).expect(200)
    expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers['client-request-id']).toBe('11111111-2222-3333-4444-555555555555')
    expect(res.headers.date).toBe(new Date(Date.parse(NOW) + 90_000).toUTCString())
    expect(res.headers['odata-version']).toBe('4.0')
    expect(res.headers['content-type']).toBe('application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8')
    expect(res.headers).not.toHaveProperty('x-powered-by')
    const err = await get('/v1.0/communications/callRecords/nope').expect(404)
    expect(err.body.error.innerError).toEqual({ date: '2026-11-29T00:01:30', 'request-id': err.headers['request-id'], 'client-request-id': err.headers['request-id'] })
  })

  it('does not echo a client-request-id that is not a plain token', async () => {
    const { get } = startGraph()
    const res = await get('/v1.0/communications/callRecords?$top=1', { 'client-request-id': '<script>alert(1)</script>' }).expect(200)
    expect(res.headers['client-request-id']).toBe(res.headers['request-id'])
  })

  it('replaces evolvable enum members unless Prefer: include-unknown-enum-members, and omits nulls on request', async () => {
    const { get, graph } = startGraph({ records: 400 })
    const i = [...Array(400).keys()].find((k) => JSON.stringify(graph.dataset.record(k)).includes('"azureCommunicationServices"'))
    expect(i).toBeDefined()
    const path = `/v1.0/communications/callRecords/${graph.dataset.plan(i!).id}?$expand=sessions($expand=segments)`
    const plain = await get(path).expect(200)
    expect(plain.text).not.toContain('azureCommunicationServices')
    expect(plain.text).toContain('"productFamily":"unknownFutureValue"')
    const asked = await get(path, { Prefer: 'include-unknown-enum-members' }).expect(200)
    expect(asked.text).toContain('"productFamily":"azureCommunicationServices"')
    expect(asked.headers['preference-applied']).toBe('include-unknown-enum-members')
    const lean = await get(path, { Prefer: 'omit-values=nulls, include-unknown-enum-members' }).expect(200)
    expect(lean.text).not.toContain(':null')
    expect(lean.headers['preference-applied']).toBe('omit-values=nulls, include-unknown-enum-members')
  })

  it('gives the same bodies for the same seed, on every run', async () => {
    const a = startGraph()
    const b = startGraph()
    for (const path of ['/v1.0/communications/callRecords?$top=20', `/beta/communications/callRecords/${a.graph.dataset.plan(7).id}?$expand=sessions($expand=segments)`]) {
      expect((await b.get(path).expect(200)).text).toBe((await a.get(path).expect(200)).text)
    }
  })
})

describe('authentication like Graph', () => {
  const path = '/v1.0/communications/callRecords?$top=1'
  it.each([
    ['no header', undefined, 401, 'InvalidAuthenticationToken'],
    ['an empty bearer', 'Bearer ', 401, 'InvalidAuthenticationToken'],
    ['a Basic header', 'Basic dXNlcjpwdw==', 401, 'InvalidAuthenticationToken'],
    ['a delegated token (scp, no roles)', `Bearer ${jwt({ scp: 'User.Read' })}`, 403, 'Forbidden'],
    ['an app token without the role', `Bearer ${jwt({ roles: ['User.Read.All'] })}`, 403, 'Forbidden'],
  ])('rejects %s', async (_name, header, status, code) => {
    const { graph } = startGraph()
    const req = request(graph.app).get(path)
    if (header !== undefined) req.set('Authorization', header)
    const res = await req.expect(status)
    expect(res.body.error.code).toBe(code)
    expect(res.text).not.toContain('dXNlcjpwdw')
  })

  it('accepts an app token with CallRecords.Read.All, and any opaque token unless strict', async () => {
    const { graph } = startGraph()
    await request(graph.app).get(path).set('Authorization', `Bearer ${jwt({ roles: ['CallRecords.Read.All'] })}`).expect(200)
    await request(graph.app).get(path).set('Authorization', 'Bearer opaque').expect(200)
    const strict = startGraph({ auth: 'strict' })
    await request(strict.graph.app).get(path).set('Authorization', 'Bearer opaque').expect(401)
    await request(strict.graph.app).get(path).set('Authorization', `Bearer ${jwt({ roles: ['CallRecords.Read.All'] })}`).expect(200)
    const off = startGraph({ auth: 'off' })
    await request(off.graph.app).get(path).expect(200)
  })
})

describe('bad requests get a Graph-shaped 4xx, never a 500', () => {
  it.each([
    ['POST', '/v1.0/communications/callRecords', 405],
    ['DELETE', '/v1.0/communications/callRecords/abc', 405],
    ['PATCH', '/beta/communications/callRecords/abc/sessions', 405],
    ['GET', '/v1.0/communications/calls', 400],
    ['GET', '/v1.0/me', 400],
    ['GET', '/v2.0/communications/callRecords', 400],
    ['GET', '/', 404],
    ['GET', '/v1.0/communications/callRecords/abc/segments', 404],
    ['GET', '/v1.0/communications/callRecords/%E0%A4%A', 400],
    ['GET', '/v1.0/communications/callRecords?$filter=%E0%A4%A', 400],
    ['GET', '/v1.0/communications/callRecords?$filter=participants_v2/any(p:p/id eq \'unterminated)', 400],
    ['GET', `/v1.0/communications/callRecords?$select=${'x'.repeat(5000)}`, 400],
    ['GET', '/v1.0/communications/callRecords?$expand=sessions((', 400],
  ])('%s %s → %i', async (method, path, status) => {
    const { graph } = startGraph()
    const res = await (request(graph.app) as any)[method.toLowerCase()](path).set('Authorization', 'Bearer t').expect(status)
    expect(res.body.error).toEqual({
      code: expect.any(String),
      message: expect.any(String),
      innerError: { date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': expect.any(String), 'client-request-id': expect.any(String) },
    })
    expect(res.text.length).toBeLessThan(1200)
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/)
  })
})
