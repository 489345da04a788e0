/**
 * The Express application: the only place that speaks HTTP. Middleware order: request context
 * (ids, Date, headers) → control API (no auth) → Graph routes (auth, then handlers) → errors.
 */
import { randomUUID } from 'node:crypto'
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
import { ODATA_JSON, type Reply } from './reply.js'

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
    const requestId = randomUUID()
    const sent = req.get('client-request-id')
    const clientRequestId = sent && SAFE_CLIENT_ID.test(sent) ? sent : requestId
    const now = d.clock.now()
    res.locals.meta = { requestId, clientRequestId, now } satisfies RequestMeta
    res.setHeader('request-id', requestId)
    res.setHeader('client-request-id', clientRequestId)
    res.setHeader('x-ms-ags-diagnostic', DIAGNOSTIC)
    res.setHeader('Date', new Date(now).toUTCString())
    res.setHeader('Cache-Control', 'private')
    if (d.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      // method, path and status only: never headers (Authorization) nor bodies
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      d.logger.info(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`)
    })
    next()
  })

  for (const r of d.before ?? []) app.use(r)

  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }))

  app.use(async function graph(req: Request, res: Response, next: NextFunction) {
    try {
      const reply = await route(d, req, res)
      send(res, reply)
    } catch (e) {
      next(e)
    }
  })

  app.use(function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    let e: GraphError
    if (err instanceof GraphError) e = err
    else if (err instanceof ODataQueryError) e = new GraphError(err.status, err.code, err.message)
    else if (isBodyError(err)) {
      const message = err.type === 'entity.too.large' ? 'The request body is too large.' : 'The request body is not valid JSON.'
      // Graph answers a subscription body it cannot read with InvalidRequest and this message
      e = /\/subscriptions/i.test(req.path)
        ? new GraphError(400, 'InvalidRequest', `Could not process subscription creation payload. Are all property names spelled and camelCased properly? (${message})`)
        : errors.badRequest(message)
    }
    else if (isClientError(err)) e = errors.badRequest('The request could not be read (malformed URL or body).')
    else {
      d.logger.warn(`500 on ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
      e = errors.internal()
    }
    const m = res.locals.meta as RequestMeta | undefined
    const body = JSON.stringify(toEnvelope(e, m ?? { requestId: randomUUID(), clientRequestId: '', now: d.clock.now() }))
    res.status(e.status)
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v)
    res.setHeader('Content-Type', 'application/json;charset=utf-8')
    res.end(body)
  })
  return app
}

function isBodyError(e: unknown): e is { type: string; status: number } {
  return typeof e === 'object' && e !== null && 'type' in e && 'status' in e && (e as { status: number }).status < 500
}

/** Errors Express or its parsers raise for bad input (a malformed path parameter, say) carry a 4xx status. */
function isClientError(e: unknown): boolean {
  const status = typeof e === 'object' && e !== null ? ((e as { status?: unknown; statusCode?: unknown }).status ?? (e as { statusCode?: unknown }).statusCode) : undefined
  return typeof status === 'number' && status >= 400 && status < 500
}

function send(res: Response, r: Reply): void {
  res.status(r.status)
  if (r.contentType) res.setHeader('Content-Type', r.contentType)
  if (r.contentType.startsWith('application/json')) res.setHeader('OData-Version', '4.0')
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v)
  res.end(r.body)
}

const VERSIONS = new Set(['v1.0', 'beta'])

async function route(d: AppDeps, req: Request, res: Response): Promise<Reply> {
  const url = req.originalUrl
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
  const denied = checkAuth(req.get('authorization'), d.auth, roles)
  if (denied) throw denied
  const m = meta(res)
  const greq: GraphRequest = {
    method: req.method,
    version: version as 'v1.0' | 'beta',
    segments: rest,
    rawQuery,
    prefer: parsePrefer(req.headers.prefer),
    now: m.now,
    base: d.baseUrl(),
    claims: claimsOf(req.get('authorization')),
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

export { ODATA_JSON }
