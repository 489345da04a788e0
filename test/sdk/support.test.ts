/**
 * The checks the SDK tests rely on, checked themselves: the schema gate rejects bodies that are wrong,
 * and the registered Kiota builders expand the same URI templates as the generated package.
 */
import { describe, expect, it } from 'vitest'
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk'
import { AnonymousAuthenticationProvider } from '@microsoft/kiota-abstractions'
import { bodyProblem, CALL_RECORDS, responseDef, type Exchange } from './support.js'

const BASE = 'https://127.0.0.1:4000'
const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

function exchange(path: string, body: unknown, status = 200, contentType = JSON_TYPE): Exchange {
  return { method: 'GET', url: `${BASE}${path}`, requestHeaders: {}, status, responseHeaders: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

describe('responseDef', () => {
  it.each([
    ['/v1.0/communications/callRecords?$top=5', 'callRecordCollectionResponse'],
    ['/v1.0/communications/callRecords/abc?$expand=sessions($expand%3Dsegments)', 'callRecord'],
    ['/v1.0/communications/callRecords/abc/sessions?$top=2', 'sessionCollectionResponse'],
    ['/v1.0/communications/callRecords/abc/participants_v2', 'participantCollectionResponse'],
    ['/v1.0/communications/callRecords/abc/organizer_v2', 'organizer'],
    ['/beta/communications/callRecords/abc/sessions/def', 'session'],
  ])('%s → %s', (path, def) => {
    expect(responseDef(`${BASE}${path}`)).toBe(`${CALL_RECORDS}.${def}`)
  })

  it('$count paths carry no JSON', () => {
    expect(responseDef(`${BASE}/v1.0/communications/callRecords/$count`)).toBeNull()
    expect(responseDef(`${BASE}/v1.0/communications/callRecords/abc/sessions/$count`)).toBeNull()
  })
})

describe('bodyProblem', () => {
  it('rejects a record that breaks the schema', () => {
    const problem = bodyProblem(exchange('/v1.0/communications/callRecords/abc', { id: 'abc', type: 'notACallType', modalities: [] }))
    expect(problem).toMatch(/not a valid microsoft\.graph\.callRecords\.callRecord/)
  })

  it('rejects a collection whose value is not an array, and a non-JSON content type', () => {
    expect(bodyProblem(exchange('/v1.0/communications/callRecords', { value: {} }))).not.toBeNull()
    expect(bodyProblem(exchange('/v1.0/communications/callRecords', { value: [] }, 200, 'text/plain'))).toMatch(/content-type/)
  })

  it('accepts an empty collection page', () => {
    expect(bodyProblem(exchange('/v1.0/communications/callRecords', { '@odata.context': `${BASE}/v1.0/$metadata#communications/callRecords`, value: [] }))).toBeNull()
  })

  it('checks error envelopes: ids and a Graph-style innerError.date', () => {
    const inner = { date: '2026-11-29T00:00:00', 'request-id': 'r', 'client-request-id': 'c' }
    expect(bodyProblem(exchange('/v1.0/communications/callRecords/x', { error: { code: 'NotFound', message: 'm', innerError: inner } }, 404))).toBeNull()
    expect(bodyProblem(exchange('/v1.0/communications/callRecords/x', { error: { code: 'NotFound', message: 'm', innerError: { ...inner, date: '2026-11-29T00:00:00.000Z' } } }, 404))).toMatch(/innerError\.date/)
    expect(bodyProblem(exchange('/v1.0/communications/callRecords/x', { error: { message: 'm' } }, 404))).toMatch(/error\.code/)
  })

  it('$count bodies must be a bare number', () => {
    expect(bodyProblem(exchange('/v1.0/communications/callRecords/$count', '300', 200, 'text/plain'))).toBeNull()
    expect(bodyProblem(exchange('/v1.0/communications/callRecords/$count', '{"n":300}', 200, 'text/plain'))).toMatch(/not a number/)
  })
})

describe('registered communications builders (URI templates of the generated package)', () => {
  const adapter = new GraphRequestAdapter(new AnonymousAuthenticationProvider())
  adapter.baseUrl = `${BASE}/v1.0`
  const records = createGraphServiceClient(adapter).communications.callRecords

  it.each([
    ['list', () => records.toGetRequestInformation({ queryParameters: { top: 5, count: true } }), '/communications/callRecords?%24count=true&%24top=5'],
    ['item + expand', () => records.byCallRecordId('abc').toGetRequestInformation({ queryParameters: { expand: ['sessions($expand=segments)'] } }), '/communications/callRecords/abc?%24expand=sessions(%24expand%3Dsegments)'],
    ['sessions', () => records.byCallRecordId('abc').sessions.toGetRequestInformation({ queryParameters: { top: 2, expand: ['segments'] } }), '/communications/callRecords/abc/sessions?%24expand=segments&%24top=2'],
    ['one session', () => records.byCallRecordId('abc').sessions.bySessionId('s1').toGetRequestInformation(), '/communications/callRecords/abc/sessions/s1'],
    ['participants_v2', () => records.byCallRecordId('abc').participants_v2.toGetRequestInformation({ queryParameters: { top: 2 } }), '/communications/callRecords/abc/participants_v2?%24top=2'],
    ['organizer_v2', () => records.byCallRecordId('abc').organizer_v2.toGetRequestInformation(), '/communications/callRecords/abc/organizer_v2'],
    ['$count', () => records.count.toGetRequestInformation(), '/communications/callRecords/$count'],
    ['getPstnCalls', () => records.microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(new Date('2024-01-01T00:00:00Z'), new Date('2024-01-31T00:00:00Z')).toGetRequestInformation({ queryParameters: { top: 2, count: true } }),
      '/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-01-01T00%3A00%3A00.000Z,toDateTime=2024-01-31T00%3A00%3A00.000Z)?%24count=true&%24top=2'],
    ['getDirectRoutingCalls', () => records.microsoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(new Date('2024-01-01T00:00:00Z'), new Date('2024-01-31T00:00:00Z')).toGetRequestInformation(),
      '/communications/callRecords/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2024-01-01T00%3A00%3A00.000Z,toDateTime=2024-01-31T00%3A00%3A00.000Z)'],
  ])('%s', (_name, build, path) => {
    // RequestInformation.URL is before ParametersNameDecodingHandler turns %24 back into $ on the wire
    expect(build().URL).toBe(`${BASE}/v1.0${path}`)
  })
})
