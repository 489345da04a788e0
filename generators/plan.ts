/**
 * The plan of one call: who took part, when each session ran, what it cost on the phone network.
 * A plan is cheap (no media, no streams); the full callRecord JSON is built from it on demand
 * (see call-record.ts), and the report rows are built from its PSTN legs (see reports.ts).
 */
import { DATA_CENTRES, FAILURE_REASONS, SIP_OUTCOMES, type Country } from './catalog.js'
import type { Rng } from './rng.js'
import type { CallKind } from './timeline.js'
import { e164, type DeviceProfile, type ExternalUser, type Meeting, type ResourceAccount, type TenantUser, type Trunk, type World } from './world.js'

export type Modality = 'audio' | 'video' | 'videoBasedScreenSharing' | 'data' | 'screenSharing'
export type ServiceRole =
  | 'skypeForBusinessAudioVideoMcu'
  | 'skypeForBusinessMicrosoftTeamsGateway'
  | 'mediationServer'
  | 'skypeForBusinessAutoAttendant'
  | 'skypeForBusinessCallQueues'
  | 'conferencingAnnouncementService'

export type Party =
  | { readonly type: 'user'; readonly user: TenantUser; readonly device: DeviceProfile }
  | { readonly type: 'external'; readonly ext: ExternalUser; readonly device: DeviceProfile }
  | { readonly type: 'phone'; readonly number: string; readonly country: Country }
  | { readonly type: 'resource'; readonly account: ResourceAccount }

export interface SessionPlan {
  /** the participant this session belongs to (index into parties) */
  readonly party: number
  /** peer-to-peer: the other participant; otherwise null (the other side is a service) */
  readonly peer: number | null
  readonly serviceRole: ServiceRole | null
  /** who initiated: the participant side, or the service/peer side */
  readonly participantIsCaller: boolean
  readonly start: number
  readonly end: number
  readonly modalities: readonly Modality[]
  readonly failure: { readonly stage: 'callSetup' | 'midcall'; readonly reason: string } | null
  /** number of segments (hops through media processors / gateways) */
  readonly hops: number
}

export interface PstnLeg {
  readonly route: 'callingPlan' | 'operatorConnect' | 'directRouting' | 'conferencing' | 'resourceAccount'
  readonly callType: string
  readonly direction: 'in' | 'out'
  /** the tenant user charged (dial-out: the meeting organizer); null for resource-account (bot) calls */
  readonly user: TenantUser | null
  /** the tenant side of the call: the user's DID, a resource account or the conference bridge */
  readonly tenantNumber: string
  readonly otherNumber: string
  readonly otherCountry: Country
  /** the user's usage country (the tenant's for bots) */
  readonly usageCountry: Country
  readonly invite: number
  readonly start: number
  readonly end: number
  readonly successful: boolean
  /** for direct routing: SIP outcome */
  readonly sip: { readonly code: number; readonly subCode: number; readonly phrase: string } | null
  readonly trunk: Trunk | null
  /** money, in minor units of the currency (cents) so sums are exact */
  readonly chargeMinor: number
  readonly connectionChargeMinor: number
  readonly currency: string
  readonly rowId: string
  readonly callId: string
  readonly conferenceId: string | null
  readonly signalingLocation: string
  readonly mediaPathLocation: string
  readonly transferorCorrelationId: string | null
  /** the call record this leg belongs to; a direct-routing row's correlationId (it leads to the record, as in Graph) */
  readonly recordId: string
}

export interface CallPlan {
  readonly id: string
  readonly kind: CallKind
  readonly type: 'peerToPeer' | 'groupCall'
  readonly start: number
  readonly end: number
  readonly lastModified: number
  readonly version: number
  readonly modalities: readonly Modality[]
  readonly parties: readonly Party[]
  /** index into parties, or null when the call has no organizer */
  readonly organizer: number | null
  readonly sessions: readonly SessionPlan[]
  readonly meeting: Meeting | null
  readonly pstnLegs: readonly PstnLeg[]
  /** stream path for the details (sessions, media) of this call */
  readonly detailPath: readonly (string | number)[]
}

export interface PlanOptions {
  /** share of calls with a failed session (default 0.05) */
  failureRate: number
  /** share of meetings that are large: more than 130 participants and 60 sessions (default 0.01) */
  largeMeetingRate: number
}

export interface PlanRequest {
  readonly kind: CallKind
  readonly start: number
  /** the call, its processing and any re-issue must be over by this time */
  readonly latest: number
  readonly detailPath: readonly (string | number)[]
  /** a participant (tenant user id) that must take part */
  readonly participantId?: string
  /** the record id, when the caller derives it (seeded records carry their index in it) */
  readonly id?: string
  /** for meetings: how many phone participants dial in or are dialled out (drawn when absent) */
  readonly meetingPhones?: number
}

/** Share of meetings with phone participants (one or two). */
export const MEETING_PHONE_RATE = 0.12

const MIN = 60_000
const SEC = 1000

/** Plans one call of `req.kind` starting at `req.start`, drawing from `rng`. */
export function planCall(world: World, o: PlanOptions, rng: Rng, req: PlanRequest): CallPlan {
  const generated = rng.guid()
  const id = req.id ?? generated
  const room = req.latest - req.start
  const b = new Builder(world, o, rng, req.start)
  const forced = req.participantId ? world.users.find((u) => u.id === req.participantId) : undefined
  switch (req.kind) {
    case 'peerToPeer': b.peerToPeer(forced); break
    case 'groupCall': b.group(forced); break
    case 'meeting': b.meeting(forced, req.meetingPhones); break
    case 'pstn': b.pstn('pstn', forced); break
    case 'directRouting': b.pstn('directRouting', forced); break
    case 'autoAttendant': b.autoAttendant(forced); break
  }
  // fit the call, its processing delay and re-issues before `latest`
  const processing = Math.floor(Math.min(rng.logNormal(12 * MIN, 0.6), 150 * MIN))
  const wanted = b.duration
  const maxDuration = Math.max(5 * SEC, (room - 60 * SEC) * 0.8)
  const duration = Math.floor(Math.max(3 * SEC, Math.min(wanted, maxDuration)))
  const end = req.start + duration
  const delay = Math.max(SEC, Math.min(processing, req.latest - end))
  let lastModified = end + delay
  let version = 1
  for (const p of [0.3, 0.2]) {
    if (!rng.chance(p)) break
    const later = lastModified + rng.int(10 * MIN, 6 * 60 * MIN)
    if (later > req.latest) break
    lastModified = later
    version++
  }
  const sessions = b.sessionsFor(req.start, end)
  b.noteSessions(sessions)
  const modalities = unionModalities(sessions)
  return {
    id,
    kind: req.kind,
    type: req.kind === 'peerToPeer' ? 'peerToPeer' : 'groupCall',
    start: req.start,
    end,
    lastModified,
    version,
    modalities,
    parties: b.parties,
    organizer: b.organizer,
    sessions,
    meeting: b.meetingRef,
    pstnLegs: b.legsFor(req.start, end, id),
    detailPath: req.detailPath,
  }
}

const ORDER: readonly Modality[] = ['audio', 'video', 'videoBasedScreenSharing', 'data', 'screenSharing']

function unionModalities(sessions: readonly SessionPlan[]): Modality[] {
  const seen = new Set<Modality>()
  for (const s of sessions) for (const m of s.modalities) seen.add(m)
  return ORDER.filter((m) => seen.has(m))
}

interface LegDraft {
  route: PstnLeg['route']
  callType: string
  direction: 'in' | 'out'
  user: TenantUser | null
  tenantNumber: string
  otherNumber: string
  otherCountry: Country
  party: number
  trunk: Trunk | null
}

/** Collects parties and session/leg drafts for one call; times are fixed at the end. */
class Builder {
  parties: Party[] = []
  organizer: number | null = null
  meetingRef: Meeting | null = null
  duration = 0
  private drafts: { party: number; peer: number | null; role: ServiceRole | null; callerIsParticipant: boolean; hops: number; late: boolean }[] = []
  private legs: LegDraft[] = []
  private wantVideo = 0
  private wantShare = 0

  constructor(private readonly w: World, private readonly o: PlanOptions, private readonly rng: Rng, private readonly start: number) {}

  private readonly ids = new Set<string>()

  /** Adds a party once: participants_v2 holds distinct participants. Returns its index. */
  private add(p: Party, id: string): number {
    if (this.ids.has(id)) return this.parties.findIndex((q) => partyKey(q) === id)
    this.ids.add(id)
    this.parties.push(p)
    return this.parties.length - 1
  }
  private addUser(u: TenantUser, mobile = false): number {
    return this.add({ type: 'user', user: u, device: mobile ? u.mobile : u.device }, u.id)
  }
  private addExternal(ext: ExternalUser): number {
    return this.add({ type: 'external', ext, device: ext.device }, ext.id)
  }
  /** Adds a phone party; a number already in the call is replaced by a fresh one. */
  private addPhone(number: string, country: Country): number {
    let n = number
    while (this.ids.has(n)) n = e164(this.rng, country)
    return this.add({ type: 'phone', number: n, country }, n)
  }
  private randomUser(except: ReadonlySet<number> = new Set()): TenantUser {
    for (let tries = 0; tries < 20; tries++) {
      const u = this.rng.pick(this.w.users)
      if (!except.has(u.index)) return u
    }
    return this.w.users.find((u) => !except.has(u.index)) ?? this.w.users[0]!
  }
  private externalNumber(): { number: string; country: Country } {
    if (this.rng.chance(0.6)) return this.rng.pick(this.w.externalNumbers)
    const c = this.rng.chance(0.8) ? this.w.country : this.rng.pick(this.w.externalNumbers).country
    return { number: e164(this.rng, c), country: c }
  }

  peerToPeer(forced?: TenantUser): void {
    const caller = forced ?? this.randomUser()
    const a = this.addUser(caller, this.rng.chance(0.15))
    let b: number
    if (this.w.externals.length > 0 && this.rng.chance(0.15)) {
      b = this.addExternal(this.rng.pick(this.w.externals))
    } else {
      b = this.addUser(this.randomUser(new Set([caller.index])), this.rng.chance(0.15))
    }
    this.organizer = a
    this.drafts.push({ party: a, peer: b, role: null, callerIsParticipant: true, hops: 1, late: false })
    this.duration = clamp(this.rng.logNormal(4 * MIN, 1.0), 5 * SEC, 3 * 60 * MIN)
    this.wantVideo = 0.2
    this.wantShare = 0.15
  }

  group(forced?: TenantUser): void {
    const size = this.rng.int(3, 8)
    const chosen = new Set<number>()
    const first = forced ?? this.randomUser()
    chosen.add(first.index)
    this.organizer = this.addUser(first)
    while (chosen.size < Math.min(size, this.w.users.length)) {
      const u = this.randomUser(chosen)
      chosen.add(u.index)
      this.addUser(u, this.rng.chance(0.15))
    }
    this.serviceSessions('skypeForBusinessAudioVideoMcu')
    this.duration = clamp(this.rng.logNormal(12 * MIN, 0.8), 20 * SEC, 3 * 60 * MIN)
    this.wantVideo = 0.3
    this.wantShare = 0.3
  }

  meeting(forced?: TenantUser, phoneCount?: number): void {
    const m = this.rng.pick(this.w.meetings)
    this.meetingRef = m
    const organizer = this.w.users[m.organizer]!
    const large = this.rng.chance(this.o.largeMeetingRate)
    this.organizer = this.addUser(organizer)
    const chosen = new Set<number>([organizer.index])
    if (forced && !chosen.has(forced.index)) {
      chosen.add(forced.index)
      this.addUser(forced)
    }
    if (large) {
      const target = this.rng.int(131, 400)
      for (const u of this.rng.sample(this.w.users, target)) {
        if (chosen.has(u.index)) continue
        chosen.add(u.index)
        this.addUser(u, this.rng.chance(0.2))
      }
      // a small tenant fills the rest of a town hall with guests, federated users and phones
      for (let n = this.parties.length; n < target; n++) {
        const ext = this.w.externals.length > 0 && this.rng.chance(0.7) ? this.rng.pick(this.w.externals) : null
        if (ext && !this.ids.has(ext.id)) this.addExternal(ext)
        else {
          const x = this.externalNumber()
          this.addPhone(x.number, x.country)
        }
      }
    } else {
      for (const i of m.invitees) {
        if (chosen.has(i) || !this.rng.chance(0.75)) continue
        chosen.add(i)
        this.addUser(this.w.users[i]!, this.rng.chance(0.15))
      }
      if (this.w.externals.length > 0 && this.rng.chance(0.25)) this.addExternal(this.rng.pick(this.w.externals))
      if (this.parties.length < 2) this.addUser(this.randomUser(chosen))
    }
    this.serviceSessions('skypeForBusinessAudioVideoMcu')
    // phone participants: dial-in on the bridge, or dialled out from the meeting (charged to the organizer)
    const drawn = this.rng.chance(MEETING_PHONE_RATE) ? this.rng.int(1, 2) : 0
    const phones = phoneCount ?? drawn
    for (let n = 0; n < phones; n++) {
      const x = this.externalNumber()
      const p = this.addPhone(x.number, x.country)
      const number = (this.parties[p] as { number: string }).number
      const dialOut = this.rng.chance(0.5)
      // phones are dialled in or out as the meeting starts, so a PSTN row starts with its call:
      // report rows stay in call order and a page of rows can be found by counting, not scanning
      this.drafts.push({ party: p, peer: null, role: 'skypeForBusinessMicrosoftTeamsGateway', callerIsParticipant: !dialOut, hops: 2, late: false })
      this.legs.push({
        route: 'conferencing', callType: dialOut ? 'conf_out' : 'conf_in', direction: dialOut ? 'out' : 'in',
        user: organizer, tenantNumber: this.w.resourceAccounts[0]?.phoneNumber ?? e164(this.rng, this.w.country),
        otherNumber: number, otherCountry: x.country, party: p, trunk: null,
      })
    }
    // mark phone parties added for large meetings as dial-in sessions too
    for (let p = 0; p < this.parties.length; p++) {
      if (this.parties[p]!.type === 'phone' && !this.drafts.some((d) => d.party === p)) {
        this.drafts.push({ party: p, peer: null, role: 'skypeForBusinessMicrosoftTeamsGateway', callerIsParticipant: true, hops: 2, late: true })
      }
    }
    this.duration = clamp(this.rng.logNormal((large ? 55 : 30) * MIN, 0.6), MIN, 4 * 60 * MIN)
    this.wantVideo = 0.5
    this.wantShare = 0.45
  }

  /** a participant ↔ conferencing-service session for every non-phone party, some rejoining */
  private serviceSessions(role: ServiceRole): void {
    for (let p = 0; p < this.parties.length; p++) {
      if (this.parties[p]!.type === 'phone') continue
      this.drafts.push({ party: p, peer: null, role, callerIsParticipant: true, hops: 1, late: p !== this.organizer })
      if (this.rng.chance(0.08)) this.drafts.push({ party: p, peer: null, role, callerIsParticipant: true, hops: 1, late: true })
    }
  }

  pstn(kind: 'pstn' | 'directRouting', forced?: TenantUser): void {
    const want = kind === 'directRouting' ? ['directRouting'] : ['callingPlan', 'operatorConnect']
    const candidates = this.w.phoneUsers.map((i) => this.w.users[i]!).filter((u) => want.includes(u.voiceRouting ?? ''))
    const user = forced ?? (candidates.length > 0 ? this.rng.pick(candidates) : this.w.users[this.rng.pick(this.w.phoneUsers)]!)
    const outbound = this.rng.chance(0.55)
    const x = this.externalNumber()
    const u = this.addUser(user, this.rng.chance(0.2))
    const ph = this.addPhone(x.number, x.country)
    this.organizer = outbound ? u : ph
    const role: ServiceRole = kind === 'directRouting' ? 'mediationServer' : 'skypeForBusinessMicrosoftTeamsGateway'
    this.drafts.push({ party: u, peer: null, role, callerIsParticipant: outbound, hops: this.rng.int(1, 2), late: false })
    this.drafts.push({ party: ph, peer: null, role, callerIsParticipant: !outbound, hops: 2, late: false })
    const trunk = kind === 'directRouting' ? this.rng.pick(this.w.trunks) : null
    const route = kind === 'directRouting' ? 'directRouting' : (user.voiceRouting === 'operatorConnect' ? 'operatorConnect' : 'callingPlan')
    this.legs.push({
      route, direction: outbound ? 'out' : 'in',
      callType: kind === 'directRouting' ? (outbound ? 'ByotOut' : 'ByotIn') : (outbound ? 'user_out' : 'user_in'),
      user, tenantNumber: user.phoneNumber ?? e164(this.rng, user.country), otherNumber: x.number, otherCountry: x.country, party: ph, trunk,
    })
    this.duration = clamp(this.rng.logNormal(3 * MIN, 1.0), 5 * SEC, 2 * 60 * MIN)
  }

  autoAttendant(forced?: TenantUser): void {
    const aa = this.w.resourceAccounts.find((r) => r.kind === 'autoAttendant')
    const cq = this.w.resourceAccounts.find((r) => r.kind === 'callQueue')
    const x = this.externalNumber()
    const ph = this.addPhone(x.number, x.country)
    this.organizer = ph
    this.drafts.push({ party: ph, peer: null, role: 'skypeForBusinessMicrosoftTeamsGateway', callerIsParticipant: true, hops: 2, late: false })
    const accounts = [aa, cq].filter((r): r is ResourceAccount => r !== undefined)
    for (const acc of accounts) {
      const idx = this.add({ type: 'resource', account: acc }, acc.id)
      const role: ServiceRole = acc.kind === 'autoAttendant' ? 'skypeForBusinessAutoAttendant' : 'skypeForBusinessCallQueues'
      // the application answers first, then hands the caller on: one session per service identity
      this.drafts.push({ party: idx, peer: null, role, callerIsParticipant: false, hops: 1, late: acc.kind === 'callQueue' })
    }
    const answered = this.rng.chance(0.85)
    if (answered) {
      const agentIdx = cq && cq.agents.length > 0 ? this.rng.pick(cq.agents) : this.randomUser().index
      const agent = forced ?? this.w.users[agentIdx]!
      const a = this.addUser(agent)
      this.drafts.push({ party: a, peer: null, role: 'skypeForBusinessCallQueues', callerIsParticipant: false, hops: 1, late: true })
    }
    const target = aa ?? cq
    if (target) {
      this.legs.push({
        route: 'resourceAccount', callType: 'ucap_in', direction: 'in', user: null,
        tenantNumber: target.phoneNumber, otherNumber: x.number, otherCountry: x.country, party: ph, trunk: null,
      })
    }
    this.duration = clamp(this.rng.logNormal(4 * MIN, 0.9), 10 * SEC, 90 * MIN)
  }

  /** Fixes session times inside [start, end] and draws modalities and failures. */
  sessionsFor(start: number, end: number): SessionPlan[] {
    const total = end - start
    const failedCall = this.rng.chance(this.o.failureRate)
    const failIdx = failedCall ? this.rng.int(0, this.drafts.length - 1) : -1
    const video = this.rng.chance(this.wantVideo)
    const share = this.rng.chance(this.wantShare)
    const out: SessionPlan[] = []
    this.drafts.forEach((d, k) => {
      // the first session spans the call (first to join, last to leave); others sit inside it
      let s = start
      let e = end
      if (k > 0 && d.late && total > 4 * SEC) {
        s = start + Math.floor(this.rng.next() * total * 0.3)
        e = Math.max(s + SEC, end - Math.floor(this.rng.next() * (end - s) * 0.3))
      }
      let failure: SessionPlan['failure'] = null
      if (k === failIdx) {
        const stage = this.rng.chance(0.6) ? 'callSetup' : 'midcall'
        failure = { stage, reason: this.rng.pick(FAILURE_REASONS[stage]) }
        if (stage === 'callSetup' && k > 0) e = Math.min(e, s + this.rng.int(1, 8) * SEC)
      }
      const party = this.parties[d.party]!
      const mods: Modality[] = ['audio']
      const visual = party.type === 'user' || party.type === 'external'
      if (visual && video && this.rng.chance(0.7)) mods.push('video')
      if (visual && share && this.rng.chance(0.6)) mods.push(this.rng.chance(0.7) ? 'videoBasedScreenSharing' : 'screenSharing')
      out.push({
        party: d.party, peer: d.peer, serviceRole: d.role, participantIsCaller: d.callerIsParticipant,
        start: s, end: e, modalities: mods, failure, hops: d.hops,
      })
    })
    return out
  }

  legsFor(start: number, end: number, recordId: string): PstnLeg[] {
    return this.legs.map((l) => {
      const session = this.sessionsForParty.get(l.party)
      const s = session ? session[0] : start
      const e = session ? session[1] : end
      return this.finishLeg(l, s, e, recordId)
    })
  }

  private sessionsForParty = new Map<number, [number, number]>()

  private finishLeg(l: LegDraft, s: number, e: number, recordId: string): PstnLeg {
    const rng = this.rng
    const usageCountry = l.user?.country ?? this.w.country
    const international = l.otherCountry.code !== usageCountry.code
    let sip: PstnLeg['sip'] = null
    let successful = true
    if (l.route === 'directRouting') {
      const o = rng.weighted(SIP_OUTCOMES.map((x) => [x, x[3] ? 30 : 2] as const))
      sip = { code: o[0], subCode: o[1], phrase: o[2] }
      successful = o[3]
    }
    const seconds = successful ? Math.max(0, Math.round((e - s) / SEC)) : 0
    const minutes = Math.ceil(seconds / 60)
    const minor = usageCountry.currency === 'JPY' ? 1 : 100
    const rate = usageCountry.ratePerMinute * (international ? 8 : 1)
    const charged = l.direction === 'out' && l.route !== 'directRouting'
    const chargeMinor = charged ? Math.round(minutes * rate * minor) : 0
    const connectionChargeMinor = charged && international ? Math.round(0.05 * minor) : 0
    const end = successful ? s + seconds * SEC : s
    return {
      route: l.route, callType: l.callType, direction: l.direction, user: l.user,
      tenantNumber: l.tenantNumber, otherNumber: l.otherNumber, otherCountry: l.otherCountry, usageCountry,
      invite: s - rng.int(500, 6000), start: s, end, successful, sip, trunk: l.trunk,
      chargeMinor, connectionChargeMinor, currency: usageCountry.currency,
      rowId: rng.guid(),
      callId: `${rng.int(1_000_000_000, 2_147_483_647)}_${rng.int(10_000_000, 999_999_999)}@${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      conferenceId: l.route === 'conferencing' ? String(rng.int(100_000_000, 999_999_999)) : null,
      signalingLocation: pickDc(rng),
      mediaPathLocation: pickDc(rng),
      transferorCorrelationId: l.route === 'directRouting' && rng.chance(0.05) ? rng.guid() : null,
      recordId,
    }
  }

  /** Records when each party's first session ran (legs use it). */
  noteSessions(sessions: readonly SessionPlan[]): void {
    for (const s of sessions) if (!this.sessionsForParty.has(s.party)) this.sessionsForParty.set(s.party, [s.start, s.end])
  }
}

function pickDc(rng: Rng): string {
  return rng.pick(DATA_CENTRES)
}

function partyKey(p: Party): string {
  return p.type === 'user' ? p.user.id : p.type === 'external' ? p.ext.id : p.type === 'phone' ? p.number : p.account.id
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, v)))
}
