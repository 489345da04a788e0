/**
 * Authentication as Graph does it for call records: a bearer token is required; app-only tokens
 * with the `CallRecords.Read.All` role are what the API accepts. Signatures are not checked.
 * Never logs or echoes the token.
 */
import type { AuthMode } from '../options.js'
import { errors } from '../errors/catalogue.js'
import type { GraphError } from '../errors/graph-error.js'

export const CALL_RECORDS_ROLE = 'CallRecords.Read.All'
/** older docs: the PSTN report functions also accept this role */
export const PSTN_ROLE = 'CallRecord-PstnCalls.Read.All'

export interface Claims {
  roles?: unknown
  scp?: unknown
  appid?: unknown
  azp?: unknown
  oid?: unknown
}

/** The claims of the bearer token when it is a JWT, else null. */
export function claimsOf(header: string | undefined): Claims | null {
  const m = /^\s*bearer\s+(.*)$/i.exec(header ?? '')
  return m?.[1] ? decodeJwt(m[1].trim()) : null
}

export function decodeJwt(token: string): Claims | null {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return null
  try {
    const json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    return json && typeof json === 'object' ? (json as Claims) : null
  } catch {
    return null
  }
}

/** Checks an Authorization header; returns the error to answer with, or null when it passes. */
export function checkAuth(header: string | undefined, mode: AuthMode, acceptedRoles: readonly string[] = [CALL_RECORDS_ROLE]): GraphError | null {
  if (mode === 'off') return null
  const m = /^\s*bearer\s+(.*)$/i.exec(header ?? '')
  const token = m?.[1]?.trim() ?? ''
  if (!token) return errors.emptyToken()
  const claims = decodeJwt(token)
  if (!claims) return mode === 'strict' ? errors.malformedToken() : null
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : []
  if (roles.length === 0 && claims.scp !== undefined) return errors.delegatedToken()
  // an app token (a JWT) must carry the role, in every mode; only opaque tokens pass in lenient mode
  if (!roles.some((r) => acceptedRoles.includes(r))) return errors.missingRole(CALL_RECORDS_ROLE)
  return null
}
