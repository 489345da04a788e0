import { describe, expect, it } from 'vitest'
import { expandContextFragment, parseExpand, validateExpand, type ExpandItem, type ExpandTree } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

const RECORD = 'microsoft.graph.callRecords.callRecord'
const ALLOWED: ExpandTree = { sessions: { segments: {} }, participants_v2: {} }

describe('parseExpand: accepted forms', () => {
  it.each<[string, ExpandItem[]]>([
    ['sessions', [{ name: 'sessions' }]],
    ['participants_v2', [{ name: 'participants_v2' }]],
    ['sessions($expand=segments)', [{ name: 'sessions', expand: [{ name: 'segments' }] }]],
    ['sessions($EXPAND=segments)', [{ name: 'sessions', expand: [{ name: 'segments' }] }]],
    ['sessions($expand=segments;$select=id)', [{ name: 'sessions', expand: [{ name: 'segments' }], select: ['id'] }]],
    ['sessions($Select=id,startDateTime;$expand=segments)', [{ name: 'sessions', select: ['id', 'startDateTime'], expand: [{ name: 'segments' }] }]],
    ['sessions($expand=segments($select=id))', [{ name: 'sessions', expand: [{ name: 'segments', select: ['id'] }] }]],
    ['sessions($expand=segments($select=id,media);$select=id)', [{ name: 'sessions', expand: [{ name: 'segments', select: ['id', 'media'] }], select: ['id'] }]],
    ['sessions,participants_v2', [{ name: 'sessions' }, { name: 'participants_v2' }]],
    ['sessions($expand=segments),participants_v2', [{ name: 'sessions', expand: [{ name: 'segments' }] }, { name: 'participants_v2' }]],
    ['  sessions ( $expand = segments ; $select = id ) , participants_v2  ', [{ name: 'sessions', expand: [{ name: 'segments' }], select: ['id'] }, { name: 'participants_v2' }]],
  ])('%j', (value, expected) => {
    expect(parseExpand(value)).toEqual(expected)
  })
})

describe('parseExpand: refused forms', () => {
  it.each([
    ['', 'a navigation property name is missing at position 1'],
    ['   ', 'a navigation property name is missing'],
    [',sessions', 'a navigation property name is missing at position 1'],
    ['sessions,', 'a navigation property name is missing at position 10'],
    ['sessions,,participants_v2', 'a navigation property name is missing at position 10'],
    ['sessions(', "missing ')' after the options of 'sessions'"],
    ['sessions($expand=segments', "missing ')' after the options of 'sessions'"],
    ['sessions($expand=segments))', "unbalanced ')' at position 27"],
    ['sessions)', "unbalanced ')' at position 9"],
    ['sessions()', "empty parentheses after 'sessions'"],
    ['sessions($expand=)', 'a navigation property name is missing at position 18'],
    ['sessions($expand=segments;)', "expected a query option such as $expand or $select at position 27 inside 'sessions(…)'"],
    ['sessions($expand)', "expected '=' after '$expand' inside 'sessions(…)'"],
    ['sessions($expand=segments;$EXPAND=segments)', "'$expand' is specified more than once inside 'sessions(…)'"],
    ['sessions($top=5)', "the query option '$top' is not supported inside 'sessions(…)'"],
    ['sessions($filter=id eq 1)', "the query option '$filter' is not supported inside 'sessions(…)'"],
    ['sessions($levels=max)', "the query option '$levels' is not supported"],
    ['sessions(expand=segments)', "'expand' is not a query option (inside 'sessions(…)')"],
    ['sessions($expand=segments $select=id)', "unexpected '$' at position 27; separate nested options with ';'"],
    ['sessions participants_v2', "unexpected 'p' at position 10; separate navigations with ','"],
    ['sessions/$ref', "unexpected '/' at position 9"],
    ['*', "'*' at position 1 cannot start a navigation property name"],
    ['microsoft.graph.x', "unexpected '.' at position 10"],
    ['sessions,sessions', "'sessions' is expanded more than once"],
    ['sessions,Sessions', "'Sessions' is expanded more than once"],
    ['sessions($select=)', "Invalid value '' for query option '$select inside $expand=sessions(…)'"],
    ['a($expand=b($expand=c($expand=d($expand=e($expand=f)))))', '$expand may be nested at most 5 levels deep'],
  ])('%j', (value, fragment) => {
    const err = odataError(() => parseExpand(value))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest' })
    expect(err.message).toContain(fragment)
    expect(err.option === '$expand' || err.option === '$select').toBe(true)
  })

  it('names the whole $expand value in the message', () => {
    expect(odataError(() => parseExpand('sessions(')).message).toBe("Invalid value 'sessions(' for query option '$expand': missing ')' after the options of 'sessions'.")
  })

  it('handles deep unbalanced input without overflowing the stack', () => {
    const value = 'a($expand='.repeat(5000)
    expect(odataError(() => parseExpand(value)).message).toContain('at most 5 levels')
  })
})

describe('validateExpand', () => {
  it.each<[string, ExpandItem[]]>([
    ['sessions($expand=segments)', [{ name: 'sessions', expand: [{ name: 'segments' }] }]],
    ['Sessions($expand=Segments)', [{ name: 'sessions', expand: [{ name: 'segments' }] }]],
    ['PARTICIPANTS_V2', [{ name: 'participants_v2' }]],
    ['sessions($select=ID)', [{ name: 'sessions', select: ['id'] }]],
  ])('%j resolves to declared names', (value, expected) => {
    const props = { 'microsoft.graph.callRecords.session': ['id', 'startDateTime', 'endDateTime'] }
    expect(validateExpand(parseExpand(value), ALLOWED, RECORD, { properties: props })).toEqual(expected)
  })

  it('keeps a nested $select as written when the nested type has no property list', () => {
    expect(validateExpand(parseExpand('sessions($select=Whatever)'), ALLOWED, RECORD)).toEqual([{ name: 'sessions', select: ['Whatever'] }])
  })

  it.each([
    ['x', ALLOWED, "Could not find a property named 'x' on type 'microsoft.graph.callRecords.callRecord'."],
    ['participants', ALLOWED, "Could not find a property named 'participants' on type 'microsoft.graph.callRecords.callRecord'."],
    ['sessions($expand=media)', ALLOWED, "Could not find a property named 'media' on type 'microsoft.graph.callRecords.session'."],
    ['participants_v2($expand=segments)', ALLOWED, "Could not find a property named 'segments' on type 'microsoft.graph.callRecords.participant'."],
    ['sessions($select=nope)', ALLOWED, "Could not find a property named 'nope' on type 'microsoft.graph.callRecords.session'."],
    ['sessions', { participants_v2: {} }, "Could not find a property named 'sessions' on type 'microsoft.graph.callRecords.callRecord'."],
  ])('%j is refused', (value, allowed, message) => {
    const props = { 'microsoft.graph.callRecords.session': ['id'] }
    const err = odataError(() => validateExpand(parseExpand(value), allowed, RECORD, { properties: props }))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', message })
  })

  it('uses the caller-supplied type names one level down', () => {
    const err = odataError(() => validateExpand(parseExpand('segments($expand=x)'), { segments: {} }, 'microsoft.graph.callRecords.session', { navTypes: { segments: 'my.segment' } }))
    expect(err.message).toBe("Could not find a property named 'x' on type 'my.segment'.")
  })
})

describe('expandContextFragment', () => {
  it.each([
    ['sessions', 'sessions()'],
    ['participants_v2', 'participants_v2()'],
    ['sessions($expand=segments)', 'sessions(segments())'],
    ['sessions($expand=segments),participants_v2', 'sessions(segments()),participants_v2()'],
    ['sessions($select=id)', 'sessions(id)'],
    ['sessions($expand=segments;$select=id,startDateTime)', 'sessions(id,startDateTime,segments())'],
    ['sessions($expand=segments($select=id))', 'sessions(segments(id))'],
  ])('%j gives %j', (value, fragment) => {
    expect(expandContextFragment(parseExpand(value))).toBe(fragment)
  })

  it('is empty for no items', () => {
    expect(expandContextFragment([])).toBe('')
  })
})
