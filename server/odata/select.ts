/**
 * `$select` lists: syntax (here, independent of any type) and names (validateSelect, against
 * the properties of one Graph type). Also used for `$select` nested inside `$expand`.
 */
import { ODataQueryError, echo } from './errors.js'

/** Graph's full name of the call record type, the default for messages. */
export const CALL_RECORD_TYPE = 'microsoft.graph.callRecords.callRecord'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Splits `id, type ,startDateTime` into trimmed property names, dropping repeats (OData allows
 * them; they add nothing). Only plain property names: no `*`, paths or type casts.
 * @param option the option being parsed, for messages (`$select`, or `$select` inside `$expand=sessions(...)`)
 */
export function parseSelect(value: string, option = '$select'): string[] {
  if (value.trim() === '') {
    throw new ODataQueryError(`Invalid value '${echo(value)}' for query option '${option}': expected a comma-separated list of property names.`, { option: '$select' })
  }
  const out: string[] = []
  for (const part of value.split(',')) {
    const name = part.trim()
    if (!IDENTIFIER.test(name)) {
      const what = name === '' ? 'an empty property name' : `'${echo(name)}'`
      throw new ODataQueryError(`Invalid value '${echo(value)}' for query option '${option}': ${what} is not a property name; only plain property names are supported.`, { option: '$select' })
    }
    if (!out.includes(name)) out.push(name)
  }
  return out
}

/**
 * Checks each selected name against `allowedProps` and returns the names in their canonical
 * spelling. Matching ignores case (Graph resolves URL property names case-insensitively; the
 * response uses the declared spelling).
 * @throws ODataQueryError with Graph's wording: "Could not find a property named 'foo' on type '…'."
 */
export function validateSelect(select: readonly string[], allowedProps: readonly string[], typeName: string = CALL_RECORD_TYPE): string[] {
  const out: string[] = []
  for (const name of select) {
    const found = allowedProps.find((p) => p.toLowerCase() === name.toLowerCase())
    if (found === undefined) throw notFoundOnType(name, typeName, '$select')
    if (!out.includes(found)) out.push(found)
  }
  return out
}

/** Graph's message for an unknown property or navigation in `$select`/`$expand`. */
export function notFoundOnType(name: string, typeName: string, option: string): ODataQueryError {
  return new ODataQueryError(`Could not find a property named '${echo(name)}' on type '${typeName}'.`, { option })
}
