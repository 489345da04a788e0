import { describe, expect, it } from 'vitest'
import { parseSelect, validateSelect } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

const CALL_RECORD_PROPS = ['id', 'version', 'type', 'modalities', 'lastModifiedDateTime', 'startDateTime', 'endDateTime', 'joinWebUrl', 'organizer_v2']

describe('parseSelect', () => {
  it.each([
    ['id', ['id']],
    [' id , type ', ['id', 'type']],
    ['id,type,id', ['id', 'type']],
    ['_private,x1', ['_private', 'x1']],
  ])('%j', (value, expected) => {
    expect(parseSelect(value)).toEqual(expected)
  })

  it.each([' ', 'id,', ',id', 'id type', 'a.b', '1id', 'id,*'])('refuses %j', (value) => {
    expect(odataError(() => parseSelect(value))).toMatchObject({ status: 400, option: '$select' })
  })

  it('names the context it was given, for nested $select', () => {
    expect(odataError(() => parseSelect('', '$select inside $expand=sessions(…)')).message).toContain("'$select inside $expand=sessions(…)'")
  })
})

describe('validateSelect', () => {
  it.each([
    [['id', 'type'], ['id', 'type']],
    [['ID', 'StartDateTime'], ['id', 'startDateTime']],
    [['id', 'Id'], ['id']],
    [[], []],
  ])('%j resolves to %j', (select, expected) => {
    expect(validateSelect(select, CALL_RECORD_PROPS)).toEqual(expected)
  })

  it.each([
    [['foo'], undefined, "Could not find a property named 'foo' on type 'microsoft.graph.callRecords.callRecord'."],
    [['id', 'sessions'], undefined, "Could not find a property named 'sessions' on type 'microsoft.graph.callRecords.callRecord'."],
    [['bar'], 'microsoft.graph.callRecords.session', "Could not find a property named 'bar' on type 'microsoft.graph.callRecords.session'."],
  ])('%j is refused with Graph wording', (select, typeName, message) => {
    const err = odataError(() => validateSelect(select, CALL_RECORD_PROPS, typeName))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', option: '$select', message })
  })
})
