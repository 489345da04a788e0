/**
 * The baseline of the throughput benchmark: a plain, hand-written @faker-js/faker generator of
 * fully expanded callRecords, the way one would write a fixture without this project.
 *
 * Same shape as ours: the same property names and nesting, every property present (null where
 * Graph sends null), and the same structure as our record #i: the number of participants,
 * sessions, segments, media and streams, and which endpoint / device / network slots are
 * filled (a {@link Skeleton}, taken from our record before any timing starts). Every leaf value
 * comes from one faker call of the right kind (uuid, number in range, ISO date, enum pick,
 * string); `@odata.type` discriminators are literals. No invariants, no cross-object
 * consistency: times are not ordered, people are not reused, ids do not match.
 */
import { faker } from '@faker-js/faker'
import type { Json, JsonObject } from '../generators/index.js'

// ------------------------------------------------------------------ skeleton of one of our records

/** 'p' participantEndpoint, 's' serviceEndpoint */
type EndpointKind = 'p' | 's'

export interface MediaShape {
  readonly label: string
  /** bit 0 callerDevice, 1 calleeDevice, 2 callerNetwork, 3 calleeNetwork: set when non-null */
  readonly slots: number
  readonly streams: number
}
export interface SegmentShape {
  readonly caller: EndpointKind
  readonly callee: EndpointKind
  readonly failed: boolean
  readonly media: readonly MediaShape[]
}
export interface SessionShape {
  readonly caller: EndpointKind
  readonly callee: EndpointKind
  readonly failed: boolean
  readonly modalities: number
  readonly segments: readonly SegmentShape[]
}
export interface Skeleton {
  readonly participants: number
  readonly organizer: boolean
  readonly modalities: number
  readonly sessions: readonly SessionShape[]
}

const obj = (v: Json | undefined): JsonObject => v as JsonObject
const arr = (v: Json | undefined): JsonObject[] => (v ?? []) as JsonObject[]
const kindOf = (e: Json | undefined): EndpointKind => (String(obj(e)['@odata.type']).endsWith('participantEndpoint') ? 'p' : 's')

/** The structure of one of our records (untimed: the benchmark calls it before measuring). */
export function skeletonOf(rec: JsonObject): Skeleton {
  return {
    participants: arr(rec.participants_v2).length,
    organizer: rec.organizer_v2 !== null,
    modalities: (rec.modalities as Json[]).length,
    sessions: arr(rec.sessions).map((s) => ({
      caller: kindOf(s.caller),
      callee: kindOf(s.callee),
      failed: s.failureInfo !== null,
      modalities: (s.modalities as Json[]).length,
      segments: arr(s.segments).map((g) => ({
        caller: kindOf(g.caller),
        callee: kindOf(g.callee),
        failed: g.failureInfo !== null,
        media: arr(g.media).map((m) => ({
          label: String(m.label),
          slots: (m.callerDevice ? 1 : 0) | (m.calleeDevice ? 2 : 0) | (m.callerNetwork ? 4 : 0) | (m.calleeNetwork ? 8 : 0),
          streams: arr(m.streams).length,
        })),
      })),
    })),
  }
}

// ------------------------------------------------------------------ the faker generator

const MODALITIES = ['audio', 'video', 'videoBasedScreenSharing', 'data', 'screenSharing']
const SERVICE_ROLES = ['skypeForBusinessAudioVideoMcu', 'skypeForBusinessMicrosoftTeamsGateway', 'mediationServer', 'mediaController', 'skypeForBusinessAutoAttendant', 'skypeForBusinessCallQueues']
const PLATFORMS = ['windows', 'macOS', 'iOS', 'android', 'web', 'ipPhone', 'roomSystem']
const FAMILIES = ['teams', 'skypeForBusiness', 'lync', 'azureCommunicationServices', 'teamsRoomsAndroid']
const RATINGS = ['notRated', 'bad', 'poor', 'fair', 'good', 'excellent']
const FAILURE_STAGES = ['callSetup', 'midcall']
const CONNECTION_TYPES = ['wifi', 'wired', 'mobile', 'tunnel']
const WIFI_BANDS = ['frequency24GHz', 'frequency50GHz', 'unknown']
const RADIO_TYPES = ['wifi80211n', 'wifi80211ac', 'wifi80211ax', 'unknown']
const AUDIO_CODECS = ['opus', 'satin', 'silkWide', 'g722', 'pcmu', 'pcma', 'rtAudio16']
const VIDEO_CODECS = ['h264', 'av1', 'h264s', 'h265', 'rtVideo']
const CPUS = ['Apple M1', 'Apple M2 Pro', 'Intel(R) Core(TM) i7-1185G7 @ 3.00GHz', 'AMD Ryzen 7 PRO 5850U', 'Qualcomm Snapdragon X Elite']

const uuid = () => faker.string.uuid()
const date = () => faker.date.recent({ days: 30 }).toISOString()
const int = (min: number, max: number) => faker.number.int({ min, max })
const ratio = (max = 0.1) => faker.number.float({ min: 0, max, fractionDigits: 4 })
const dur = (max: number) => `PT${faker.number.float({ min: 0, max, fractionDigits: 3 })}S`
const pick = (xs: readonly string[]) => faker.helpers.arrayElement(xs)
const maybe = <T extends Json>(fn: () => T, probability: number): T | null => faker.helpers.maybe(fn, { probability }) ?? null

function userIdentity(): JsonObject {
  return { user: { id: uuid(), displayName: faker.person.fullName(), tenantId: uuid(), userPrincipalName: faker.internet.email() } }
}

function participant(): JsonObject {
  const phone = faker.datatype.boolean({ probability: 0.15 })
  return phone
    ? { id: faker.phone.number({ style: 'international' }), identity: { phone: { id: faker.phone.number({ style: 'international' }), displayName: null, tenantId: null } }, administrativeUnitInfos: [] }
    : { id: uuid(), identity: userIdentity(), administrativeUnitInfos: [] }
}

function endpoint(kind: EndpointKind): JsonObject {
  if (kind === 's') {
    return {
      '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint',
      userAgent: { '@odata.type': '#microsoft.graph.callRecords.serviceUserAgent', headerValue: `Microsoft.${faker.word.noun()}/${faker.system.semver()}`, applicationVersion: null, role: pick(SERVICE_ROLES) },
    }
  }
  return {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    name: faker.internet.domainWord(),
    cpuCoresCount: int(2, 16),
    cpuName: pick(CPUS),
    cpuProcessorSpeedInMhz: int(1500, 4000),
    identity: null,
    associatedIdentity: { '@odata.type': '#microsoft.graph.callRecords.userIdentity', id: uuid(), displayName: faker.person.fullName(), tenantId: uuid(), userPrincipalName: faker.internet.email() },
    feedback: maybe(() => ({ rating: pick(RATINGS), text: maybe(() => faker.lorem.sentence(), 0.5), tokens: null }), 0.08),
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
      headerValue: faker.internet.userAgent(),
      applicationVersion: faker.system.semver(),
      platform: pick(PLATFORMS),
      productFamily: pick(FAMILIES),
      azureADAppId: maybe(uuid, 0.05),
      communicationServiceId: maybe(uuid, 0.05),
    },
  }
}

function deviceInfo(): JsonObject {
  return {
    captureDeviceName: `Microphone (${faker.commerce.productName()})`,
    captureDeviceDriver: `Microsoft: ${faker.system.semver()}`,
    renderDeviceName: `Speakers (${faker.commerce.productName()})`,
    renderDeviceDriver: `Microsoft: ${faker.system.semver()}`,
    captureNotFunctioningEventRatio: ratio(),
    cpuInsufficentEventRatio: ratio(),
    deviceClippingEventRatio: ratio(),
    deviceGlitchEventRatio: ratio(),
    howlingEventCount: int(0, 5),
    initialSignalLevelRootMeanSquare: faker.number.float({ min: 0, max: 1000, fractionDigits: 4 }),
    lowSpeechLevelEventRatio: ratio(),
    lowSpeechToNoiseEventRatio: ratio(),
    micGlitchRate: faker.number.float({ min: 0, max: 100, fractionDigits: 4 }),
    receivedNoiseLevel: int(-90, -60),
    receivedSignalLevel: int(-40, 0),
    renderMuteEventRatio: ratio(),
    renderNotFunctioningEventRatio: ratio(),
    renderZeroVolumeEventRatio: ratio(),
    sentNoiseLevel: int(-90, -60),
    sentSignalLevel: int(-40, 0),
    speakerGlitchRate: faker.number.float({ min: 0, max: 100, fractionDigits: 4 }),
  }
}

function networkInfo(): JsonObject {
  const hops = maybe(() => int(2, 5), 0.3) ?? 0
  const traceRouteHops: JsonObject[] = []
  for (let h = 1; h <= hops; h++) traceRouteHops.push({ hopCount: h, ipAddress: faker.internet.ipv4(), roundTripTime: dur(0.06) })
  return {
    connectionType: pick(CONNECTION_TYPES),
    networkTransportProtocol: pick(['udp', 'tcp']),
    ipAddress: faker.internet.ipv4(),
    subnet: faker.internet.ipv4(),
    port: faker.internet.port(),
    reflexiveIPAddress: faker.internet.ipv4(),
    relayIPAddress: faker.internet.ipv4(),
    relayPort: faker.internet.port(),
    linkSpeed: maybe(() => int(1_000_000, 1_201_000_000), 0.8),
    macAddress: maybe(() => faker.internet.mac({ separator: '-' }), 0.5),
    dnsSuffix: maybe(() => faker.internet.domainName(), 0.5),
    basicServiceSetIdentifier: maybe(() => faker.internet.mac({ separator: '-' }), 0.5),
    bandwidthLowEventRatio: ratio(),
    delayEventRatio: ratio(),
    receivedQualityEventRatio: ratio(),
    sentQualityEventRatio: ratio(),
    wifiBand: pick(WIFI_BANDS),
    wifiChannel: maybe(() => int(1, 165), 0.5),
    wifiRadioType: pick(RADIO_TYPES),
    wifiSignalStrength: maybe(() => int(0, 100), 0.5),
    wifiBatteryCharge: maybe(() => int(0, 100), 0.5),
    wifiMicrosoftDriver: maybe(() => faker.commerce.productName(), 0.5),
    wifiMicrosoftDriverVersion: maybe(() => faker.system.semver(), 0.5),
    wifiVendorDriver: maybe(() => faker.commerce.productName(), 0.5),
    wifiVendorDriverVersion: maybe(() => faker.system.semver(), 0.5),
    traceRouteHops,
  }
}

/** Audio properties are set on audio streams, video properties on video streams (null otherwise), as in Graph. */
function stream(label: string): JsonObject {
  const audio = label.endsWith('audio')
  const video = label.endsWith('video')
  const a = <T extends Json>(fn: () => T): T | null => (audio ? fn() : null)
  const v = <T extends Json>(fn: () => T): T | null => (video ? fn() : null)
  return {
    streamId: String(int(1_000_000, 2_147_483_647)),
    streamDirection: pick(['callerToCallee', 'calleeToCaller']),
    startDateTime: date(),
    endDateTime: date(),
    audioCodec: a(() => pick(AUDIO_CODECS)),
    videoCodec: v(() => pick(VIDEO_CODECS)),
    averageAudioDegradation: a(() => faker.number.float({ min: 0, max: 3, fractionDigits: 4 })),
    averageAudioNetworkJitter: a(() => dur(0.05)),
    maxAudioNetworkJitter: a(() => dur(0.2)),
    averageJitter: dur(0.05),
    maxJitter: dur(0.2),
    averagePacketLossRate: ratio(),
    maxPacketLossRate: ratio(0.5),
    averageRoundTripTime: dur(0.2),
    maxRoundTripTime: dur(0.6),
    averageBandwidthEstimate: int(60_000, 25_000_000),
    packetUtilization: int(50, 500_000),
    averageRatioOfConcealedSamples: a(() => ratio()),
    maxRatioOfConcealedSamples: a(() => ratio(0.5)),
    isAudioForwardErrorCorrectionUsed: a(() => faker.datatype.boolean()),
    wasMediaBypassed: a(() => faker.datatype.boolean()),
    averageVideoFrameRate: v(() => faker.number.float({ min: 12, max: 30, fractionDigits: 4 })),
    averageReceivedFrameRate: v(() => faker.number.float({ min: 12, max: 30, fractionDigits: 4 })),
    averageVideoFrameLossPercentage: v(() => faker.number.float({ min: 0, max: 20, fractionDigits: 4 })),
    averageVideoPacketLossRate: v(() => ratio()),
    averageFreezeDuration: v(() => dur(0.4)),
    rmsFreezeDuration: v(() => dur(0.6)),
    lowFrameRateRatio: v(() => ratio()),
    lowVideoProcessingCapabilityRatio: v(() => ratio(0.05)),
    postForwardErrorCorrectionPacketLossRate: v(() => ratio(0.05)),
  }
}

function media(m: MediaShape): JsonObject {
  const streams: JsonObject[] = []
  for (let k = 0; k < m.streams; k++) streams.push(stream(m.label))
  return {
    label: m.label,
    callerDevice: m.slots & 1 ? deviceInfo() : null,
    calleeDevice: m.slots & 2 ? deviceInfo() : null,
    callerNetwork: m.slots & 4 ? networkInfo() : null,
    calleeNetwork: m.slots & 8 ? networkInfo() : null,
    streams,
  }
}

const failureInfo = (failed: boolean): Json => (failed ? { stage: pick(FAILURE_STAGES), reason: faker.lorem.words(3) } : null)

/** One fully expanded callRecord with the structure of `sk`. Seed faker (`faker.seed`) before a run. */
export function baselineRecord(sk: Skeleton): JsonObject {
  const participants_v2: JsonObject[] = []
  for (let k = 0; k < sk.participants; k++) participants_v2.push(participant())
  return {
    id: uuid(),
    version: int(1, 3),
    type: pick(['peerToPeer', 'groupCall']),
    modalities: faker.helpers.arrayElements(MODALITIES, sk.modalities),
    lastModifiedDateTime: date(),
    startDateTime: date(),
    endDateTime: date(),
    joinWebUrl: maybe(() => faker.internet.url(), 0.3),
    organizer: null,
    participants: [],
    organizer_v2: sk.organizer ? { id: uuid(), identity: userIdentity(), administrativeUnitInfos: [] } : null,
    participants_v2,
    sessions: sk.sessions.map((s) => ({
      id: uuid(),
      modalities: faker.helpers.arrayElements(MODALITIES, s.modalities),
      startDateTime: date(),
      endDateTime: date(),
      isTest: faker.datatype.boolean({ probability: 0.01 }),
      caller: endpoint(s.caller),
      callee: endpoint(s.callee),
      failureInfo: failureInfo(s.failed),
      segments: s.segments.map((g) => ({
        id: uuid(),
        startDateTime: date(),
        endDateTime: date(),
        caller: endpoint(g.caller),
        callee: endpoint(g.callee),
        failureInfo: failureInfo(g.failed),
        media: g.media.map(media),
      })),
    })),
  }
}

/** Seeds faker and fixes its reference date, so a run is reproducible. */
export function seedBaseline(seed: number, refDate: string): void {
  faker.seed(seed)
  faker.setDefaultRefDate(refDate)
}
