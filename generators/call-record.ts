/**
 * Turns a {@link CallPlan} into Graph's JSON: the callRecord with organizer_v2, participants_v2
 * and sessions → segments → media → streams. Every object is shaped like the official schema
 * (every property present, null where there is no value, as Graph sends it without
 * `Prefer: omit-values=nulls`).
 */
import { FEEDBACK_TEXTS, FEEDBACK_TOKENS } from './catalog.js'
import { duration, iso, single } from './format.js'
import type { CallPlan, Modality, Party, ServiceRole, SessionPlan } from './plan.js'
import { streamFor, type Rng } from './rng.js'
import type { DeviceProfile, World } from './world.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export interface RecordContext {
  readonly world: World
  readonly seed: number
  /**
   * The deprecated `organizer`, `participants` and `participantEndpoint.identity` stopped
   * returning data on 2026-06-30 (api-spec.md 5.1): true when the data set's anchor is past that.
   */
  readonly deprecatedGone: boolean
}

/** The date the deprecated identitySet properties stopped returning data. */
export const DEPRECATED_DATA_ENDS = Date.parse('2026-06-30T00:00:00Z')

/** The callRecord's own properties and organizer_v2 (what a plain GET returns). */
export function buildRecordBase(ctx: RecordContext, plan: CallPlan): JsonObject {
  const w = ctx.world
  const org = plan.organizer === null ? null : plan.parties[plan.organizer]!
  return {
    id: plan.id,
    version: plan.version,
    type: plan.type,
    modalities: plan.modalities.slice(),
    lastModifiedDateTime: iso(plan.lastModified),
    startDateTime: iso(plan.start),
    endDateTime: iso(plan.end),
    joinWebUrl: plan.meeting ? plan.meeting.joinWebUrl : null,
    organizer: ctx.deprecatedGone || !org ? null : identitySet(w, org),
    participants: ctx.deprecatedGone ? [] : plan.parties.slice(0, 130).map((p) => identitySet(w, p)),
    organizer_v2: org ? participant(w, org, 'organizer') : null,
  }
}

/** The distinct participants (participants_v2), in order of joining. */
export function buildParticipants(ctx: RecordContext, plan: CallPlan): JsonObject[] {
  return plan.parties.map((p) => participant(ctx.world, p, 'participant'))
}

/** Session #j with its segments, media and streams; built from its own stream, in any order. */
export function buildSession(ctx: RecordContext, plan: CallPlan, j: number): JsonObject {
  const s = plan.sessions[j]
  if (!s) throw new RangeError(`session ${j} does not exist (the call has ${plan.sessions.length})`)
  const rng = streamFor(ctx.seed, ...plan.detailPath, 'session', j)
  const sessionId = j === 0 && plan.type === 'peerToPeer' ? plan.id : rng.guid()
  const party = plan.parties[s.party]!
  const participantSide = participantEndpoint(ctx, rng, party, true)
  let caller: JsonObject
  let callee: JsonObject
  if (s.peer !== null) {
    caller = participantSide
    callee = participantEndpoint(ctx, rng, plan.parties[s.peer]!, true)
  } else {
    const service = serviceEndpoint(s.serviceRole ?? 'skypeForBusinessAudioVideoMcu')
    caller = s.participantIsCaller ? participantSide : service
    callee = s.participantIsCaller ? service : participantSide
  }
  const failureInfo = s.failure ? { stage: s.failure.stage, reason: s.failure.reason } : null
  const segments: JsonObject[] = []
  const hopOffset = s.hops > 1 ? Math.min(800, Math.floor((s.end - s.start) / 10)) : 0
  for (let h = 0; h < s.hops; h++) {
    const last = h === s.hops - 1
    const segStart = s.start + h * hopOffset
    const segEnd = s.end - (s.hops - 1 - h) * Math.floor(hopOffset / 2)
    // the first hop runs from the participant to the media processor; later hops are service to service
    const mp = serviceEndpoint(h === 0 ? 'mediaController' : (s.serviceRole ?? 'mediaController'))
    const segCaller = s.hops === 1 ? caller : h === 0 ? (s.participantIsCaller ? caller : mp) : serviceEndpoint('mediaController')
    const segCallee = s.hops === 1 ? callee : h === 0 ? (s.participantIsCaller ? mp : callee) : (s.participantIsCaller ? callee : caller)
    const segStartIso = iso(segStart)
    const segEndIso = iso(segEnd)
    segments.push({
      id: j === 0 && h === 0 && plan.type === 'peerToPeer' ? plan.id : rng.guid(),
      startDateTime: segStartIso,
      endDateTime: segEndIso,
      caller: segCaller,
      callee: segCallee,
      failureInfo: last ? failureInfo : null,
      media: s.modalities.map((m) => media(rng, m, plan, s, party, segStart, segEnd, segStartIso, segEndIso, h === 0 ? party : null)),
    })
  }
  return {
    id: sessionId,
    modalities: s.modalities.slice(),
    startDateTime: iso(s.start),
    endDateTime: iso(s.end),
    isTest: false,
    caller,
    callee,
    failureInfo,
    segments,
  }
}

/** The whole record, fully expanded: what `generate` writes. */
export function buildFullRecord(ctx: RecordContext, plan: CallPlan): JsonObject {
  const rec = buildRecordBase(ctx, plan)
  rec.participants_v2 = buildParticipants(ctx, plan)
  rec.sessions = plan.sessions.map((_, j) => buildSession(ctx, plan, j))
  return rec
}

// ---------------------------------------------------------------- identities

function identityOf(w: World, p: Party): JsonObject {
  switch (p.type) {
    case 'user':
      return { user: { id: p.user.id, displayName: p.user.displayName, tenantId: w.tenantId, userPrincipalName: p.user.userPrincipalName } }
    case 'external':
      return p.ext.kind === 'guest'
        ? { guest: { id: p.ext.id, displayName: p.ext.displayName, tenantId: p.ext.tenantId } }
        : { user: { id: p.ext.id, displayName: p.ext.displayName, tenantId: p.ext.tenantId } }
    case 'phone':
      return { phone: { id: p.number, displayName: null, tenantId: null } }
    case 'resource':
      return { applicationInstance: { id: p.account.id, displayName: p.account.displayName, tenantId: w.tenantId } }
  }
}

/** participants_v2 / organizer_v2 id: the Entra object id, or the phone number (as Graph does). */
export function partyId(p: Party): string {
  switch (p.type) {
    case 'user': return p.user.id
    case 'external': return p.ext.id
    case 'phone': return p.number
    case 'resource': return p.account.id
  }
}

function participant(w: World, p: Party, _kind: 'organizer' | 'participant'): JsonObject {
  const units = p.type === 'user' ? p.user.administrativeUnitIds.map((id) => ({ id })) : []
  return { id: partyId(p), identity: identityOf(w, p), administrativeUnitInfos: units }
}

/** The deprecated identitySet form (organizer / participants / participantEndpoint.identity). */
function identitySet(w: World, p: Party): JsonObject {
  const id = identityOf(w, p)
  if (p.type === 'user' || (p.type === 'external' && p.ext.kind === 'federated')) return { user: id.user ?? null, application: null, device: null }
  if (p.type === 'resource') return { user: null, application: id.applicationInstance ?? null, device: null }
  // guests and phones have no slot in a plain identitySet; it is an open type, so Graph adds one
  return { user: null, application: null, device: null, ...id }
}

// ---------------------------------------------------------------- endpoints

const SERVICE_AGENT_HEADER: Record<string, string> = {
  skypeForBusinessAudioVideoMcu: 'Microsoft.Teams.MCU/2024.11.14.1',
  skypeForBusinessMicrosoftTeamsGateway: 'Microsoft.PSTNHub.SIPProxy v.2024.11.18.3',
  mediationServer: 'Microsoft.PSTNHub.SIPProxy v.2024.11.18.3 i.EUNO.5',
  mediaController: 'Microsoft.Teams.MediaController/2024.11.14.1',
  skypeForBusinessAutoAttendant: 'Microsoft.Teams.AutoAttendant/1.0.0.0',
  skypeForBusinessCallQueues: 'Microsoft.Teams.CallQueues/1.0.0.0',
  conferencingAnnouncementService: 'Microsoft.Teams.ConferencingAnnouncementService/1.0.0.0',
}

function serviceEndpoint(role: ServiceRole | 'mediaController'): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint',
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.serviceUserAgent',
      headerValue: SERVICE_AGENT_HEADER[role] ?? null,
      applicationVersion: null,
      role,
    },
  }
}

const RATINGS = [['notRated', 10], ['bad', 4], ['poor', 6], ['fair', 12], ['good', 40], ['excellent', 28]] as const

function participantEndpoint(ctx: RecordContext, rng: Rng, p: Party, withFeedback: boolean): JsonObject {
  const w = ctx.world
  const device = p.type === 'user' || p.type === 'external' ? p.device : null
  const assoc: JsonObject = p.type === 'user'
    ? { '@odata.type': '#microsoft.graph.callRecords.userIdentity', id: p.user.id, displayName: p.user.displayName, tenantId: w.tenantId, userPrincipalName: p.user.userPrincipalName }
    : p.type === 'external'
      ? { '@odata.type': '#microsoft.graph.callRecords.userIdentity', id: p.ext.id, displayName: p.ext.displayName, tenantId: p.ext.tenantId, userPrincipalName: p.ext.userPrincipalName }
      : p.type === 'phone'
        ? { id: p.number, displayName: null }
        : { id: p.account.id, displayName: p.account.displayName, tenantId: w.tenantId }
  let feedback: Json = null
  if (withFeedback && device && rng.chance(0.08)) {
    const rating = rng.weighted(RATINGS)
    const bad = rating === 'bad' || rating === 'poor'
    const tokens: Record<string, boolean> = {}
    if (bad) for (const t of rng.sample(FEEDBACK_TOKENS, rng.int(1, 3))) tokens[t] = true
    feedback = { rating, text: bad ? rng.pick(FEEDBACK_TEXTS) : null, tokens: bad ? tokens : null }
  }
  return {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    name: device ? device.machineName : null,
    cpuCoresCount: device ? device.cpuCoresCount : null,
    cpuName: device ? device.cpuName : null,
    cpuProcessorSpeedInMhz: device ? device.cpuProcessorSpeedInMhz : null,
    identity: ctx.deprecatedGone ? null : identitySet(w, p),
    associatedIdentity: assoc,
    feedback,
    userAgent: device ? clientAgent(device) : pstnAgent(p),
  }
}

function clientAgent(d: DeviceProfile): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
    headerValue: d.headerValue,
    applicationVersion: d.applicationVersion,
    platform: d.software.platform,
    productFamily: d.software.productFamily,
    azureADAppId: null,
    communicationServiceId: d.software.productFamily === 'azureCommunicationServices' ? 'acs-resource-00000000-0000-0000-0000-000000000000' : null,
  }
}

function pstnAgent(p: Party): JsonObject {
  // a phone or an application reached through the PSTN hub / the Teams voice applications
  return {
    '@odata.type': '#microsoft.graph.callRecords.serviceUserAgent',
    headerValue: p.type === 'resource' ? SERVICE_AGENT_HEADER[p.account.kind === 'autoAttendant' ? 'skypeForBusinessAutoAttendant' : 'skypeForBusinessCallQueues']! : SERVICE_AGENT_HEADER.skypeForBusinessMicrosoftTeamsGateway!,
    applicationVersion: null,
    role: p.type === 'resource' ? (p.account.kind === 'autoAttendant' ? 'skypeForBusinessAutoAttendant' : 'skypeForBusinessCallQueues') : 'skypeForBusinessMicrosoftTeamsGateway',
  }
}

// ---------------------------------------------------------------- media

const LABELS: Record<Modality, string> = {
  audio: 'main-audio',
  video: 'main-video',
  videoBasedScreenSharing: 'applicationsharing-video',
  screenSharing: 'applicationsharing',
  data: 'data',
}

function media(rng: Rng, m: Modality, plan: CallPlan, s: SessionPlan, party: Party, start: number, end: number, startIso: string, endIso: string, client: Party | null): JsonObject {
  const device = client && (client.type === 'user' || client.type === 'external') ? client.device : null
  const clientIsCaller = s.participantIsCaller || s.peer !== null
  const dev = device && m === 'audio' ? deviceInfo(rng, device) : null
  const net = device ? networkInfo(rng, device, party) : null
  const peerDevice = s.peer !== null ? (plan.parties[s.peer] as Party & { device?: DeviceProfile }).device ?? null : null
  const noStreams = s.failure?.stage === 'callSetup'
  return {
    label: LABELS[m],
    callerDevice: clientIsCaller ? dev : peerDevice && m === 'audio' ? deviceInfo(rng, peerDevice) : null,
    calleeDevice: clientIsCaller ? (peerDevice && m === 'audio' ? deviceInfo(rng, peerDevice) : null) : dev,
    callerNetwork: clientIsCaller ? net : null,
    calleeNetwork: clientIsCaller ? (peerDevice ? networkInfo(rng, peerDevice, plan.parties[s.peer!]!) : null) : net,
    streams: noStreams ? [] : [
      stream(rng, m, 'callerToCallee', start, end, startIso, endIso, device, plan),
      stream(rng, m, 'calleeToCaller', start, end, startIso, endIso, device, plan),
    ],
  }
}

function vary(rng: Rng, v: number, lo = 0, hi = 1): number {
  return single(Math.min(hi, Math.max(lo, v * rng.float(0.5, 1.5))))
}

function deviceInfo(rng: Rng, d: DeviceProfile): JsonObject {
  const q = d.quality.device
  return {
    captureDeviceName: d.captureDevice[0],
    captureDeviceDriver: d.captureDevice[1],
    renderDeviceName: d.renderDevice[0],
    renderDeviceDriver: d.renderDevice[1],
    captureNotFunctioningEventRatio: vary(rng, q.captureNotFunctioningEventRatio!),
    cpuInsufficentEventRatio: vary(rng, q.cpuInsufficentEventRatio!),
    deviceClippingEventRatio: vary(rng, q.deviceClippingEventRatio!),
    deviceGlitchEventRatio: vary(rng, q.deviceGlitchEventRatio!),
    howlingEventCount: q.howlingEventCount!,
    initialSignalLevelRootMeanSquare: vary(rng, q.initialSignalLevelRootMeanSquare!, 0, 1000),
    lowSpeechLevelEventRatio: vary(rng, q.lowSpeechLevelEventRatio!),
    lowSpeechToNoiseEventRatio: vary(rng, q.lowSpeechToNoiseEventRatio!),
    micGlitchRate: vary(rng, q.micGlitchRate!, 0, 100),
    receivedNoiseLevel: q.receivedNoiseLevel! + rng.int(-3, 3),
    receivedSignalLevel: q.receivedSignalLevel! + rng.int(-2, 2),
    renderMuteEventRatio: vary(rng, q.renderMuteEventRatio!),
    renderNotFunctioningEventRatio: vary(rng, q.renderNotFunctioningEventRatio!),
    renderZeroVolumeEventRatio: vary(rng, q.renderZeroVolumeEventRatio!),
    sentNoiseLevel: q.sentNoiseLevel! + rng.int(-3, 3),
    sentSignalLevel: q.sentSignalLevel! + rng.int(-2, 2),
    speakerGlitchRate: vary(rng, q.speakerGlitchRate!, 0, 100),
  }
}

function networkInfo(rng: Rng, d: DeviceProfile, p: Party): JsonObject {
  const q = d.quality.network
  const platform = d.software.platform
  const mobile = platform === 'iOS' || platform === 'android'
  const wifi = d.wifiDriver !== null && rng.chance(0.6)
  const connectionType = mobile ? (rng.chance(0.6) ? 'wifi' : 'mobile') : wifi ? 'wifi' : 'wired'
  const subnet = p.type === 'user' ? p.user.subnet : `192.168.${rng.int(0, 254)}.0`
  const ip = subnet.replace(/\.0$/, `.${rng.int(2, 254)}`)
  const onWifi = connectionType === 'wifi'
  const hops = rng.chance(0.3) ? rng.int(2, 5) : 0
  const traceRouteHops: JsonObject[] = []
  for (let h = 1; h <= hops; h++) traceRouteHops.push({ hopCount: h, ipAddress: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, roundTripTime: duration(h * rng.int(1, 12)) })
  return {
    connectionType,
    networkTransportProtocol: rng.chance(0.92) ? 'udp' : 'tcp',
    ipAddress: ip,
    subnet,
    port: rng.int(50000, 50019),
    reflexiveIPAddress: p.type === 'user' ? p.user.publicIp : `${rng.int(20, 200)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    relayIPAddress: `52.114.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    relayPort: rng.int(3478, 3481),
    linkSpeed: onWifi ? rng.pick([144_000_000, 300_000_000, 866_700_000, 1_201_000_000]) : connectionType === 'wired' ? 1_000_000_000 : null,
    macAddress: rng.chance(0.5) ? macAddress(rng) : null,
    dnsSuffix: p.type === 'user' && !mobile ? 'corp.local' : null,
    basicServiceSetIdentifier: onWifi ? macAddress(rng) : null,
    bandwidthLowEventRatio: vary(rng, q.bandwidthLowEventRatio!),
    delayEventRatio: vary(rng, q.delayEventRatio!),
    receivedQualityEventRatio: vary(rng, q.receivedQualityEventRatio!),
    sentQualityEventRatio: vary(rng, q.sentQualityEventRatio!),
    wifiBand: onWifi ? rng.pick(['frequency24GHz', 'frequency50GHz', 'frequency50GHz']) : 'unknown',
    wifiChannel: onWifi ? rng.pick([1, 6, 11, 36, 44, 149]) : null,
    wifiRadioType: onWifi ? rng.pick(['wifi80211n', 'wifi80211ac', 'wifi80211ax', 'wifi80211ax']) : 'unknown',
    wifiSignalStrength: onWifi ? rng.int(35, 100) : null,
    wifiBatteryCharge: onWifi && d.wifiDriver ? rng.int(10, 100) : null,
    wifiMicrosoftDriver: onWifi && d.wifiDriver ? d.wifiDriver[0] : null,
    wifiMicrosoftDriverVersion: onWifi && d.wifiDriver ? d.wifiDriver[1] : null,
    wifiVendorDriver: onWifi && d.wifiDriver ? d.wifiDriver[0] : null,
    wifiVendorDriverVersion: onWifi && d.wifiDriver ? d.wifiDriver[1] : null,
    traceRouteHops,
  }
}

function macAddress(rng: Rng): string {
  const parts: string[] = []
  for (let i = 0; i < 6; i++) parts.push(rng.int(0, 255).toString(16).toUpperCase().padStart(2, '0'))
  return parts.join('-')
}

const AUDIO_CODECS = [['opus', 30], ['satin', 25], ['silkWide', 10], ['g722', 5], ['rtAudio16', 3]] as const
const PSTN_CODECS = [['pcmu', 5], ['pcma', 3], ['g722', 2], ['silkNarrow', 1]] as const
const VIDEO_CODECS = [['h264', 40], ['av1', 15], ['h264s', 10], ['h265', 3], ['rtVideo', 2]] as const

function stream(rng: Rng, m: Modality, dir: 'callerToCallee' | 'calleeToCaller', start: number, end: number, startIso: string, endIso: string, d: DeviceProfile | null, plan: CallPlan): JsonObject {
  const q = d?.quality ?? { jitterMs: 8, packetLossRate: 0.002, roundTripMs: 60 }
  const jitter = q.jitterMs * rng.float(0.6, 1.6)
  const loss = Math.min(0.2, q.packetLossRate * rng.float(0.3, 2))
  const rtt = q.roundTripMs * rng.float(0.8, 1.4)
  const audio = m === 'audio'
  const video = !audio && m !== 'data' && m !== 'screenSharing'
  const seconds = Math.max(1, (end - start) / 1000)
  const pstn = plan.kind === 'pstn' || plan.kind === 'directRouting'
  const bypass = plan.kind === 'directRouting' && plan.pstnLegs[0]?.trunk?.mediaBypassEnabled === true
  return {
    streamId: String(rng.int(1_000_000, 2_147_483_647)),
    streamDirection: dir,
    startDateTime: startIso,
    endDateTime: endIso,
    audioCodec: audio ? rng.weighted(pstn ? PSTN_CODECS : AUDIO_CODECS) : null,
    videoCodec: video ? rng.weighted(VIDEO_CODECS) : null,
    averageAudioDegradation: audio ? single(Math.min(3, loss * 20 + jitter / 60)) : null,
    averageAudioNetworkJitter: audio ? duration(jitter) : null,
    maxAudioNetworkJitter: audio ? duration(jitter * rng.float(1.5, 4)) : null,
    averageJitter: duration(jitter),
    maxJitter: duration(jitter * rng.float(1.5, 5)),
    averagePacketLossRate: single(loss),
    maxPacketLossRate: single(Math.min(1, loss * rng.float(2, 8))),
    averageRoundTripTime: duration(rtt),
    maxRoundTripTime: duration(rtt * rng.float(1.2, 3)),
    averageBandwidthEstimate: rng.int(audio ? 60_000 : 1_000_000, audio ? 2_000_000 : 25_000_000),
    packetUtilization: Math.round(seconds * (audio ? 50 : 90) * rng.float(0.9, 1.0)),
    averageRatioOfConcealedSamples: audio ? single(loss * rng.float(0.5, 2)) : null,
    maxRatioOfConcealedSamples: audio ? single(Math.min(1, loss * rng.float(3, 10))) : null,
    isAudioForwardErrorCorrectionUsed: audio ? loss > 0.01 : null,
    wasMediaBypassed: audio && pstn ? bypass : null,
    averageVideoFrameRate: video ? single(rng.float(12, 30)) : null,
    averageReceivedFrameRate: video ? single(rng.float(12, 30)) : null,
    averageVideoFrameLossPercentage: video ? single(loss * 100 * rng.float(0.5, 2)) : null,
    averageVideoPacketLossRate: video ? single(loss) : null,
    averageFreezeDuration: video ? duration(rng.int(0, 400)) : null,
    rmsFreezeDuration: video ? duration(rng.int(0, 600)) : null,
    lowFrameRateRatio: video ? single(rng.float(0, 0.1)) : null,
    lowVideoProcessingCapabilityRatio: video ? single(rng.float(0, 0.05)) : null,
    postForwardErrorCorrectionPacketLossRate: video ? single(loss * rng.float(0.1, 0.5)) : null,
  }
}

/** The id of session #j, without building the session (its first draw). */
export function sessionId(ctx: RecordContext, plan: CallPlan, j: number): string {
  if (j === 0 && plan.type === 'peerToPeer') return plan.id
  return streamFor(ctx.seed, ...plan.detailPath, 'session', j).guid()
}
