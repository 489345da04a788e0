/**
 * The control API under /_mock, for tests and demos (no authentication; the server binds to
 * loopback by default). Fixed contract: `POST /_mock/callRecords {"count": n}` and
 * `POST /_mock/reset`. Also: re-issue a record, move the clock, read the delivery log, see the
 * tenant, run a live stream of calls.
 */
import express, { type NextFunction, type Request, type Response } from 'express'
import { CALL_KINDS, type CallKind } from '../../generators/index.js'
import { errors } from '../errors/catalogue.js'
import type { MockControl } from '../control.js'
import { ODATA_JSON } from './reply.js'

const send = (res: Response, status: number, body: unknown) => {
  res.status(status).setHeader('Content-Type', ODATA_JSON)
  res.end(JSON.stringify(body))
}

/** Wraps a handler so thrown errors reach the error handler (Express 5 does this for async too). */
const h = (fn: (req: Request, res: Response) => void | Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve(fn(req, res)).catch(next)
}

function obj(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('The request body must be a JSON object.')
  return body as Record<string, unknown>
}

/** Milliseconds from a number or an ISO 8601 duration (PT4H, P1DT2H30M, PT0.5S). */
export function parseDurationMs(v: unknown): number {
  const ms = durationMs(v)
  // more than a hundred years is not a test scenario; it would only push dates out of range
  if (!Number.isFinite(ms) || ms > 100 * 366 * 86_400_000) throw errors.badRequest(`'advance' must be at most 100 years; got ${JSON.stringify(v)?.slice(0, 60)}.`)
  return ms
}

function durationMs(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v
  if (typeof v === 'string') {
    const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v)
    if (m && v !== 'P' && v !== 'PT') {
      const [, d, hh, mm, ss] = m
      return Math.round(((Number(d ?? 0) * 24 + Number(hh ?? 0)) * 60 + Number(mm ?? 0)) * 60_000 + Number(ss ?? 0) * 1000)
    }
  }
  throw errors.badRequest(`'advance' must be milliseconds (a number >= 0) or an ISO 8601 duration such as PT4H; got ${JSON.stringify(v)?.slice(0, 60)}.`)
}

export function controlRouter(c: MockControl): express.Router {
  const r = express.Router()
  r.use(express.json({ limit: '64kb' }))

  r.post('/_mock/callRecords', h((req, res) => {
    const b = obj(req.body)
    const count = b.count ?? 1
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1000) throw errors.badRequest('count must be a whole number from 1 to 1000.')
    const kind = b.kind
    if (kind !== undefined && !CALL_KINDS.includes(kind as CallKind)) throw errors.badRequest(`kind must be one of ${CALL_KINDS.join(', ')}.`)
    const participantId = b.participantId
    if (participantId !== undefined && typeof participantId !== 'string') throw errors.badRequest('participantId must be a string (a tenant user id, see GET /_mock/tenant).')
    const value = c.addCalls(count as number, kind as CallKind | undefined, participantId as string | undefined)
    send(res, 201, { value })
  }))

  r.post('/_mock/callRecords/:id/versions', h((req, res) => {
    send(res, 201, c.reissue(String(req.params.id)))
  }))

  r.post('/_mock/reset', h((_req, res) => {
    c.reset()
    res.status(204).end()
  }))

  r.get('/_mock/clock', h((_req, res) => send(res, 200, c.clockState())))
  r.post('/_mock/clock', h(async (req, res) => {
    const b = obj(req.body)
    if (b.advance === undefined) throw errors.badRequest("Send {\"advance\": \"PT4H\"} (or milliseconds) to move the clock forward.")
    send(res, 200, await c.advance(parseDurationMs(b.advance)))
  }))

  r.get('/_mock/deliveries', h((_req, res) => send(res, 200, c.deliveries())))
  r.get('/_mock/subscriptions', h((_req, res) => send(res, 200, { value: c.subscriptions() })))
  r.get('/_mock/tenant', h((_req, res) => send(res, 200, c.tenant())))

  r.post('/_mock/live', h((req, res) => {
    const b = obj(req.body)
    const rate = b.callsPerMinute
    if (typeof rate !== 'number' || !(rate > 0 && rate <= 600)) throw errors.badRequest('callsPerMinute must be a number above 0 and at most 600.')
    c.live(rate)
    send(res, 200, { callsPerMinute: rate })
  }))
  r.delete('/_mock/live', h((_req, res) => {
    c.live(0)
    res.status(204).end()
  }))

  r.all('/_mock/{*rest}', h((req) => {
    throw errors.notFound(req.path)
  }))
  return r
}
