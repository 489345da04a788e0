/**
 * Fixed vocabularies the generators draw from: countries and their numbering plans, client
 * software, devices, data centres, SIP outcomes. Values follow what real call records and
 * Teams Phone logs carry (see ../shared/reference/examples and api-spec.md sections 5–6).
 */

export interface Country {
  /** ISO 3166-1 alpha-2 */
  readonly code: string
  readonly name: string
  /** E.164 country calling code, without '+' */
  readonly dial: string
  /** digits after the calling code */
  readonly nationalDigits: number
  /** ISO 4217 */
  readonly currency: string
  /** per-minute PSTN rate in that currency, roughly */
  readonly ratePerMinute: number
  readonly cities: readonly string[]
}

export const COUNTRIES: readonly Country[] = [
  { code: 'US', name: 'United States', dial: '1', nationalDigits: 10, currency: 'USD', ratePerMinute: 0.02, cities: ['Seattle', 'New York', 'Chicago', 'Austin'] },
  { code: 'GB', name: 'United Kingdom', dial: '44', nationalDigits: 10, currency: 'GBP', ratePerMinute: 0.02, cities: ['London', 'Manchester', 'Leeds'] },
  { code: 'DE', name: 'Germany', dial: '49', nationalDigits: 10, currency: 'EUR', ratePerMinute: 0.025, cities: ['Berlin', 'Munich', 'Hamburg'] },
  { code: 'FR', name: 'France', dial: '33', nationalDigits: 9, currency: 'EUR', ratePerMinute: 0.025, cities: ['Paris', 'Lyon'] },
  { code: 'NL', name: 'Netherlands', dial: '31', nationalDigits: 9, currency: 'EUR', ratePerMinute: 0.025, cities: ['Amsterdam', 'Utrecht'] },
  { code: 'CA', name: 'Canada', dial: '1', nationalDigits: 10, currency: 'CAD', ratePerMinute: 0.03, cities: ['Toronto', 'Vancouver'] },
  { code: 'AU', name: 'Australia', dial: '61', nationalDigits: 9, currency: 'AUD', ratePerMinute: 0.04, cities: ['Sydney', 'Melbourne'] },
  { code: 'JP', name: 'Japan', dial: '81', nationalDigits: 10, currency: 'JPY', ratePerMinute: 4, cities: ['Tokyo', 'Osaka'] },
  { code: 'BR', name: 'Brazil', dial: '55', nationalDigits: 11, currency: 'BRL', ratePerMinute: 0.12, cities: ['São Paulo', 'Rio de Janeiro'] },
  { code: 'IN', name: 'India', dial: '91', nationalDigits: 10, currency: 'INR', ratePerMinute: 1.5, cities: ['Bengaluru', 'Mumbai'] },
]

export interface ClientSoftware {
  readonly platform: 'windows' | 'macOS' | 'iOS' | 'android' | 'web' | 'ipPhone' | 'roomSystem' | 'surfaceHub'
  readonly productFamily: 'teams' | 'skypeForBusiness' | 'lync' | 'azureCommunicationServices'
  readonly weight: number
  /** builds the user-agent header from an application version */
  readonly header: (version: string) => string
  readonly versions: readonly string[]
  readonly cpus: readonly string[]
  readonly machinePrefix: string
}

export const CLIENT_SOFTWARE: readonly ClientSoftware[] = [
  {
    platform: 'windows', productFamily: 'teams', weight: 46,
    header: (v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/${v} Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0`,
    versions: ['24295.605.3225.8804', '24335.208.3315.1951', '25017.203.3370.1174', '25044.2208.3471.2155'],
    cpus: ['Intel(R) Core(TM) i7-1185G7 @ 3.00GHz', 'Intel(R) Core(TM) i5-1245U', '13th Gen Intel(R) Core(TM) i7-1365U', 'AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics'],
    machinePrefix: 'DESKTOP-',
  },
  {
    platform: 'macOS', productFamily: 'teams', weight: 14,
    header: (v) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Teams/${v} Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0`,
    versions: ['24295.606.3238.6194', '24335.206.3314.8463', '25017.203.3370.1174'],
    cpus: ['Apple M1', 'Apple M2 Pro', 'Apple M3', 'Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz'],
    machinePrefix: 'MacBook-',
  },
  {
    platform: 'iOS', productFamily: 'teams', weight: 9,
    header: (v) => `Teams/${v} (iOS 17.6.1; iPhone15,2)`,
    versions: ['6.22.1', '6.24.0', '7.1.0'],
    cpus: ['Apple A16 Bionic', 'Apple A17 Pro'],
    machinePrefix: 'iPhone-',
  },
  {
    platform: 'android', productFamily: 'teams', weight: 8,
    header: (v) => `Teams/${v} (Android 14; SM-S918B)`,
    versions: ['1416/1.0.0.2024183701', '1416/1.0.0.2024224601'],
    cpus: ['Qualcomm Snapdragon 8 Gen 2', 'Google Tensor G3'],
    machinePrefix: 'Galaxy-',
  },
  {
    platform: 'web', productFamily: 'teams', weight: 8,
    header: (v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 TeamsWeb/${v}`,
    versions: ['24295.605.3225.8804', '25017.203.3370.1174'],
    cpus: ['Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz', 'Intel(R) Core(TM) i7-10610U CPU @ 1.80GHz'],
    machinePrefix: 'LAPTOP-',
  },
  {
    platform: 'ipPhone', productFamily: 'teams', weight: 4,
    header: (v) => `Teams/${v} (Android 10; Poly CCX 500)`,
    versions: ['1449/1.0.94.2024080503'],
    cpus: ['ARM Cortex-A53'],
    machinePrefix: 'CCX500-',
  },
  {
    platform: 'roomSystem', productFamily: 'teams', weight: 4,
    header: (v) => `Teams/${v} (Windows NT 10.0; MTR)`,
    versions: ['5.2.115.0', '5.3.3.0'],
    cpus: ['Intel(R) Core(TM) i5-10500TE'],
    machinePrefix: 'MTR-',
  },
  {
    platform: 'windows', productFamily: 'skypeForBusiness', weight: 3,
    header: (v) => `UCCAPI/${v} OC/${v} (Skype for Business)`,
    versions: ['16.0.12527.20122', '16.0.5435.1000'],
    cpus: ['Intel(R) Core(TM) i5-6300U CPU @ 2.40GHz'],
    machinePrefix: 'WS-',
  },
  {
    platform: 'web', productFamily: 'azureCommunicationServices', weight: 2,
    header: (v) => `azsdk-js-communication-calling/${v} (javascript:calling-web)`,
    versions: ['1.30.2', '1.31.1'],
    cpus: ['Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz'],
    machinePrefix: 'ACS-',
  },
]

export const CAPTURE_DEVICES = [
  ['Microphone Array (Intel® Smart Sound Technology for Digital Microphones)', 'Intel: 10.29.0.7767'],
  ['Headset Microphone (Jabra Evolve2 65)', 'Microsoft: 10.0.22621.1'],
  ['Microphone (Logitech Zone Wireless)', 'Microsoft: 10.0.22621.2506'],
  ['MacBook Pro Microphone', 'Apple: 14.5'],
  ['Echo Cancelling Speakerphone (Poly Sync 20)', 'Microsoft: 10.0.19041.3570'],
  ['Default input device', null],
] as const

export const RENDER_DEVICES = [
  ['Speakers (Realtek(R) Audio)', 'Realtek Semiconductor Corp.: 6.0.9549.1'],
  ['Headset Earphone (Jabra Evolve2 65)', 'Microsoft: 10.0.22621.1'],
  ['Headphones (Logitech Zone Wireless)', 'Microsoft: 10.0.22621.2506'],
  ['MacBook Pro Speakers', 'Apple: 14.5'],
  ['Echo Cancelling Speakerphone (Poly Sync 20)', 'Microsoft: 10.0.19041.3570'],
  ['Default output device', null],
] as const

export const WIFI_DRIVERS = [
  ['Intel(R) Wi-Fi 6E AX211 160MHz', 'Intel: 23.40.0.4'],
  ['Killer(R) Wi-Fi 6 AX1650i 160MHz Wireless Network Adapter (201NGW)', 'Intel: 22.250.1.2'],
  ['Qualcomm Atheros QCA61x4A Wireless Network Adapter', 'Qualcomm: 12.0.0.1118'],
] as const

/** Microsoft 365 data centres seen as signalling / media locations in PSTN logs. */
export const DATA_CENTRES = ['USWE', 'USEA', 'USCE', 'EUNO', 'EUWE', 'APSE', 'APEA', 'JPEA', 'AUEA', 'BRSO'] as const

/** SIP outcomes in direct-routing logs: [code, Microsoft sub-code, phrase, success]. */
export const SIP_OUTCOMES = [
  [200, 540200, 'OK', true],
  [200, 560200, 'Call ended by the remote party', true],
  [0, 540000, 'BYE', true],
  [486, 560486, 'Busy Here', false],
  [487, 540487, 'Request Terminated', false],
  [480, 560480, 'Temporarily Unavailable', false],
  [404, 560404, 'Not Found', false],
  [408, 540408, 'Request Timeout', false],
  [503, 560503, 'Service Unavailable', false],
  [603, 560603, 'Decline', false],
] as const

export const FEEDBACK_TOKENS = ['NoSound', 'OtherNoSound', 'Echo', 'Noisy', 'LowVolume', 'Stopped', 'DistortedSound', 'Interruptions', 'BackgroundNoise', 'ElectronicFeedback', 'MuffledSpeech'] as const

export const FEEDBACK_TEXTS = ['Could not hear the other side', 'Audio kept cutting out', 'Great call', 'Echo on my side', 'Video froze a few times', null, null, null] as const

export const FAILURE_REASONS = {
  callSetup: ['Call setup failed: the remote endpoint did not answer', 'Media connectivity failure: ICE negotiation failed', 'Invite timed out before the call was established'],
  midcall: ['Media timeout: no packets received', 'Network connectivity lost during the call', 'Call dropped after a client crash'],
} as const

export const BLOCK_REASONS = ['Fraud detected by the PSTN fraud prevention system', 'International calling spend limit exceeded', 'Administrator blocked outbound PSTN calling', 'Suspicious call pattern detected'] as const
