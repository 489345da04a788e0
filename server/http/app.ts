/**
 * The Express application: the only place that speaks HTTP. Middleware order: request context
 * (ids, Date, headers) → control API (no auth) → Graph routes (auth, then handlers) → errors.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { Clock } from '../../generators/index.js'
import { errors } from '../errors/catalogue.js'
import { GraphError, toEnvelope, type RequestMeta } from '../errors/graph-error.js'
import { ODataQueryError } from '../odata/errors.js'
import type { AuthMode, Logger } from '../options.js'
import { CALL_RECORDS_ROLE, checkAuth, claimsOf, PSTN_ROLE } from './auth.js'
import { isFunctionSegment } from './reports.js'
import type { CallRecordsApi } from './call-records.js'
import type { GraphRequest } from './graph-request.js'
import { parsePrefer } from './prefer.js'
import type { Reply } from './reply.js'

export interface AppDeps {
  readonly callRecords: CallRecordsApi
  readonly clock: Clock
  readonly auth: AuthMode
  /** public base URL, no trailing slash; read per request (it is known once the server listens) */
  readonly baseUrl: () => string
  readonly https: boolean
  readonly logger: Logger
  /** extra routers mounted before authentication (the control API) */
  readonly before?: express.Router[]
  /** handlers of other Graph paths by first segment (reports, subscriptions), tried before 'not found' */
  readonly graphRoutes?: GraphRoute[]
}

/** A Graph route outside callRecords reads: returns null when the path is not its own. */
export type GraphRoute = (req: GraphRequest, segments: readonly string[], body: unknown) => Reply | null | Promise<Reply | null>

const DIAGNOSTIC = JSON.stringify({ ServerInfo: { DataCenter: 'Local Mock', Slice: 'E', Ring: '1', ScaleUnit: '000', RoleInstance: 'graph-callrecords-mock', ADSiteName: 'LOCAL' } })
const SAFE_CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/

function meta(res: Response): RequestMeta {
  return res.locals.meta as RequestMeta
}

export function createApp(d: AppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.set('query parser', false)

  app.use(function requestContext(req: Request, res: Response, next: NextFunction) {
    res.locals.meta = startRequest(d, req, res)
    next()
  })

  for (const r of d.before ?? []) app.use(r)

  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }))

  app.use(async function graph(req: Request, res: Response, next: NextFunction) {
    try {
      send(res, await route(d, rawOf(req), meta(res)))
    } catch (e) {
      next(e)
    }
  })

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    sendError(res, errorFor(d, err, req.method, req.path), (res.locals.meta as RequestMeta | undefined) ?? newMeta(d, undefined))
  })
  return app
}

/** What a Graph handler needs of a request. */
interface RawRequest {
  readonly url: string
  readonly method: string
  header(name: string): string | undefined
  readonly body: unknown
}

function rawOf(req: Request): RawRequest {
  return { url: req.originalUrl, method: req.method, header: (n) => req.get(n), body: req.body }
}

function newMeta(d: AppDeps, sent: string | undefined): RequestMeta {
  const requestId = randomUUID()
  const clientRequestId = sent && SAFE_CLIENT_ID.test(sent) ? sent : requestId
  return { requestId, clientRequestId, now: d.clock.now() }
}

/** Ids, Date and Graph's headers on every response, and one log line when it is sent. */
function startRequest(d: AppDeps, req: IncomingMessage, res: ServerResponse): RequestMeta {
  const m = newMeta(d, header(req, 'client-request-id'))
  res.setHeader('request-id', m.requestId)
  res.setHeader('client-request-id', m.clientRequestId)
  res.setHeader('x-ms-ags-diagnostic', DIAGNOSTIC)
  res.setHeader('Date', new Date(m.now).toUTCString())
  res.setHeader('Cache-Control', 'private')
  if (d.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    // method, path and status only: never headers (Authorization) nor bodies
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    const path = (req.url ?? '/').split('?')[0]
    d.logger.info(`${req.method} ${path} ${res.statusCode} ${ms.toFixed(1)}ms`)
  })
  return m
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

/** Turns anything thrown into the error to answer: a GraphError as it is, the rest a 4xx or a bare 500. */
function errorFor(d: AppDeps, err: unknown, method: string, path: string): GraphError {
  if (err instanceof GraphError) return err
  if (err instanceof ODataQueryError) return new GraphError(err.status, err.code, err.message)
  if (isBodyError(err)) {
    const message = err.type === 'entity.too.large' ? 'The request body is too large.' : 'The request body is not valid JSON.'
    // Graph answers a subscription body it cannot read with InvalidRequest and this message
    return /\/subscriptions/i.test(path)
      ? new GraphError(400, 'InvalidRequest', `Could not process subscription creation payload. Are all property names spelled and camelCased properly? (${message})`)
      : errors.badRequest(message)
  }
  if (isClientError(err)) return errors.badRequest('The request could not be read (malformed URL or body).')
  d.logger.warn(`500 on ${method} ${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  return errors.internal()
}

function sendError(res: ServerResponse, e: GraphError, m: RequestMeta): void {
  const body = JSON.stringify(toEnvelope(e, m))
  res.statusCode = e.status
  for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v)
  res.setHeader('Content-Type', 'application/json;charset=utf-8')
  res.end(body)
}

/**
 * Graph GETs straight from node:http, without Express's per-request work: the same router,
 * headers and errors as the Express path (the control API and bodies go through Express).
 * Returns false when the request is not one it serves.
 */
export function createFastGraph(d: AppDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? '/'
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !(url.startsWith('/v1.0/') || url.startsWith('/beta/'))) return false
    const m = startRequest(d, req, res)
    const raw: RawRequest = { url, method: req.method, header: (n) => header(req, n.toLowerCase()), body: undefined }
    route(d, raw, m)
      .then((reply) => send(res, reply))
      .catch((e) => {
        if (!res.headersSent) sendError(res, errorFor(d, e, req.method ?? 'GET', url.split('?')[0]!), m)
      })
    return true
  }
}

function isBodyError(e: unknown): e is { type: string; status: number } {
  return typeof e === 'object' && e !== null && 'type' in e && 'status' in e && (e as { status: number }).status < 500
}

/** Errors Express or its parsers raise for bad input (a malformed path parameter, say) carry a 4xx status. */
function isClientError(e: unknown): boolean {
  const status = typeof e === 'object' && e !== null ? ((e as { status?: unknown; statusCode?: unknown }).status ?? (e as { statusCode?: unknown }).statusCode) : undefined
  return typeof status === 'number' && status >= 400 && status < 500
}

function send(res: ServerResponse, r: Reply): void {
  res.statusCode = r.status
  if (r.contentType) res.setHeader('Content-Type', r.contentType)
  if (r.contentType.startsWith('application/json')) res.setHeader('OData-Version', '4.0')
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v)
  res.end(r.body)
}

const VERSIONS = new Set(['v1.0', 'beta'])

async function route(d: AppDeps, req: RawRequest, m: RequestMeta): Promise<Reply> {
  const url = req.url
  const q = url.indexOf('?')
  const rawPath = q < 0 ? url : url.slice(0, q)
  const rawQuery = q < 0 ? '' : url.slice(q + 1)
  const segments = rawPath.split('/').filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      throw errors.badRequest(`The path segment '${s.slice(0, 200)}' contains malformed percent-encoding.`)
    }
  })
  const [version, ...rest] = segments
  if (version === undefined) throw errors.notFound('/')
  if (!VERSIONS.has(version)) {
    if (/^v\d/i.test(version) || version.toLowerCase() === 'beta') throw errors.invalidVersion(version)
    throw errors.notFound(rawPath)
  }
  // the PSTN report functions also accept the older CallRecord-PstnCalls.Read.All role
  const roles = isFunctionSegment(rest[2]) ? [CALL_RECORDS_ROLE, PSTN_ROLE] : [CALL_RECORDS_ROLE]
  const denied = checkAuth(req.header('authorization'), d.auth, roles)
  if (denied) throw denied
  const greq: GraphRequest = {
    method: req.method,
    version: version as 'v1.0' | 'beta',
    segments: rest,
    rawQuery,
    prefer: parsePrefer(req.header('prefer')),
    now: m.now,
    base: d.baseUrl(),
    claims: claimsOf(req.header('authorization')),
  }
  for (const r of d.graphRoutes ?? []) {
    const reply = await r(greq, rest, req.body)
    if (reply) return reply
  }
  const [a, b, ...more] = rest
  if (a?.toLowerCase() === 'communications' && b?.toLowerCase() === 'callrecords') {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(req.method, rawPath)
    return d.callRecords.get(greq, normalise(more))
  }
  throw errors.segmentNotFound(a === undefined ? version : a.toLowerCase() === 'communications' ? (b ?? a) : a)
}

/** Graph matches navigation names case-insensitively; ids and function segments keep their case. */
function normalise(segments: readonly string[]): string[] {
  const names = ['sessions', 'participants_v2', 'organizer_v2', '$count', 'segments']
  return segments.map((s) => names.find((n) => n.toLowerCase() === s.toLowerCase()) ?? s)
}

