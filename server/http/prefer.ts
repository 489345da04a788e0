/**
 * The `Prefer` request header (RFC 7240), as Graph honours it here: `odata.maxpagesize=N`,
 * `include-unknown-enum-members`, `omit-values=nulls`. Several may come comma-separated or as
 * separate headers. Unknown preferences are ignored, as RFC 7240 says.
 */
import type { RenderPrefs } from '../render/serialize.js'

export interface Preferences extends RenderPrefs {
  readonly maxPageSize: number | null
  /** what to send back in `Preference-Applied` */
  readonly applied: string[]
}

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '')
  let maxPageSize: number | null = null
  let includeUnknownEnum = false
  let omitNulls = false
  const applied: string[] = []
  for (const part of raw.split(',')) {
    const p = part.trim()
    const lower = p.toLowerCase()
    const size = /^odata\.maxpagesize\s*=\s*"?(\d{1,9})"?$/.exec(lower)
    if (size) {
      const n = Number(size[1])
      if (n > 0) {
        maxPageSize = n
        applied.push(`odata.maxpagesize=${n}`)
      }
    } else if (lower === 'include-unknown-enum-members') {
      includeUnknownEnum = true
      applied.push('include-unknown-enum-members')
    } else if (/^omit-values\s*=\s*"?nulls"?$/.test(lower)) {
      omitNulls = true
      applied.push('omit-values=nulls')
    }
  }
  return { maxPageSize, includeUnknownEnum, omitNulls, applied }
}

/**
 * The `Preference-Applied` value for a response: the preferences it honoured. The page size is
 * reported as the one used (capped at the endpoint maximum), and only for collections.
 */
export function appliedPreferences(p: Preferences, maxPageSize: number | null): string {
  return p.applied
    .filter((a) => !a.startsWith('odata.maxpagesize=') || (maxPageSize !== null && p.maxPageSize !== null))
    .map((a) => (a.startsWith('odata.maxpagesize=') && maxPageSize !== null && p.maxPageSize !== null ? `odata.maxpagesize=${Math.min(p.maxPageSize, maxPageSize)}` : a))
    .join(', ')
}
