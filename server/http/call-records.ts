/**
 * GET handlers of the callRecords read API: the list, one record (with $expand and nested
 * paging), sessions, participants_v2, organizer_v2 and the $count paths.
 */
import { sessionId } from '../../generators/index.js'
import { errors } from '../errors/catalogue.js'
import { expandContextFragment, validateExpand, type ExpandItem } from '../odata/expand.js'
import { startBounds } from '../odata/filter.js'
import { parseQueryOptions, type QueryOptions, type SystemOption } from '../odata/query-options.js'
import { validateSelect } from '../odata/select.js'
import { decodeToken, encodeToken, invalidSkipToken } from '../odata/skiptoken.js'
import { metadataUrl, recordContextPrefix, type RecordRenderer } from '../render/records.js'
import { serialize } from '../render/serialize.js'
import type { CallRecordStore, Cursor, RecordRef } from '../store/call-record-store.js'
import type { GraphRequest } from './graph-request.js'
import { appliedPreferences } from './prefer.js'
import { json, text, type Reply } from './reply.js'

const RECORD_TYPE = 'microsoft.graph.callRecords.callRecord'
const SESSION_TYPE = 'microsoft.graph.callRecords.session'
const PARTICIPANT_TYPE = 'microsoft.graph.callRecords.participant'
const RECORD_PROPS = ['id', 'version', 'type', 'modalities', 'lastModifiedDateTime', 'startDateTime', 'endDateTime', 'joinWebUrl', 'organizer', 'participants', 'organizer_v2']
const SESSION_PROPS = ['id', 'modalities', 'startDateTime', 'endDateTime', 'isTest', 'caller', 'callee', 'failureInfo', 'segments']
const PARTICIPANT_PROPS = ['id', 'identity', 'administrativeUnitInfos']
const SEGMENT_PROPS = ['id', 'startDateTime', 'endDateTime', 'caller', 'callee', 'failureInfo', 'media']
/** What a nested $select inside $expand may name, per entity type. */
const NESTED_PROPS = {
  [SESSION_TYPE]: SESSION_PROPS,
  [PARTICIPANT_TYPE]: PARTICIPANT_PROPS,
  'microsoft.graph.callRecords.segment': SEGMENT_PROPS,
  'microsoft.graph.callRecords.organizer': PARTICIPANT_PROPS,
}

/** Page sizes Graph uses (api-spec.md section 4). */
export const LIST_PAGE = 60
export const SESSION_PAGE = 60
export const PARTICIPANT_PAGE = 130
/** how many records one list page may examine with a participant filter before it returns (possibly short) */
const SCAN_BUDGET = 5000

const LIST_OPTIONS: SystemOption[] = ['$top', '$skiptoken', '$select', '$filter', '$count']
const GET_OPTIONS: SystemOption[] = ['$select', '$expand']
const SESSIONS_OPTIONS: SystemOption[] = ['$top', '$skiptoken', '$select', '$expand', '$count']
const PARTICIPANTS_OPTIONS: SystemOption[] = ['$top', '$skiptoken', '$select', '$count']

export interface CallRecordsDeps {
  readonly store: CallRecordStore
  readonly renderer: RecordRenderer
  readonly tokenSecret: string
}

type ListToken = { k: 'l'; s: number; i: string }
type NavToken = { k: 's' | 'p'; r: string; o: number }

export class CallRecordsApi {
  constructor(private readonly d: CallRecordsDeps) {}

  /** Routes `communications/callRecords/...` (segments after callRecords) for GET. */
  get(req: GraphRequest, rest: readonly string[]): Reply {
    const [first, second, third, fourth, ...more] = rest
    if (first === undefined) return this.list(req)
    if (first === '$count' && rest.length === 1) return this.countRecords(req)
    if (first === '$count') throw errors.segmentNotFound(second!)
    const ref = this.find(first, req.now)
    if (second === undefined) return this.record(req, ref)
    if (second === 'sessions') {
      if (third === undefined) return this.sessions(req, ref)
      if (third === '$count' && fourth === undefined) return text(String(ref.plan.sessions.length))
      if (fourth === undefined) return this.oneSession(req, ref, third)
      throw errors.segmentNotFound(more.length ? more[0]! : fourth)
    }
    if (second === 'participants_v2') {
      if (third === undefined) return this.participants(req, ref)
      if (third === '$count' && fourth === undefined) return text(String(ref.plan.parties.length))
      if (fourth === undefined) return this.oneParticipant(req, ref, third)
      throw errors.segmentNotFound(fourth)
    }
    if (second === 'organizer_v2' && third === undefined) return this.organizer(req, ref)
    throw errors.segmentNotFound(third === undefined ? second : third)
  }

  private find(id: string, now: number): RecordRef {
    const ref = this.d.store.get(id, now)
    if (!ref) throw errors.recordNotFound()
    return ref
  }

  // ------------------------------------------------------------------ list

  private list(req: GraphRequest): Reply {
    const q = parseQueryOptions(req.rawQuery, LIST_OPTIONS)
    const select = q.select ? validateSelect(q.select, RECORD_PROPS, RECORD_TYPE) : null
    const { from, to } = q.filter ? startBounds(q.filter) : { from: -Infinity, to: Infinity }
    const participantIds = q.filter?.participantIds ?? []
    const size = this.pageSize(req, q, LIST_PAGE)
    const after = q.skiptoken ? this.listCursor(q.skiptoken) : null
    const page = size.value === 0
      ? { items: [], next: null }
      : this.d.store.list({ now: req.now, from, to, participantIds, after, limit: size.value, scanBudget: SCAN_BUDGET })
    // the page's bytes depend on what was found and how it is shown: the same page is served from memory
    const first = page.items[0]
    const last = page.items[page.items.length - 1]
    const count = q.count ? this.d.store.count({ now: req.now, from, to, participantIds }) : -1
    const key = `${req.base}|${req.version}|${req.rawQuery}|${req.prefer.includeUnknownEnum}|${req.prefer.omitNulls}|${this.d.store.revision}|${page.items.length}|${first?.plan.id}|${first?.version}|${last?.plan.id}|${page.next?.id}|${count}`
    let body = this.pages.get(key)
    if (body === undefined) {
      const items = page.items.map((ref) =>
        select ? serialize(this.pick(this.d.renderer.annotatedBase(ref, req), select), req.prefer) : this.d.renderer.baseText(ref, req, req.prefer))
      let text = `{"@odata.context":${JSON.stringify(`${metadataUrl(req)}#communications/callRecords${select ? `(${select.join(',')})` : ''}`)}`
      if (q.count) text += `,"@odata.count":${count}`
      text += `,"value":[${items.join(',')}]`
      if (page.next) {
        const token = encodeToken({ k: 'l', s: page.next.start, i: page.next.id } satisfies ListToken, this.d.tokenSecret)
        text += `,"@odata.nextLink":${JSON.stringify(nextLink(req, ['communications', 'callRecords'], q, token))}`
      }
      body = Buffer.from(text + '}', 'utf8')
      if (key.length < 4096) {
        this.pages.set(key, body)
        if (this.pages.size > 64) this.pages.delete(this.pages.keys().next().value!)
      }
    }
    return json(body, size.headers)
  }

  /** the last list pages served (bytes), by everything that shapes them */
  private readonly pages = new Map<string, Buffer>()

  private countRecords(req: GraphRequest): Reply {
    const q = parseQueryOptions(req.rawQuery, ['$filter'])
    const { from, to } = q.filter ? startBounds(q.filter) : { from: -Infinity, to: Infinity }
    return text(String(this.d.store.count({ now: req.now, from, to, participantIds: q.filter?.participantIds ?? [] })))
  }

  private listCursor(token: string): Cursor {
    const t = decodeToken(token, this.d.tokenSecret) as Partial<ListToken>
    if (t?.k !== 'l' || typeof t.s !== 'number' || typeof t.i !== 'string') throw invalidSkipToken()
    return { start: t.s, id: t.i }
  }

  // ------------------------------------------------------------------ one record

  private record(req: GraphRequest, ref: RecordRef): Reply {
    const q = parseQueryOptions(req.rawQuery, GET_OPTIONS)
    const select = q.select ? validateSelect(q.select, RECORD_PROPS, RECORD_TYPE) : null
    const expand = q.expand ? validateExpand(q.expand, { sessions: { segments: {} }, participants_v2: {}, organizer_v2: {} }, RECORD_TYPE, { properties: NESTED_PROPS }) : []
    const id = ref.plan.id
    const prefix = recordContextPrefix(req, id)
    const fragment = [...(select ?? []), ...(expand.length ? [expandContextFragment(expand)] : [])].filter(Boolean).join(',')
    const context = `${metadataUrl(req)}#communications/callRecords${fragment ? `(${fragment})` : ''}/$entity`
    let body: string
    if (select) {
      body = serialize({ '@odata.context': context, ...this.pick(this.d.renderer.annotatedBase(ref, req), select) }, req.prefer).slice(0, -1)
    } else {
      body = `{"@odata.context":${JSON.stringify(context)},${this.d.renderer.baseText(ref, req, req.prefer).slice(1, -1)}`
    }
    body += `,"participants_v2@odata.context":${JSON.stringify(`${prefix}/participants_v2/$entity`)}`
    const sessions = expand.find((e) => e.name === 'sessions')
    if (sessions) {
      const withSegments = hasSegments(sessions)
      const segmentSelect = sessions.expand?.find((x) => x.name === 'segments')?.select
      const n = Math.min(SESSION_PAGE, ref.plan.sessions.length)
      const texts: string[] = []
      for (let j = 0; j < n; j++) {
        if (!sessions.select && !segmentSelect) texts.push(this.d.renderer.sessionText(ref, j, withSegments, req.prefer))
        else texts.push(serialize(this.selectSession(this.d.renderer.session(ref, j, withSegments), sessions.select, segmentSelect), req.prefer))
      }
      body += `,"sessions":[${texts.join(',')}]`
      if (ref.plan.sessions.length > n) {
        const token = encodeToken({ k: 's', r: id, o: n } satisfies NavToken, this.d.tokenSecret)
        const expandSeg = withSegments ? '$expand=segments&' : ''
        body += `,"sessions@odata.nextLink":${JSON.stringify(`${req.base}/${req.version}/communications/callRecords/${id}/sessions?${expandSeg}$skiptoken=${token}`)}`
      }
    }
    const participantsItem = expand.find((e) => e.name === 'participants_v2')
    if (participantsItem) {
      const all = ref.plan.parties.length
      const n = Math.min(PARTICIPANT_PAGE, all)
      if (all > n) {
        const token = encodeToken({ k: 'p', r: id, o: n } satisfies NavToken, this.d.tokenSecret)
        body += `,"participants_v2@odata.nextLink":${JSON.stringify(`${req.base}/${req.version}/communications/callRecords/${id}/participants_v2?$skiptoken=${token}`)}`
      }
      const items = participantsItem.select
        ? this.d.renderer.participants(ref).slice(0, n).map((p) => serialize(this.pick(p, participantsItem.select!), req.prefer))
        : this.d.renderer.participantsText(ref, 0, n, req.prefer)
      body += `,"participants_v2":[${items.join(',')}]`
    }
    return json(body + '}', this.appliedHeader(req, null))
  }

  // ------------------------------------------------------------------ sessions

  private sessions(req: GraphRequest, ref: RecordRef): Reply {
    const q = parseQueryOptions(req.rawQuery, SESSIONS_OPTIONS)
    const select = q.select ? validateSelect(q.select, SESSION_PROPS, SESSION_TYPE) : null
    const expand = q.expand ? validateExpand(q.expand, { segments: {} }, SESSION_TYPE, { properties: NESTED_PROPS }) : []
    const withSegments = expand.some((e) => e.name === 'segments')
    const segmentSelect = expand.find((e) => e.name === 'segments')?.select
    const total = ref.plan.sessions.length
    const offset = q.skiptoken ? this.navOffset(q.skiptoken, 's', ref.plan.id) : 0
    const size = this.pageSize(req, q, SESSION_PAGE)
    const end = Math.min(total, offset + size.value)
    const texts: string[] = []
    for (let j = offset; j < end; j++) {
      texts.push(select || segmentSelect
        ? serialize(this.selectSession(this.d.renderer.session(ref, j, withSegments), select ?? undefined, segmentSelect), req.prefer)
        : this.d.renderer.sessionText(ref, j, withSegments, req.prefer))
    }
    // $top=0 asks for no rows: no next link either (one pointing back at itself would never end)
    return this.navPage(req, q, ref, 'sessions', texts, end < total && size.value > 0 ? end : null, 's', total, size.headers)
  }

  private oneSession(req: GraphRequest, ref: RecordRef, sid: string): Reply {
    const q = parseQueryOptions(req.rawQuery, ['$select', '$expand'])
    const select = q.select ? validateSelect(q.select, SESSION_PROPS, SESSION_TYPE) : null
    const expand = q.expand ? validateExpand(q.expand, { segments: {} }, SESSION_TYPE, { properties: NESTED_PROPS }) : []
    const ctx = this.d.store.dataset.ctx
    const j = ref.plan.sessions.findIndex((_, k) => sessionId(ctx, ref.plan, k) === sid)
    if (j < 0) throw errors.itemNotFound('session', sid)
    const s = this.d.renderer.session(ref, j, expand.some((e) => e.name === 'segments'))
    const body = { '@odata.context': `${recordContextPrefix(req, ref.plan.id)}/sessions/$entity`, ...(select ? this.pick(s, select) : s) }
    return json(serialize(body, req.prefer), this.appliedHeader(req, null))
  }

  // ------------------------------------------------------------------ participants and organizer

  private participants(req: GraphRequest, ref: RecordRef): Reply {
    const q = parseQueryOptions(req.rawQuery, PARTICIPANTS_OPTIONS)
    const select = q.select ? validateSelect(q.select, PARTICIPANT_PROPS, PARTICIPANT_TYPE) : null
    const total = ref.plan.parties.length
    const offset = q.skiptoken ? this.navOffset(q.skiptoken, 'p', ref.plan.id) : 0
    const size = this.pageSize(req, q, PARTICIPANT_PAGE)
    const end = Math.min(total, offset + size.value)
    const texts = select
      ? this.d.renderer.participants(ref).slice(offset, end).map((p) => serialize(this.pick(p, select), req.prefer))
      : this.d.renderer.participantsText(ref, offset, end, req.prefer)
    return this.navPage(req, q, ref, 'participants_v2', texts, end < total && size.value > 0 ? end : null, 'p', total, size.headers)
  }

  private oneParticipant(req: GraphRequest, ref: RecordRef, pid: string): Reply {
    const q = parseQueryOptions(req.rawQuery, ['$select'])
    const select = q.select ? validateSelect(q.select, PARTICIPANT_PROPS, PARTICIPANT_TYPE) : null
    const p = this.d.renderer.participants(ref).find((x) => x.id === pid)
    if (!p) throw errors.itemNotFound('participant', pid)
    const body = { '@odata.context': `${recordContextPrefix(req, ref.plan.id)}/participants_v2/$entity`, ...(select ? this.pick(p, select) : p) }
    return json(serialize(body, req.prefer), this.appliedHeader(req, null))
  }

  private organizer(req: GraphRequest, ref: RecordRef): Reply {
    const q = parseQueryOptions(req.rawQuery, ['$select'])
    const select = q.select ? validateSelect(q.select, PARTICIPANT_PROPS, 'microsoft.graph.callRecords.organizer') : null
    const org = this.d.renderer.base(ref).organizer_v2
    if (!org || typeof org !== 'object' || Array.isArray(org)) throw errors.itemNotFound('organizer of call record', ref.plan.id)
    const body = { '@odata.context': `${recordContextPrefix(req, ref.plan.id)}/organizer_v2/$entity`, ...(select ? this.pick(org, select) : org) }
    return json(serialize(body, req.prefer), this.appliedHeader(req, null))
  }

  // ------------------------------------------------------------------ helpers

  private navPage(req: GraphRequest, q: QueryOptions, ref: RecordRef, nav: 'sessions' | 'participants_v2', items: string[],
    nextOffset: number | null, kind: 's' | 'p', total: number, headers: Record<string, string> | undefined): Reply {
    let body = `{"@odata.context":${JSON.stringify(`${recordContextPrefix(req, ref.plan.id)}/${nav}`)}`
    if (q.count) body += `,"@odata.count":${total}`
    body += `,"value":[${items.join(',')}]`
    if (nextOffset !== null) {
      const token = encodeToken({ k: kind, r: ref.plan.id, o: nextOffset } satisfies NavToken, this.d.tokenSecret)
      body += `,"@odata.nextLink":${JSON.stringify(nextLink(req, ['communications', 'callRecords', ref.plan.id, nav], q, token))}`
    }
    return json(body + '}', headers)
  }

  private navOffset(token: string, kind: 's' | 'p', recordId: string): number {
    const t = decodeToken(token, this.d.tokenSecret) as Partial<NavToken>
    if (t?.k !== kind || t.r !== recordId || typeof t.o !== 'number' || !Number.isInteger(t.o) || t.o < 0) throw invalidSkipToken()
    return t.o
  }

  /** Page size from the endpoint maximum, `$top` and `Prefer: odata.maxpagesize` (capped at the maximum). */
  private pageSize(req: GraphRequest, q: QueryOptions, max: number): { value: number; headers?: Record<string, string> } {
    let value = max
    if (q.top !== undefined) value = Math.min(value, q.top)
    const pref = req.prefer.maxPageSize
    if (pref !== null) value = Math.min(value, pref)
    return { value, headers: this.appliedHeader(req, max) }
  }

  private appliedHeader(req: GraphRequest, max: number | null): Record<string, string> | undefined {
    const v = appliedPreferences(req.prefer, max)
    return v ? { 'Preference-Applied': v } : undefined
  }

  /** A session cut to a nested $select (and its segments to theirs). */
  private selectSession(s: Record<string, any>, select: readonly string[] | undefined, segmentSelect: readonly string[] | undefined): Record<string, any> {
    const out = select ? this.pick(s, [...select, ...(s.segments ? ['segments'] : [])]) : s
    if (segmentSelect && Array.isArray(out.segments)) out.segments = out.segments.map((g: Record<string, unknown>) => this.pick(g, segmentSelect))
    return out
  }

  private pick(o: Record<string, unknown>, select: readonly string[]): Record<string, any> {
    const out: Record<string, unknown> = {}
    const keep = new Set(['id', ...select])
    for (const [k, v] of Object.entries(o)) {
      const base = k.includes('@') ? k.slice(0, k.indexOf('@')) : k
      if (keep.has(base)) out[k] = v
    }
    return out
  }
}

function hasSegments(e: ExpandItem): boolean {
  return (e.expand ?? []).some((x) => x.name === 'segments')
}


/** The absolute next link: the same path and query options, with a fresh `$skiptoken`. */
export function nextLink(req: GraphRequest, path: readonly string[], q: QueryOptions, token: string): string {
  const parts: string[] = []
  for (const [name, value] of Object.entries(q.raw)) {
    if (name === '$skiptoken') continue
    parts.push(`${name}=${encodeQueryValue(value)}`)
  }
  parts.push(`$skiptoken=${token}`)
  return `${req.base}/${req.version}/${path.map(encodeURIComponent).join('/')}?${parts.join('&')}`
}

/** Encodes a query value but keeps the characters OData values use readable ($ ( ) , ' : = ;). */
function encodeQueryValue(v: string): string {
  return encodeURIComponent(v).replace(/%24/g, '$').replace(/%28/g, '(').replace(/%29/g, ')').replace(/%2C/g, ',').replace(/%27/g, "'").replace(/%3A/g, ':').replace(/%3D/g, '=').replace(/%3B/g, ';')
}
