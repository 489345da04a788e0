/**
 * Shared setup of the SDK tests: a fake Graph (optionally over https with a throw-away CA), the official
 * clients pointed at it, and a recorder that keeps every raw exchange so each JSON body the clients
 * received can be checked against the vendored Graph schema.
 *
 * Trust: Node reads NODE_EXTRA_CA_CERTS only at start-up, so inside the test process the clients get a
 * fetch that trusts the generated CA (node:https with `ca`). Everything above the transport is the
 * published client. graph-client-stock.test.ts runs the unmodified graph-client in a child process with
 * NODE_EXTRA_CA_CERTS instead, as users do.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import {
  AuthenticationHandler, Client, RedirectHandler, RedirectHandlerOptions, RetryHandler, RetryHandlerOptions, TelemetryHandler,
  type AuthenticationProvider, type Context, type Middleware,
} from '@microsoft/microsoft-graph-client'
import {
  AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, validateProtocol, type AccessTokenProvider,
} from '@microsoft/kiota-abstractions'
import { createGraphClientFactory } from '@microsoft/msgraph-sdk-core'
import { createGraphServiceClient, GraphRequestAdapter, type GraphServiceClient } from '@microsoft/msgraph-sdk'
import { version as sdkVersion } from '@microsoft/msgraph-sdk/version.js'
import { createMockGraph, type MockGraph } from '../../server/mock-graph.js'
import type { MockGraphOptions } from '../../server/options.js'
import { generateTls, type TlsMaterial } from '../../server/tls.js'
import { VirtualClock } from '../../generators/index.js'
import { getValidator } from '../../generators/schema/validate.js'
import './communications.js'

export const NOW = '2026-11-29T00:00:00Z'
/** any non-empty bearer token passes the server's default (lenient) auth */
export const TOKEN = 'mock-token'
export const CALL_RECORDS = 'microsoft.graph.callRecords'

// ---------------------------------------------------------------------------- the fake Graph

export interface Started {
  readonly graph: MockGraph
  /** e.g. https://127.0.0.1:54321 (no version, no trailing slash) */
  readonly url: string
  readonly tls: TlsMaterial | null
  stop(): Promise<void>
}

let tlsCache: Promise<{ tls: TlsMaterial; dir: string }> | null = null

/** One CA and server certificate per test file (worker), valid for the real wall clock. */
function sharedTls(): Promise<{ tls: TlsMaterial; dir: string }> {
  tlsCache ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-mock-sdk-'))
    const tls = await generateTls(Date.now(), [], join(dir, 'ca.pem'))
    return { tls, dir }
  })()
  return tlsCache
}

/** Starts a seeded fake Graph (300 records at `NOW` unless overridden) on a free port. */
export async function startGraph(o: MockGraphOptions & { https?: boolean } = {}): Promise<Started> {
  const { https = true, ...options } = o
  const graph = createMockGraph({ seed: 42, records: 300, now: NOW, clock: new VirtualClock(NOW), ...options })
  const material = https ? await sharedTls() : null
  const url = await graph.listen(material ? { tls: material.tls } : {})
  return {
    graph, url, tls: material?.tls ?? null,
    async stop() {
      await graph.close()
    },
  }
}

/** Removes the temp folder of the shared CA (call from the last afterAll of a file). */
export async function removeSharedTls(): Promise<void> {
  if (!tlsCache) return
  const { dir } = await tlsCache
  rmSync(dir, { recursive: true, force: true })
  tlsCache = null
}

// ---------------------------------------------------------------------------- transport and recording

/** The fetch shape both clients call (graph-client's HTTP handler, Kiota's CustomFetchHandler). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** A fetch over node:http / node:https that trusts `ca` (what NODE_EXTRA_CA_CERTS would do process-wide). */
export function fetchTrusting(ca: string | null): FetchLike {
  const agent = new HttpsAgent({ ca: ca ?? undefined, keepAlive: false })
  return async (input, init = {}) => {
    const url = new URL(input)
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v
    })
    const body = init.body
    if (body !== undefined && body !== null && typeof body !== 'string') throw new Error('fetchTrusting: only string bodies are supported')
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const options = { method: init.method ?? 'GET', headers }
      const req = url.protocol === 'https:' ? httpsRequest(url, { ...options, agent }, resolve) : httpRequest(url, options, resolve)
      req.on('error', reject)
      if (body) req.write(body)
      req.end()
    })
    const chunks: Buffer[] = []
    for await (const chunk of res) chunks.push(chunk as Buffer)
    const responseHeaders = new Headers()
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue
      for (const one of Array.isArray(v) ? v : [v]) responseHeaders.append(k, one)
    }
    const status = res.statusCode ?? 0
    const nullBody = status === 204 || status === 304 || init.method === 'HEAD'
    return new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders })
  }
}

/** One request/response pair as it went over the wire. */
export interface Exchange {
  readonly method: string
  readonly url: string
  readonly requestHeaders: Readonly<Record<string, string>>
  readonly status: number
  readonly responseHeaders: Readonly<Record<string, string>>
  readonly body: string
}

/** Keeps every exchange a client made through `wrap`ped fetches. */
export class Recorder {
  readonly exchanges: Exchange[] = []
  private validated = 0

  wrap(inner: FetchLike): FetchLike {
    return async (input, init = {}) => {
      const response = await inner(input, init)
      const requestHeaders: Record<string, string> = {}
      new Headers(init.headers).forEach((v, k) => {
        requestHeaders[k] = v
      })
      const responseHeaders: Record<string, string> = {}
      response.headers.forEach((v, k) => {
        responseHeaders[k] = v
      })
      const body = await response.clone().text()
      this.exchanges.push({ method: init.method ?? 'GET', url: input, requestHeaders, status: response.status, responseHeaders, body })
      return response
    }
  }

  /** The exchanges not yet passed to expectValidBodies. */
  pending(): Exchange[] {
    return this.exchanges.slice(this.validated)
  }

  markValidated(): void {
    this.validated = this.exchanges.length
  }

  /** Path and query of every exchange as sent (the base URL left off), for assertions on what the clients sent. */
  paths(): string[] {
    return this.exchanges.map((e) => {
      const u = new URL(e.url)
      return u.pathname + u.search
    })
  }
}

// ---------------------------------------------------------------------------- schema checks

/** Which `$defs` entry a successful GET of this callRecords path answers with (null: not JSON). */
export function responseDef(url: string): string | null {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const [version, a, b, id, nav, item, ...more] = segments
  if ((version !== 'v1.0' && version !== 'beta') || a !== 'communications' || b !== 'callRecords' || more.length) {
    throw new Error(`not a callRecords read path: ${url}`)
  }
  if (id === undefined) return `${CALL_RECORDS}.callRecordCollectionResponse`
  if (id === '$count' || item === '$count') return null
  if (nav === undefined) return `${CALL_RECORDS}.callRecord`
  if (nav === 'sessions') return item === undefined ? `${CALL_RECORDS}.sessionCollectionResponse` : `${CALL_RECORDS}.session`
  if (nav === 'participants_v2') return item === undefined ? `${CALL_RECORDS}.participantCollectionResponse` : `${CALL_RECORDS}.participant`
  if (nav === 'organizer_v2' && item === undefined) return `${CALL_RECORDS}.organizer`
  throw new Error(`no schema mapping for ${url}`)
}

/** What went wrong with one recorded body, or null when it is what the path promises. */
export function bodyProblem(e: Exchange): string | null {
  const where = `${e.method} ${e.url} → ${e.status}`
  if (e.status >= 400) {
    let parsed: unknown
    try {
      parsed = JSON.parse(e.body)
    } catch {
      return `${where}: error body is not JSON`
    }
    const err = (parsed as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } }).error
    if (typeof err?.code !== 'string' || typeof err.message !== 'string') return `${where}: no error.code / error.message`
    const inner = err.innerError ?? {}
    if (typeof inner['request-id'] !== 'string' || typeof inner['client-request-id'] !== 'string') return `${where}: innerError lacks request ids`
    if (typeof inner.date !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(inner.date)) return `${where}: innerError.date is ${String(inner.date)}`
    return null
  }
  const def = responseDef(e.url)
  if (def === null) return /^\d+$/.test(e.body) ? null : `${where}: $count body is not a number: ${e.body.slice(0, 80)}`
  if (!(e.responseHeaders['content-type'] ?? '').startsWith('application/json')) return `${where}: content-type ${e.responseHeaders['content-type']}`
  const version = new URL(e.url).pathname.startsWith('/beta/') ? 'beta' : 'v1.0'
  const result = getValidator(version, def)(JSON.parse(e.body))
  return result.valid ? null : `${where}: not a valid ${def}:\n  ${result.errors.join('\n  ')}`
}

/**
 * Asserts that every exchange recorded since the last call carries a body valid for its path, and that
 * there were at least `atLeast` of them (so a test cannot pass by recording nothing).
 */
export function expectValidBodies(rec: Recorder, atLeast = 1): void {
  const pending = rec.pending()
  expect(pending.length).toBeGreaterThanOrEqual(atLeast)
  const problems = pending.map(bodyProblem).filter((p): p is string => p !== null)
  expect(problems).toEqual([])
  rec.markValidated()
}

/** GET of the server's own count (`/communications/callRecords/$count`), outside the clients. */
export async function serverCount(s: Started): Promise<number> {
  const res = await fetchTrusting(s.tls?.ca ?? null)(`${s.url}/v1.0/communications/callRecords/$count`, { headers: { Authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return Number(await res.text())
}

// ---------------------------------------------------------------------------- @microsoft/microsoft-graph-client v3

/** The last link of graph-client's chain, in place of HTTPMessageHandler: same call, CA-trusting fetch. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: FetchLike) {}
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url
    context.response = await this.fetchImpl(url, context.options as RequestInit)
  }
}

/**
 * graph-client v3 as `Client.init({ authProvider, baseUrl, customHosts })` builds it (Authentication,
 * Retry, Redirect, Telemetry handlers), with the final fetch swapped for one that trusts the test CA.
 */
export function graphClient(s: Started, rec: Recorder, token = TOKEN): Client {
  const authProvider: AuthenticationProvider = { getAccessToken: async () => token }
  return Client.initWithMiddleware({
    baseUrl: s.url,
    customHosts: new Set([new URL(s.url).hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions()),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new FetchHandler(rec.wrap(fetchTrusting(s.tls?.ca ?? null))),
    ],
  })
}

// ---------------------------------------------------------------------------- Kiota @microsoft/msgraph-sdk

/** A fixed token for the listed hosts (what an Azure Identity provider would hand out for graph.microsoft.com). */
export class StaticAccessTokenProvider implements AccessTokenProvider {
  private readonly hosts: AllowedHostsValidator
  constructor(private readonly token: string, allowedHosts: readonly string[]) {
    this.hosts = new AllowedHostsValidator(new Set(allowedHosts))
  }
  async getAuthorizationToken(url?: string): Promise<string> {
    if (!url || !this.hosts.isUrlHostValid(url)) return ''
    validateProtocol(url) // https, or http to localhost / 127.0.0.1 / ::1
    return this.token
  }
  getAllowedHostsValidator(): AllowedHostsValidator {
    return this.hosts
  }
}

export interface KiotaSetup {
  readonly client: GraphServiceClient
  readonly adapter: GraphRequestAdapter
}

/**
 * The Kiota Graph client with the default Graph middleware chain (msgraph-sdk-core's
 * createGraphClientFactory) over `fetchImpl`; a bearer token provider for the fake's host.
 */
export function kiotaClient(s: Started, fetchImpl: FetchLike, token = TOKEN): KiotaSetup {
  const auth = new BaseBearerTokenAuthenticationProvider(new StaticAccessTokenProvider(token, [new URL(s.url).hostname]))
  const httpClient = createGraphClientFactory({ graphServiceTargetVersion: '', graphServiceLibraryClientVersion: sdkVersion }, fetchImpl)
  const adapter = new GraphRequestAdapter(auth, undefined, undefined, httpClient)
  adapter.baseUrl = `${s.url}/v1.0`
  return { client: createGraphServiceClient(adapter), adapter }
}

/** The stock global fetch (undici), recorded: what Kiota uses when no custom fetch is given. */
export function stockFetch(rec: Recorder): FetchLike {
  return rec.wrap((input, init) => fetch(input, init))
}

/** Makes sure a promise rejects and hands back the rejection for inspection. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection, but the promise resolved')
}

// ---------------------------------------------------------------------------- report functions (added)

// the schema's own function → envelope table (`x-functions`), so the envelope is not taken from the fake
import { functionResponseDef as schemaFunctionResponseDef } from '../../generators/schema/validate.js'

/**
 * Which `$defs` envelope a successful GET of a report-function URL answers with, in either URL form
 * (`getPstnCalls(…)` or `microsoft.graph.callRecords.getPstnCalls(…)`): `microsoft.graph.callRecords.<rowType>CollectionResponse`
 * of the URL's version. Throws for a URL that is not a report function of its version.
 */
export function reportResponseDef(url: string): { version: 'v1.0' | 'beta'; def: string } {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const [version, a, b, call, ...more] = segments
  const open = call?.indexOf('(') ?? -1
  if ((version !== 'v1.0' && version !== 'beta') || a !== 'communications' || b !== 'callRecords' || open < 0 || more.length) {
    throw new Error(`not a report-function path: ${url}`)
  }
  const name = call!.slice(0, open).replace(new RegExp(`^${CALL_RECORDS.replaceAll('.', '\\.')}\\.`), '')
  const def = schemaFunctionResponseDef(version, name)
  if (!def) throw new Error(`the ${version} schema has no function ${name}: ${url}`)
  return { version, def }
}

/** What went wrong with one recorded report-function body (errors as in bodyProblem), or null. */
export function reportBodyProblem(e: Exchange): string | null {
  if (e.status >= 400) return bodyProblem(e)
  const where = `${e.method} ${e.url} → ${e.status}`
  const { version, def } = reportResponseDef(e.url)
  if (!(e.responseHeaders['content-type'] ?? '').startsWith('application/json')) return `${where}: content-type ${e.responseHeaders['content-type']}`
  const result = getValidator(version, def)(JSON.parse(e.body))
  return result.valid ? null : `${where}: not a valid ${def} (${version}):\n  ${result.errors.join('\n  ')}`
}

/** expectValidBodies for report-function exchanges: every pending body valid for its function and version. */
export function expectValidReportBodies(rec: Recorder, atLeast = 1): void {
  const pending = rec.pending()
  expect(pending.length).toBeGreaterThanOrEqual(atLeast)
  const problems = pending.map(reportBodyProblem).filter((p): p is string => p !== null)
  expect(problems).toEqual([])
  rec.markValidated()
}
