/**
 * JSON text the way Graph sends it, for the preferences a request asked for.
 */
export interface RenderPrefs {
  /** `Prefer: include-unknown-enum-members`: send evolvable enum members declared after unknownFutureValue */
  readonly includeUnknownEnum: boolean
  /** `Prefer: omit-values=nulls`: leave out null values */
  readonly omitNulls: boolean
}

export const DEFAULT_PREFS: RenderPrefs = { includeUnknownEnum: false, omitNulls: false }

/**
 * Members declared after `unknownFutureValue` in an evolvable enum (api-spec.md 5.3): only
 * `productFamily.azureCommunicationServices` in this namespace.
 */
const EVOLVABLE = /"productFamily":"azureCommunicationServices"/g

const dropNulls = (_key: string, value: unknown) => (value === null ? undefined : value)

export function serialize(value: unknown, prefs: RenderPrefs): string {
  const text = prefs.omitNulls ? JSON.stringify(value, dropNulls) : JSON.stringify(value)
  return prefs.includeUnknownEnum ? text : text.replace(EVOLVABLE, '"productFamily":"unknownFutureValue"')
}

export function prefsKey(p: RenderPrefs): string {
  return `${p.includeUnknownEnum ? 'u' : '-'}${p.omitNulls ? 'n' : '-'}`
}
