/** Test helper for the OData unit tests (no assertions of its own beyond "it threw the right class"). */
import { ODataQueryError } from '../../server/odata/index.js'

/** Runs `fn`, which must throw an ODataQueryError, and returns that error for inspection. */
export function odataError(fn: () => unknown): ODataQueryError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ODataQueryError) return e
    throw new Error(`expected an ODataQueryError, got ${String(e)}`)
  }
  throw new Error('expected an ODataQueryError, but nothing was thrown')
}
