/**
 * Unmodified clients: stock-clients.mjs runs in a child process whose only trust setting is
 * NODE_EXTRA_CA_CERTS (what the README tells users), with the stock graph-client `Client.init` and
 * the stock Kiota `GraphRequestAdapter` over Node's own fetch.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyProblem, CALL_RECORDS, removeSharedTls, serverCount, startGraph, type Exchange, type Started } from './support.js'
import { getValidator } from '../../generators/schema/validate.js'

interface ChildOutput {
  graphClientIds: string[]
  record: { id: string; sessions: { segments: unknown[] }[] }
  notFound: { isGraphError: boolean; statusCode: number; code: string; requestId: string } | null
  kiotaIds: string[]
  exchanges: (Exchange & { client: 'graph-client' | 'kiota' })[]
}

const SCRIPT = fileURLToPath(new URL('./stock-clients.mjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function runChild(url: string, caPath: string): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caPath }
    delete env.NODE_OPTIONS // vitest's worker flags are not the user's
    const child = spawn(process.execPath, [SCRIPT, url], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`stock-clients.mjs exited with ${code}:\n${err}`))
      else resolve(JSON.parse(out) as ChildOutput)
    })
  })
}

describe('stock clients in a child process with NODE_EXTRA_CA_CERTS', () => {
  let s: Started
  let out: ChildOutput
  let total = 0

  beforeAll(async () => {
    s = await startGraph({ https: true })
    total = await serverCount(s)
    out = await runChild(s.url, s.tls!.caPath!)
  })
  afterAll(async () => {
    await s?.stop()
    await removeSharedTls()
  })

  it('graph-client Client.init + PageIterator sees every record once, with the bearer token and client-request-id', () => {
    expect(total).toBe(300)
    expect(out.graphClientIds).toHaveLength(total)
    expect(new Set(out.graphClientIds).size).toBe(total)
    const mine = out.exchanges.filter((e) => e.client === 'graph-client')
    expect(mine.length).toBe(12 + 2)
    for (const e of mine) {
      expect(new URL(e.url).pathname).toMatch(/^\/v1\.0\/communications\/callRecords/)
      expect(e.requestHeaders.authorization).toBe('Bearer mock-token')
      expect(e.requestHeaders['client-request-id']).toMatch(/^[0-9a-f-]{36}$/)
      expect(e.responseHeaders['client-request-id']).toBe(e.requestHeaders['client-request-id'])
    }
  })

  it("graph-client .expand('sessions($expand=segments)') and a 404 GraphError", () => {
    expect(out.record.id).toBe(out.graphClientIds[0])
    expect(out.record.sessions.length).toBeGreaterThan(0)
    for (const session of out.record.sessions) expect(session.segments.length).toBeGreaterThan(0)
    const result = getValidator('v1.0', `${CALL_RECORDS}.callRecord`)(out.record)
    expect(result).toEqual({ valid: true })
    expect(out.notFound).toMatchObject({ isGraphError: true, statusCode: 404, code: 'NotFound' })
    expect(out.notFound?.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('stock Kiota GraphRequestAdapter + PageIterator sees every record once', () => {
    expect(out.kiotaIds).toHaveLength(total)
    expect(new Set(out.kiotaIds).size).toBe(total)
    const mine = out.exchanges.filter((e) => e.client === 'kiota')
    expect(mine).toHaveLength(12)
    for (const e of mine) expect(e.requestHeaders.authorization).toBe('Bearer mock-token')
  })

  it('every body the child received validates against the schema', () => {
    expect(out.exchanges.length).toBe(26)
    expect(out.exchanges.map(bodyProblem).filter((p) => p !== null)).toEqual([])
  })
})
