/**
 * The vendored callRecords schemas (generators/schema) against Microsoft's documentation examples, and against
 * hand-broken payloads that prove the validator bites. The examples are copied into test/fixtures/graph-docs-examples
 * (see PROVENANCE.md there); only this test reads them, never the product.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  assertValid,
  functionResponseDef,
  getValidator,
  schemaDefNames,
  type ApiVersion,
  type ValidationResult,
} from '../generators/schema/validate.js'

const EXAMPLES = new URL('./fixtures/graph-docs-examples/', import.meta.url)
const CR = 'microsoft.graph.callRecords'
const CALL_RECORD = `${CR}.callRecord`

type Obj = Record<string, unknown>
type Session = Obj & { caller: Obj; segments: Array<{ media: Array<{ streams: Obj[] }> }> }

const readExample = (file: string): string => readFileSync(new URL(file, EXAMPLES), 'utf8')
const errorsOf = (result: ValidationResult): string[] => (result.valid ? [] : result.errors)

/** Report-function examples are named in lower case; the schema's `x-functions` uses Graph's spelling. */
const REPORT_FUNCTIONS: Record<string, string> = {
  getpstncalls: 'getPstnCalls',
  getdirectroutingcalls: 'getDirectRoutingCalls',
  getpstnblockeduserslog: 'getPstnBlockedUsersLog',
  getpstnonlinemeetingdialoutreport: 'getPstnOnlineMeetingDialoutReport',
  getsmslog: 'getSmsLog',
}

/** The `$defs` entry a callRecords GET response body must match, from its file-name stem; else undefined. */
function defForStem(version: ApiVersion, stem: string): string | undefined {
  if (stem.startsWith('callrecord-get-')) return CALL_RECORD
  if (stem.startsWith('callrecords-list-')) return `${CR}.callRecordCollectionResponse`
  if (stem.startsWith('sessions-list')) return `${CR}.sessionCollectionResponse`
  if (stem.startsWith('participants_v2-list')) return `${CR}.participantCollectionResponse`
  const fn = REPORT_FUNCTIONS[stem]
  if (fn === undefined) return undefined
  const def = functionResponseDef(version, fn)
  if (def === undefined) throw new Error(`${version} schema has no function ${fn}`)
  return def
}

const examples = readdirSync(EXAMPLES)
  .sort()
  .flatMap((file) => {
    const match = /^(v1\.0|beta)-(.+)\.response\.json$/.exec(file)
    if (!match) return []
    const version = match[1] as ApiVersion
    const def = defForStem(version, match[2] ?? '')
    return def === undefined ? [] : [{ file, version, def }]
  })

/**
 * Documented doc defects (shared/reference/README.md "Known gaps", examples/index.md, api-spec.md §10 item 16)
 * that the schema accepts, with why. Each is named in the title of every example that has it.
 */
const TOLERATED_DEFECTS: Array<{ pattern: RegExp; defect: string }> = [
  {
    pattern: /@odata\.nextLink": "[^"]*\/\$metadata#/,
    defect: 'next link points into $metadata# (still a URI)',
  },
  {
    pattern: /getPstnCalls\(from=/,
    defect: 'next link says getPstnCalls(from=,to=) (still a URI)',
  },
  {
    pattern: /"@odata\.context": "https:\/\/graph\.microsoft\.com\/\$metadata#/,
    defect: '@odata.context lacks the version (any string is accepted)',
  },
  {
    pattern: /"participants_v2@odata\.context": "[^"]*\/\$entity"/,
    defect: '/$entity on a collection context (nav annotations are unchecked)',
  },
  {
    pattern: /"(acsUser|spoolUser|acsApplicationInstance|spoolApplicationInstance)"/,
    defect: 'identity keys acsUser etc. not in the schema (identity sets are open types)',
  },
  {
    pattern: /"tenantId"/,
    defect: 'identities carry tenantId (identity is an open type)',
  },
  {
    pattern: /"@odata\.type": "[^"]*",\s*"@odata\.type"/,
    defect: 'duplicate "@odata.type" key (JSON.parse keeps the last; both are equal)',
  },
]

const BLOCKED_USERS = 'beta-getpstnblockeduserslog.response.json'
const BLOCKED_USERS_DEF = `${CR}.pstnBlockedUsersLogRowCollectionResponse`

describe('documentation examples (callRecords GET responses)', () => {
  it('finds all 25 of them: 11 v1.0, 14 beta', () => {
    expect(examples.filter((e) => e.version === 'v1.0')).toHaveLength(11)
    expect(examples.filter((e) => e.version === 'beta')).toHaveLength(14)
  })

  for (const { file, version, def } of examples.filter((e) => e.file !== BLOCKED_USERS)) {
    const text = readExample(file)
    const defects = TOLERATED_DEFECTS.filter((d) => d.pattern.test(text)).map((d) => d.defect)
    const despite = defects.length > 0 ? `, despite doc defects: ${defects.join('; ')}` : ''
    it(`${file} is a valid ${def}${despite}`, () => {
      expect(errorsOf(getValidator(version, def)(JSON.parse(text)))).toEqual([])
    })
  }

  it('every tolerated defect listed above occurs in some example', () => {
    const texts = examples.map((e) => readExample(e.file))
    const unused = TOLERATED_DEFECTS.filter((d) => !texts.some((t) => d.pattern.test(t))).map((d) => d.defect)
    expect(unused).toEqual([])
  })

  it('two participants sharing one id (doc defect) pass: uniqueness is not a schema rule', () => {
    const record = JSON.parse(readExample('v1.0-callrecord-get-expanded-participants_v2.response.json')) as {
      participants_v2: Array<{ id: string }>
    }
    const ids = record.participants_v2.map((p) => p.id)
    expect(new Set(ids).size).toBeLessThan(ids.length)
    expect(errorsOf(getValidator('v1.0', CALL_RECORD)(record))).toEqual([])
  })

  describe(BLOCKED_USERS, () => {
    const text = readExample(BLOCKED_USERS)
    const withoutTrailingCommas = text.replace(/,(\s*[}\]])/g, '$1')

    it('is not valid JSON (doc defect: trailing commas after remediationId)', () => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError)
      expect(withoutTrailingCommas).not.toBe(text)
    })

    it('is INVALID once parsed leniently (doc defect: userBlockMode "Blocked"/"Unblocked" capitalised)', () => {
      const errors = errorsOf(getValidator('beta', BLOCKED_USERS_DEF)(JSON.parse(withoutTrailingCommas)))
      expect(errors).toEqual([
        '/value/0/userBlockMode: must be equal to one of the allowed values: ["blocked","unblocked","unknownFutureValue"]',
      ])
    })

    it('is valid with those two defects mended, so they are its only ones', () => {
      const mended = withoutTrailingCommas.replace(/"userBlockMode": "(\w+)"/g, (_, mode: string) =>
        `"userBlockMode": "${mode.toLowerCase()}"`,
      )
      expect(errorsOf(getValidator('beta', BLOCKED_USERS_DEF)(JSON.parse(mended)))).toEqual([])
    })
  })
})

describe('the validator bites', () => {
  const fullRecordText = readExample('v1.0-callrecord-get-expanded-sessions-segments.response.json')
  /** A fresh copy of the v1.0 callRecord example with sessions → segments → media → streams expanded. */
  const fullRecord = () => JSON.parse(fullRecordText) as Obj & { modalities: string[]; sessions: Session[] }
  const firstSession = (record: { sessions: Session[] }): Session => record.sessions[0]!
  const validateV1 = getValidator('v1.0', CALL_RECORD)

  it('rejects an unknown enum value in modalities', () => {
    const record = fullRecord()
    record.modalities.push('hologram')
    expect(errorsOf(validateV1(record))).toEqual([
      expect.stringMatching(/^\/modalities\/1: must be equal to one of the allowed values: \["audio",/),
    ])
  })

  it('rejects a participantEndpoint caller without "@odata.type" (then it is a plain endpoint, with no name)', () => {
    const record = fullRecord()
    const caller = firstSession(record).caller
    expect(caller).toMatchObject({ '@odata.type': `#${CR}.participantEndpoint`, name: expect.any(String) })
    delete caller['@odata.type']
    expect(errorsOf(validateV1(record))).toEqual(["/sessions/0/caller: must NOT have additional properties 'name'"])
  })

  it('rejects an abstract userAgent without "@odata.type"', () => {
    const record = fullRecord()
    delete (firstSession(record).caller.userAgent as Obj)['@odata.type']
    expect(errorsOf(validateV1(record))).toEqual([
      "/sessions/0/caller/userAgent: must have required property '@odata.type'",
    ])
  })

  it('rejects an unknown "@odata.type"', () => {
    const record = fullRecord()
    firstSession(record).caller['@odata.type'] = `#${CR}.robotEndpoint`
    expect(errorsOf(validateV1(record))).toEqual([
      expect.stringMatching(/^\/sessions\/0\/caller\/@odata\.type: must be equal to one of/),
    ])
  })

  it('rejects a string version (Edm.Int64 is an integer)', () => {
    expect(errorsOf(validateV1({ ...fullRecord(), version: '1' }))).toEqual(['/version: must be integer'])
  })

  it('rejects an unknown property on a session', () => {
    const record = fullRecord()
    firstSession(record).isRecorded = true
    expect(errorsOf(validateV1(record))).toEqual([
      "/sessions/0: must NOT have additional properties 'isRecorded'",
    ])
  })

  it('rejects a year-month Duration like P1Y (Edm.Duration is day-time only)', () => {
    const record = fullRecord()
    const stream = firstSession(record).segments[0]!.media[0]!.streams[0]!
    expect(stream.averageJitter).toMatch(/^PT/)
    stream.averageJitter = 'P1Y'
    expect(errorsOf(validateV1(record))).toEqual([
      expect.stringMatching(/^\/sessions\/0\/segments\/0\/media\/0\/streams\/0\/averageJitter: must match pattern/),
    ])
  })

  it('accepts null for a single-valued nav (organizer_v2) but not for a collection (sessions)', () => {
    expect(errorsOf(validateV1({ ...fullRecord(), organizer_v2: null }))).toEqual([])
    expect(errorsOf(validateV1({ ...fullRecord(), sessions: null }))).toEqual(['/sessions: must be array'])
  })

  it('checks @odata.nextLink on envelopes only: nav-level next links are unchecked annotations', () => {
    const envelope = { '@odata.context': 'x', value: [], '@odata.nextLink': 'not a uri' }
    expect(errorsOf(getValidator('v1.0', `${CR}.sessionCollectionResponse`)(envelope))).toEqual([
      '/@odata.nextLink: must match format "uri"',
    ])
    expect(errorsOf(validateV1({ ...fullRecord(), 'sessions@odata.nextLink': 'not a uri' }))).toEqual([])
  })

  it('knows beta-only properties: pstnCallLogRow.otherPartyCountryCode is invalid in v1.0, valid in beta', () => {
    const row = { id: '9c4984c7-6c3c-427d-a30c-bd0b2eacee90', callType: 'user_in', otherPartyCountryCode: 'US' }
    const def = `${CR}.pstnCallLogRow`
    expect(errorsOf(getValidator('v1.0', def)(row))).toEqual([
      "(root): must NOT have additional properties 'otherPartyCountryCode'",
    ])
    expect(errorsOf(getValidator('beta', def)(row))).toEqual([])
  })

  it('validates 10,000 copies of the full callRecord example with one compiled validator (speed is a benchmark matter, not a test)', () => {
    const copies = Array.from({ length: 10_000 }, () => fullRecord())
    const invalid = copies.filter((copy) => !validateV1(copy).valid)
    expect(invalid).toHaveLength(0)
    expect(getValidator('v1.0', CALL_RECORD)).toBe(getValidator('v1.0', CALL_RECORD))
  })
})

describe('the module API', () => {
  it('assertValid passes a valid value and throws one naming the label and each error', () => {
    expect(() => assertValid('v1.0', CALL_RECORD, { id: 'a' })).not.toThrow()
    expect(() => assertValid('v1.0', CALL_RECORD, { id: 7 }, 'fixtures/day1.json#/value/3')).toThrow(
      `fixtures/day1.json#/value/3 is not a valid ${CALL_RECORD} (v1.0):\n  - /id: must be string`,
    )
  })

  it('getValidator throws on a name that is not in $defs, and caches per version and name', () => {
    expect(() => getValidator('v1.0', `${CR}.smsLogRow`)).toThrow(/No \$defs entry/)
    expect(getValidator('beta', CALL_RECORD)).toBe(getValidator('beta', CALL_RECORD))
    expect(getValidator('beta', CALL_RECORD)).not.toBe(getValidator('v1.0', CALL_RECORD))
  })

  it('functionResponseDef maps report functions to their envelopes, per version', () => {
    expect(functionResponseDef('v1.0', 'getPstnCalls')).toBe(`${CR}.pstnCallLogRowCollectionResponse`)
    expect(functionResponseDef('beta', 'getSmsLog')).toBe(`${CR}.smsLogRowCollectionResponse`)
    expect(functionResponseDef('v1.0', 'getSmsLog')).toBeUndefined()
  })

  for (const version of ['v1.0', 'beta'] as const) {
    it(`every ${version} $defs entry compiles`, () => {
      const names = schemaDefNames(version)
      expect(names).toContain(`${CR}.callRecordCollectionResponse`)
      for (const name of names) expect(typeof getValidator(version, name)).toBe('function')
    })
  }
})
