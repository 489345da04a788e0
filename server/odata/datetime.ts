/**
 * Strict parser for OData `Edm.DateTimeOffset` / `Edm.Date` literals as they appear unquoted
 * in `$filter` and in function parameters. Shared by filter.ts and function-call.ts. Pure:
 * arithmetic only, so years 0001-0099 are not remapped the way `Date.UTC` would.
 */

/** A parsed literal: epoch milliseconds plus what the caller needs to word errors or round. */
export interface DateTimeValue {
  /** Epoch milliseconds (digits beyond the third fractional digit are truncated). */
  ms: number
  /** True when digits 4-7 of the fraction are not all zero (the instant lies strictly after `ms`). */
  subMillisecond: boolean
  /** True for a bare `yyyy-mm-dd` (midnight UTC). */
  dateOnly: boolean
}

/** Why a literal was refused, as a phrase to append to a message. */
export type DateTimeProblem = string

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
// OData ABNF: seconds optional, fraction after seconds; offset Z or ±hh:mm. Up to 7 fractional
// digits, the precision Graph emits (.NET ticks).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?([Zz]|[+-]\d{2}:\d{2})$/
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/

/**
 * Parses `2024-01-01T00:00:00Z`, `2024-01-01T00:00:00.1234567+02:00`, `2024-01-01T00:00Z`
 * and, when `allowDateOnly`, `2024-01-01`. Checks the calendar (no Feb 30, no hour 24, offset
 * within ±14:00 as .NET requires). Returns a problem phrase instead of throwing so each caller
 * can name its own option or parameter.
 */
export function parseDateTimeLiteral(text: string, allowDateOnly: boolean): DateTimeValue | DateTimeProblem {
  if (/^'.*'$/s.test(text)) return 'date-time values are OData literals and must not be quoted'
  const d = DATE_ONLY.exec(text)
  if (d) {
    if (!allowDateOnly) return 'a time and a time zone are required (for example 2024-01-01T00:00:00Z)'
    const days = civilDays(Number(d[1]), Number(d[2]), Number(d[3]))
    return days === null ? 'it is not a valid calendar date' : { ms: days * 86_400_000, subMillisecond: false, dateOnly: true }
  }
  const m = DATE_TIME.exec(text)
  if (!m) {
    if (NO_OFFSET.test(text)) return 'a time zone is required: end the value with Z or an offset such as +02:00'
    return 'it is not an ISO 8601 date-time (for example 2024-01-01T00:00:00Z)'
  }
  const [, y, mo, da, hh, mi, ss = '0', frac = '', zone = 'Z'] = m
  const days = civilDays(Number(y), Number(mo), Number(da))
  const h = Number(hh)
  const min = Number(mi)
  const s = Number(ss)
  if (days === null || h > 23 || min > 59 || s > 59) return 'it is not a valid calendar date and time'
  let offsetMin = 0
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3))
    const om = Number(zone.slice(4, 6))
    if (om > 59 || oh * 60 + om > 14 * 60) return 'the time zone offset must be between -14:00 and +14:00'
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const digits = frac.padEnd(7, '0')
  const ms = days * 86_400_000 + ((h * 60 + min - offsetMin) * 60 + s) * 1000 + Number(digits.slice(0, 3))
  return { ms, subMillisecond: Number(digits.slice(3)) > 0, dateOnly: false }
}

/** Days since 1970-01-01 for a proleptic Gregorian date, or null when the date does not exist. */
function civilDays(year: number, month: number, day: number): number | null {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}
