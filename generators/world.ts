/**
 * The seeded tenant world: the people, numbers, devices and meetings that call records are
 * made of. One seed gives one world; call records draw their identities from it, so the same
 * user shows up across many calls, as in a real tenant.
 */
import type { Faker } from '@faker-js/faker'
// the English locale alone: the package root loads every locale (about 30 MB more memory)
import { faker as englishFaker } from '@faker-js/faker/locale/en'
import { CAPTURE_DEVICES, CLIENT_SOFTWARE, COUNTRIES, RENDER_DEVICES, WIFI_DRIVERS, type ClientSoftware, type Country } from './catalog.js'
import { FakerRandomizer, streamFor, type Rng } from './rng.js'
import { buildQualityProfiles, type QualityProfile } from './quality-profiles.js'

export type VoiceRouting = 'callingPlan' | 'operatorConnect' | 'directRouting'

export interface DeviceProfile {
  readonly software: ClientSoftware
  readonly applicationVersion: string
  readonly headerValue: string
  readonly machineName: string
  readonly cpuName: string
  readonly cpuCoresCount: number
  readonly cpuProcessorSpeedInMhz: number
  readonly captureDevice: readonly [string, string | null]
  readonly renderDevice: readonly [string, string | null]
  readonly wifiDriver: readonly [string, string] | null
  /** the device's usual audio quality, drawn once (json-schema-faker precomputed pool) */
  readonly quality: QualityProfile
}

export interface TenantUser {
  readonly kind: 'user'
  readonly index: number
  readonly id: string
  readonly displayName: string
  readonly userPrincipalName: string
  readonly country: Country
  readonly city: string
  /** E.164 direct number, for users enabled for Teams Phone with PSTN */
  readonly phoneNumber: string | null
  readonly voiceRouting: VoiceRouting | null
  readonly licenseCapability: string | null
  readonly device: DeviceProfile
  readonly mobile: DeviceProfile
  readonly administrativeUnitIds: readonly string[]
  /** private subnet of the user's office or home network */
  readonly subnet: string
  readonly publicIp: string
}

export interface ExternalUser {
  readonly kind: 'federated' | 'guest'
  readonly id: string
  readonly displayName: string
  readonly tenantId: string
  readonly userPrincipalName: string | null
  readonly device: DeviceProfile
}

export interface ResourceAccount {
  readonly kind: 'autoAttendant' | 'callQueue'
  readonly id: string
  readonly displayName: string
  readonly userPrincipalName: string
  readonly phoneNumber: string
  /** users who answer a call queue */
  readonly agents: readonly number[]
}

export interface Meeting {
  readonly id: string
  readonly subject: string
  readonly organizer: number
  readonly invitees: readonly number[]
  readonly joinWebUrl: string
}

export interface Trunk {
  readonly fqdn: string
  readonly mediaBypassEnabled: boolean
  readonly country: Country
}

export interface World {
  readonly seed: number
  readonly tenantId: string
  readonly tenantName: string
  readonly domain: string
  readonly country: Country
  readonly users: readonly TenantUser[]
  /** users with a phone number (indexes into users) */
  readonly phoneUsers: readonly number[]
  readonly externals: readonly ExternalUser[]
  readonly resourceAccounts: readonly ResourceAccount[]
  readonly meetings: readonly Meeting[]
  readonly trunks: readonly Trunk[]
  readonly administrativeUnits: readonly string[]
  /** frequent external PSTN parties (E.164) with their country */
  readonly externalNumbers: readonly { readonly number: string; readonly country: Country }[]
  readonly deviceProfiles: readonly DeviceProfile[]
}

export interface WorldOptions {
  /** number of tenant users (default 250) */
  users?: number
  /** number of federated and guest users (default users / 5) */
  externals?: number
  /** number of recurring online meetings (default users / 4) */
  meetings?: number
}

/** Builds the tenant world for a seed. Pure: same seed and options, same world. */
export function buildWorld(seed: number, options: WorldOptions = {}): World {
  const userCount = positive(options.users ?? 250, 'users', 2)
  const externalCount = positive(options.externals ?? Math.max(4, Math.round(userCount / 5)), 'externals', 0)
  const meetingCount = positive(options.meetings ?? Math.max(4, Math.round(userCount / 4)), 'meetings', 1)

  const rng = streamFor(seed, 'world')
  // a private instance on the project's RNG; the shared `faker` is never seeded or changed
  const FakerClass = englishFaker.constructor as typeof Faker
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions, randomizer: new FakerRandomizer(rng.fork('faker')) })
  const tenantId = rng.guid()
  const companyWord = faker.internet.domainWord().replace(/[^a-z0-9-]/g, '') || 'contoso'
  const domain = `${companyWord}.onmicrosoft.com`
  const tenantName = faker.company.name()
  const country = COUNTRIES[0]!
  const quality = buildQualityProfiles(rng.fork('quality'), 64)
  const deviceProfiles = Array.from({ length: 96 }, () => makeDevice(rng, quality))
  const administrativeUnits = Array.from({ length: 6 }, () => rng.guid())

  const usedUpns = new Set<string>()
  const users: TenantUser[] = []
  for (let i = 0; i < userCount; i++) {
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    const upn = uniqueUpn(`${slug(first)}.${slug(last)}`, domain, usedUpns)
    // most of the tenant is in the home country; some staff abroad
    const c = rng.chance(0.8) ? country : rng.pick(COUNTRIES)
    const voice = rng.weighted<VoiceRouting | null>([[null, 45], ['callingPlan', 25], ['operatorConnect', 10], ['directRouting', 20]])
    const desktop = rng.pick(deviceProfiles)
    const mobiles = deviceProfiles.filter((d) => d.software.platform === 'iOS' || d.software.platform === 'android')
    users.push({
      kind: 'user',
      index: i,
      id: rng.guid(),
      displayName: `${first} ${last}`,
      userPrincipalName: upn,
      country: c,
      city: rng.pick(c.cities),
      phoneNumber: voice ? e164(rng, c) : null,
      voiceRouting: voice,
      licenseCapability: voice ? (voice === 'directRouting' ? 'MCOEV' : 'MCOPSTNU') : null,
      device: desktop,
      mobile: mobiles.length > 0 ? rng.pick(mobiles) : desktop,
      administrativeUnitIds: rng.chance(0.5) ? [rng.pick(administrativeUnits)] : [],
      subnet: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.0`,
      publicIp: `${rng.pick([20, 40, 52, 104, 131, 172, 198])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    })
  }
  const phoneUsers = users.filter((u) => u.phoneNumber !== null).map((u) => u.index)
  if (phoneUsers.length === 0) phoneUsers.push(0)

  const externals: ExternalUser[] = []
  const partnerTenants = Array.from({ length: 3 }, () => ({ id: rng.guid(), domain: `${slug(faker.internet.domainWord())}.com` }))
  for (let i = 0; i < externalCount; i++) {
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    const federated = rng.chance(0.6)
    const partner = rng.pick(partnerTenants)
    externals.push({
      kind: federated ? 'federated' : 'guest',
      id: rng.guid(),
      displayName: federated ? `${first} ${last}` : `${first} ${last} (Guest)`,
      tenantId: federated ? partner.id : tenantId,
      userPrincipalName: federated ? `${slug(first)}.${slug(last)}@${partner.domain}` : `${slug(first)}.${slug(last)}_${partner.domain}#EXT#@${domain}`,
      device: rng.pick(deviceProfiles),
    })
  }

  const resourceAccounts: ResourceAccount[] = []
  for (const [kind, name] of [['autoAttendant', 'Main Line'], ['callQueue', 'Sales Queue'], ['callQueue', 'Support Queue'], ['autoAttendant', 'After Hours']] as const) {
    const s = slug(name).replace(/\./g, '')
    resourceAccounts.push({
      kind,
      id: rng.guid(),
      displayName: name,
      userPrincipalName: `ra_${s}@${domain}`,
      phoneNumber: e164(rng, country),
      agents: rng.sample(users.map((u) => u.index), Math.min(6, users.length)),
    })
  }

  const meetings: Meeting[] = []
  for (let i = 0; i < meetingCount; i++) {
    const organizer = rng.int(0, users.length - 1)
    const size = Math.min(users.length - 1, Math.max(1, Math.round(rng.logNormal(6, 0.7))))
    const invitees = rng.sample(users.map((u) => u.index).filter((x) => x !== organizer), size)
    const threadId = base64Url(rng, 48)
    const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: users[organizer]!.id }))
    meetings.push({
      id: rng.guid(),
      subject: faker.company.catchPhrase(),
      organizer,
      invitees,
      joinWebUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${threadId}%40thread.v2/0?context=${context}`,
    })
  }

  const trunks: Trunk[] = Array.from({ length: 2 }, (_, i) => ({
    fqdn: `sbc${i + 1}.${companyWord}.com`,
    mediaBypassEnabled: i === 0,
    country,
  }))

  const externalNumbers = Array.from({ length: 200 }, () => {
    const c = rng.chance(0.75) ? country : rng.pick(COUNTRIES)
    return { number: e164(rng, c), country: c }
  })

  return {
    seed, tenantId, tenantName, domain, country, users, phoneUsers, externals, resourceAccounts,
    meetings, trunks, administrativeUnits, externalNumbers, deviceProfiles,
  }
}

function makeDevice(rng: Rng, quality: readonly QualityProfile[]): DeviceProfile {
  const software = rng.weighted(CLIENT_SOFTWARE.map((s) => [s, s.weight] as const))
  const applicationVersion = rng.pick(software.versions)
  const mobile = software.platform === 'iOS' || software.platform === 'android'
  const wired = software.platform === 'ipPhone' || software.platform === 'roomSystem'
  return {
    software,
    applicationVersion,
    headerValue: software.header(applicationVersion),
    machineName: `${software.machinePrefix}${rng.digits(4)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
    cpuName: rng.pick(software.cpus),
    cpuCoresCount: mobile ? 8 : rng.pick([4, 8, 12, 16]),
    cpuProcessorSpeedInMhz: rng.pick([1800, 2400, 2611, 2995, 3187]),
    captureDevice: mobile ? ['Default input device', null] : rng.pick(CAPTURE_DEVICES),
    renderDevice: mobile ? ['Default output device', null] : rng.pick(RENDER_DEVICES),
    wifiDriver: mobile || wired ? null : rng.pick(WIFI_DRIVERS),
    quality: rng.pick(quality),
  }
}

/** An E.164 number in a country: `+` calling code and national digits (first digit not 0 or 1). */
export function e164(rng: Rng, c: Country): string {
  return `+${c.dial}${rng.int(2, 9)}${rng.digits(c.nationalDigits - 1)}`
}

function base64Url(rng: Rng, n: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < n; i++) s += abc[rng.int(0, abc.length - 1)]
  return s
}

function slug(s: string): string {
  return s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'user'
}

function uniqueUpn(local: string, domain: string, used: Set<string>): string {
  let candidate = `${local}@${domain}`
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${domain}`
  used.add(candidate)
  return candidate
}

function positive(v: number, name: string, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`)
  return v
}
