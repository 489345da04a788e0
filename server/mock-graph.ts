/**
 * The programmatic API: a fake Graph that a test suite starts in-process, controls and tears
 * down. The CLI is a thin shell over it.
 *
 * ```ts
 * const graph = createMockGraph({ seed: 42, records: 500, now: '2026-11-29T00:00:00Z' })
 * const url = await graph.listen()          // http://127.0.0.1:<free port>
 * // point the Graph client at `${url}/v1.0` …
 * graph.addCalls(3)                          // new calls, notified to subscribers
 * await graph.advance(4 * 3600_000)          // virtual clock: retries, expiry, retention
 * await graph.close()
 * ```
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type express from 'express'
import { iso } from '../generators/format.js'
import { CALL_KINDS, createDataset, OffsetClock, streamFor, systemClock, toMillis, VirtualClock, type CallKind, type Clock, type Dataset, type JsonObject } from '../generators/index.js'
import { ReportLog } from '../generators/report-log.js'
import type { MockControl } from './control.js'
import { errors } from './errors/catalogue.js'
import { createApp, createFastGraph, type AppDeps, type GraphRoute } from './http/app.js'
import { CallRecordsApi } from './http/call-records.js'
import { controlRouter } from './http/control.js'
import { ReportsApi } from './http/reports.js'
import { SubscriptionsApi } from './http/subscriptions.js'
import { DEFAULT_DELIVERY, DeliveryQueue } from './notifications/delivery.js'
import { Scheduler } from './notifications/scheduler.js'
import { subscriptionJson, SubscriptionService } from './notifications/subscriptions.js'
import { fetchTransport } from './notifications/transport.js'
import { silentLogger, type MockGraphOptions } from './options.js'
import { RecordRenderer } from './render/records.js'
import { CallRecordStore } from './store/call-record-store.js'
import type { TlsMaterial } from './tls.js'

const DAY = 86_400_000
/** bytes of cached JSON (records and report pages): bounded so paging a million records stays in memory budget */
const DEFAULT_CACHE = 24 * 1024 * 1024

export interface ListenOptions {
  port?: number
  /** default 127.0.0.1: nothing else on the network can reach the fake unless asked */
  host?: string
  tls?: TlsMaterial
}

export interface MockGraph extends MockControl {
  /** the Express app (everything; Graph GETs included, through the same router) */
  readonly app: express.Express
  /** what the server listens with: Graph GETs straight on node:http, the rest through `app` */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void
  readonly dataset: Dataset
  readonly store: CallRecordStore
  readonly clock: Clock
  readonly delivery: DeliveryQueue
  /** the public base URL (set by listen, or the publicUrl option) */
  readonly url: string
  listen(o?: ListenOptions): Promise<string>
  close(): Promise<void>
  /** resolves when no webhook request is in flight and nothing is due */
  settled(): Promise<void>
}

export function createMockGraph(o: MockGraphOptions = {}, extraRoutes: GraphRoute[] = []): MockGraph {
  const now = o.now !== undefined ? toMillis(o.now) : Math.floor(systemClock.now() / 1000) * 1000
  const dataset = createDataset({ ...o, now })
  const clock: Clock = o.clock ?? new OffsetClock(now)
  const clockStart = clock.now()
  const availabilityDelayMs = o.availabilityDelayMs ?? 0
  const store = new CallRecordStore(dataset, { retentionMs: (o.retentionDays ?? 30) * DAY, availabilityDelayMs })
  const renderer = new RecordRenderer(dataset.ctx, o.cacheBytes ?? DEFAULT_CACHE)
  const tokenSecret = o.tokenSecret ?? `graph-callrecords-mock:${dataset.options.seed}`
  const clockProxy: Clock = clock
  const scheduler = new Scheduler(clockProxy)
  const transport = o.webhookTransport ?? fetchTransport
  const delivery = new DeliveryQueue(clockProxy, scheduler, transport, { ...DEFAULT_DELIVERY, ...o.delivery })
  const subscriptions = new SubscriptionService(store, clockProxy, scheduler, delivery, transport, {
    allowLoopbackHttp: o.allowLoopbackHttp ?? true,
    validationTimeoutMs: o.validationTimeoutMs ?? 10_000,
    availabilityDelayMs,
  })
  const callRecords = new CallRecordsApi({ store, renderer, tokenSecret })
  const reports = new ReportsApi(new ReportLog(dataset, () => store.addedPlans()), Math.floor((o.cacheBytes ?? DEFAULT_CACHE) / 2), () => store.revision)
  const subsApi = new SubscriptionsApi(subscriptions, dataset.options.seed)
  let url = o.publicUrl?.replace(/\/+$/, '') ?? ''
  let https = false
  let server: Server | null = null
  let liveTimer: NodeJS.Timeout | null = null
  let kindRng = streamFor(dataset.options.seed, 'added-kinds')
  const mix = dataset.options.mix
  const logger = o.logger ?? silentLogger

  const control: MockControl = {
    addCalls(count: number, kind?: CallKind, participantId?: string): JsonObject[] {
      if (participantId !== undefined && !dataset.world.users.some((u) => u.id === participantId)) {
        throw errors.badRequest('participantId must be the id of a user of the tenant (GET /_mock/tenant lists them).')
      }
      const end = clockProxy.now()
      const plans = Array.from({ length: count }, () => {
        const k = kind ?? kindRng.weighted(CALL_KINDS.map((c) => [c, mix[c]] as const).filter(([, w]) => w > 0))
        return store.planAdded(k, end, participantId)
      })
      return store.add(plans, end).map((ref) => renderer.base(ref))
    },
    reissue(id: string): JsonObject {
      const ref = store.reissue(id, clockProxy.now())
      if (!ref) throw errors.recordNotFound()
      return renderer.base(ref)
    },
    reset() {
      store.reset()
      renderer.cache.clear()
      reports.clear()
      subscriptions.reset()
      delivery.clear()
      scheduler.clear()
      kindRng = streamFor(dataset.options.seed, 'added-kinds')
      control.live(0)
      // the caller's clock object is put back, not replaced, so a test holding it stays in step
      if (clock instanceof VirtualClock || clock instanceof OffsetClock) clock.rewind(clockStart)
    },
    async advance(ms: number) {
      if (!(clock instanceof VirtualClock) && !(clock instanceof OffsetClock)) throw errors.badRequest('This clock cannot be moved.')
      // step through due tasks in order, so a retry scheduled by a failure inside the window runs too
      const target = clock.now() + ms
      for (;;) {
        const next = scheduler.nextAt()
        const step = next !== null && next <= target ? next : target
        if (step > clock.now()) clock.advance(step - clock.now())
        scheduler.runDue()
        await delivery.settled()
        if (step >= target && (scheduler.nextAt() ?? Infinity) > target) break
      }
      return { now: iso(clock.now()) }
    },
    clockState: () => ({ now: iso(clock.now()), virtual: clock instanceof VirtualClock }),
    deliveries: () => ({ stats: delivery.stats(), attempts: delivery.attempts(), dropped: delivery.drops() }),
    subscriptions: () => subscriptions.list().map((s) => subscriptionJson(s, null, false)),
    tenant: () => ({
      tenantId: dataset.world.tenantId,
      domain: dataset.world.domain,
      users: dataset.world.users.map((u) => ({ id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, phoneNumber: u.phoneNumber })),
    }),
    live(callsPerMinute: number) {
      if (liveTimer) clearInterval(liveTimer)
      liveTimer = null
      if (callsPerMinute <= 0) return
      liveTimer = setInterval(() => {
        try {
          control.addCalls(1)
        } catch (e) {
          logger.warn(`live mode: ${(e as Error).message}`)
        }
      }, Math.max(100, 60_000 / callsPerMinute))
      liveTimer.unref()
    },
  }

  const deps: AppDeps = {
    callRecords,
    clock: clockProxy,
    auth: o.auth ?? 'lenient',
    baseUrl: () => url,
    get https() {
      return https
    },
    logger,
    before: [controlRouter(control)],
    graphRoutes: [reports.route, subsApi.route, ...extraRoutes],
  }
  const app = createApp(deps)
  const fast = createFastGraph(deps)
  // Graph GETs skip Express's per-request work; everything else (bodies, the control API) goes through it
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!fast(req, res)) app(req, res)
  }

  return {
    ...control,
    app, handler, dataset, store, delivery,
    get clock() {
      return clock
    },
    get url() {
      return url
    },
    settled: () => delivery.settled(),
    async listen(l: ListenOptions = {}): Promise<string> {
      if (server) throw new Error('already listening')
      https = l.tls !== undefined
      const s: Server = l.tls ? createHttpsServer({ key: l.tls.key, cert: l.tls.cert }, handler) : createHttpServer(handler)
      s.keepAliveTimeout = 5000
      server = s
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject)
        s.listen(l.port ?? 0, l.host ?? '127.0.0.1', () => resolve())
      })
      const addr = s.address() as AddressInfo
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
      if (!o.publicUrl) url = `${https ? 'https' : 'http'}://${host}:${addr.port}`
      if (!(clock instanceof VirtualClock)) scheduler.startPolling()
      return url
    },
    async close(): Promise<void> {
      scheduler.stop()
      control.live(0)
      const s = server
      server = null
      if (!s) return
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    },
  }
}
