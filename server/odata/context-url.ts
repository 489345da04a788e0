/**
 * Builders for `@odata.context`, matching the strings in Graph's callRecords examples
 * (api-spec 3.1-3.6), with the mock's own base URL in place of https://graph.microsoft.com.
 */
import type { ApiVersion } from '../../generators/index.js'
import { expandContextFragment, type ExpandItem } from './expand.js'

/** Namespace used when a function result type is given without one. */
const CALL_RECORDS_NS = 'microsoft.graph.callRecords'

/** `https://127.0.0.1:4000/v1.0/$metadata` (a trailing slash on `base` is ignored). */
export function metadataUrl(base: string, version: ApiVersion): string {
  return `${base.replace(/\/+$/, '')}/${version}/$metadata`
}

/**
 * The projection part of a context URL: selected properties, then expanded navigations.
 * `(['id','type'], [])` gives `id,type`; `([], sessions($expand=segments))` gives
 * `sessions(segments())`. Empty when neither is present.
 */
export function projectionFragment(select: readonly string[] = [], expand: readonly ExpandItem[] = []): string {
  return [...select, expandContextFragment(expand)].filter((s) => s !== '').join(',')
}

/**
 * A collection at an entity-set path: `…/v1.0/$metadata#communications/callRecords`, or with a
 * projection `…#communications/callRecords(id,type)` (Graph's form for a `$select`ed list).
 */
export function collectionContext(base: string, version: ApiVersion, path: string, fragment = ''): string {
  return `${metadataUrl(base, version)}#${path}${fragment ? `(${fragment})` : ''}`
}

/**
 * A single entity read through an entity set:
 * `…#communications/callRecords/$entity`, `…#communications/callRecords(sessions(segments()))/$entity`.
 */
export function entityContext(base: string, version: ApiVersion, path: string, fragment = ''): string {
  return `${collectionContext(base, version, path, fragment)}/$entity`
}

/**
 * A navigation under one call record: `…#communications/callRecords('{id}')/organizer_v2/$entity`
 * (entity) or `…#communications/callRecords('{id}')/sessions` (collection). `navigation` may be a
 * longer path such as `sessions('{sid}')/segments`. Quotes in the id are doubled (OData key syntax).
 */
export function navContext(base: string, version: ApiVersion, recordId: string, navigation: string, entity: boolean): string {
  const path = `communications/callRecords(${keyLiteral(recordId)})/${navigation}`
  return `${metadataUrl(base, version)}#${path}${entity ? '/$entity' : ''}`
}

/**
 * A report function's result: `…#Collection(microsoft.graph.callRecords.pstnCallLogRow)`.
 * `typeName` may be short (`pstnCallLogRow`) or fully qualified.
 */
export function functionContext(base: string, version: ApiVersion, typeName: string): string {
  const full = typeName.includes('.') ? typeName : `${CALL_RECORDS_NS}.${typeName}`
  return `${metadataUrl(base, version)}#Collection(${full})`
}

/** An OData string key literal: `'abc'`, with `'` doubled. */
export function keyLiteral(id: string): string {
  return `'${id.replaceAll("'", "''")}'`
}
