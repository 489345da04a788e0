import { describe, expect, it } from 'vitest'
import { matchesParticipants, matchesStart, parseFilter, startBounds, type FilterExpr } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

const t = (iso: string): number => Date.parse(iso)
const ID = '821809f5-0000-0000-0000-3b5136c0e777'

describe('parseFilter: accepted forms', () => {
  it.each<[string, FilterExpr]>([
    ['startDateTime ge 2023-09-25T09:25:00Z', { start: { ge: t('2023-09-25T09:25:00Z') }, participantIds: [] }],
    ['startDateTime ge 2023-09-25T09:25:00Z and startDateTime lt 2023-09-25T09:30:00Z', { start: { ge: t('2023-09-25T09:25:00Z'), lt: t('2023-09-25T09:30:00Z') }, participantIds: [] }],
    ['startDateTime gt 2024-01-01T00:00:00.000Z', { start: { gt: t('2024-01-01T00:00:00Z') }, participantIds: [] }],
    ['startDateTime le 2024-01-01T00:00:00+02:00', { start: { le: t('2023-12-31T22:00:00Z') }, participantIds: [] }],
    ['startDateTime lt 2024-01-01T00:00:00-05:30', { start: { lt: t('2024-01-01T05:30:00Z') }, participantIds: [] }],
    ['startDateTime GE 2024-01-01T00:00:00Z AND startDateTime Lt 2024-02-01T00:00:00Z', { start: { ge: t('2024-01-01T00:00:00Z'), lt: t('2024-02-01T00:00:00Z') }, participantIds: [] }],
    ['startDateTime ge 2024-01-01T00:00Z', { start: { ge: t('2024-01-01T00:00:00Z') }, participantIds: [] }],
    ['startDateTime ge 2024-01-01T00:00:00.1234567Z', { start: { ge: t('2024-01-01T00:00:00.124Z') }, participantIds: [] }],
    ['startDateTime gt 2024-01-01T00:00:00.1230001Z', { start: { ge: t('2024-01-01T00:00:00.124Z') }, participantIds: [] }],
    ['startDateTime lt 2024-01-01T00:00:00.1230001Z', { start: { le: t('2024-01-01T00:00:00.123Z') }, participantIds: [] }],
    ['startDateTime le 2024-01-01T00:00:00.1230000Z', { start: { le: t('2024-01-01T00:00:00.123Z') }, participantIds: [] }],
    ['startDateTime ge 2024-01-01T00:00:00Z and startDateTime ge 2024-03-01T00:00:00Z and startDateTime lt 2024-06-01T00:00:00Z and startDateTime lt 2024-05-01T00:00:00Z', { start: { ge: t('2024-03-01T00:00:00Z'), lt: t('2024-05-01T00:00:00Z') }, participantIds: [] }],
    [`participants_v2/any(p:p/id eq '${ID}')`, { participantIds: [ID] }],
    [`participants_v2/ANY( x : x/id EQ '${ID}' )`, { participantIds: [ID] }],
    [`participants_v2 / any(p: p / id eq 'it''s')`, { participantIds: ["it's"] }],
    ["participants_v2/any(p:p/id eq '')", { participantIds: [''] }],
    ["participants_v2/any(p:p/id eq '+5564981205182')", { participantIds: ['+5564981205182'] }],
    [`participants_v2/any(p:p/id eq 'a') and participants_v2/any(q:q/id eq 'b') and participants_v2/any(p:p/id eq 'a')`, { participantIds: ['a', 'b'] }],
    [`startDateTime ge 2024-01-01T00:00:00Z and participants_v2/any(p:p/id eq '${ID}')`, { start: { ge: t('2024-01-01T00:00:00Z') }, participantIds: [ID] }],
    [`  participants_v2/any(p:p/id eq '${ID}')   and   startDateTime lt 2024-01-01T00:00:00Z  `, { start: { lt: t('2024-01-01T00:00:00Z') }, participantIds: [ID] }],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected)
  })
})

describe('parseFilter: refused forms name what is unsupported', () => {
  it.each([
    ['', 'the $filter value is empty'],
    ['startDateTime ge 2024-01-01T00:00:00Z or startDateTime lt 2023-01-01T00:00:00Z', "'or' is not supported"],
    ['not startDateTime ge 2024-01-01T00:00:00Z', "'not' is not supported"],
    ['(startDateTime ge 2024-01-01T00:00:00Z)', 'grouping with parentheses is not supported'],
    ['endDateTime ge 2024-01-01T00:00:00Z', "filtering on the property 'endDateTime' is not supported"],
    ["type eq 'groupCall'", "filtering on the property 'type' is not supported"],
    ['startdatetime ge 2024-01-01T00:00:00Z', "the property 'startdatetime' is not supported (property names are case-sensitive: write 'startDateTime')"],
    ["Participants_v2/any(p:p/id eq 'a')", "write 'participants_v2'"],
    ["startsWith(id,'a')", "the function 'startsWith' is not supported"],
    ['startDateTime eq 2024-01-01T00:00:00Z', "the operator 'eq' is not supported on startDateTime; only lt, le, gt, ge are supported"],
    ['startDateTime ne 2024-01-01T00:00:00Z', "the operator 'ne' is not supported on startDateTime"],
    ['startDateTime in (2024-01-01T00:00:00Z)', "the operator 'in' is not supported on startDateTime"],
    ['startDateTime', "'startDateTime' must be followed by lt, le, gt or ge, not the end of the filter"],
    ['startDateTime ge', "a date-time value is missing after 'startDateTime ge'"],
    ["startDateTime ge '2024-01-01T00:00:00Z'", 'must not be quoted'],
    ['startDateTime ge 2024-01-01', 'a time and a time zone are required'],
    ['startDateTime ge 2024-01-01T00:00:00', 'a time zone is required'],
    ['startDateTime ge 2024-02-30T00:00:00Z', "'2024-02-30T00:00:00Z' is not a valid date-time for startDateTime: it is not a valid calendar date and time"],
    ['startDateTime ge 2024-01-01T24:00:00Z', 'not a valid calendar date and time'],
    ['startDateTime ge 2024-01-01T00:00:00.12345678Z', 'not an ISO 8601 date-time'],
    ['startDateTime ge 2024-01-01T00:00:00+15:00', 'offset must be between -14:00 and +14:00'],
    ['startDateTime ge 2024-01-01T00:00:00 02:00', "'+' offset sign was decoded as a space; percent-encode '+' as %2B"],
    ['startDateTime ge null', "'null' is not a date-time value for startDateTime"],
    ['startDateTime ge now()', "'now' is not a date-time value"],
    ['startDateTime >= 2024-01-01T00:00:00Z', "unexpected character '>' at position 15 (comparison operators are written as words"],
    ['startDateTime ge 2024-01-01T00:00:00Z and', 'a condition is missing at the end'],
    ['and startDateTime ge 2024-01-01T00:00:00Z', "'and' must stand between two conditions"],
    ['startDateTime ge 2024-01-01T00:00:00Z startDateTime lt 2024-02-01T00:00:00Z', "unexpected 'startDateTime' after a condition (combine conditions with 'and')"],
    ['startDateTime ge 2024-01-01T00:00:00Z && startDateTime lt 2024-02-01T00:00:00Z', "unexpected character '&' at position 39 ('&' is not an operator; combine conditions with 'and')"],
    ['"x"', 'unexpected character \'"\' at position 1 (string values are quoted with single quotes)'],
    ["'2024'", "a condition cannot start with ''2024''"],
    ["participants_v2/all(p:p/id eq 'a')", "'participants_v2/all' is not supported; use participants_v2/any"],
    ["participants_v2/count eq 2", "'participants_v2/count' is not supported"],
    ["participants_v2 eq 'a'", "participants_v2 can only be filtered as participants_v2/any(p:p/id eq '<id>')"],
    ['participants_v2/any()', 'participants_v2/any() needs a condition'],
    ["participants_v2/any(p:q/id eq 'a')", "the lambda variable 'q' is not defined; write p/id"],
    ["participants_v2/any(p:p/displayName eq 'a')", "the property 'p/displayName' is not supported inside any(); only p/id is"],
    ["participants_v2/any(p:p/Id eq 'a')", "the property 'p/Id' is not supported inside any()"],
    ["participants_v2/any(p:p/id ne 'a')", "'ne' is not supported after p/id; only 'eq' is"],
    ['participants_v2/any(p:p/id eq 5)', "the participant id must be a single-quoted string such as '0e5f0c9b-…', not '5'"],
    ["participants_v2/any(p:p/id eq 'a' or p/id eq 'b')", "only one 'p/id eq' comparison is supported inside any()"],
    ["participants_v2/any(p:p/id eq 'a'", "expected ')' to close participants_v2/any(, found the end of the filter"],
    ["participants_v2/any(p p/id eq 'a')", "expected ':' after the lambda variable 'p', found 'p'"],
    ["participants/any(p:p/id eq 'a')", "filtering on the property 'participants' is not supported"],
  ])('%s', (text, fragment) => {
    const err = odataError(() => parseFilter(text))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', option: '$filter' })
    expect(err.message).toMatch(/^Invalid filter clause: /)
    expect(err.message).toContain(fragment)
    expect(err.message).toMatch(/only 'and' of startDateTime lt\/le\/gt\/ge <date-time> and participants_v2\/any\(p:p\/id eq '<id>'\) is supported\.$/)
  })

  it('reports an unterminated string', () => {
    expect(odataError(() => parseFilter("participants_v2/any(p:p/id eq 'abc)")).message).toContain('the string starting at position 31 has no closing quote')
  })

  it('truncates echoed values to 200 characters', () => {
    const err = odataError(() => parseFilter(`${'x'.repeat(1000)} eq 1`))
    const echoed = /'([^']*)'/.exec(err.message)?.[1] ?? ''
    expect(echoed).toHaveLength(200)
  })
})

describe('matchesStart and startBounds', () => {
  const T = t('2024-01-01T00:00:00Z')
  it.each([
    ['ge', T, T - 1, false, { from: T, to: Infinity }],
    ['ge', T, T, true, { from: T, to: Infinity }],
    ['gt', T, T, false, { from: T + 1, to: Infinity }],
    ['gt', T, T + 1, true, { from: T + 1, to: Infinity }],
    ['lt', T, T, false, { from: -Infinity, to: T }],
    ['lt', T, T - 1, true, { from: -Infinity, to: T }],
    ['le', T, T, true, { from: -Infinity, to: T + 1 }],
    ['le', T, T + 1, false, { from: -Infinity, to: T + 1 }],
  ] as const)('startDateTime %s T: %i matches=%s', (op, bound, at, matches, bounds) => {
    const expr = parseFilter(`startDateTime ${op} 2024-01-01T00:00:00Z`)
    expect(expr.start?.[op]).toBe(bound)
    expect(matchesStart(expr, at)).toBe(matches)
    expect(startBounds(expr)).toEqual(bounds)
    // The seek range and the predicate agree.
    const { from, to } = startBounds(expr)
    expect(at >= from && at < to).toBe(matches)
  })

  it('is unbounded without a start clause', () => {
    const expr = parseFilter("participants_v2/any(p:p/id eq 'a')")
    expect(startBounds(expr)).toEqual({ from: -Infinity, to: Infinity })
    expect(matchesStart(expr, 0)).toBe(true)
  })

  it('combines gt and ge, lt and le, to the tightest range', () => {
    const expr = parseFilter('startDateTime gt 2024-01-01T00:00:00Z and startDateTime ge 2024-01-01T00:00:00.001Z and startDateTime le 2024-01-02T00:00:00Z and startDateTime lt 2024-01-02T00:00:00Z')
    expect(startBounds(expr)).toEqual({ from: T + 1, to: T + 86_400_000 })
    expect(matchesStart(expr, T + 86_400_000)).toBe(false)
    expect(matchesStart(expr, T + 86_399_999)).toBe(true)
  })

  it('gives an empty range for contradictory bounds', () => {
    const expr = parseFilter('startDateTime ge 2024-02-01T00:00:00Z and startDateTime lt 2024-01-01T00:00:00Z')
    const { from, to } = startBounds(expr)
    expect(from).toBeGreaterThanOrEqual(to)
    expect(matchesStart(expr, t('2024-01-15T00:00:00Z'))).toBe(false)
  })
})

describe('matchesParticipants', () => {
  it.each([
    [[], ['x'], true],
    [['a'], ['a', 'b'], true],
    [['A'], ['a'], true],
    [['a', 'b'], ['b', 'a', 'c'], true],
    [['a', 'b'], ['a'], false],
    [['a'], [], false],
  ])('filter %j on participants %j: %s', (ids, participants, expected) => {
    expect(matchesParticipants({ participantIds: ids }, participants)).toBe(expected)
  })
})
