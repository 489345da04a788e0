/**
 * Report-function path segments such as `getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)`
 * and Kiota's `microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-01-01T00%3A00%3A00.000Z,…)`.
 * This module only takes the segment apart and parses date values; which parameters a function
 * needs (missing, unknown, repeated) is the caller's decision.
 */
import { parseDateTimeLiteral } from './datetime.js'
import { ODataQueryError, echo } from './errors.js'

/** The only namespace a qualified callRecords function name may carry (compared ignoring case). */
export const FUNCTION_NAMESPACE = 'microsoft.graph.callRecords'

/** A function call taken apart. */
export interface FunctionSegment {
  /** The name without namespace, as written (`getPstnCalls`). */
  name: string
  /** True for the `microsoft.graph.callRecords.`-prefixed form the SDKs send. */
  qualified: boolean
  /** Trimmed `name=value` pairs; on a repeated name the first one wins (see `entries`). */
  params: Record<string, string>
  /** Every piece in order, so the caller can reject repeats; value null when a piece has no '='. */
  entries: Array<[name: string, value: string | null]>
}

const CALL = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/

/**
 * Parses one path segment (percent-encoded or not). Parameter order is free, whitespace around
 * names and values is ignored, and commas inside '…' strings do not split.
 * @returns null when the segment is not `name(...)`, or is qualified with another namespace
 *   (both mean "no such function here", i.e. the caller's 404).
 * @throws ODataQueryError on malformed percent-encoding.
 */
export function parseFunctionSegment(segment: string): FunctionSegment | null {
  let text: string
  try {
    text = decodeURIComponent(segment)
  } catch {
    throw new ODataQueryError(`The path segment '${echo(segment)}' contains malformed percent-encoding.`)
  }
  const m = CALL.exec(text)
  if (!m) return null
  const full = m[1] ?? ''
  const dot = full.lastIndexOf('.')
  const name = full.slice(dot + 1)
  if (name === '' || (dot >= 0 && full.slice(0, dot).toLowerCase() !== FUNCTION_NAMESPACE.toLowerCase())) return null
  const entries: FunctionSegment['entries'] = []
  const params: Record<string, string> = {}
  const inner = m[2] ?? ''
  if (inner.trim() !== '') {
    for (const piece of splitOutsideQuotes(inner)) {
      const eq = piece.indexOf('=')
      const key = (eq < 0 ? piece : piece.slice(0, eq)).trim()
      const value = eq < 0 ? null : piece.slice(eq + 1).trim()
      entries.push([key, value])
      if (value !== null && !Object.hasOwn(params, key)) params[key] = value
    }
  }
  return { name, qualified: dot >= 0, params, entries }
}

/**
 * Parses a DateTimeOffset function parameter to epoch ms. Accepts what the docs and SDKs send:
 * `2019-11-01` (midnight UTC), `2024-01-01T00:00:00Z`, `2024-01-01T00:00:00.000Z`,
 * `2024-01-01T02:00:00+02:00`, up to 7 fractional digits. Refuses quoted values (the OData
 * literal is unquoted), a missing time zone, and impossible dates such as 2019-02-30.
 * @throws ODataQueryError "The parameter 'fromDateTime' has an invalid value '…': <why>."
 */
export function parseDateTimeParam(name: string, value: string): number {
  const v = parseDateTimeLiteral(value.trim(), true)
  if (typeof v === 'string') {
    throw new ODataQueryError(`The parameter '${echo(name)}' has an invalid value '${echo(value)}': ${v}.`, { option: name })
  }
  return v.ms
}

function splitOutsideQuotes(text: string): string[] {
  const out: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted
    else if (text[i] === ',' && !quoted) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  out.push(text.slice(start))
  return out
}
