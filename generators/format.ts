/** Small formatters for Graph's JSON value types. */

/** ISO 8601 UTC with milliseconds, as Graph writes DateTimeOffset (`2020-02-25T18:52:21.216Z`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** Edm.Duration from milliseconds: `PT0.016S`, `PT1M4.5S`. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms))
  const h = Math.floor(total / 3_600_000)
  const m = Math.floor((total % 3_600_000) / 60_000)
  const s = (total % 60_000) / 1000
  let out = 'PT'
  if (h) out += `${h}H`
  if (m) out += `${m}M`
  if (s || (!h && !m)) out += `${trim(s)}S`
  return out
}

/** A Single/Double rounded to 4 decimals. */
export function single(v: number): number {
  return Math.round(v * 10000) / 10000
}

/** A decimal amount from minor units (cents), exact to the currency's decimals. */
export function money(minor: number, currency: string): number {
  return currency === 'JPY' ? minor : Math.round(minor) / 100
}

function trim(s: number): string {
  return Number.isInteger(s) ? String(s) : String(Math.round(s * 1000) / 1000)
}
