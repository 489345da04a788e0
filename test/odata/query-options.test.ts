import { describe, expect, it } from 'vitest'
import { parseQueryOptions, SYSTEM_OPTIONS, type SystemOption } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

const ALL: readonly SystemOption[] = SYSTEM_OPTIONS
const LIST: readonly SystemOption[] = ['$top', '$skiptoken', '$select', '$filter', '$count']
const GET: readonly SystemOption[] = ['$select', '$expand']
const JAN1 = Date.parse('2024-01-01T00:00:00Z')

describe('parseQueryOptions: the exact queries the SDKs send (sdk-requests.md)', () => {
  it.each([
    ['graph-client top+count', '$top=5&$count=true', LIST, { top: 5, count: true }],
    ['Kiota alphabetical order', '$count=true&$top=5', LIST, { top: 5, count: true }],
    ['graph-client page 2', '$top=5&$skiptoken=page2', LIST, { top: 5, skiptoken: 'page2' }],
    [
      'Kiota $filter + $select',
      '$filter=startDateTime%20ge%202024-01-01T00%3A00%3A00Z&$select=id,type',
      LIST,
      { filter: { start: { ge: JAN1 }, participantIds: [] }, select: ['id', 'type'] },
    ],
    ['graph-client expand', '$expand=sessions($expand=segments)', GET, { expand: [{ name: 'sessions', expand: [{ name: 'segments' }] }] }],
    ['Kiota expand (%3D)', '$expand=sessions($expand%3Dsegments)', GET, { expand: [{ name: 'sessions', expand: [{ name: 'segments' }] }] }],
    ['participants_v2', '$expand=participants_v2', GET, { expand: [{ name: 'participants_v2' }] }],
    ['sessions expand+top', '$expand=segments&$top=2', ['$expand', '$top'] as SystemOption[], { expand: [{ name: 'segments' }], top: 2 }],
    ['function count+top (Kiota)', '$count=true&$top=2', ['$top', '$skip', '$count'] as SystemOption[], { count: true, top: 2 }],
    ['function next page', '$skip=1000', ['$top', '$skip', '$count'] as SystemOption[], { skip: 1000 }],
  ])('%s: %s', (_label, query, allowed, expected) => {
    const { raw, ...parsed } = parseQueryOptions(query, allowed)
    expect(parsed).toEqual(expected)
    expect(Object.keys(raw).length).toBe(Object.keys(expected).length)
  })
})

describe('parseQueryOptions: names', () => {
  it.each([
    ['$skipToken=abc', 'skiptoken', 'abc'],
    ['$SkipToken=abc', 'skiptoken', 'abc'],
    ['$TOP=3', 'top', 3],
    ['%24top=3', 'top', 3],
    ['%24Count=TRUE', 'count', true],
  ])('%s is accepted case-insensitively', (query, key, value) => {
    expect(parseQueryOptions(query, ALL)).toMatchObject({ [key]: value })
  })

  it('keys raw by canonical lower-case name, in request order, with decoded values', () => {
    const q = parseQueryOptions('$Filter=startDateTime%20lt%202024-01-01T00:00:00Z&$TOP=3&$skipToken=a-b_c', ALL)
    expect(q.raw).toEqual({ $filter: 'startDateTime lt 2024-01-01T00:00:00Z', $top: '3', $skiptoken: 'a-b_c' })
    expect(Object.keys(q.raw)).toEqual(['$filter', '$top', '$skiptoken'])
  })

  it.each([
    ['', {}],
    ['?', {}],
    ['?$top=1', { top: 1 }],
    ['top=5&count=true', {}],
    ['api-version=1&foo=%zz&$top=1', { top: 1 }],
    ['=sessions(=segments)', {}],
    ['&&$top=1&', { top: 1 }],
  ])('ignores non-$ parameters and empty pieces: %j', (query, expected) => {
    const { raw, ...parsed } = parseQueryOptions(query, ALL)
    expect(parsed).toEqual(expected)
    expect(Object.keys(raw)).toEqual(Object.keys(expected).map((k) => `$${k}`))
  })

  it.each([
    ['$foo=1', LIST, "Query option '$foo' is not supported.", '$foo'],
    ['$Levels=2', LIST, "Query option '$Levels' is not supported.", '$Levels'],
    ['$orderby=startDateTime', LIST, "Query option '$orderby' is not supported for this request.", '$orderby'],
    ['$EXPAND=sessions', LIST, "Query option '$expand' is not supported for this request.", '$expand'],
    ['$top=1&$top=2', LIST, "Query option '$top' was specified more than once, but it must be specified at most once.", '$top'],
    ['$top=1&$TOP=1', LIST, "Query option '$top' was specified more than once, but it must be specified at most once.", '$top'],
    ['$skiptoken=a&$skipToken=b', LIST, "Query option '$skiptoken' was specified more than once, but it must be specified at most once.", '$skiptoken'],
    // names are checked before values: the unsupported option wins over the bad $top
    ['$top=x&$orderby=id', LIST, "Query option '$orderby' is not supported for this request.", '$orderby'],
  ])('%s is refused', (query, allowed, message, option) => {
    const err = odataError(() => parseQueryOptions(query, allowed))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', message, option })
  })

  it('truncates a huge unknown option name to 200 characters in the message', () => {
    const name = `$${'x'.repeat(5000)}`
    const err = odataError(() => parseQueryOptions(`${name}=1`, ALL))
    const echoed = /'(.*)'/.exec(err.message)?.[1] ?? ''
    expect(echoed).toHaveLength(200)
    expect(echoed.endsWith('…')).toBe(true)
  })
})

describe('parseQueryOptions: decoding', () => {
  it.each([
    ['+ is a space outside $skiptoken', '$filter=startDateTime+ge+2024-01-01T00:00:00Z', { $filter: 'startDateTime ge 2024-01-01T00:00:00Z' }],
    ['%2B is a plus', '$search=%22a%2Bb%22', { $search: '"a+b"' }],
    ['+ stays a plus in $skiptoken', '$skiptoken=ab+cd', { $skiptoken: 'ab+cd' }],
    ['%20 is a space', '$search=a%20b', { $search: 'a b' }],
    ['value after the first = keeps later =', '$search=a=b', { $search: 'a=b' }],
  ])('%s', (_label, query, raw) => {
    expect(parseQueryOptions(query, ALL).raw).toEqual(raw)
  })

  it.each([
    ['$top=%G1', '$top'],
    ['$filter=startDateTime%20ge%2', '$filter'],
    ['$skiptoken=%E0%A4%A', '$skiptoken'],
    ['%24to%p=1', undefined],
  ])('malformed percent-encoding in %s is a 400', (query, option) => {
    const err = odataError(() => parseQueryOptions(query, ALL))
    expect(err.status).toBe(400)
    expect(err.message).toMatch(/malformed percent-encoding/)
    expect(err.option).toBe(option)
  })
})

describe('parseQueryOptions: values', () => {
  it.each([
    ['$top=0', { top: 0 }],
    ['$top=007', { top: 7 }],
    ['$top=2147483647', { top: 2147483647 }],
    ['$skip=60', { skip: 60 }],
    ['$count=false', { count: false }],
    ['$count=True', { count: true }],
    ['$select=id, type ,startDateTime', { select: ['id', 'type', 'startDateTime'] }],
    ['$select=id,id', { select: ['id'] }],
    ['$orderby=startDateTime%20desc', {}],
  ])('%s', (query, expected) => {
    const { raw, ...parsed } = parseQueryOptions(query, ALL)
    expect(parsed).toEqual(expected)
    expect(Object.keys(raw)).toHaveLength(1)
  })

  it.each([
    ['$top=-1', '$top', "Invalid value '-1' for query option '$top'"],
    ['$top=', '$top', "Invalid value '' for query option '$top'"],
    ['$top', '$top', "Invalid value '' for query option '$top'"],
    ['$top=1.5', '$top', "Invalid value '1.5' for query option '$top'"],
    ['$top=+5', '$top', "Invalid value ' 5' for query option '$top'"],
    ['$top=%2B5', '$top', "Invalid value '+5' for query option '$top'"],
    ['$top=%205', '$top', "Invalid value ' 5' for query option '$top'"],
    ['$top=2147483648', '$top', "Invalid value '2147483648' for query option '$top'"],
    ['$top=1e3', '$top', "Invalid value '1e3' for query option '$top'"],
    ['$skip=abc', '$skip', "Invalid value 'abc' for query option '$skip'"],
    ['$count=yes', '$count', "Invalid value 'yes' for query option '$count': use true or false."],
    ['$count=1', '$count', "Invalid value '1' for query option '$count'"],
    ['$select=', '$select', "Invalid value '' for query option '$select'"],
    ['$select=id,,type', '$select', 'an empty property name is not a property name'],
    ['$select=id,', '$select', 'an empty property name'],
    ['$select=*', '$select', "'*' is not a property name"],
    ['$select=sessions/id', '$select', "'sessions/id' is not a property name"],
    ['$expand=', '$expand', 'a navigation property name is missing'],
    ['$filter=', '$filter', 'the $filter value is empty'],
    ['$filter=type%20eq%20%27peerToPeer%27', '$filter', "filtering on the property 'type' is not supported"],
    ['$skiptoken=', '$skiptoken', 'The $skiptoken is invalid or has expired'],
  ])('%s is refused', (query, option, fragment) => {
    const err = odataError(() => parseQueryOptions(query, ALL))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', option })
    expect(err.message).toContain(fragment)
  })
})
