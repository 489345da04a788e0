/** Small formatters for Graph's JSON value types. */

/** ISO 8601 UTC with milliseconds, as Graph writes DateTimeOffset (`2020-02-25T18:52:21.216Z`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** '.016', '.5', '' for 16, 500, 0 milliseconds: the fraction of a second without trailing zeros. */
const FRACTION: readonly string[] = Array.from({ length: 1000 }, (_, ms) => (ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`))

/** Edm.Duration from milliseconds: `PT0.016S`, `PT1M4.5S`. Hot: every media stream has several. */
export function duration(ms: number): string {
  const total = ms > 0 ? Math.round(ms) : 0
  if (total < 60_000) return `PT${Math.floor(total / 1000)}${FRACTION[total % 1000]}S`
  const h = Math.floor(total / 3_600_000)
  const m = Math.floor((total % 3_600_000) / 60_000)
  const rest = total % 60_000
  let out = 'PT'
  if (h) out += `${h}H`
  if (m) out += `${m}M`
  if (rest) out += `${Math.floor(rest / 1000)}${FRACTION[rest % 1000]}S`
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
