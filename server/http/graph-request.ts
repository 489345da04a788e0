/**
 * A request as the Graph handlers see it: version, decoded path segments, raw query, preferences
 * and the time it arrived. Built once by the HTTP layer.
 */
import type { Claims } from './auth.js'
import type { Preferences } from './prefer.js'

export interface GraphRequest {
  readonly method: string
  readonly version: 'v1.0' | 'beta'
  /** decoded path segments after the version, e.g. ['communications', 'callRecords', '{id}', 'sessions'] */
  readonly segments: readonly string[]
  /** the raw query string, without '?' */
  readonly rawQuery: string
  readonly prefer: Preferences
  /** epoch ms, from the server's clock */
  readonly now: number
  /** public base URL of this server, no trailing slash */
  readonly base: string
  /** claims of the bearer token when it is a JWT (never the token itself) */
  readonly claims: Claims | null
}
