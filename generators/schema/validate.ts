/**
 * Validators for the vendored microsoft.graph.callRecords JSON Schemas (see PROVENANCE.md).
 * Owns loading the two schema files and compiling ajv validators for their `$defs`, lazily:
 * one Ajv instance per API version, one compiled function per def name, both cached.
 */
import { existsSync, readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'

/** The Graph API versions that have a schema. */
export type ApiVersion = 'v1.0' | 'beta'

/** Outcome of one validation; each error reads `<instancePath>: <message>` (`(root)` for the value itself). */
export type ValidationResult = { valid: true } | { valid: false; errors: string[] }

/** The parts of a schema file this module reads. */
interface CallRecordsSchema {
  $id: string
  $defs: Record<string, unknown>
  'x-functions': Record<string, { responseSchema: string }>
}

const MAX_ERRORS = 20
const SCHEMA_FILES: Record<ApiVersion, string> = {
  'v1.0': 'callrecords-v1.0.schema.json',
  beta: 'callrecords-beta.schema.json',
}

const schemas = new Map<ApiVersion, CallRecordsSchema>()
const ajvs = new Map<ApiVersion, Ajv2020>()
const validators = new Map<string, (value: unknown) => ValidationResult>()

/**
 * Reads a schema file that sits next to this module. Under `dist/generators/schema/` (after `tsc`)
 * the JSON is not copied, so fall back to the source folder at the repo root.
 */
function loadSchema(version: ApiVersion): CallRecordsSchema {
  let schema = schemas.get(version)
  if (!schema) {
    const file = SCHEMA_FILES[version]
    const beside = new URL(`./${file}`, import.meta.url)
    const url = existsSync(beside) ? beside : new URL(`../../../generators/schema/${file}`, import.meta.url)
    schema = JSON.parse(readFileSync(url, 'utf8')) as CallRecordsSchema
    schemas.set(version, schema)
  }
  return schema
}

function ajvFor(version: ApiVersion): Ajv2020 {
  let ajv = ajvs.get(version)
  if (!ajv) {
    // strict: false lets the `x-odata` / `x-functions` annotations through; allErrors: false stops at the first
    // failure, which is what makes validating thousands of records cheap.
    ajv = new Ajv2020({ strict: false, allErrors: false })
    // @note ajv-formats is CommonJS: under NodeNext its default import is `module.exports`,
    // which also carries the plugin as `.default`.
    ajvFormats.default(ajv)
    ajv.addSchema(loadSchema(version))
    ajvs.set(version, ajv)
  }
  return ajv
}

/**
 * Errors ajv reports around the real one: the `null` branch of a nullable
 * `anyOf: [{ $ref }, { type: 'null' }]`, and the anyOf / if-then summaries. Dropped unless nothing else is left.
 */
function isEcho(error: ErrorObject): boolean {
  const { keyword, params } = error
  return keyword === 'anyOf' || keyword === 'if' || (keyword === 'type' && params.type === 'null')
}

/** `<instancePath>: <message>`, plus the offending key or the allowed values where ajv leaves them out. */
function formatError({ instancePath, keyword, message, params }: ErrorObject): string {
  let detail = ''
  if (keyword === 'additionalProperties') detail = ` '${String(params.additionalProperty)}'`
  if (keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`
  if (keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`
  return `${instancePath || '(root)'}: ${message ?? keyword}${detail}`
}

/**
 * Returns a validator for `$defs[defName]` of the given version's schema, compiled on first use.
 * @example getValidator('v1.0', 'microsoft.graph.callRecords.callRecord')(record)
 *   // → { valid: false, errors: ["/sessions/0/caller/userAgent: must have required property '@odata.type'"] }
 * @throws Error if `defName` is not a key of the schema's `$defs`.
 */
export function getValidator(version: ApiVersion, defName: string): (value: unknown) => ValidationResult {
  const key = `${version} ${defName}`
  let validator = validators.get(key)
  if (!validator) {
    const schema = loadSchema(version)
    if (!Object.hasOwn(schema.$defs, defName)) {
      throw new Error(`No $defs entry '${defName}' in the ${version} callRecords schema`)
    }
    const pointer = defName.replaceAll('~', '~0').replaceAll('/', '~1')
    const compiled: ValidateFunction | undefined = ajvFor(version).getSchema(
      `${schema.$id}#/$defs/${encodeURIComponent(pointer)}`,
    )
    if (!compiled) throw new Error(`ajv could not resolve '${defName}' in the ${version} schema`)
    validator = (value) => {
      if (compiled(value)) return { valid: true }
      const all = compiled.errors ?? []
      const specific = all.filter((error) => !isEcho(error))
      return { valid: false, errors: (specific.length > 0 ? specific : all).slice(0, MAX_ERRORS).map(formatError) }
    }
    validators.set(key, validator)
  }
  return validator
}

/**
 * Throws if `value` does not match `$defs[defName]`; the message lists the errors.
 * @param label names what was validated in the message (default: `defName`).
 */
export function assertValid(version: ApiVersion, defName: string, value: unknown, label?: string): void {
  const result = getValidator(version, defName)(value)
  if (!result.valid) {
    const list = result.errors.map((e) => `\n  - ${e}`).join('')
    throw new Error(`${label ?? defName} is not a valid ${defName} (${version}):${list}`)
  }
}

/** The keys of the version's `$defs`: full OData type names plus `...CollectionResponse` envelopes. */
export function schemaDefNames(version: ApiVersion): string[] {
  return Object.keys(loadSchema(version).$defs)
}

/**
 * The `$defs` name of the response envelope of a report function, from the schema's root `x-functions`.
 * @example functionResponseDef('v1.0', 'getPstnCalls')
 *   // → 'microsoft.graph.callRecords.pstnCallLogRowCollectionResponse'
 * @returns undefined if the version has no such function (e.g. `getSmsLog` in v1.0).
 */
export function functionResponseDef(version: ApiVersion, functionName: string): string | undefined {
  const functions = loadSchema(version)['x-functions']
  return Object.hasOwn(functions, functionName) ? functions[functionName]?.responseSchema : undefined
}
