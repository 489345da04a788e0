/**
 * The report functions through the official clients: the Kiota v1.0 builders (registered in
 * communications.ts) for getPstnCalls / getDirectRoutingCalls, the same kind of builders registered on
 * `@microsoft/msgraph-beta-sdk` for the three beta-only functions, and graph-client v3 with hand-written
 * paths (short and date-only forms). The HTTP-level behaviour (limits, bounds, $skip paging of 1,000-row
 * pages) is tested in test/api/reports.test.ts; here: what the SDKs send arrives as sent, the typed models
 * fill, and the SDKs' own paging visits every row once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  BaseRequestBuilder, NavigationMetadata, Parsable, ParsableFactory, ParseNode, RequestConfiguration, RequestInformation,
} from '@microsoft/kiota-abstractions'
import { BaseBearerTokenAuthenticationProvider } from '@microsoft/kiota-abstractions'
import { createGraphClientFactory, PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core'
import type { DirectRoutingLogRow, PstnCallLogRow } from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue, type ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'
import type { GraphServiceClient } from '@microsoft/msgraph-sdk'
import {
  createGraphBetaServiceClient, extendGraphBetaServiceClient, GraphBetaRequestAdapter, type GraphBetaServiceClient,
} from '@microsoft/msgraph-beta-sdk'
import { version as betaSdkVersion } from '@microsoft/msgraph-beta-sdk/version.js'
import {
  createPstnBlockedUsersLogRowFromDiscriminatorValue, createPstnOnlineMeetingDialoutReportFromDiscriminatorValue,
  createSmsLogRowFromDiscriminatorValue,
  type PstnBlockedUsersLogRow, type PstnOnlineMeetingDialoutReport, type SmsLogRow,
} from '@microsoft/msgraph-beta-sdk/models/callRecords/index.js'
import { deserializeIntoBaseCollectionPaginationCountResponse as betaDeserializeIntoPage, type BaseCollectionPaginationCountResponse as BetaPage } from '@microsoft/msgraph-beta-sdk/models/index.js'
import { createODataErrorFromDiscriminatorValue as createBetaODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'
import type { Client } from '@microsoft/microsoft-graph-client'
import { PageIterator as GraphClientPageIterator } from '@microsoft/microsoft-graph-client'
import {
  createGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue,
  createGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue,
  type FunctionQuery,
} from './communications.js'
import {
  expectValidReportBodies, fetchTrusting, graphClient, kiotaClient, NOW, Recorder, rejection, removeSharedTls,
  startGraph, StaticAccessTokenProvider, TOKEN, type FetchLike, type KiotaSetup, type Started,
} from './support.js'

const DAY = 86_400_000
const Q = 'microsoft.graph.callRecords'
/** the fake's data window: the 30 days before its anchor */
const WINDOW_FROM = new Date(Date.parse(NOW) - 30 * DAY)
const WINDOW_TO = new Date(NOW)
/** a range inside the window, also written by hand in the graph-client paths below */
const RANGE_FROM = new Date('2026-11-01T00:00:00Z')
const RANGE_TO = new Date('2026-11-20T00:00:00Z')
/** Kiota's form of a Date path parameter: ISO with milliseconds, colons percent-encoded */
const kiotaDate = (d: Date) => d.toISOString().replaceAll(':', '%3A')
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

interface Json {
  [k: string]: any
}

/**
 * A typed row against the raw JSON row it came from: `dates` are Date instances of the same instant,
 * `values` are equal (Kiota reads a JSON null as undefined).
 */
function expectTyped(row: object, raw: Json, dates: readonly string[], values: readonly string[]): void {
  const typed = row as Record<string, unknown>
  for (const k of dates) {
    if (raw[k] === null) {
      expect(typed[k] ?? null, k).toBeNull()
      continue
    }
    expect(typed[k], k).toBeInstanceOf(Date)
    expect((typed[k] as Date).getTime(), k).toBe(Date.parse(raw[k]))
  }
  for (const k of values) expect(typed[k] ?? null, k).toEqual(raw[k])
}

// ---------------------------------------------------------------------------- beta builders

interface BetaFunctionResponse<T> extends BetaPage, Parsable {
  value?: T[]
}
interface BetaReportFunctionRequestBuilder<T> extends BaseRequestBuilder<BetaReportFunctionRequestBuilder<T>> {
  get(c?: RequestConfiguration<FunctionQuery>): Promise<BetaFunctionResponse<T> | undefined>
  toGetRequestInformation(c?: RequestConfiguration<FunctionQuery>): RequestInformation
}
interface BetaCallRecordsRequestBuilder extends BaseRequestBuilder<BetaCallRecordsRequestBuilder> {
  microsoftGraphCallRecordsGetSmsLogWithFromDateTimeWithToDateTime(fromDateTime: Date | undefined, toDateTime: Date | undefined): BetaReportFunctionRequestBuilder<SmsLogRow>
  microsoftGraphCallRecordsGetPstnBlockedUsersLogWithFromDateTimeWithToDateTime(fromDateTime: Date | undefined, toDateTime: Date | undefined): BetaReportFunctionRequestBuilder<PstnBlockedUsersLogRow>
  microsoftGraphCallRecordsGetPstnOnlineMeetingDialoutReportWithFromDateTimeWithToDateTime(fromDateTime: Date | undefined, toDateTime: Date | undefined): BetaReportFunctionRequestBuilder<PstnOnlineMeetingDialoutReport>
}
interface BetaCommunicationsRequestBuilder extends BaseRequestBuilder<BetaCommunicationsRequestBuilder> {
  get callRecords(): BetaCallRecordsRequestBuilder
}

declare module '@microsoft/msgraph-beta-sdk' {
  interface GraphBetaServiceClient {
    /** the beta communications builders, registered below (no generated TypeScript package has them) */
    get communications(): BetaCommunicationsRequestBuilder
  }
}

/** A page of `value` rows, as the generated beta `…GetResponse` deserializers read it. */
function betaFunctionResponseFactory<T extends Parsable>(rowFactory: ParsableFactory<T>): ParsableFactory<BetaFunctionResponse<T>> {
  return (_node: ParseNode | undefined) => (instance?: Parsable) => {
    const target = (instance ?? {}) as BetaFunctionResponse<T>
    return {
      ...betaDeserializeIntoPage(target),
      value: (n: ParseNode) => {
        target.value = n.getCollectionOfObjectValues<T>(rowFactory)
      },
    }
  }
}

const betaFunctions = {
  getSmsLog: betaFunctionResponseFactory<SmsLogRow>(createSmsLogRowFromDiscriminatorValue),
  getPstnBlockedUsersLog: betaFunctionResponseFactory<PstnBlockedUsersLogRow>(createPstnBlockedUsersLogRowFromDiscriminatorValue),
  getPstnOnlineMeetingDialoutReport: betaFunctionResponseFactory<PstnOnlineMeetingDialoutReport>(createPstnOnlineMeetingDialoutReportFromDiscriminatorValue),
}

/** The generated beta template shape (as in the beta Go/Java SDKs), with the mapping quirk 3 of sdk-requests.md needs. */
function betaFunctionNavigation(name: string, responseFactory: ParsableFactory<Parsable>): NavigationMetadata {
  return {
    requestsMetadata: {
      get: {
        uriTemplate: `{+baseurl}/communications/callRecords/${Q}.${name}(fromDateTime={fromDateTime},toDateTime={toDateTime}){?%24count,%24filter,%24search,%24skip,%24top}`,
        responseBodyContentType: 'application/json',
        errorMappings: { XXX: createBetaODataErrorFromDiscriminatorValue as ParsableFactory<Parsable> },
        adapterMethodName: 'send',
        responseBodyFactory: responseFactory,
        queryParametersMapper: { count: '%24count', filter: '%24filter', search: '%24search', skip: '%24skip', top: '%24top' },
      },
    },
    pathParametersMappings: ['fromDateTime', 'toDateTime'],
  }
}

extendGraphBetaServiceClient({
  communications: {
    navigationMetadata: {
      callRecords: {
        navigationMetadata: Object.fromEntries(
          Object.entries(betaFunctions).map(([name, factory]) => [
            `microsoftGraphCallRecords${name[0]!.toUpperCase()}${name.slice(1)}WithFromDateTimeWithToDateTime`,
            betaFunctionNavigation(name, factory as ParsableFactory<Parsable>),
          ]),
        ),
      },
    },
  },
})

interface BetaSetup {
  readonly client: GraphBetaServiceClient
  readonly adapter: GraphBetaRequestAdapter
}

/** The Kiota beta client as kiotaClient builds the v1.0 one: Graph middleware (beta telemetry), bearer token for the fake's host. */
function kiotaBetaClient(s: Started, fetchImpl: FetchLike): BetaSetup {
  const auth = new BaseBearerTokenAuthenticationProvider(new StaticAccessTokenProvider(TOKEN, [new URL(s.url).hostname]))
  const httpClient = createGraphClientFactory({ graphServiceTargetVersion: 'beta', graphServiceLibraryClientVersion: betaSdkVersion }, fetchImpl)
  const adapter = new GraphBetaRequestAdapter(auth, undefined, undefined, httpClient)
  adapter.baseUrl = `${s.url}/beta`
  return { client: createGraphBetaServiceClient(adapter), adapter }
}

// ---------------------------------------------------------------------------- the fake, and a direct HTTP reader

let s: Started
/** path (no query) of every request as the server received it, from the fake's request log */
const received: string[] = []
let http: FetchLike

beforeAll(async () => {
  s = await startGraph({ logger: { info: (line) => void received.push(line.split(' ')[1]!), warn: () => {} } })
  http = fetchTrusting(s.tls!.ca)
})
afterAll(async () => {
  await s?.stop()
  await removeSharedTls()
})

/** GET with a bearer token, outside every SDK. */
async function getJson(pathAndQuery: string): Promise<Json> {
  const res = await http(`${s.url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

/** Every row of a function call, following `@odata.nextLink` by plain HTTP. */
async function pageThrough(pathAndQuery: string): Promise<{ rows: Json[]; pages: number }> {
  const rows: Json[] = []
  let pages = 0
  let next: string | undefined = `${s.url}${pathAndQuery}`
  while (next) {
    expect(next.startsWith(s.url)).toBe(true)
    const page = await getJson(next.slice(s.url.length))
    pages++
    rows.push(...(page.value as Json[]))
    next = page['@odata.nextLink'] as string | undefined
  }
  return { rows, pages }
}

const shortForm = (version: string, fn: string, from: Date, to: Date) =>
  `/${version}/communications/callRecords/${fn}(fromDateTime=${from.toISOString()},toDateTime=${to.toISOString()})`
const kiotaPath = (version: string, fn: string, from: Date, to: Date) =>
  `/${version}/communications/callRecords/${Q}.${fn}(fromDateTime=${kiotaDate(from)},toDateTime=${kiotaDate(to)})`

// ---------------------------------------------------------------------------- v1.0, Kiota

describe('Kiota msgraph-sdk (v1.0) report builders', () => {
  const rec = new Recorder()
  let k: KiotaSetup
  let client: GraphServiceClient

  beforeAll(() => {
    k = kiotaClient(s, rec.wrap(fetchTrusting(s.tls!.ca)))
    client = k.client
  })

  it('getPstnCalls(from, to).get({ top: 2, count: true }): namespaced URL, %3A colons, .000Z, typed rows', async () => {
    const page = await client.communications.callRecords
      .microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(RANGE_FROM, RANGE_TO)
      .get({ queryParameters: { top: 2, count: true } })
    const path = `/v1.0/communications/callRecords/${Q}.getPstnCalls(fromDateTime=2026-11-01T00%3A00%3A00.000Z,toDateTime=2026-11-20T00%3A00%3A00.000Z)`
    expect(rec.paths().at(-1)).toBe(`${path}?$count=true&$top=2`)
    expect(received).toContain(path)
    const last = rec.exchanges.at(-1)!
    expect(last.requestHeaders.authorization).toBe(`Bearer ${TOKEN}`)
    expect(last.requestHeaders.sdkversion).toMatch(/^graph-typescript\/1\.0\.0-preview\.90, graph-typescript-core\//)

    expect(page?.value).toHaveLength(2)
    expect(page?.odataCount).toBe(2) // Graph: the number of rows in this response
    expect(page?.odataNextLink?.startsWith(`${s.url}/v1.0/communications/callRecords/${Q}.getPstnCalls(`)).toBe(true)
    expect(page?.odataNextLink).toMatch(/\?\$count=true&\$top=2&\$skip=2$/)
    // the same rows as the short form by plain HTTP, field by field through the typed model
    const direct = await getJson(`${shortForm('v1.0', 'getPstnCalls', RANGE_FROM, RANGE_TO)}?$top=2`)
    expect(page!.value!.map((r) => r.id)).toEqual(direct.value.map((r: Json) => r.id))
    page!.value!.forEach((row, i) => {
      expect(row.id).toMatch(GUID)
      expect(row.startDateTime).toBeInstanceOf(Date)
      expect(row.startDateTime!.getTime()).toBeGreaterThanOrEqual(RANGE_FROM.getTime())
      expect(row.startDateTime!.getTime()).toBeLessThanOrEqual(RANGE_TO.getTime())
      // userId is null for calls of service numbers (auto attendants, call queues)
      expectTyped(row, direct.value[i], ['startDateTime', 'endDateTime'], ['userId', 'userPrincipalName', 'duration', 'charge', 'callType', 'calleeNumber', 'callDurationSource', 'operator'])
    })
    expectValidReportBodies(rec)
  })

  it('getDirectRoutingCalls(from, to).get({ top: 2, count: true }): namespaced URL, typed rows', async () => {
    const page = await client.communications.callRecords
      .microsoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(RANGE_FROM, RANGE_TO)
      .get({ queryParameters: { top: 2, count: true } })
    const path = `/v1.0/communications/callRecords/${Q}.getDirectRoutingCalls(fromDateTime=2026-11-01T00%3A00%3A00.000Z,toDateTime=2026-11-20T00%3A00%3A00.000Z)`
    expect(rec.paths().at(-1)).toBe(`${path}?$count=true&$top=2`)
    expect(received).toContain(path)
    expect(page?.value).toHaveLength(2)
    expect(page?.odataCount).toBe(2)
    const direct = await getJson(`${shortForm('v1.0', 'getDirectRoutingCalls', RANGE_FROM, RANGE_TO)}?$top=2`)
    expect(page!.value!.map((r) => r.id)).toEqual(direct.value.map((r: Json) => r.id))
    page!.value!.forEach((row, i) => {
      expect(row.id).toMatch(GUID)
      expect(row.startDateTime).toBeInstanceOf(Date)
      expect(row.startDateTime!.getTime()).toBeGreaterThanOrEqual(RANGE_FROM.getTime())
      expect(row.startDateTime!.getTime()).toBeLessThan(RANGE_TO.getTime())
      expect(row.successfulCall).toBeTypeOf('boolean')
      expect(row.finalSipCode).toBeTypeOf('number')
      // failureDateTime of a successful call is Graph's 0001-01-01T00:00:00Z: still a valid Date
      expectTyped(row, direct.value[i], ['startDateTime', 'endDateTime', 'inviteDateTime', 'failureDateTime'],
        ['userId', 'correlationId', 'duration', 'callType', 'successfulCall', 'finalSipCode', 'callEndSubReason', 'mediaBypassEnabled', 'trunkFullyQualifiedDomainName'])
    })
    expectValidReportBodies(rec)
  })

  const paged = [
    { fn: 'getPstnCalls', factory: createGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue },
    { fn: 'getDirectRoutingCalls', factory: createGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue },
  ] as const

  it.each(paged)('msgraph-sdk-core PageIterator over $fn nextLinks visits every row of the 30-day window once', async ({ fn, factory }) => {
    const builder = fn === 'getPstnCalls'
      ? client.communications.callRecords.microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO)
      : client.communications.callRecords.microsoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO)
    const before = rec.exchanges.length
    const first = await builder.get({ queryParameters: { top: 5 } })
    const rows: (PstnCallLogRow | DirectRoutingLogRow)[] = []
    const iterator = new PageIterator<PstnCallLogRow | DirectRoutingLogRow>(
      k.adapter,
      first as PageCollection<PstnCallLogRow | DirectRoutingLogRow>,
      (row) => {
        rows.push(row)
        return true
      },
      factory as never,
      { XXX: createODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(iterator.getPagingState()).toBe('Complete')
    const seen = rows.map((r) => r.id!)
    // typed on every page, not only the first
    for (const r of rows) {
      expect(r.startDateTime).toBeInstanceOf(Date)
      expect(r.startDateTime!.getTime()).toBeGreaterThanOrEqual(WINDOW_FROM.getTime())
      expect(r.startDateTime!.getTime()).toBeLessThanOrEqual(WINDOW_TO.getTime())
      if (r.userId !== undefined && r.userId !== null) expect(r.userId).toMatch(GUID)
    }
    expect(rows.filter((r) => typeof r.userId === 'string').length).toBeGreaterThan(rows.length / 2)

    // the same rows, in the same order, as a plain HTTP page-through of the short form (other page size)
    const direct = await pageThrough(`${shortForm('v1.0', fn, WINDOW_FROM, WINDOW_TO)}?$top=7`)
    expect(direct.pages).toBeGreaterThan(1)
    expect(seen.length).toBeGreaterThan(5)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(direct.rows.map((r) => r.id))
    // …and as one unpaged answer (the function's 1,000-row page)
    const whole = await getJson(shortForm('v1.0', fn, WINDOW_FROM, WINDOW_TO))
    expect(whole['@odata.nextLink']).toBeUndefined()
    expect(seen).toEqual(whole.value.map((r: Json) => r.id))

    // every follow-up went to the nextLink as the fake wrote it: same function call, $top kept, $skip moving on
    const paths = rec.paths().slice(before)
    expect(paths).toHaveLength(Math.ceil(seen.length / 5))
    expect(paths[0]).toBe(`${kiotaPath('v1.0', fn, WINDOW_FROM, WINDOW_TO)}?$top=5`)
    paths.slice(1).forEach((p, i) => {
      expect(p).toBe(`/v1.0/communications/callRecords/${Q}.${fn}(fromDateTime=${WINDOW_FROM.toISOString()},toDateTime=${WINDOW_TO.toISOString()})?$top=5&$skip=${5 * (i + 1)}`)
    })
    expectValidReportBodies(rec, paths.length)
  })

  it('a range over 90 days surfaces as an ODataError (406 NotAcceptable)', async () => {
    const e = await rejection(
      client.communications.callRecords
        .microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(new Date('2026-06-01T00:00:00Z'), WINDOW_TO)
        .get(),
    )
    const err = e as ODataError
    expect(err.responseStatusCode).toBe(406)
    expect(err.errorEscaped?.code).toBe('NotAcceptable')
    expect(err.message).toMatch(/90 days/)
    expect(err.errorEscaped?.innerError?.date).toBeInstanceOf(Date)
    expectValidReportBodies(rec)
  })
})

// ---------------------------------------------------------------------------- beta, Kiota

describe('Kiota msgraph-beta-sdk report builders (registered with extendGraphBetaServiceClient)', () => {
  const rec = new Recorder()
  let beta: BetaSetup

  beforeAll(() => {
    beta = kiotaBetaClient(s, rec.wrap(fetchTrusting(s.tls!.ca)))
  })

  it('getSmsLog(from, to).get(): namespaced beta URL, beta telemetry header, typed smsLogRow', async () => {
    const page = await beta.client.communications.callRecords.microsoftGraphCallRecordsGetSmsLogWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO).get()
    const path = kiotaPath('beta', 'getSmsLog', WINDOW_FROM, WINDOW_TO)
    expect(path).toBe(`/beta/communications/callRecords/${Q}.getSmsLog(fromDateTime=2026-10-30T00%3A00%3A00.000Z,toDateTime=2026-11-29T00%3A00%3A00.000Z)`)
    expect(rec.paths().at(-1)).toBe(path)
    expect(received).toContain(path)
    const last = rec.exchanges.at(-1)!
    expect(last.requestHeaders.authorization).toBe(`Bearer ${TOKEN}`)
    expect(last.requestHeaders.sdkversion).toMatch(/^graph-typescript-beta\/1\.0\.0-preview\.81, graph-typescript-core\//)

    const rows = page?.value ?? []
    expect(rows.length).toBeGreaterThan(0)
    expect(page?.odataCount).toBe(rows.length)
    const direct = await getJson(shortForm('beta', 'getSmsLog', WINDOW_FROM, WINDOW_TO))
    expect(rows.map((r) => r.id)).toEqual(direct.value.map((r: Json) => r.id))
    rows.forEach((row, i) => {
      expect(row.id).toMatch(GUID)
      expect(row.sentDateTime).toBeInstanceOf(Date)
      expect(row.sentDateTime!.getTime()).toBeGreaterThanOrEqual(WINDOW_FROM.getTime())
      expect(row.sentDateTime!.getTime()).toBeLessThanOrEqual(WINDOW_TO.getTime())
      expect(row.smsUnits).toBeTypeOf('number')
      expect(Array.isArray(row.administrativeUnitInfos)).toBe(true)
      expectTyped(row, direct.value[i], ['sentDateTime'],
        ['userId', 'userPrincipalName', 'smsId', 'smsType', 'smsUnits', 'callCharge', 'currency', 'sourceNumber', 'destinationNumber', 'destinationContext', 'otherPartyCountryCode', 'licenseCapability'])
    })
    expectValidReportBodies(rec)
  })

  it('getPstnBlockedUsersLog(from, to).get(): typed pstnBlockedUsersLogRow', async () => {
    const page = await beta.client.communications.callRecords.microsoftGraphCallRecordsGetPstnBlockedUsersLogWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO).get()
    const path = kiotaPath('beta', 'getPstnBlockedUsersLog', WINDOW_FROM, WINDOW_TO)
    expect(rec.paths().at(-1)).toBe(path)
    expect(received).toContain(path)
    const rows = page?.value ?? []
    expect(rows.length).toBeGreaterThan(0)
    const direct = await getJson(shortForm('beta', 'getPstnBlockedUsersLog', WINDOW_FROM, WINDOW_TO))
    expect(rows).toHaveLength(direct.value.length)
    rows.forEach((row, i) => {
      expect(row.remediationId).toMatch(GUID)
      expect(row.blockDateTime).toBeInstanceOf(Date)
      expect(['blocked', 'unblocked']).toContain(row.userBlockMode)
      expectTyped(row, direct.value[i], ['blockDateTime'], ['userId', 'userPrincipalName', 'userDisplayName', 'userTelephoneNumber', 'userBlockMode', 'blockReason', 'remediationId'])
    })
    expectValidReportBodies(rec)
  })

  it('getPstnOnlineMeetingDialoutReport(from, to).get(): typed pstnOnlineMeetingDialoutReport', async () => {
    const page = await beta.client.communications.callRecords.microsoftGraphCallRecordsGetPstnOnlineMeetingDialoutReportWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO).get()
    const path = kiotaPath('beta', 'getPstnOnlineMeetingDialoutReport', WINDOW_FROM, WINDOW_TO)
    expect(rec.paths().at(-1)).toBe(path)
    expect(received).toContain(path)
    const rows = page?.value ?? []
    expect(rows.length).toBeGreaterThan(0)
    const direct = await getJson(shortForm('beta', 'getPstnOnlineMeetingDialoutReport', WINDOW_FROM, WINDOW_TO))
    expect(rows).toHaveLength(direct.value.length)
    rows.forEach((row, i) => {
      expect(row.totalCalls).toBeGreaterThan(0)
      expect(row.totalCallSeconds).toBeTypeOf('number')
      expect(row.totalCallCharge).toBeTypeOf('number')
      expectTyped(row, direct.value[i], [], ['userId', 'userPrincipalName', 'usageLocation', 'destinationContext', 'currency', 'totalCalls', 'totalCallCharge', 'totalCallSeconds'])
    })
    expectValidReportBodies(rec)
  })

  it('getSmsLog with { top: 2, count: true }: PageIterator follows the beta nextLinks to every row once', async () => {
    const before = rec.exchanges.length
    const first = await beta.client.communications.callRecords
      .microsoftGraphCallRecordsGetSmsLogWithFromDateTimeWithToDateTime(WINDOW_FROM, WINDOW_TO)
      .get({ queryParameters: { top: 2, count: true } })
    expect(rec.paths().at(-1)).toBe(`${kiotaPath('beta', 'getSmsLog', WINDOW_FROM, WINDOW_TO)}?$count=true&$top=2`)
    expect(first?.value).toHaveLength(2)
    const seen: string[] = []
    const iterator = new PageIterator<SmsLogRow>(
      beta.adapter,
      first as PageCollection<SmsLogRow>,
      (row) => {
        seen.push(row.id!)
        return true
      },
      betaFunctions.getSmsLog as never,
      { XXX: createBetaODataErrorFromDiscriminatorValue },
    )
    await iterator.iterate()
    expect(iterator.getPagingState()).toBe('Complete')
    const direct = await pageThrough(shortForm('beta', 'getSmsLog', WINDOW_FROM, WINDOW_TO))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(direct.rows.map((r) => r.id))
    const paths = rec.paths().slice(before)
    expect(paths).toHaveLength(Math.ceil(seen.length / 2))
    for (const p of paths.slice(1)) expect(p).toMatch(/^\/beta\/communications\/callRecords\/microsoft\.graph\.callRecords\.getSmsLog\([^)]*\)\?\$count=true&\$top=2&\$skip=\d+$/)
    expectValidReportBodies(rec, paths.length)
  })
})

// ---------------------------------------------------------------------------- graph-client v3

describe('graph-client v3 report paths (https)', () => {
  const rec = new Recorder()
  let client: Client
  const range = 'fromDateTime=2026-11-01T00:00:00Z,toDateTime=2026-11-20T00:00:00Z'

  beforeAll(() => {
    client = graphClient(s, rec)
  })

  it(`api('…/getPstnCalls(${range})').top(2).get(), then its PageIterator to the end`, async () => {
    const first = (await client.api(`/communications/callRecords/getPstnCalls(${range})`).top(2).get()) as Json
    const path = `/v1.0/communications/callRecords/getPstnCalls(${range})`
    expect(rec.paths().at(-1)).toBe(`${path}?$top=2`)
    expect(received).toContain(path)
    expect(first.value).toHaveLength(2)
    expect(first['@odata.context']).toBe(`${s.url}/v1.0/$metadata#Collection(${Q}.pstnCallLogRow)`)
    expect(first['@odata.nextLink']).toBe(`${s.url}${path}?$top=2&$skip=2`)
    const direct = await pageThrough(`${shortForm('v1.0', 'getPstnCalls', RANGE_FROM, RANGE_TO)}?$top=9`)
    expect(first.value.map((r: Json) => r.id)).toEqual(direct.rows.slice(0, 2).map((r) => r.id))

    const seen: string[] = []
    const iterator = new GraphClientPageIterator(client, first as { value: Json[] }, (r: Json) => {
      seen.push(r.id as string)
      return true
    })
    await iterator.iterate()
    expect(seen).toEqual(direct.rows.map((r) => r.id))
    expect(rec.exchanges.every((e) => e.requestHeaders.authorization === `Bearer ${TOKEN}`)).toBe(true)
    for (const p of rec.paths().slice(1)) expect(p).toMatch(new RegExp(`^/v1\\.0/communications/callRecords/getPstnCalls\\(${range.replaceAll('.', '\\.')}\\)\\?\\$top=2&\\$skip=\\d+$`))
    expectValidReportBodies(rec, 2)
  })

  it("the docs' date-only form getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-11-20) answers the same rows", async () => {
    const page = (await client.api('/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-11-20)').get()) as Json
    const path = '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-11-20)'
    expect(rec.paths().at(-1)).toBe(path)
    expect(received).toContain(path)
    expect(page['@odata.count']).toBe(page.value.length)
    const full = await getJson(shortForm('v1.0', 'getPstnCalls', RANGE_FROM, RANGE_TO))
    expect(page.value.length).toBeGreaterThan(2)
    expect(page.value).toEqual(full.value)
    expectValidReportBodies(rec)
  })

  it(".version('beta') getSmsLog in the short form", async () => {
    const page = (await client.api(`/communications/callRecords/getSmsLog(${range})`).version('beta').get()) as Json
    expect(rec.paths().at(-1)).toBe(`/beta/communications/callRecords/getSmsLog(${range})`)
    expect(page['@odata.context']).toBe(`${s.url}/beta/$metadata#Collection(${Q}.smsLogRow)`)
    expect(page.value.length).toBeGreaterThan(0)
    expectValidReportBodies(rec)
  })
})
