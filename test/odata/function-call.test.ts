import { describe, expect, it } from 'vitest'
import { parseDateTimeParam, parseFunctionSegment, type FunctionSegment } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

describe('parseFunctionSegment: the shapes clients send (sdk-requests.md)', () => {
  it.each<[string, Omit<FunctionSegment, 'entries'>]>([
    ['getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)', { name: 'getPstnCalls', qualified: false, params: { fromDateTime: '2019-11-01', toDateTime: '2019-12-01' } }],
    ['getPstnCalls(fromDateTime=2024-01-01T00:00:00Z,toDateTime=2024-01-31T00:00:00Z)', { name: 'getPstnCalls', qualified: false, params: { fromDateTime: '2024-01-01T00:00:00Z', toDateTime: '2024-01-31T00:00:00Z' } }],
    [
      'microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-01-01T00%3A00%3A00.000Z,toDateTime=2024-01-31T00%3A00%3A00.000Z)',
      { name: 'getPstnCalls', qualified: true, params: { fromDateTime: '2024-01-01T00:00:00.000Z', toDateTime: '2024-01-31T00:00:00.000Z' } },
    ],
    [
      'microsoft.graph.callRecords.getSmsLog(fromDateTime=2024-01-01T00%3A00%3A00.000Z,toDateTime=2024-01-31T00%3A00%3A00.000Z)',
      { name: 'getSmsLog', qualified: true, params: { fromDateTime: '2024-01-01T00:00:00.000Z', toDateTime: '2024-01-31T00:00:00.000Z' } },
    ],
    ['Microsoft.Graph.CallRecords.getDirectRoutingCalls(toDateTime=2019-12-01,fromDateTime=2019-11-01)', { name: 'getDirectRoutingCalls', qualified: true, params: { toDateTime: '2019-12-01', fromDateTime: '2019-11-01' } }],
    ['getPstnCalls%28fromDateTime%3D2019-11-01%2CtoDateTime%3D2019-12-01%29', { name: 'getPstnCalls', qualified: false, params: { fromDateTime: '2019-11-01', toDateTime: '2019-12-01' } }],
    ['  getPstnCalls ( fromDateTime = 2019-11-01 , toDateTime= 2019-12-01 )  ', { name: 'getPstnCalls', qualified: false, params: { fromDateTime: '2019-11-01', toDateTime: '2019-12-01' } }],
    ['getPstnCalls%20(fromDateTime=2024-01-01T00:00:00+02:00,toDateTime=2024-01-02T00:00:00-05:00)', { name: 'getPstnCalls', qualified: false, params: { fromDateTime: '2024-01-01T00:00:00+02:00', toDateTime: '2024-01-02T00:00:00-05:00' } }],
    ['getSmsLog()', { name: 'getSmsLog', qualified: false, params: {} }],
    ["getX(a='x,y',b='it''s')", { name: 'getX', qualified: false, params: { a: "'x,y'", b: "'it''s'" } }],
  ])('%s', (segment, expected) => {
    const { entries, ...rest } = parseFunctionSegment(segment) ?? { entries: [] }
    expect(rest).toEqual(expected)
    expect(entries).toEqual(Object.entries(expected.params))
  })

  it('keeps every piece in entries so the caller can refuse repeats and bare values', () => {
    expect(parseFunctionSegment('getPstnCalls(fromDateTime=2019-11-01,fromDateTime=2019-11-02,2019-12-01,)')).toEqual({
      name: 'getPstnCalls',
      qualified: false,
      params: { fromDateTime: '2019-11-01' },
      entries: [['fromDateTime', '2019-11-01'], ['fromDateTime', '2019-11-02'], ['2019-12-01', null], ['', null]],
    })
  })

  it.each([
    ['getPstnCalls'],
    ['e523d2ed-2966-4b6b-925b-754a88034cc5'],
    ['$count'],
    ['getPstnCalls(fromDateTime=2019-11-01'],
    ['(fromDateTime=2019-11-01)'],
    ['microsoft.graph.getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)'],
    ['other.ns.getPstnCalls(x=1)'],
    ['microsoft.graph.callRecords.(x=1)'],
    ['getPstnCalls(x=1)/more'],
  ])('%s is not a callRecords function call (null)', (segment) => {
    expect(parseFunctionSegment(segment)).toBeNull()
  })

  it('refuses malformed percent-encoding', () => {
    const err = odataError(() => parseFunctionSegment('getPstnCalls(fromDateTime=2019-11-01%ZZ)'))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest' })
    expect(err.message).toContain("'getPstnCalls(fromDateTime=2019-11-01%ZZ)'")
  })
})

describe('parseDateTimeParam', () => {
  it.each([
    ['2019-11-01', '2019-11-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.500Z'],
    ['2020-02-25T18:52:21.2169889Z', '2020-02-25T18:52:21.216Z'],
    ['2024-01-01T02:00:00+02:00', '2024-01-01T00:00:00.000Z'],
    ['2023-12-31T19:00:00-05:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00+14:00', '2023-12-31T10:00:00.000Z'],
    ['2024-01-01t00:00:00z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00Z', '2024-01-01T00:00:00.000Z'],
    [' 2019-11-01 ', '2019-11-01T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['0099-03-01', '0099-03-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s is %s', (value, iso) => {
    expect(new Date(parseDateTimeParam('fromDateTime', value)).toISOString()).toBe(iso)
  })

  it.each([
    ['2019-13-45', 'it is not a valid calendar date'],
    ['2019-02-29', 'it is not a valid calendar date'],
    ['2024-02-30', 'it is not a valid calendar date'],
    ['2024-04-31', 'it is not a valid calendar date'],
    ['1900-02-29', 'it is not a valid calendar date'],
    ['0000-01-01', 'it is not a valid calendar date'],
    ['2024-01-01T24:00:00Z', 'not a valid calendar date and time'],
    ['2024-01-01T23:60:00Z', 'not a valid calendar date and time'],
    ['2024-01-01T23:59:60Z', 'not a valid calendar date and time'],
    ['2024-01-01T00:00:00', 'a time zone is required'],
    ['2024-01-01T00:00:00.000', 'a time zone is required'],
    ['2024-01-01T00:00:00+14:01', 'offset must be between -14:00 and +14:00'],
    ['2024-01-01T00:00:00+02:60', 'offset must be between -14:00 and +14:00'],
    ['2024-01-01T00:00:00+0200', 'not an ISO 8601 date-time'],
    ['2024-01-01T00:00:00.12345678Z', 'not an ISO 8601 date-time'],
    ['2024-01-01 00:00:00Z', 'not an ISO 8601 date-time'],
    ['2024-1-1', 'not an ISO 8601 date-time'],
    ['20240101', 'not an ISO 8601 date-time'],
    ['1704067200000', 'not an ISO 8601 date-time'],
    ['', 'not an ISO 8601 date-time'],
    ["'2019-11-01'", 'must not be quoted'],
    ["'2024-01-01T00:00:00Z'", 'must not be quoted'],
    ['@from', 'not an ISO 8601 date-time'],
  ])('%j is refused: %s', (value, why) => {
    const err = odataError(() => parseDateTimeParam('fromDateTime', value))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', option: 'fromDateTime' })
    expect(err.message.startsWith(`The parameter 'fromDateTime' has an invalid value '${value}': `)).toBe(true)
    expect(err.message.endsWith('.')).toBe(true)
    expect(err.message).toContain(why)
  })

  it('names the parameter it was given', () => {
    expect(odataError(() => parseDateTimeParam('toDateTime', 'x')).message).toMatch(/^The parameter 'toDateTime' has an invalid value 'x': /)
  })
})
