/**
 * Child process: a keep-alive load generator (node:http Agent, N connections), so the client's
 * work runs on its own core and not inside the process being measured.
 *
 * Command `load` `{ base, paths, headers, connections, durationMs, maxRequests, expectBytes? }`:
 * N workers issue GETs back to back (paths taken round-robin) until the duration or the request
 * count is reached; every response is read to its end. Answers requests, bytes, seconds, req/s,
 * latency percentiles, status counts and this process's CPU time (to tell a saturated client).
 */
import { Agent, request } from 'node:http'
import { ready, serveCommands } from './procs.js'

interface LoadArgs {
  base: string
  paths: string[]
  headers?: Record<string, string>
  connections: number
  durationMs: number
  maxRequests: number
  /** bytes each path's body must have (checks that every answer was the full page) */
  expectBytes?: number[]
}

async function load(a: LoadArgs) {
  const u = new URL(a.base)
  if (u.hostname !== '127.0.0.1') throw new Error('loopback only')
  const agent = new Agent({ keepAlive: true, maxSockets: a.connections, maxFreeSockets: a.connections })
  const port = Number(u.port)
  let issued = 0
  let done = 0
  let bytes = 0
  let wrongSize = 0
  const statuses: Record<string, number> = {}
  const lat: number[] = []
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  const deadline = t0 + BigInt(Math.round(a.durationMs * 1e6))
  const one = (k: number) => new Promise<void>((resolve, reject) => {
    const path = a.paths[k % a.paths.length]!
    const s = process.hrtime.bigint()
    const req = request({ agent, host: '127.0.0.1', port, path, headers: a.headers ?? {} }, (res) => {
      let n = 0
      res.on('data', (c: Buffer) => (n += c.length))
      res.on('end', () => {
        done++
        bytes += n
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1
        const want = a.expectBytes?.[k % a.paths.length]
        if (want !== undefined && want !== n) wrongSize++
        lat.push(Number(process.hrtime.bigint() - s) / 1e6)
        resolve()
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
  const worker = async () => {
    while (issued < a.maxRequests && process.hrtime.bigint() < deadline) await one(issued++)
  }
  await Promise.all(Array.from({ length: a.connections }, worker))
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpu0)
  agent.destroy()
  lat.sort((x, y) => x - y)
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil((p / 100) * lat.length) - 1))] ?? NaN
  return {
    requests: done, bytes, seconds, reqPerSec: done / seconds, mbPerSec: bytes / 1e6 / seconds,
    p50ms: pct(50), p99ms: pct(99), statuses, wrongSize,
    clientCpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
  }
}

serveCommands({ load: (m) => load(m as unknown as LoadArgs) })
ready({ pid: process.pid })
