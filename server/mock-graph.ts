/**
 * The programmatic API: a fake Graph that a test suite starts in-process, controls and tears
 * down. The CLI is a thin shell over it.
 *
 * ```ts
 * const graph = createMockGraph({ seed: 42, records: 500, now: '2026-11-29T00:00:00Z' })
 * const url = await graph.listen()          // http://127.0.0.1:<free port>
 * // point the Graph client at `${url}/v1.0` …
 * await graph.close()
 * ```
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type express from 'express'
import { createDataset, OffsetClock, systemClock, toMillis, type Clock, type Dataset } from '../generators/index.js'
import { createApp, type GraphRoute } from './http/app.js'
import { CallRecordsApi } from './http/call-records.js'
import { ReportsApi } from './http/reports.js'
import { ReportLog } from '../generators/report-log.js'
import { silentLogger, type MockGraphOptions } from './options.js'
import { RecordRenderer } from './render/records.js'
import { CallRecordStore } from './store/call-record-store.js'
import type { TlsMaterial } from './tls.js'

const DAY = 86_400_000

export interface ListenOptions {
  port?: number
  /** default 127.0.0.1: nothing else on the network can reach the fake unless asked */
  host?: string
  tls?: TlsMaterial
}

export interface MockGraph {
  readonly app: express.Express
  readonly dataset: Dataset
  readonly store: CallRecordStore
  readonly clock: Clock
  /** the public base URL (set by listen, or the publicUrl option) */
  readonly url: string
  listen(o?: ListenOptions): Promise<string>
  close(): Promise<void>
  /** back to the seeded state */
  reset(): void
}

export function createMockGraph(o: MockGraphOptions = {}, extraRoutes: GraphRoute[] = []): MockGraph {
  const now = o.now !== undefined ? toMillis(o.now) : Math.floor(systemClock.now() / 1000) * 1000
  const dataset = createDataset({ ...o, now })
  const clock = o.clock ?? new OffsetClock(now)
  const store = new CallRecordStore(dataset, {
    retentionMs: (o.retentionDays ?? 30) * DAY,
    availabilityDelayMs: o.availabilityDelayMs ?? 0,
  })
  const renderer = new RecordRenderer(dataset.ctx, o.cacheBytes ?? 64 * 1024 * 1024)
  const tokenSecret = o.tokenSecret ?? `graph-callrecords-mock:${dataset.options.seed}`
  const callRecords = new CallRecordsApi({ store, renderer, tokenSecret })
  const reports = new ReportsApi(new ReportLog(dataset), renderer.cache)
  let url = o.publicUrl?.replace(/\/+$/, '') ?? ''
  let https = false
  let server: Server | null = null
  const app = createApp({
    callRecords,
    clock,
    auth: o.auth ?? 'lenient',
    baseUrl: () => url,
    get https() {
      return https
    },
    logger: o.logger ?? silentLogger,
    graphRoutes: [reports.route, ...extraRoutes],
  })

  return {
    app, dataset, store, clock,
    get url() {
      return url
    },
    async listen(l: ListenOptions = {}): Promise<string> {
      if (server) throw new Error('already listening')
      https = l.tls !== undefined
      const s: Server = l.tls ? createHttpsServer({ key: l.tls.key, cert: l.tls.cert }, app) : createHttpServer(app)
      s.keepAliveTimeout = 5000
      server = s
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject)
        s.listen(l.port ?? 0, l.host ?? '127.0.0.1', () => resolve())
      })
      const addr = s.address() as AddressInfo
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
      if (!o.publicUrl) url = `${https ? 'https' : 'http'}://${host}:${addr.port}`
      return url
    },
    async close(): Promise<void> {
      const s = server
      server = null
      if (!s) return
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    },
    reset() {
      store.reset()
      renderer.cache.clear()
    },
  }
}
