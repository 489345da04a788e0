import { describe, expect, it } from 'vitest'
import { parseDateTimeLiteral } from '../../server/odata/index.js'

describe('parseDateTimeLiteral', () => {
  it.each([
    ['2024-01-01', true, { ms: Date.parse('2024-01-01T00:00:00Z'), subMillisecond: false, dateOnly: true }],
    ['2024-01-01T00:00:00Z', false, { ms: Date.parse('2024-01-01T00:00:00Z'), subMillisecond: false, dateOnly: false }],
    ['2024-01-01T00:00:00.0000001Z', false, { ms: Date.parse('2024-01-01T00:00:00Z'), subMillisecond: true, dateOnly: false }],
    ['2024-01-01T00:00:00.0010000Z', false, { ms: Date.parse('2024-01-01T00:00:00.001Z'), subMillisecond: false, dateOnly: false }],
    ['1969-12-31T23:59:59.999Z', false, { ms: -1, subMillisecond: false, dateOnly: false }],
  ])('%s (date-only allowed: %s)', (text, allowDateOnly, expected) => {
    expect(parseDateTimeLiteral(text, allowDateOnly)).toEqual(expected)
  })

  it('refuses a bare date when the caller needs a date-time', () => {
    expect(parseDateTimeLiteral('2024-01-01', false)).toBe('a time and a time zone are required (for example 2024-01-01T00:00:00Z)')
  })

  it('agrees with Date.parse on every day of 1999-2001 (leap and non-leap years) at several offsets', () => {
    let checked = 0
    for (let day = Date.parse('1999-01-01T00:00:00Z'); day < Date.parse('2002-01-01T00:00:00Z'); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10)
      for (const time of ['T00:00:00Z', 'T23:59:59.999+14:00', 'T12:34:56.7-09:30', 'T05:06Z']) {
        const text = `${date}${time}`
        const v = parseDateTimeLiteral(text, false)
        expect(typeof v === 'string' ? v : v.ms, text).toBe(Date.parse(text.replace(/T(\d\d:\d\d)Z$/, 'T$1:00Z')))
        checked++
      }
      const only = parseDateTimeLiteral(date, true)
      expect(typeof only === 'string' ? only : only.ms).toBe(day)
    }
    expect(checked).toBe(1096 * 4)
  })

  it('refuses every day past the end of each month of 2023 and 2024', () => {
    for (const year of [2023, 2024]) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
        const mm = String(month).padStart(2, '0')
        expect(typeof parseDateTimeLiteral(`${year}-${mm}-${last}`, true)).toBe('object')
        expect(parseDateTimeLiteral(`${year}-${mm}-${last + 1}`, true)).toBe('it is not a valid calendar date')
      }
    }
  })
})
