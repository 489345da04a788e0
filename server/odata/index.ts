/**
 * Public surface of the OData layer: pure parsers and builders for query options, `$filter`,
 * `$expand`, `$select`, skip tokens, report-function segments (context URLs and next links are built by the HTTP layer).
 * No HTTP, no I/O, no clock. Errors are {@link ODataQueryError} (status + Graph code).
 */
export { ODataQueryError, echo, MAX_ECHO_LENGTH } from './errors.js'
export { parseDateTimeLiteral, type DateTimeValue } from './datetime.js'
export { parseQueryOptions, isSystemOption, SYSTEM_OPTIONS, type QueryOptions, type SystemOption } from './query-options.js'
export { parseSelect, validateSelect, CALL_RECORD_TYPE } from './select.js'
export {
  parseExpand,
  validateExpand,
  expandContextFragment,
  CALL_RECORD_NAV_TYPES,
  MAX_EXPAND_DEPTH,
  type ExpandItem,
  type ExpandTree,
  type ValidateExpandOptions,
} from './expand.js'
export { parseFilter, matchesStart, matchesParticipants, startBounds, type FilterExpr, type StartBounds } from './filter.js'
export { encodeToken, decodeToken, invalidSkipToken, MAX_TOKEN_LENGTH } from './skiptoken.js'
export { parseFunctionSegment, parseDateTimeParam, FUNCTION_NAMESPACE, type FunctionSegment } from './function-call.js'
