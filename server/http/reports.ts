/**
 * The five report functions bound to the callRecords collection, in both URL forms:
 * `getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)` (the docs) and
 * `microsoft.graph.callRecords.getPstnCalls(fromDateTime=2024-01-01T00%3A00%3A00.000Z,…)` (Kiota).
 * Rows come 1,000 a page with a `$skip` next link on the same function URL, as Graph pages them.
 */
import { REPORT_FUNCTIONS, REPORT_TYPES, type ReportFunction } from '../../generators/index.js'
import type { ReportLog } from '../../generators/report-log.js'
import { errors } from '../errors/catalogue.js'
import { echo, GraphError } from '../errors/graph-error.js'
import { parseDateTimeParam, parseFunctionSegment } from '../odata/function-call.js'
import { parseQueryOptions } from '../odata/query-options.js'
import { serialize } from '../render/serialize.js'
import { createHash } from 'node:crypto'
import type { GraphRequest } from './graph-request.js'
import { appliedPreferences } from './prefer.js'
import { json, type Reply } from './reply.js'

export const REPORT_PAGE = 1000
const DAY = 86_400_000
export const MAX_RANGE_DAYS = 90

/**
 * How each function reads toDateTime: getDirectRoutingCalls documents it as exclusive,
 * getPstnCalls as inclusive; the beta pages do not say, and an older getSmsLog page said
 * inclusive, so the others are inclusive too (api-spec.md 3.5–3.7, 10.4).
 */
const TO_INCLUSIVE: Readonly<Record<ReportFunction, boolean>> = {
  getPstnCalls: true,
  getDirectRoutingCalls: false,
  getSmsLog: true,
  getPstnBlockedUsersLog: true,
  getPstnOnlineMeetingDialoutReport: true,
}

/** getDirectRoutingCalls documents no 90-day limit; the other four do. */
const RANGE_LIMITED: ReadonlySet<ReportFunction> = new Set(['getPstnCalls', 'getSmsLog', 'getPstnBlockedUsersLog', 'getPstnOnlineMeetingDialoutReport'])

const PARAMS = ['fromDateTime', 'toDateTime'] as const

/** True when the segment after callRecords is a function call (reports use other roles). */
export function isFunctionSegment(segment: string | undefined): boolean {
  return segment !== undefined && segment.includes('(')
}

export class ReportsApi {
  /** whole report pages, as bytes (LRU by size) */
  private readonly pages = new Map<string, Buffer>()
  private pageBytes = 0

  constructor(private readonly log: ReportLog, private readonly budgetBytes = 32 * 1024 * 1024, private readonly revision: () => number = () => 0) {}

  private cached(key: string, make: () => string): Buffer {
    const hit = this.pages.get(key)
    if (hit) {
      this.pages.delete(key)
      this.pages.set(key, hit)
      return hit
    }
    const buf = Buffer.from(make(), 'utf8')
    this.pages.set(key, buf)
    this.pageBytes += buf.length
    while (this.pageBytes > this.budgetBytes && this.pages.size > 1) {
      const [k, v] = this.pages.entries().next().value as [string, Buffer]
      this.pages.delete(k)
      this.pageBytes -= v.length
    }
    return buf
  }

  clear(): void {
    this.pages.clear()
    this.pageBytes = 0
  }

  /** A GraphRoute: answers `communications/callRecords/<function>(…)`, or null for other paths. */
  route = (req: GraphRequest, segments: readonly string[]): Reply | null => {
    const [a, b, fnSegment, ...rest] = segments
    if (a?.toLowerCase() !== 'communications' || b?.toLowerCase() !== 'callrecords' || !isFunctionSegment(fnSegment)) return null
    const call = parseFunctionSegment(fnSegment!)
    const fn = REPORT_FUNCTIONS.find((f) => f.toLowerCase() === call?.name.toLowerCase())
    // an unknown function, or a beta-only one on v1.0, is a segment Graph does not know
    if (!call || !fn || (req.version === 'v1.0' && !REPORT_TYPES[fn].v1)) throw errors.segmentNotFound(call ? call.name : fnSegment!)
    if (rest.length > 0) throw errors.segmentNotFound(rest[0]!)
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(req.method, `communications/callRecords/${call.name}`)
    return this.answer(req, fn, call.qualified, call.entries)
  }

  private answer(req: GraphRequest, fn: ReportFunction, qualified: boolean, entries: readonly [string, string | null][]): Reply {
    const values: Partial<Record<(typeof PARAMS)[number], string>> = {}
    for (const [name, value] of entries) {
      const p = PARAMS.find((x) => x.toLowerCase() === name.toLowerCase())
      if (!p) throw errors.badRequest(`The parameter '${echo(name)}' is not a parameter of function '${fn}'; it takes fromDateTime and toDateTime.`)
      if (values[p] !== undefined) throw errors.badRequest(`The parameter '${p}' was given more than once.`)
      if (value === null || value === '') throw errors.badRequest(`The parameter '${p}' has no value.`)
      values[p] = value
    }
    for (const p of PARAMS) if (values[p] === undefined) throw errors.badRequest(`The required parameter '${p}' of function '${fn}' is missing.`)
    const from = parseDateTimeParam('fromDateTime', values.fromDateTime!)
    const to = parseDateTimeParam('toDateTime', values.toDateTime!)
    if (from > to) throw errors.badRequest(`fromDateTime (${values.fromDateTime}) must not be later than toDateTime (${values.toDateTime}).`)
    if (RANGE_LIMITED.has(fn) && to - from > MAX_RANGE_DAYS * DAY) {
      // the one observation of this case (a 2020 docs PR) reports 406 Not Acceptable
      throw new GraphError(406, 'NotAcceptable', `The range between fromDateTime and toDateTime must not exceed ${MAX_RANGE_DAYS} days.`)
    }
    // Graph ignores $filter and $search on these functions (api-spec.md 3.6): they are accepted and have no effect
    const q = parseQueryOptions(withoutOptions(req.rawQuery, ['$filter', '$search']), ['$top', '$skip', '$count'])
    const skip = q.skip ?? 0
    let limit = REPORT_PAGE
    if (q.top !== undefined) limit = Math.min(limit, q.top)
    if (req.prefer.maxPageSize !== null) limit = Math.min(limit, req.prefer.maxPageSize)
    const toExclusive = TO_INCLUSIVE[fn] ? to + 1 : to
    const segment = `${qualified ? 'microsoft.graph.callRecords.' : ''}${fn}(fromDateTime=${values.fromDateTime},toDateTime=${values.toDateTime})`
    const others = keptOptions(req.rawQuery)
    // the key holds what shapes the body; a digest keeps arbitrary client text out of the cache's keys
    const key = createHash('sha256').update(JSON.stringify([this.revision(), req.version, fn, from, toExclusive, skip, limit, req.prefer.omitNulls, req.base, segment, others])).digest('base64url')
    const body = this.cached(key, () => {
      const page = limit === 0 ? { rows: [], more: false } : this.log.page(fn, req.version, from, toExclusive, skip, limit)
      let text = `{"@odata.context":${JSON.stringify(`${req.base}/${req.version}/$metadata#Collection(microsoft.graph.callRecords.${REPORT_TYPES[fn].rowType})`)}`
      // the docs: @odata.count on the first page, the number of rows in that response
      if (skip === 0) text += `,"@odata.count":${page.rows.length}`
      if (page.more) {
        const link = `${req.base}/${req.version}/communications/callRecords/${segment}?${[...others, `$skip=${skip + page.rows.length}`].join('&')}`
        text += `,"@odata.nextLink":${JSON.stringify(link)}`
      }
      return `${text},"value":${serialize(page.rows, req.prefer)}}`
    })
    return json(body, req.prefer.applied.length ? { 'Preference-Applied': appliedPreferences(req.prefer, REPORT_PAGE) } : undefined)
  }
}

/** The raw query without the named options (compared ignoring case, `%24` as `$`). */
function withoutOptions(raw: string, names: readonly string[]): string {
  return raw.split('&').filter((p) => !names.includes(optionName(p))).join('&')
}

/** Options carried into the next link: the system options these functions take, but $skip (which the link sets). */
function keptOptions(raw: string): string[] {
  return raw.split('&').filter((p) => CARRIED.has(optionName(p))).map((p) => p.slice(0, 2000))
}

const CARRIED = new Set(['$top', '$count', '$filter', '$search'])

function optionName(part: string): string {
  const eq = part.indexOf('=')
  return (eq < 0 ? part : part.slice(0, eq)).replace(/^%24/i, '$').toLowerCase()
}
