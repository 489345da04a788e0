/**
 * `/subscriptions` under /v1.0 and /beta: create (201), list, get, renew (PATCH), delete (204),
 * reauthorize (204), shaped like Graph's responses.
 */
import { streamFor } from '../../generators/index.js'
import { errors } from '../errors/catalogue.js'
import { subscriptionJson, type Caller, type SubscriptionService } from '../notifications/subscriptions.js'
import type { GraphRequest } from './graph-request.js'
import { ODATA_JSON, type Reply } from './reply.js'

export class SubscriptionsApi {
  private readonly defaultCaller: Caller

  constructor(private readonly service: SubscriptionService, seed: number) {
    const rng = streamFor(seed, 'application')
    this.defaultCaller = { applicationId: rng.guid(), servicePrincipalId: rng.guid() }
  }

  route = async (req: GraphRequest, segments: readonly string[], body: unknown): Promise<Reply | null> => {
    const [first, id, action, ...rest] = segments
    if (first?.toLowerCase() !== 'subscriptions') return null
    if (rest.length > 0) throw errors.segmentNotFound(rest[0]!)
    const m = req.method
    const ctx = (suffix: string) => `${req.base}/${req.version}/$metadata#subscriptions${suffix}`
    if (id === undefined) {
      if (m === 'POST') {
        const s = await this.service.create(body, this.caller(req))
        return reply(201, subscriptionJson(s, ctx('/$entity'), false))
      }
      if (m === 'GET' || m === 'HEAD') {
        // app-only callers see their own subscriptions; clientState is never listed
        return reply(200, { '@odata.context': ctx(''), value: this.service.list().map((s) => subscriptionJson(s, null, true)) })
      }
      throw errors.methodNotAllowed(m, 'subscriptions')
    }
    if (action !== undefined) {
      if (action.toLowerCase() !== 'reauthorize') throw errors.segmentNotFound(action)
      if (m !== 'POST') throw errors.methodNotAllowed(m, `subscriptions/${id}/reauthorize`)
      this.service.reauthorize(id)
      return { status: 204, body: '', contentType: '' }
    }
    switch (m) {
      case 'GET':
      case 'HEAD':
        return reply(200, subscriptionJson(this.service.get(id), ctx('/$entity'), false))
      case 'PATCH':
        return reply(200, subscriptionJson(await this.service.update(id, body), ctx('/$entity'), false))
      case 'DELETE':
        this.service.delete(id)
        return { status: 204, body: '', contentType: '' }
      default:
        throw errors.methodNotAllowed(m, `subscriptions/${id}`)
    }
  }

  private caller(req: GraphRequest): Caller {
    const c = req.claims
    const app = typeof c?.appid === 'string' ? c.appid : typeof c?.azp === 'string' ? c.azp : null
    const oid = typeof c?.oid === 'string' ? c.oid : null
    return { applicationId: app ?? this.defaultCaller.applicationId, servicePrincipalId: oid ?? this.defaultCaller.servicePrincipalId }
  }
}

function reply(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body), contentType: ODATA_JSON }
}
