import { describe, expect, it } from 'vitest'
import { formatQueryString, parseQueryOptions, SYSTEM_OPTIONS } from '../../server/odata/index.js'

describe('formatQueryString', () => {
  it.each([
    [{}, ''],
    [{ $top: '5', $skiptoken: 'abc-_' }, '$top=5&$skiptoken=abc-_'],
    [{ $filter: 'startDateTime ge 2024-01-01T00:00:00Z' }, '$filter=startDateTime%20ge%202024-01-01T00:00:00Z'],
    [{ $expand: 'sessions($expand=segments;$select=id)' }, '$expand=sessions($expand%3Dsegments%3B$select%3Did)'],
    [{ $select: 'id,type' }, '$select=id,type'],
    [{ $filter: "participants_v2/any(p:p/id eq 'a&b=c+d#{}')" }, "$filter=participants_v2/any(p:p/id%20eq%20'a%26b%3Dc%2Bd%23%7B%7D')"],
  ])('%j', (raw, expected) => {
    expect(formatQueryString(raw)).toBe(expected)
  })

  it.each([
    '$filter=startDateTime%20ge%202024-01-01T00%3A00%3A00Z&$select=id,type',
    '$expand=sessions($expand%3Dsegments)&$top=2',
    "$filter=participants_v2/any(p:p/id%20eq%20'%2B5564981205182')&$count=true",
  ])('round-trips through parseQueryOptions: %s', (query) => {
    const first = parseQueryOptions(query, SYSTEM_OPTIONS)
    const rebuilt = formatQueryString(first.raw)
    expect(rebuilt).not.toMatch(/[{}+ ]/)
    expect(parseQueryOptions(rebuilt, SYSTEM_OPTIONS)).toEqual(first)
  })
})
