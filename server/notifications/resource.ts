/**
 * The `resource` of a callRecords subscription: `/communications/callRecords`, optionally
 * filtered to calls of some participants:
 * `/communications/callRecords?$filter=participants/any(p:p/id eq '…')`, with `or` of such
 * comparisons or `in ('…','…')` (api-spec.md 7.1). Note: `participants`, not `participants_v2`.
 */
import { errors } from '../errors/catalogue.js'
import { echo } from '../errors/graph-error.js'

export interface SubscribedResource {
  /** participant ids the calls must include one of; empty = every call */
  readonly participantIds: readonly string[]
}

const BASE = /^\/?communications\/callrecords\/?$/i
const ANY = /^participants\/any\(\s*(\w+)\s*:\s*([\s\S]+)\)$/

export function parseResource(resource: string): SubscribedResource {
  const q = resource.indexOf('?')
  const path = q < 0 ? resource : resource.slice(0, q)
  if (!BASE.test(path.trim())) {
    throw errors.badRequest(`The resource '${echo(resource)}' is not supported: this server emulates change notifications for '/communications/callRecords' only.`)
  }
  if (q < 0) return { participantIds: [] }
  const query = resource.slice(q + 1)
  const m = /^\$filter=([\s\S]*)$/i.exec(query)
  if (!m) throw errors.badRequest(`The resource query '${echo(query)}' is not supported: only $filter=participants/any(p:p/id eq '…') is.`)
  let filter = m[1]!
  try {
    filter = decodeURIComponent(filter)
  } catch {
    // already decoded
  }
  const any = ANY.exec(filter.trim())
  if (!any) throw badFilter(filter)
  const v = any[1]!
  const body = any[2]!.trim()
  const ids: string[] = []
  const inList = new RegExp(`^${v}/id\\s+in\\s+\\(([\\s\\S]*)\\)$`, 'i').exec(body)
  if (inList) {
    for (const part of inList[1]!.split(',')) ids.push(unquote(part.trim(), filter))
  } else {
    for (const part of body.split(/\s+or\s+/i)) {
      const eq = new RegExp(`^${v}/id\\s+eq\\s+('(?:[^']|'')*')$`, 'i').exec(part.trim())
      if (!eq) throw badFilter(filter)
      ids.push(unquote(eq[1]!, filter))
    }
  }
  if (ids.length === 0) throw badFilter(filter)
  return { participantIds: ids }
}

function unquote(s: string, filter: string): string {
  if (!/^'(?:[^']|'')*'$/.test(s)) throw badFilter(filter)
  return s.slice(1, -1).replace(/''/g, "'")
}

function badFilter(filter: string) {
  return errors.badRequest(
    `The subscription filter '${echo(filter)}' is not supported: use participants/any(p:p/id eq '<id>'), with 'or' of such comparisons or p/id in ('<id>', …).`,
  )
}
