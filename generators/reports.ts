/**
 * Rows of the five report functions, built from the same plans as the call records (PSTN and
 * direct-routing legs, dial-out legs) and from the tenant world (SMS, PSTN blocks).
 * Beta-only properties are written only for `beta`; beta-only row types refuse `v1.0`.
 */
import { BLOCK_REASONS, COUNTRIES, type Country } from './catalog.js'
import type { JsonObject } from './call-record.js'
import type { Dataset } from './dataset.js'
import { iso, money } from './format.js'
import type { PstnLeg } from './plan.js'
import { streamFor } from './rng.js'
import { Timeline } from './timeline.js'
import { e164, type TenantUser, type World } from './world.js'

export type ApiVersion = 'v1.0' | 'beta'

export const REPORT_FUNCTIONS = ['getPstnCalls', 'getDirectRoutingCalls', 'getSmsLog', 'getPstnBlockedUsersLog', 'getPstnOnlineMeetingDialoutReport'] as const
export type ReportFunction = (typeof REPORT_FUNCTIONS)[number]

/** The row type each function returns, and whether v1.0 has it. */
export const REPORT_TYPES: Readonly<Record<ReportFunction, { readonly rowType: string; readonly v1: boolean }>> = {
  getPstnCalls: { rowType: 'pstnCallLogRow', v1: true },
  getDirectRoutingCalls: { rowType: 'directRoutingLogRow', v1: true },
  getSmsLog: { rowType: 'smsLogRow', v1: false },
  getPstnBlockedUsersLog: { rowType: 'pstnBlockedUsersLogRow', v1: false },
  getPstnOnlineMeetingDialoutReport: { rowType: 'pstnOnlineMeetingDialoutReport', v1: false },
}

const OPERATORS: Record<string, string> = { US: 'Verizon', GB: 'BT', DE: 'Deutsche Telekom', FR: 'Orange Business', NL: 'KPN' }

function units(u: TenantUser | null): JsonObject[] {
  return u ? u.administrativeUnitIds.map((id) => ({ id })) : []
}

function context(a: Country, b: Country): 'Domestic' | 'International' {
  return a.code === b.code ? 'Domestic' : 'International'
}

function numbers(l: PstnLeg): { callerNumber: string; calleeNumber: string } {
  return l.direction === 'out' ? { callerNumber: l.tenantNumber, calleeNumber: l.otherNumber } : { callerNumber: l.otherNumber, calleeNumber: l.tenantNumber }
}

/** A getPstnCalls row for a Calling Plan, Operator Connect, conferencing or resource-account leg. */
export function pstnCallLogRow(w: World, l: PstnLeg, version: ApiVersion): JsonObject {
  const u = l.user
  const bot = l.route === 'resourceAccount'
  const row: JsonObject = {
    id: l.rowId,
    callId: l.callId,
    userId: u ? u.id : null,
    userPrincipalName: u ? u.userPrincipalName : null,
    userDisplayName: u ? u.displayName : null,
    startDateTime: iso(l.start),
    endDateTime: iso(l.end),
    duration: Math.round((l.end - l.start) / 1000),
    charge: money(l.chargeMinor, l.currency),
    callType: l.callType,
    currency: l.currency,
    ...numbers(l),
    usageCountryCode: l.usageCountry.code,
    tenantCountryCode: w.country.code,
    connectionCharge: money(l.connectionChargeMinor, l.currency),
    destinationContext: l.direction === 'out' ? context(l.usageCountry, l.otherCountry) : null,
    destinationName: l.otherCountry.name,
    conferenceId: l.conferenceId,
    licenseCapability: bot ? 'MCOEV_VIRTUALUSER' : l.route === 'conferencing' ? 'MCOMEETADV' : (u?.licenseCapability ?? 'MCOPSTNU'),
    inventoryType: l.route === 'callingPlan' || l.route === 'operatorConnect' ? 'Subscriber' : 'Service',
    operator: l.route === 'operatorConnect' ? (OPERATORS[l.usageCountry.code] ?? 'Colt') : 'Microsoft',
    callDurationSource: l.route === 'operatorConnect' ? 'operator' : 'microsoft',
  }
  if (version === 'beta') {
    row.otherPartyCountryCode = l.otherCountry.code
    row.administrativeUnitInfos = units(u)
    const rng = streamFor(w.seed, 'client-ip', l.rowId)
    row.clientLocalIpV4Address = u ? u.subnet.replace(/\.0$/, `.${rng.int(2, 254)}`) : null
    row.clientLocalIpV6Address = null
    row.clientPublicIpV4Address = u ? u.publicIp : null
    row.clientPublicIpV6Address = null
  }
  return row
}

const NO_FAILURE = '0001-01-01T00:00:00Z'

/** A getDirectRoutingCalls row; its correlationId is the call record's id. */
export function directRoutingLogRow(_w: World, l: PstnLeg, version: ApiVersion): JsonObject {
  const u = l.user
  const sip = l.sip ?? { code: 0, subCode: 540000, phrase: 'BYE' }
  const row: JsonObject = {
    id: l.rowId,
    correlationId: l.recordId,
    userId: u ? u.id : null,
    userPrincipalName: u ? u.userPrincipalName : null,
    userDisplayName: u ? u.displayName : null,
    startDateTime: iso(l.start),
    endDateTime: l.successful ? iso(l.end) : null,
    inviteDateTime: iso(l.invite),
    failureDateTime: l.successful ? NO_FAILURE : iso(l.start),
    duration: Math.round((l.end - l.start) / 1000),
    callType: l.callType,
    successfulCall: l.successful,
    ...numbers(l),
    mediaPathLocation: l.mediaPathLocation,
    signalingLocation: l.signalingLocation,
    finalSipCode: sip.code,
    callEndSubReason: sip.subCode,
    finalSipCodePhrase: sip.phrase,
    trunkFullyQualifiedDomainName: l.trunk ? l.trunk.fqdn : null,
    mediaBypassEnabled: l.trunk ? l.trunk.mediaBypassEnabled : false,
  }
  if (version === 'beta') {
    row.userCountryCode = l.usageCountry.code
    row.otherPartyCountryCode = l.otherCountry.code
    row.transferorCorrelationId = l.transferorCorrelationId
    row.administrativeUnitInfos = units(u)
  }
  return row
}

/** The row of a leg for the function it belongs to. */
export function legRow(w: World, l: PstnLeg, version: ApiVersion): { fn: 'getPstnCalls' | 'getDirectRoutingCalls'; row: JsonObject } {
  return l.route === 'directRouting'
    ? { fn: 'getDirectRoutingCalls', row: directRoutingLogRow(w, l, version) }
    : { fn: 'getPstnCalls', row: pstnCallLogRow(w, l, version) }
}

function betaOnly(fn: ReportFunction, version: ApiVersion): void {
  if (version !== 'beta') throw new RangeError(`${fn} exists only in beta`)
}

/** Masks the last digits of numbers in countries that hide them (as Teams does for some). */
function mask(n: string, c: Country): string {
  return c.code === 'DE' || c.code === 'FR' ? n.slice(0, -3) + '***' : n
}

/** SMS #k of the tenant's SMS log. */
export function smsLogRow(ds: Dataset, k: number, version: ApiVersion): JsonObject {
  betaOnly('getSmsLog', version)
  const w = ds.world
  const rng = streamFor(w.seed, 'sms-row', k)
  const u = w.users[rng.pick(w.phoneUsers)]!
  const out = rng.chance(0.5)
  const other = rng.chance(0.8) ? u.country : rng.pick(COUNTRIES)
  const otherNumber = e164(rng, other)
  const own = u.phoneNumber ?? e164(rng, u.country)
  const units = rng.weighted([[1, 80], [2, 15], [3, 5]] as const)
  const international = other.code !== u.country.code
  const minor = out ? Math.round(units * (international ? 0.05 : 0.0075) * (u.country.currency === 'JPY' ? 1 : 100) * (u.country.currency === 'JPY' ? 100 : 1)) : 0
  return {
    id: rng.guid(),
    smsId: rng.guid(),
    userId: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    userCountryCode: u.country.code,
    tenantCountryCode: w.country.code,
    sourceNumber: out ? own : mask(otherNumber, other),
    destinationNumber: out ? mask(otherNumber, other) : own,
    sentDateTime: iso(ds.sms.startOf(k)),
    callCharge: money(minor, u.country.currency),
    currency: u.country.currency,
    smsType: out ? 'sms_out' : 'sms_in',
    destinationContext: international ? 'International' : 'Domestic',
    destinationName: other.name,
    otherPartyCountryCode: other.code,
    licenseCapability: 'MCOSMS1',
    smsUnits: units,
    administrativeUnitInfos: u.administrativeUnitIds.map((id) => ({ id })),
  }
}

/** The PSTN block log: events come in pairs, a block and (one slot later) its lifting. */
export function blockedUsersTimeline(ds: Dataset): Timeline {
  const o = ds.options
  const pairs = Math.max(1, Math.round(o.records / 1000))
  return new Timeline({ seed: o.seed, count: pairs * 2, now: o.now, windowDays: o.windowDays, mix: o.mix, label: 'pstn-blocks' })
}

export function pstnBlockedUsersLogRow(ds: Dataset, t: Timeline, k: number, version: ApiVersion): JsonObject {
  betaOnly('getPstnBlockedUsersLog', version)
  const w = ds.world
  const pair = Math.floor(k / 2)
  const rng = streamFor(w.seed, 'pstn-block', pair)
  const u = w.users[rng.pick(w.phoneUsers)]!
  const reason = rng.pick(BLOCK_REASONS)
  const remediationId = rng.guid()
  const blocked = k % 2 === 0
  return {
    userId: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    blockDateTime: iso(t.startOf(k)),
    userTelephoneNumber: u.phoneNumber ?? '',
    userBlockMode: blocked ? 'blocked' : 'unblocked',
    blockReason: blocked ? reason : 'Tenant Requested',
    remediationId,
  }
}

/**
 * getPstnOnlineMeetingDialoutReport rows: dial-out legs (`conf_out`) summed per organizer,
 * usage location, destination context and currency. Exact: money is summed in minor units.
 */
export function dialoutReport(legs: Iterable<PstnLeg>, version: ApiVersion): JsonObject[] {
  betaOnly('getPstnOnlineMeetingDialoutReport', version)
  const groups = new Map<string, { u: TenantUser; usage: string; ctx: string; currency: string; calls: number; seconds: number; minor: number }>()
  for (const l of legs) {
    if (l.callType !== 'conf_out' || !l.user) continue
    const ctx = context(l.usageCountry, l.otherCountry)
    const key = `${l.user.id}|${l.usageCountry.code}|${ctx}|${l.currency}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { u: l.user, usage: l.usageCountry.code, ctx, currency: l.currency, calls: 0, seconds: 0, minor: 0 }))
    g.calls++
    g.seconds += Math.round((l.end - l.start) / 1000)
    g.minor += l.chargeMinor + l.connectionChargeMinor
  }
  return [...groups.values()]
    .sort((a, b) => a.u.userPrincipalName.localeCompare(b.u.userPrincipalName) || a.ctx.localeCompare(b.ctx) || a.currency.localeCompare(b.currency))
    .map((g) => ({
      userId: g.u.id,
      userPrincipalName: g.u.userPrincipalName,
      userDisplayName: g.u.displayName,
      usageLocation: g.usage,
      destinationContext: g.ctx,
      currency: g.currency,
      totalCalls: g.calls,
      totalCallCharge: money(g.minor, g.currency),
      totalCallSeconds: g.seconds,
    }))
}
