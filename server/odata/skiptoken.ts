/**
 * Page tokens for `$skiptoken`: opaque to clients, URL-safe, and tamper-evident so a hand-edited
 * token gets a clean 400 instead of a wrong page. Format: base64url (no padding) of the JSON
 * payload followed by the first 12 bytes of HMAC-SHA256(secret, JSON). The alphabet
 * `[A-Za-z0-9_-]` never contains `&`, `=`, `+`, `{` or `}`: graph-client v3 re-splits next
 * links on `&`/`=`, and Kiota uses a next link verbatim as a URI template (sdk-requests.md).
 * Not encryption: the payload is readable. node:crypto is pure computation here, not I/O.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { ODataQueryError } from './errors.js'

const MAC_BYTES = 12
/** Longer tokens are refused before any decoding work (ours are well under 200 characters). */
export const MAX_TOKEN_LENGTH = 2048
const BASE64URL = /^[A-Za-z0-9_-]+$/

/** Encodes a small JSON payload (e.g. `{ v: 1, i: 12345, t: 1700000000000 }`) into a token. */
export function encodeToken(payload: object, secret: string): string {
  const json = Buffer.from(JSON.stringify(payload), 'utf8')
  return Buffer.concat([json, mac(json, secret)]).toString('base64url')
}

/**
 * Verifies and decodes a token made by {@link encodeToken} with the same secret. Returns the
 * payload unchecked (`unknown`): the caller validates its shape and expiry, and throws
 * {@link invalidSkipToken} itself when they are wrong.
 * @throws ODataQueryError for anything malformed, non-canonical, or with a wrong MAC.
 */
export function decodeToken(token: string, secret: string): unknown {
  if (token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) throw invalidSkipToken()
  const bytes = Buffer.from(token, 'base64url')
  // Node ignores leftover bits in the last character; re-encoding catches tokens that differ
  // from ours only there, so that every changed character is detected.
  if (bytes.length <= MAC_BYTES || bytes.toString('base64url') !== token) throw invalidSkipToken()
  const json = bytes.subarray(0, bytes.length - MAC_BYTES)
  if (!timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), mac(json, secret))) throw invalidSkipToken()
  try {
    return JSON.parse(json.toString('utf8')) as unknown
  } catch {
    throw invalidSkipToken()
  }
}

/** The error for a bad, tampered, foreign or expired `$skiptoken` (the token is not echoed). */
export function invalidSkipToken(): ODataQueryError {
  return new ODataQueryError('The $skiptoken is invalid or has expired. Request the first page again without $skiptoken.', { option: '$skiptoken' })
}

function mac(data: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest().subarray(0, MAC_BYTES)
}
