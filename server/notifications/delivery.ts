/**
 * Delivers change notifications to webhook receivers the way Graph does: per notification URL,
 * in batches, one request at a time; success is a 2xx within 3 seconds; failures are retried
 * with back-off for up to four hours, then dropped and recorded. Every URL has its own queue,
 * so a slow or dead receiver never holds up the others. Memory per pending notification is a
 * few small fields; the JSON is made when it is sent.
 */
import { iso } from '../../generators/format.js'
import type { Clock } from '../../generators/index.js'
import { GIVE_UP_AFTER_MS, nextAttemptAt } from './retry-policy.js'
import type { Scheduler, TaskHandle } from './scheduler.js'
import type { WebhookTransport } from './transport.js'

export interface Notification {
  readonly subscriptionId: string
  readonly subscriptionExpirationDateTime: number
  readonly clientState: string | null
  readonly changeType: 'created' | 'updated'
  readonly recordId: string
  readonly tenantId: string
  /** lifecycle notifications carry an event instead of a resource */
  readonly lifecycleEvent?: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'
}

interface Pending {
  readonly n: Notification
  readonly queuedAt: number
  failures: number
  nextAt: number
  /** removed while a request carrying it was in flight (its subscription was deleted) */
  gone?: boolean
}

export interface DeliveryAttempt {
  readonly at: string
  readonly url: string
  readonly notifications: number
  readonly subscriptionIds: readonly string[]
  readonly resources: readonly string[]
  readonly status: number
  readonly latencyMs: number
  readonly outcome: 'delivered' | 'failed' | 'slow'
  readonly attempt: number
  readonly error?: string
}

export interface DroppedNotification {
  readonly at: string
  readonly url: string
  readonly subscriptionId: string
  readonly resource: string
  readonly changeType: string
  readonly queuedAt: string
  readonly reason: string
}

export interface DeliveryOptions {
  /** a response later than this is a failure (Graph: 3 s) */
  readonly timeoutMs: number
  /** notifications per POST (Graph batches per URL) */
  readonly batchSize: number
  /** slow-endpoint throttling as Graph describes it (off unless asked) */
  readonly throttleSlowEndpoints: boolean
  /** entries kept in the delivery log and the drop log */
  readonly logSize: number
}

export const DEFAULT_DELIVERY: DeliveryOptions = { timeoutMs: 3000, batchSize: 50, throttleSlowEndpoints: false, logSize: 10_000 }

/** Graph: slower than 2,900 ms counts as slow; 10 % slow after 100 deliveries throttles, 15 % drops. */
const SLOW_MS = 2900
const THROTTLE_WINDOW_MS = 10 * 60_000

class Endpoint {
  queue: Pending[] = []
  inFlight = false
  task: TaskHandle | null = null
  taskAt = Infinity
  /** a failing endpoint waits until its retry before anything else is sent to it */
  blockedUntil = 0
  sent = 0
  slow = 0
  windowStart: number
  constructor(readonly url: string, now: number) {
    this.windowStart = now
  }
}

export class DeliveryQueue {
  private readonly endpoints = new Map<string, Endpoint>()
  private readonly log: DeliveryAttempt[] = []
  private readonly dropped: DroppedNotification[] = []
  private droppedTotal = 0
  private deliveredTotal = 0
  private readonly idle = new Set<() => void>()

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly transport: WebhookTransport,
    private readonly o: DeliveryOptions = DEFAULT_DELIVERY,
  ) {}

  enqueue(url: string, n: Notification): void {
    const now = this.clock.now()
    let ep = this.endpoints.get(url)
    if (!ep) this.endpoints.set(url, (ep = new Endpoint(url, now)))
    if (this.o.throttleSlowEndpoints && this.throttle(ep, now) === 'drop') {
      this.drop(ep.url, { n, queuedAt: now, failures: 0, nextAt: now }, 'the endpoint is too slow (15 % or more of deliveries took longer than 2,900 ms)')
      return
    }
    const delay = this.o.throttleSlowEndpoints && this.throttle(ep, now) === 'delay' ? THROTTLE_WINDOW_MS : 0
    ep.queue.push({ n, queuedAt: now, failures: 0, nextAt: now + delay })
    this.wake(ep, now + delay)
  }

  /** Forgets the pending notifications of a subscription (deleted or expired: nothing more is sent for it). */
  forgetSubscription(subscriptionId: string): number {
    let n = 0
    for (const ep of this.endpoints.values()) {
      const before = ep.queue.length
      ep.queue = ep.queue.filter((p) => {
        if (p.n.subscriptionId !== subscriptionId) return true
        p.gone = true
        return false
      })
      n += before - ep.queue.length
    }
    return n
  }

  /** Pending notifications, all receivers. */
  get pending(): number {
    let n = 0
    for (const ep of this.endpoints.values()) n += ep.queue.length
    return n
  }

  stats(): { delivered: number; dropped: number; pending: number } {
    return { delivered: this.deliveredTotal, dropped: this.droppedTotal, pending: this.pending }
  }

  attempts(): readonly DeliveryAttempt[] {
    return this.log
  }

  drops(): readonly DroppedNotification[] {
    return this.dropped
  }

  clear(): void {
    for (const ep of this.endpoints.values()) ep.task?.cancel()
    this.endpoints.clear()
    this.log.length = 0
    this.dropped.length = 0
    this.droppedTotal = 0
    this.deliveredTotal = 0
  }

  /** Resolves when no request is in flight and nothing is due now (tests wait on this). */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve()
    return new Promise((resolve) => {
      const check = () => {
        if (!this.isSettled()) return
        this.idle.delete(check)
        resolve()
      }
      this.idle.add(check)
    })
  }

  private isSettled(): boolean {
    const now = this.clock.now()
    for (const ep of this.endpoints.values()) {
      if (ep.inFlight) return false
      if (this.readyAt(ep) <= now) return false
    }
    return true
  }

  private notifyIdle(): void {
    for (const f of [...this.idle]) f()
  }

  private wake(ep: Endpoint, at: number): void {
    if (ep.inFlight || at >= ep.taskAt) return
    ep.task?.cancel()
    ep.taskAt = at
    ep.task = this.scheduler.at(at, () => {
      ep.task = null
      ep.taskAt = Infinity
      void this.pump(ep)
    })
  }

  /**
   * Sends the next batch. Cost is per batch, not per queue: the queue is in arrival order, so
   * expired items are found at its front, a batch is taken from its front, and a failing
   * endpoint is held (blockedUntil) instead of being tried with every other batch it holds.
   */
  private async pump(ep: Endpoint): Promise<void> {
    if (ep.inFlight) return
    const now = this.clock.now()
    if (ep.blockedUntil > now) {
      this.rearm(ep)
      this.notifyIdle()
      return
    }
    // give up on what has waited longer than four hours (its last attempt was at the four-hour mark)
    let expired = 0
    while (expired < ep.queue.length && now > ep.queue[expired]!.queuedAt + GIVE_UP_AFTER_MS) {
      this.drop(ep.url, ep.queue[expired]!, 'not delivered within 4 hours')
      expired++
    }
    if (expired > 0) ep.queue.splice(0, expired)
    const batch: Pending[] = []
    for (let k = 0; k < ep.queue.length && batch.length < this.o.batchSize; k++) {
      const p = ep.queue[k]!
      if (p.nextAt <= now) batch.push(p)
    }
    if (batch.length === 0) {
      this.rearm(ep)
      this.notifyIdle()
      return
    }
    ep.inFlight = true
    const body = JSON.stringify({ value: batch.map((p) => payload(p.n)) })
    const res = await this.transport.post(ep.url, body, 'application/json; charset=utf-8', this.o.timeoutMs)
    ep.inFlight = false
    const at = this.clock.now()
    const ok = res.status >= 200 && res.status < 300
    const attempt = Math.max(...batch.map((p) => p.failures)) + 1
    this.record({
      at: iso(at), url: ep.url, notifications: batch.length,
      subscriptionIds: [...new Set(batch.map((p) => p.n.subscriptionId))],
      resources: batch.map((p) => (p.n.lifecycleEvent ? `lifecycle:${p.n.lifecycleEvent}` : `communications/callRecords/${p.n.recordId}`)),
      status: res.status, latencyMs: Math.round(res.latencyMs), outcome: ok ? (res.latencyMs > SLOW_MS ? 'slow' : 'delivered') : 'failed', attempt,
      ...(res.error ? { error: res.error } : {}),
    })
    this.countForThrottling(ep, at, batch.length, res.latencyMs > SLOW_MS)
    const inQueue = new Set(batch.filter((p) => !p.gone))
    if (ok) {
      ep.blockedUntil = 0
      this.remove(ep, inQueue)
      this.deliveredTotal += inQueue.size
    } else {
      const dropped = new Set<Pending>()
      let retryAt = Infinity
      for (const p of inQueue) {
        p.failures++
        const next = nextAttemptAt(p.queuedAt, p.failures, at)
        if (next === null) {
          this.drop(ep.url, p, `not delivered within 4 hours (last status ${res.status || res.error})`)
          dropped.add(p)
        } else {
          p.nextAt = next
          retryAt = Math.min(retryAt, next)
        }
      }
      this.remove(ep, dropped)
      // the endpoint is failing: hold everything queued for it until the retry
      ep.blockedUntil = retryAt === Infinity ? 0 : retryAt
    }
    this.rearm(ep)
    this.notifyIdle()
  }

  /** Removes items (usually the front of the queue) without rebuilding the whole queue when it can. */
  private remove(ep: Endpoint, items: ReadonlySet<Pending>): void {
    if (items.size === 0) return
    let k = 0
    while (k < ep.queue.length && items.has(ep.queue[k]!)) k++
    if (k === items.size) ep.queue.splice(0, k)
    else ep.queue = ep.queue.filter((p) => !items.has(p))
  }

  /** When the endpoint can next send something, or Infinity. */
  private readyAt(ep: Endpoint): number {
    if (ep.queue.length === 0) return Infinity
    if (ep.blockedUntil > this.clock.now()) return ep.blockedUntil
    let next = Infinity
    for (const p of ep.queue) {
      if (p.nextAt < next) next = p.nextAt
      if (next <= this.clock.now()) break
    }
    return next
  }

  private rearm(ep: Endpoint): void {
    const next = this.readyAt(ep)
    if (next !== Infinity) this.wake(ep, next)
  }

  private record(a: DeliveryAttempt): void {
    this.log.push(a)
    if (this.log.length > this.o.logSize) this.log.splice(0, this.log.length - this.o.logSize)
  }

  private drop(url: string, p: Pending, reason: string): void {
    this.droppedTotal++
    this.dropped.push({
      at: iso(this.clock.now()), url, subscriptionId: p.n.subscriptionId,
      resource: p.n.lifecycleEvent ? `lifecycle:${p.n.lifecycleEvent}` : `communications/callRecords/${p.n.recordId}`,
      changeType: p.n.lifecycleEvent ?? p.n.changeType, queuedAt: iso(p.queuedAt), reason,
    })
    if (this.dropped.length > this.o.logSize) this.dropped.splice(0, this.dropped.length - this.o.logSize)
  }

  private countForThrottling(ep: Endpoint, now: number, n: number, slow: boolean): void {
    if (now - ep.windowStart >= THROTTLE_WINDOW_MS) {
      ep.windowStart = now
      ep.sent = 0
      ep.slow = 0
    }
    ep.sent += n
    if (slow) ep.slow += n
  }

  private throttle(ep: Endpoint, now: number): 'none' | 'delay' | 'drop' {
    if (now - ep.windowStart >= THROTTLE_WINDOW_MS || ep.sent < 100) return 'none'
    const share = ep.slow / ep.sent
    return share >= 0.15 ? 'drop' : share >= 0.1 ? 'delay' : 'none'
  }
}

/** The JSON Graph posts for one notification (api-spec.md 7.5, 7.7). */
export function payload(n: Notification): object {
  const expiry = iso(n.subscriptionExpirationDateTime).replace('Z', '+00:00')
  if (n.lifecycleEvent) {
    return { subscriptionId: n.subscriptionId, subscriptionExpirationDateTime: expiry, tenantId: n.tenantId, clientState: n.clientState, lifecycleEvent: n.lifecycleEvent }
  }
  const resource = `communications/callRecords/${n.recordId}`
  return {
    subscriptionId: n.subscriptionId,
    subscriptionExpirationDateTime: expiry,
    clientState: n.clientState,
    changeType: n.changeType,
    resource,
    resourceData: { '@odata.type': '#Microsoft.Graph.callRecord', '@odata.id': resource, id: n.recordId },
    tenantId: n.tenantId,
  }
}
