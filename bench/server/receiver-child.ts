/**
 * Child process: a webhook receiver on 127.0.0.1 for the notification benchmarks. It always
 * answers the validation handshake (echoes the decoded validationToken as text/plain), and
 * answers notification POSTs according to its mode:
 *   ok      202, and records every notification (resource id, arrival time, path)
 *   503     503 to every notification POST (counts the attempts)
 *   silent  never answers (the connection stays open until the sender gives up)
 *   refuse  stops listening: new connections are refused
 * Arrival times are process.hrtime.bigint() in ms; CLOCK_MONOTONIC is shared by the processes of
 * one machine, so the parent compares them with its own send times.
 *
 * Commands: reset (mode ok, listening, nothing recorded; answers the URL), mode {mode},
 * count, stats {created: {id: ms}} (delays against creation times), attempts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ready, serveCommands } from './procs.js'

type Mode = 'ok' | '503' | 'silent' | 'refuse'
let mode: Mode = 'ok'
let ids: string[] = []
let times: number[] = []
let perPath = new Map<string, number>()
let posts = 0
let attempts = 0
let validations = 0
const held = new Set<ServerResponse>()

const nowMs = () => Number(process.hrtime.bigint()) / 1e6

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const at = nowMs()
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    if (q >= 0) {
      const token = new URLSearchParams(url.slice(q + 1)).get('validationToken')
      if (token !== null) {
        validations++
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(token)
        return
      }
    }
    attempts++
    if (mode === 'silent') {
      held.add(res)
      res.on('close', () => held.delete(res))
      return
    }
    if (mode === '503') {
      res.writeHead(503, { 'Content-Length': '0' }).end()
      return
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: { resourceData?: { id: string } }[] }
    const path = q >= 0 ? url.slice(0, q) : url
    for (const n of body.value) {
      ids.push(n.resourceData?.id ?? '')
      times.push(at)
    }
    perPath.set(path, (perPath.get(path) ?? 0) + body.value.length)
    posts++
    res.writeHead(202, { 'Content-Length': '0' }).end()
  })
}

let server = createServer(handle)
async function listen(): Promise<string> {
  if (!server.listening) {
    server = createServer(handle)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function dropHeld(): void {
  for (const res of held) res.destroy()
  held.clear()
}

serveCommands({
  reset: async () => {
    dropHeld()
    mode = 'ok'
    ids = []
    times = []
    perPath = new Map()
    posts = 0
    attempts = 0
    validations = 0
    return { url: await listen() }
  },
  mode: async (m) => {
    mode = m.mode as Mode
    if (mode !== 'silent') dropHeld()
    if (mode === 'refuse') {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
    return mode
  },
  count: () => ({ notifications: ids.length, posts, attempts, validations }),
  attempts: () => attempts,
  stats: (m) => {
    const created = m.created as Record<string, number>
    const delays: number[] = []
    let unknown = 0
    for (let k = 0; k < ids.length; k++) {
      const c = created[ids[k]!]
      if (c === undefined) unknown++
      else delays.push(times[k]! - c)
    }
    delays.sort((a, b) => a - b)
    const pct = (p: number) => delays[Math.min(delays.length - 1, Math.max(0, Math.ceil((p / 100) * delays.length) - 1))] ?? NaN
    const counts = [...perPath.values()]
    return {
      notifications: ids.length, posts, unknown,
      firstArrival: times[0] ?? NaN,
      lastArrival: times.at(-1) ?? NaN,
      p50: pct(50), p99: pct(99), max: delays.at(-1) ?? NaN,
      paths: perPath.size, minPerPath: counts.length ? Math.min(...counts) : 0, maxPerPath: counts.length ? Math.max(...counts) : 0,
    }
  },
})
ready({ url: await listen(), pid: process.pid })
