/**
 * A certificate for `--https`: a throw-away local CA and a server certificate it signs, for
 * localhost, 127.0.0.1 and ::1 (and the host asked for). Clients trust it through
 * NODE_EXTRA_CA_CERTS, which the official graph-client needs: it only pages and authenticates
 * over https.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isIP } from 'node:net'
import selfsigned from 'selfsigned'

export interface TlsMaterial {
  readonly key: string
  readonly cert: string
  /** PEM of the CA to trust (for a generated certificate), and where it was written */
  readonly ca: string | null
  readonly caPath: string | null
}

/** Loads a certificate and key given by path. */
export function loadTls(certPath: string, keyPath: string): TlsMaterial {
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), ca: null, caPath: null }
}

/**
 * Generates a CA and a server certificate valid from a day before `nowMs` for a year, and writes
 * the CA to `caPath` (default: a new private folder under the system temp folder, so no other
 * user can plant a CA there and no other run overwrites it) for NODE_EXTRA_CA_CERTS.
 */
export async function generateTls(nowMs: number, hosts: readonly string[] = [], caPath?: string): Promise<TlsMaterial> {
  const notBeforeDate = new Date(nowMs - 86_400_000)
  const notAfterDate = new Date(nowMs + 365 * 86_400_000)
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'graph-callrecords-mock local CA' }], {
    keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate,
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }],
  })
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])]
  const altNames = names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }))
  const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  const path = caPath ?? join(mkdtempSync(join(tmpdir(), 'graph-callrecords-mock-')), 'ca.pem')
  writeFileSync(path, ca.cert, { mode: 0o600, flag: caPath ? 'w' : 'wx' })
  return { key: server.private, cert: server.cert, ca: ca.cert, caPath: path }
}
