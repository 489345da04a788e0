import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { streamFor } from '../../generators/index.js'
import { startGraph } from '../support/graph.js'

const PATHS = ['', '/v1.0', '/beta', '/v1.0/communications', '/v1.0/communications/callRecords', '/beta/communications/callRecords/{id}',
  '/v1.0/communications/callRecords/{id}/sessions', '/v1.0/communications/callRecords/{id}/participants_v2', '/v1.0/communications/callRecords/{id}/organizer_v2',
  '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-11-20)', '/beta/communications/callRecords/microsoft.graph.callRecords.getSmsLog(fromDateTime=x)',
  '/v1.0/subscriptions', '/v1.0/subscriptions/{id}', '/_mock/callRecords', '/_mock/clock', '/_mock/nothing', '/v1.0/communications/callRecords/{id}/sessions/{id}/segments']
const JUNK = ['%', '%zz', '%E0%A4%A', "'", '"', '<script>', '(', ')', '((', '$', '$$', '&', '=', '==', ',', ';', '\u00e9', '%00', '..', '/', '*', ' ', '%20', 'null', '-1', '9999999999999', '1e9', 'true']
const OPTIONS = ['$top', '$skip', '$skiptoken', '$select', '$expand', '$filter', '$count', '$orderby', '$search', '$format', '$TOP', '%24top', '$', 'foo', '$foo']
const METHODS = ['get', 'post', 'patch', 'delete', 'put'] as const

describe('fuzz: odd requests never get a 500', () => {
  it('answers 600 seeded random requests with a status below 500 and, for errors, Graph\'s envelope', async () => {
    const { graph } = startGraph({ records: 50 })
    const rng = streamFor(2026, 'fuzz')
    const id = graph.dataset.plan(3).id
    const failures: string[] = []
    for (let n = 0; n < 600; n++) {
      let path = rng.pick(PATHS).replace(/\{id\}/g, () => (rng.chance(0.6) ? id : rng.pick(JUNK)))
      if (rng.chance(0.3)) path += '/' + rng.pick(JUNK)
      const q: string[] = []
      for (let k = rng.int(0, 3); k > 0; k--) q.push(`${rng.pick(OPTIONS)}=${[rng.pick(JUNK), rng.pick(JUNK)].join(rng.chance(0.5) ? '' : 'eq ')}`)
      const url = (path || '/') + (q.length ? `?${q.join('&')}` : '')
      const method = rng.chance(0.8) ? 'get' : rng.pick(METHODS)
      let req = (request(graph.app) as any)[method](url).set('Authorization', 'Bearer t')
      if (method !== 'get' && rng.chance(0.5)) req = req.set('Content-Type', 'application/json').send(rng.chance(0.5) ? '{"broken":' : JSON.stringify({ count: rng.pick(JUNK) }))
      let res
      try {
        res = await req
      } catch (e) {
        failures.push(`${method.toUpperCase()} ${url}: client error ${(e as Error).message}`)
        continue
      }
      if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url}: ${res.status} ${res.text.slice(0, 200)}`)
      else if (res.status >= 400 && !(res.body?.error?.code && typeof res.body.error.message === 'string' && res.body.error.innerError?.['request-id'])) {
        failures.push(`${method.toUpperCase()} ${url}: ${res.status} without Graph's envelope: ${res.text.slice(0, 200)}`)
      }
    }
    expect(failures).toEqual([])
  }, 60_000)
})
