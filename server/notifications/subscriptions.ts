/**
 * Subscriptions to call records, with Graph's rules: what may be subscribed, the validation
 * handshake with the receiver, expiry between 45 minutes and 4,230 minutes, at most 100 per
 * tenant, renewal, deletion, reauthorization, and `reauthorizationRequired` lifecycle
 * notifications as expiry nears. New calls and new versions become change notifications.
 */
import { iso } from '../../generators/format.js'
import { partyId, streamFor, toMillis, type Clock, type Rng } from '../../generators/index.js'
import { echo, GraphError } from '../errors/graph-error.js'
import type { CallRecordStore, RecordRef, StoreEvent } from '../store/call-record-store.js'
import type { DeliveryQueue, Notification } from './delivery.js'
import { parseResource } from './resource.js'
import type { Scheduler, TaskHandle } from './scheduler.js'
import type { WebhookTransport } from './transport.js'

const MIN = 60_000
export const MAX_EXPIRATION_MINUTES = 4230
export const MIN_EXPIRATION_MINUTES = 45
export const MAX_SUBSCRIPTIONS = 100
export const MAX_CLIENT_STATE = 128

export interface SubscriptionOptions {
  /** accept http:// notification URLs on loopback hosts (default true; Graph itself wants https) */
  readonly allowLoopbackHttp: boolean
  /** the receiver must answer the validation request within this time (Graph: 10 s) */
  readonly validationTimeoutMs: number
  /** a record becomes visible (and is notified) this long after its call ended */
  readonly availabilityDelayMs: number
}

export interface Subscription {
  readonly id: string
  readonly resource: string
  readonly changeType: string
  readonly changeTypes: ReadonlySet<'created' | 'updated'>
  notificationUrl: string
  readonly lifecycleNotificationUrl: string | null
  expirationDateTime: number
  readonly clientState: string | null
  readonly applicationId: string
  readonly creatorId: string
  readonly latestSupportedTlsVersion: string
  readonly participantIds: readonly string[]
  expiryTask: TaskHandle | null
  lifecycleTask: TaskHandle | null
}

/** Who is asking (from the token, when it is a JWT). */
export interface Caller {
  readonly applicationId: string
  readonly servicePrincipalId: string
}

const CREATE_PROPS = new Set([
  '@odata.type', 'resource', 'changeType', 'notificationUrl', 'lifecycleNotificationUrl', 'expirationDateTime', 'clientState',
  'includeResourceData', 'latestSupportedTlsVersion', 'encryptionCertificate', 'encryptionCertificateId', 'notificationQueryOptions',
  'notificationUrlAppId', 'notificationContentType',
])
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3']

const invalidPayload = () =>
  new GraphError(400, 'InvalidRequest', 'Could not process subscription creation payload. Are all property names spelled and camelCased properly? Also are the dateTimeOffest properties in the correct format?')
const bad = (message: string) => new GraphError(400, 'InvalidRequest', message)
const validationFailed = (which: string, why: string) =>
  new GraphError(400, 'InvalidRequest', `Subscription validation request failed. ${which} endpoint must respond with 200 OK to validation request. (${why})`)

export class SubscriptionService {
  private readonly subs = new Map<string, Subscription>()
  private rng: Rng
  private counter = 0
  private creating = 0

  constructor(
    private readonly store: CallRecordStore,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly delivery: DeliveryQueue,
    private readonly transport: WebhookTransport,
    private readonly o: SubscriptionOptions,
  ) {
    this.rng = streamFor(store.dataset.options.seed, 'subscriptions')
    store.onChange((e) => this.onRecord(e))
  }

  reset(): void {
    for (const s of this.subs.values()) this.unschedule(s)
    this.subs.clear()
    this.rng = streamFor(this.store.dataset.options.seed, 'subscriptions')
    this.counter = 0
  }

  list(): Subscription[] {
    return [...this.subs.values()]
  }

  get(id: string): Subscription {
    const s = this.subs.get(id)
    if (!s) throw new GraphError(404, 'NotFound', `The subscription '${echo(id)}' was not found. It may have expired or been deleted.`)
    return s
  }

  async create(body: unknown, caller: Caller): Promise<Subscription> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidPayload()
    const b = body as Record<string, unknown>
    for (const k of Object.keys(b)) if (!CREATE_PROPS.has(k)) throw invalidPayload()
    for (const k of ['resource', 'changeType', 'notificationUrl', 'expirationDateTime'] as const) {
      if (b[k] === undefined || b[k] === null || b[k] === '') throw bad(`${k} is a required property for subscription creation.`)
      if (typeof b[k] !== 'string') throw invalidPayload()
    }
    for (const k of ['lifecycleNotificationUrl', 'clientState', 'latestSupportedTlsVersion'] as const) {
      if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') throw invalidPayload()
    }
    if (b.includeResourceData === true) throw bad('Rich notifications (includeResourceData) are not supported for callRecords; subscribe to basic notifications.')
    const { participantIds } = parseResource(b.resource as string)
    const changeTypes = parseChangeType(b.changeType as string)
    const expiration = this.expiration(b.expirationDateTime as string)
    const clientState = (b.clientState as string | undefined) ?? null
    if (clientState !== null && clientState.length > MAX_CLIENT_STATE) throw bad(`clientState must be at most ${MAX_CLIENT_STATE} characters long.`)
    const tls = (b.latestSupportedTlsVersion as string | undefined) ?? 'v1_2'
    if (!TLS_VERSIONS.includes(tls)) throw bad(`latestSupportedTlsVersion must be one of ${TLS_VERSIONS.join(', ')}.`)
    const notificationUrl = this.checkUrl('notificationUrl', b.notificationUrl as string)
    const lifecycle = b.lifecycleNotificationUrl ? this.checkUrl('lifecycleNotificationUrl', b.lifecycleNotificationUrl as string) : null
    if (this.subs.size + this.creating >= MAX_SUBSCRIPTIONS) {
      throw new GraphError(403, 'ExtensionError', `Operation: Create; Exception: [Status Code: Forbidden; Reason: The tenant has reached the limit of ${MAX_SUBSCRIPTIONS} subscriptions for 'communications/callRecords'.]`)
    }
    // hold a place while the receiver is asked, so concurrent requests cannot pass the quota
    this.creating++
    try {
      await this.handshake('Notification', notificationUrl)
      if (lifecycle) await this.handshake('Lifecycle notification', lifecycle)
    } finally {
      this.creating--
    }
    const s: Subscription = {
      id: this.rng.guid(),
      resource: b.resource as string,
      changeType: [...changeTypes].join(','),
      changeTypes,
      notificationUrl,
      lifecycleNotificationUrl: lifecycle,
      expirationDateTime: expiration,
      clientState,
      applicationId: caller.applicationId,
      creatorId: caller.servicePrincipalId,
      latestSupportedTlsVersion: tls,
      participantIds,
      expiryTask: null,
      lifecycleTask: null,
    }
    this.counter++
    this.subs.set(s.id, s)
    this.schedule(s)
    return s
  }

  /** PATCH: renew expirationDateTime, or move notificationUrl (validated again). */
  async update(id: string, body: unknown): Promise<Subscription> {
    const s = this.get(id)
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidPayload()
    const b = body as Record<string, unknown>
    for (const k of Object.keys(b)) {
      if (k === 'lifecycleNotificationUrl') throw bad('lifecycleNotificationUrl can only be set when a subscription is created.')
      if (k !== 'expirationDateTime' && k !== 'notificationUrl' && k !== '@odata.type') throw bad(`The property '${echo(k)}' cannot be changed; only expirationDateTime and notificationUrl can.`)
    }
    const expiration = typeof b.expirationDateTime === 'string' ? this.expiration(b.expirationDateTime) : null
    if (b.expirationDateTime !== undefined && expiration === null) throw invalidPayload()
    let url: string | null = null
    if (b.notificationUrl !== undefined) {
      if (typeof b.notificationUrl !== 'string') throw invalidPayload()
      url = this.checkUrl('notificationUrl', b.notificationUrl)
      if (url !== s.notificationUrl) await this.handshake('Notification', url)
    }
    if (expiration !== null) s.expirationDateTime = expiration
    if (url !== null) s.notificationUrl = url
    // renewing also counts as reauthorization: the lifecycle schedule starts over
    this.unschedule(s)
    this.schedule(s)
    return s
  }

  delete(id: string): void {
    const s = this.get(id)
    this.unschedule(s)
    this.subs.delete(id)
    this.delivery.forgetSubscription(id)
  }

  /** POST /subscriptions/{id}/reauthorize: authorization refreshed; expiry unchanged. */
  reauthorize(id: string): void {
    const s = this.get(id)
    s.lifecycleTask?.cancel()
    s.lifecycleTask = null
    const next = Math.min(this.clock.now() + 15 * MIN, s.expirationDateTime)
    if (s.lifecycleNotificationUrl && next < s.expirationDateTime) s.lifecycleTask = this.scheduler.at(next, () => this.lifecycle(s))
  }

  // ------------------------------------------------------------------

  private expiration(text: string): number {
    let t: number
    try {
      t = toMillis(text)
    } catch {
      throw invalidPayload()
    }
    if (!/T/.test(text)) throw invalidPayload()
    const now = this.clock.now()
    if (t > now + MAX_EXPIRATION_MINUTES * MIN) throw new GraphError(400, 'ExtensionError', `Subscription expiration can only be ${MAX_EXPIRATION_MINUTES} minutes in the future.`)
    return Math.max(t, now + MIN_EXPIRATION_MINUTES * MIN)
  }

  private checkUrl(name: string, value: string): string {
    let u: URL
    try {
      u = new URL(value)
    } catch {
      throw bad(`${name} '${echo(value)}' is not an absolute URL.`)
    }
    if (u.username || u.password) throw bad(`${name} must not carry credentials.`)
    // kept as given: Graph returns the URL as it was sent, query string included
    if (u.protocol === 'https:') return value
    if (u.protocol === 'http:' && this.o.allowLoopbackHttp && isLoopback(u.hostname)) return value
    throw bad(`${name} must be an https URL${this.o.allowLoopbackHttp ? ' (http is accepted for loopback addresses only)' : ''}; got '${echo(value)}'.`)
  }

  private async handshake(which: string, url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${this.rng.guid()}`
    const u = new URL(url)
    u.searchParams.append('validationToken', token)
    const res = await this.transport.post(u.toString(), '', 'text/plain; charset=utf-8', this.o.validationTimeoutMs)
    if (res.status === 0) throw validationFailed(which, res.error ?? 'no response')
    if (res.status !== 200) throw validationFailed(which, `it answered ${res.status}`)
    if (res.body !== token) throw validationFailed(which, 'the response body was not the decoded validationToken')
    if (!/^text\/plain/i.test(res.contentType)) throw validationFailed(which, `the response Content-Type was '${echo(res.contentType, 60)}', not text/plain`)
  }

  private schedule(s: Subscription): void {
    s.expiryTask = this.scheduler.at(s.expirationDateTime, () => {
      this.unschedule(s)
      this.subs.delete(s.id)
      this.delivery.forgetSubscription(s.id)
    })
    if (s.lifecycleNotificationUrl) {
      const first = Math.max(this.clock.now(), s.expirationDateTime - 60 * MIN)
      if (first < s.expirationDateTime) s.lifecycleTask = this.scheduler.at(first, () => this.lifecycle(s))
    }
  }

  private unschedule(s: Subscription): void {
    s.expiryTask?.cancel()
    s.lifecycleTask?.cancel()
    s.expiryTask = null
    s.lifecycleTask = null
  }

  /** reauthorizationRequired, then every 15 minutes until the subscription is renewed or expires. */
  private lifecycle(s: Subscription): void {
    if (!this.subs.has(s.id) || !s.lifecycleNotificationUrl) return
    this.delivery.enqueue(s.lifecycleNotificationUrl, this.notification(s, 'created', '', 'reauthorizationRequired'))
    const next = this.clock.now() + 15 * MIN
    s.lifecycleTask = next < s.expirationDateTime ? this.scheduler.at(next, () => this.lifecycle(s)) : null
  }

  private notification(s: Subscription, changeType: 'created' | 'updated', recordId: string, lifecycleEvent?: Notification['lifecycleEvent']): Notification {
    return {
      subscriptionId: s.id,
      subscriptionExpirationDateTime: s.expirationDateTime,
      clientState: s.clientState,
      changeType,
      recordId,
      tenantId: this.store.dataset.world.tenantId,
      ...(lifecycleEvent ? { lifecycleEvent } : {}),
    }
  }

  /** A record appeared (version 1) or was re-issued: notify every matching, unexpired subscription once it is visible. */
  private onRecord(e: StoreEvent): void {
    const visibleAt = e.kind === 'created' ? e.ref.plan.end + this.o.availabilityDelayMs : this.clock.now()
    this.scheduler.at(Math.max(visibleAt, this.clock.now()), () => this.fanOut(e.kind, e.ref))
  }

  private fanOut(kind: 'created' | 'updated', ref: RecordRef): void {
    const now = this.clock.now()
    for (const s of this.subs.values()) {
      if (s.expirationDateTime <= now) continue
      if (kind === 'updated' && !s.changeTypes.has('updated')) continue
      if (s.participantIds.length > 0 && !ref.plan.parties.some((p) => s.participantIds.includes(partyId(p)))) continue
      this.delivery.enqueue(s.notificationUrl, this.notification(s, kind, ref.plan.id))
    }
  }
}

function parseChangeType(value: string): Set<'created' | 'updated'> {
  const out = new Set<'created' | 'updated'>()
  for (const raw of value.split(',')) {
    const t = raw.trim()
    if (t === 'created' || t === 'updated') out.add(t)
    else if (t === 'deleted') throw bad("changeType 'deleted' is not supported for callRecords: records expire silently after 30 days. Use created and/or updated.")
    else throw bad(`changeType '${echo(t)}' is not valid; use created and/or updated (comma-separated).`)
  }
  return out
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** The subscription as Graph returns it (every property, nulls included). */
export function subscriptionJson(s: Subscription, context: string | null, hideClientState: boolean): Record<string, unknown> {
  return {
    ...(context ? { '@odata.context': context } : {}),
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: hideClientState ? null : s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: iso(s.expirationDateTime),
    creatorId: s.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
    notificationContentType: 'application/json',
  }
}
