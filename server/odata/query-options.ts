/**
 * The system query options of one request: split, decode, check against what the endpoint
 * allows, and parse each value. Pure: a raw query string in, typed options out.
 *
 * Decoding: `+` means a space (form encoding, as ASP.NET-based Graph reads it) in every name and
 * value except `$skiptoken`, whose value is kept byte-for-byte (our tokens are base64url and never
 * contain `+`, but a foreign token might). Kiota and graph-client both send spaces as %20.
 */
import { ODataQueryError, echo } from './errors.js'
import { parseExpand, type ExpandItem } from './expand.js'
import { parseFilter, type FilterExpr } from './filter.js'
import { parseSelect } from './select.js'
import { invalidSkipToken } from './skiptoken.js'

/** Every OData system query option the mock knows, in canonical (lower-case) spelling. */
export const SYSTEM_OPTIONS = ['$top', '$skip', '$skiptoken', '$select', '$expand', '$filter', '$count', '$orderby', '$search', '$format'] as const
export type SystemOption = (typeof SYSTEM_OPTIONS)[number]

/** Type guard for {@link SystemOption}; expects the lower-cased name. */
export function isSystemOption(name: string): name is SystemOption {
  return (SYSTEM_OPTIONS as readonly string[]).includes(name)
}

/** Parsed options. `$orderby`, `$search`, `$format` (when allowed) appear only in `raw`. */
export interface QueryOptions {
  top?: number
  skip?: number
  skiptoken?: string
  select?: string[]
  expand?: ExpandItem[]
  filter?: FilterExpr
  count?: boolean
  /** Decoded values by canonical name, in request order; for rebuilding next links. */
  raw: Record<string, string>
}

const INT32_MAX = 2 ** 31 - 1

/**
 * Parses the query string after `?` (a leading `?` is tolerated, empty is fine).
 * - Option names are case-insensitive (`$skipToken`, `$TOP`) and may arrive as `%24top`.
 * - Parameters not starting with `$` are ignored, as Graph ignores unknown non-$ parameters;
 *   `$`-less system options (`top=5`) are therefore ignored too, not honoured.
 * - All names are checked before any value, so an unsupported option wins over a bad value.
 * @param allowed the options this endpoint supports; any other known option is a 400.
 * @throws ODataQueryError for unknown `$` options, options not allowed here, repeats,
 *   malformed percent-encoding and invalid values.
 */
export function parseQueryOptions(rawQuery: string, allowed: readonly SystemOption[]): QueryOptions {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery
  const found: Array<{ name: SystemOption; rawValue: string }> = []
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    const rawName = eq < 0 ? part : part.slice(0, eq)
    if (!/^(\$|%24)/i.test(rawName)) continue
    const written = decode(rawName, true, `The query option name '${echo(rawName)}' contains malformed percent-encoding.`)
    const name = written.toLowerCase()
    if (!isSystemOption(name)) throw new ODataQueryError(`Query option '${echo(written)}' is not supported.`, { option: written })
    if (found.some((f) => f.name === name)) {
      throw new ODataQueryError(`Query option '${name}' was specified more than once, but it must be specified at most once.`, { option: name })
    }
    if (!allowed.includes(name)) throw new ODataQueryError(`Query option '${name}' is not supported for this request.`, { option: name })
    found.push({ name, rawValue: eq < 0 ? '' : part.slice(eq + 1) })
  }
  const out: QueryOptions = { raw: {} }
  for (const { name, rawValue } of found) {
    const value = decode(rawValue, name !== '$skiptoken', `The value of query option '${name}' contains malformed percent-encoding: '${echo(rawValue)}'.`, name)
    out.raw[name] = value
    applyOption(out, name, value)
  }
  return out
}

function applyOption(out: QueryOptions, name: SystemOption, value: string): void {
  switch (name) {
    case '$top':
      out.top = parseCount(name, value)
      break
    case '$skip':
      out.skip = parseCount(name, value)
      break
    case '$count': {
      const v = value.toLowerCase()
      if (v !== 'true' && v !== 'false') throw new ODataQueryError(`Invalid value '${echo(value)}' for query option '$count': use true or false.`, { option: name })
      out.count = v === 'true'
      break
    }
    case '$skiptoken':
      if (value === '') throw invalidSkipToken()
      out.skiptoken = value
      break
    case '$select':
      out.select = parseSelect(value)
      break
    case '$expand':
      out.expand = parseExpand(value)
      break
    case '$filter':
      out.filter = parseFilter(value)
      break
    default:
      // $orderby, $search, $format: accepted where allowed, not interpreted here.
      break
  }
}

/** `$top`/`$skip`: digits only (no sign, no spaces), at most 2^31-1. */
function parseCount(name: '$top' | '$skip', value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(n <= INT32_MAX)) {
    throw new ODataQueryError(`Invalid value '${echo(value)}' for query option '${name}': a non-negative integer no greater than ${INT32_MAX} is required.`, { option: name })
  }
  return n
}

function decode(text: string, plusIsSpace: boolean, message: string, option?: string): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replaceAll('+', ' ') : text)
  } catch {
    throw new ODataQueryError(message, option === undefined ? {} : { option })
  }
}
