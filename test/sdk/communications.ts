/**
 * The `communications/callRecords` request builders of the Kiota Graph SDK, registered on
 * `@microsoft/msgraph-sdk`'s GraphServiceClient the way the generated package
 * `@microsoft/msgraph-sdk-communications` would register them (that package exists in
 * microsoftgraph/msgraph-sdk-typescript, packages/msgraph-sdk-communications, but is not published on npm).
 *
 * Only metadata lives here: the URI templates and query-parameter mappers are transcribed from the
 * generated sources (GET requests of callRecords, its item, sessions, participants_v2, organizer_v2,
 * the $count builders and the two v1.0 report functions); the model factories are the official ones
 * from `@microsoft/msgraph-sdk/models/callRecords` and `models/oDataErrors`. Request building,
 * middleware, authentication, (de)serialisation and paging are the published Kiota runtime.
 *
 * One deliberate difference from the generated code: the report-function navigation entries carry
 * `pathParametersMappings: ['fromDateTime', 'toDateTime']`. Without it the published runtime exposes
 * them as properties, not functions (see /work/shared/reference/sdk-requests.md, quirk 3).
 */
import type {
  BaseRequestBuilder, NavigationMetadata, Parsable, ParsableFactory, ParseNode, RequestConfiguration,
  RequestInformation, RequestsMetadata,
} from '@microsoft/kiota-abstractions'
import { extendGraphServiceClient } from '@microsoft/msgraph-sdk'
import { deserializeIntoBaseCollectionPaginationCountResponse, type BaseCollectionPaginationCountResponse } from '@microsoft/msgraph-sdk/models/index.js'
import {
  createCallRecordCollectionResponseFromDiscriminatorValue, createCallRecordFromDiscriminatorValue,
  createDirectRoutingLogRowFromDiscriminatorValue, createOrganizerFromDiscriminatorValue,
  createParticipantCollectionResponseFromDiscriminatorValue, createParticipantFromDiscriminatorValue,
  createPstnCallLogRowFromDiscriminatorValue, createSessionCollectionResponseFromDiscriminatorValue,
  createSessionFromDiscriminatorValue,
  type CallRecord, type CallRecordCollectionResponse, type DirectRoutingLogRow, type Organizer, type Participant,
  type ParticipantCollectionResponse, type PstnCallLogRow, type Session, type SessionCollectionResponse,
} from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'

// ---------------------------------------------------------------------------- builder types (GET only)

interface CollectionQuery {
  count?: boolean
  expand?: string[]
  filter?: string
  orderby?: string[]
  search?: string
  select?: string[]
  skip?: number
  top?: number
}
interface EntityQuery {
  expand?: string[]
  select?: string[]
}
interface CountQuery {
  filter?: string
  search?: string
}
export interface FunctionQuery {
  count?: boolean
  filter?: string
  search?: string
  skip?: number
  top?: number
}

export interface CountRequestBuilder extends BaseRequestBuilder<CountRequestBuilder> {
  get(c?: RequestConfiguration<CountQuery>): Promise<number | undefined>
  toGetRequestInformation(c?: RequestConfiguration<CountQuery>): RequestInformation
}
export interface SessionItemRequestBuilder extends BaseRequestBuilder<SessionItemRequestBuilder> {
  get(c?: RequestConfiguration<EntityQuery>): Promise<Session | undefined>
  toGetRequestInformation(c?: RequestConfiguration<EntityQuery>): RequestInformation
}
export interface SessionsRequestBuilder extends BaseRequestBuilder<SessionsRequestBuilder> {
  get count(): CountRequestBuilder
  bySessionId(sessionId: string): SessionItemRequestBuilder
  get(c?: RequestConfiguration<CollectionQuery>): Promise<SessionCollectionResponse | undefined>
  toGetRequestInformation(c?: RequestConfiguration<CollectionQuery>): RequestInformation
}
export interface ParticipantItemRequestBuilder extends BaseRequestBuilder<ParticipantItemRequestBuilder> {
  get(c?: RequestConfiguration<EntityQuery>): Promise<Participant | undefined>
  toGetRequestInformation(c?: RequestConfiguration<EntityQuery>): RequestInformation
}
export interface Participants_v2RequestBuilder extends BaseRequestBuilder<Participants_v2RequestBuilder> {
  get count(): CountRequestBuilder
  byParticipantId(participantId: string): ParticipantItemRequestBuilder
  get(c?: RequestConfiguration<CollectionQuery>): Promise<ParticipantCollectionResponse | undefined>
  toGetRequestInformation(c?: RequestConfiguration<CollectionQuery>): RequestInformation
}
export interface Organizer_v2RequestBuilder extends BaseRequestBuilder<Organizer_v2RequestBuilder> {
  get(c?: RequestConfiguration<EntityQuery>): Promise<Organizer | undefined>
  toGetRequestInformation(c?: RequestConfiguration<EntityQuery>): RequestInformation
}
export interface CallRecordItemRequestBuilder extends BaseRequestBuilder<CallRecordItemRequestBuilder> {
  get organizer_v2(): Organizer_v2RequestBuilder
  get participants_v2(): Participants_v2RequestBuilder
  get sessions(): SessionsRequestBuilder
  get(c?: RequestConfiguration<EntityQuery>): Promise<CallRecord | undefined>
  toGetRequestInformation(c?: RequestConfiguration<EntityQuery>): RequestInformation
}
export interface GetPstnCallsResponse extends BaseCollectionPaginationCountResponse, Parsable {
  value?: PstnCallLogRow[]
}
export interface GetDirectRoutingCallsResponse extends BaseCollectionPaginationCountResponse, Parsable {
  value?: DirectRoutingLogRow[]
}
export interface ReportFunctionRequestBuilder<R> extends BaseRequestBuilder<ReportFunctionRequestBuilder<R>> {
  get(c?: RequestConfiguration<FunctionQuery>): Promise<R | undefined>
  toGetRequestInformation(c?: RequestConfiguration<FunctionQuery>): RequestInformation
}
export interface CallRecordsRequestBuilder extends BaseRequestBuilder<CallRecordsRequestBuilder> {
  get count(): CountRequestBuilder
  byCallRecordId(callRecordId: string): CallRecordItemRequestBuilder
  microsoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime(fromDateTime: Date | undefined, toDateTime: Date | undefined): ReportFunctionRequestBuilder<GetDirectRoutingCallsResponse>
  microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime(fromDateTime: Date | undefined, toDateTime: Date | undefined): ReportFunctionRequestBuilder<GetPstnCallsResponse>
  get(c?: RequestConfiguration<CollectionQuery>): Promise<CallRecordCollectionResponse | undefined>
  toGetRequestInformation(c?: RequestConfiguration<CollectionQuery>): RequestInformation
}
export interface CommunicationsRequestBuilder extends BaseRequestBuilder<CommunicationsRequestBuilder> {
  get callRecords(): CallRecordsRequestBuilder
}

declare module '@microsoft/msgraph-sdk' {
  interface GraphServiceClient {
    /** Provides operations to manage the cloudCommunications singleton (registered by this file). */
    get communications(): CommunicationsRequestBuilder
  }
}

// ---------------------------------------------------------------------------- metadata

const errorMappings = { XXX: createODataErrorFromDiscriminatorValue as ParsableFactory<Parsable> }

const collectionQuery: Record<string, string> = {
  count: '%24count', expand: '%24expand', filter: '%24filter', orderby: '%24orderby',
  search: '%24search', select: '%24select', skip: '%24skip', top: '%24top',
}
const entityQuery: Record<string, string> = { expand: '%24expand', select: '%24select' }
const countQuery: Record<string, string> = { filter: '%24filter', search: '%24search' }
const functionQuery: Record<string, string> = { count: '%24count', filter: '%24filter', search: '%24search', skip: '%24skip', top: '%24top' }

const COLLECTION_PARAMS = '{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}'
const ENTITY_PARAMS = '{?%24expand,%24select}'
const COUNT_PARAMS = '{?%24filter,%24search}'
const FUNCTION_PARAMS = '{?%24count,%24filter,%24search,%24skip,%24top}'
const RECORDS = '{+baseurl}/communications/callRecords'
const RECORD = `${RECORDS}/{callRecord%2Did}`

function getJson(uriTemplate: string, responseBodyFactory: ParsableFactory<Parsable>, queryParametersMapper: Record<string, string>): RequestsMetadata {
  return { get: { uriTemplate, responseBodyContentType: 'application/json', errorMappings, adapterMethodName: 'send', responseBodyFactory, queryParametersMapper } }
}

function getCount(uriTemplate: string): RequestsMetadata {
  return { get: { uriTemplate, responseBodyContentType: 'text/plain;q=0.9', errorMappings, adapterMethodName: 'sendPrimitive', responseBodyFactory: 'number', queryParametersMapper: countQuery } }
}

/** The generated report-function response: a count/nextLink page of `value` rows. */
function functionResponseFactory(rowFactory: ParsableFactory<Parsable>): ParsableFactory<Parsable> {
  return (_node: ParseNode | undefined) => (instance?: Parsable) => {
    const target = (instance ?? {}) as BaseCollectionPaginationCountResponse & { value?: Parsable[] }
    return {
      ...deserializeIntoBaseCollectionPaginationCountResponse(target),
      value: (n: ParseNode) => {
        target.value = n.getCollectionOfObjectValues<Parsable>(rowFactory)
      },
    }
  }
}

const sessionsNavigation: Record<string, NavigationMetadata> = {
  bySessionId: { requestsMetadata: getJson(`${RECORD}/sessions/{session%2Did}${ENTITY_PARAMS}`, createSessionFromDiscriminatorValue, entityQuery), pathParametersMappings: ['session%2Did'] },
  count: { requestsMetadata: getCount(`${RECORD}/sessions/$count${COUNT_PARAMS}`) },
}
const participantsNavigation: Record<string, NavigationMetadata> = {
  byParticipantId: { requestsMetadata: getJson(`${RECORD}/participants_v2/{participant%2Did}${ENTITY_PARAMS}`, createParticipantFromDiscriminatorValue, entityQuery), pathParametersMappings: ['participant%2Did'] },
  count: { requestsMetadata: getCount(`${RECORD}/participants_v2/$count${COUNT_PARAMS}`) },
}
const callRecordItemNavigation: Record<string, NavigationMetadata> = {
  organizer_v2: { requestsMetadata: getJson(`${RECORD}/organizer_v2${ENTITY_PARAMS}`, createOrganizerFromDiscriminatorValue, entityQuery) },
  participants_v2: { requestsMetadata: getJson(`${RECORD}/participants_v2${COLLECTION_PARAMS}`, createParticipantCollectionResponseFromDiscriminatorValue, collectionQuery), navigationMetadata: participantsNavigation },
  sessions: { requestsMetadata: getJson(`${RECORD}/sessions${COLLECTION_PARAMS}`, createSessionCollectionResponseFromDiscriminatorValue, collectionQuery), navigationMetadata: sessionsNavigation },
}
const callRecordsNavigation: Record<string, NavigationMetadata> = {
  byCallRecordId: { requestsMetadata: getJson(`${RECORD}${ENTITY_PARAMS}`, createCallRecordFromDiscriminatorValue, entityQuery), navigationMetadata: callRecordItemNavigation, pathParametersMappings: ['callRecord%2Did'] },
  microsoftGraphCallRecordsGetDirectRoutingCallsWithFromDateTimeWithToDateTime: {
    requestsMetadata: getJson(`${RECORDS}/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime={fromDateTime},toDateTime={toDateTime})${FUNCTION_PARAMS}`, functionResponseFactory(createDirectRoutingLogRowFromDiscriminatorValue), functionQuery),
    pathParametersMappings: ['fromDateTime', 'toDateTime'],
  },
  microsoftGraphCallRecordsGetPstnCallsWithFromDateTimeWithToDateTime: {
    requestsMetadata: getJson(`${RECORDS}/microsoft.graph.callRecords.getPstnCalls(fromDateTime={fromDateTime},toDateTime={toDateTime})${FUNCTION_PARAMS}`, functionResponseFactory(createPstnCallLogRowFromDiscriminatorValue), functionQuery),
    pathParametersMappings: ['fromDateTime', 'toDateTime'],
  },
  count: { requestsMetadata: getCount(`${RECORDS}/$count${COUNT_PARAMS}`) },
}

/** The navigation metadata the generated package hands to `extendGraphServiceClient`. */
export const CommunicationsServiceClientNavigationMetadata: Record<'communications', NavigationMetadata> = {
  communications: {
    navigationMetadata: {
      callRecords: { requestsMetadata: getJson(`${RECORDS}${COLLECTION_PARAMS}`, createCallRecordCollectionResponseFromDiscriminatorValue, collectionQuery), navigationMetadata: callRecordsNavigation },
    },
  },
}

extendGraphServiceClient(CommunicationsServiceClientNavigationMetadata)

// ---------------------------------------------------------------------------- response factories (added for paging)

/**
 * The response factories of the two v1.0 report functions, named as the generated
 * `create<Function>WithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue`: what msgraph-sdk-core's
 * PageIterator needs to deserialize the pages behind an `@odata.nextLink`.
 */
export const createGetPstnCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue: ParsableFactory<GetPstnCallsResponse> =
  functionResponseFactory(createPstnCallLogRowFromDiscriminatorValue) as ParsableFactory<GetPstnCallsResponse>
export const createGetDirectRoutingCallsWithFromDateTimeWithToDateTimeGetResponseFromDiscriminatorValue: ParsableFactory<GetDirectRoutingCallsResponse> =
  functionResponseFactory(createDirectRoutingLogRowFromDiscriminatorValue) as ParsableFactory<GetDirectRoutingCallsResponse>
