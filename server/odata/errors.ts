/**
 * The one error type of the OData layer. Pure code throws it; the HTTP layer turns it into
 * Graph's error envelope (`{ error: { code, message, innerError } }`) using `status` and `code`.
 */

/** Longest user-supplied value echoed back in a message (a guard against megabyte query strings). */
export const MAX_ECHO_LENGTH = 200

/** A query option, path literal or token that Graph would refuse with a 4xx. */
export class ODataQueryError extends Error {
  override name = 'ODataQueryError'
  /** Graph error code for `error.code`. */
  readonly code: string
  /** HTTP status the caller should answer with. */
  readonly status: number
  /** The offending system query option in canonical form (`$top`), or function parameter name. */
  declare readonly option?: string

  constructor(message: string, init: { option?: string; code?: string; status?: number } = {}) {
    super(message)
    this.code = init.code ?? 'BadRequest'
    this.status = init.status ?? 400
    if (init.option !== undefined) this.option = init.option
  }
}

/**
 * Cuts a user-supplied value to at most {@link MAX_ECHO_LENGTH} characters (the last one
 * being `…` when cut) without splitting a surrogate pair. No escaping: the caller JSON-encodes.
 */
export function echo(value: string): string {
  if (value.length <= MAX_ECHO_LENGTH) return value
  let cut = MAX_ECHO_LENGTH - 1
  const last = value.charCodeAt(cut - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1
  return `${value.slice(0, cut)}…`
}
