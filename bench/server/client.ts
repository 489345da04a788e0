/**
 * A small keep-alive HTTP client for loopback benchmarks (no external tools): GET/POST with the
 * whole body, the raw headers and the latency measured with process.hrtime.bigint().
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http'

export interface Response {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  /** header name/value pairs as sent (original case) */
  readonly rawHeaders: string[]
  readonly body: Buffer
  /** from the request being sent to the last byte of the body */
  readonly ms: number
}

export const AUTH = { Authorization: 'Bearer bench' }

export class Client {
  readonly agent: Agent
  readonly host: string
  readonly port: number

  constructor(base: string, connections = 1) {
    const u = new URL(base)
    if (u.hostname !== '127.0.0.1') throw new Error(`benchmarks talk to 127.0.0.1 only, not ${u.hostname}`)
    this.host = u.hostname
    this.port = Number(u.port)
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections })
  }

  get(path: string, headers: Record<string, string> = AUTH, timeoutMs = 120_000): Promise<Response> {
    return this.send('GET', path, headers, undefined, timeoutMs)
  }

  post(path: string, body: unknown, headers: Record<string, string> = AUTH, timeoutMs = 120_000): Promise<Response> {
    return this.send('POST', path, { ...headers, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(body)), timeoutMs)
  }

  /** An absolute URL on this server (e.g. an @odata.nextLink) → its path and query. */
  pathOf(url: string): string {
    const u = new URL(url)
    if (u.hostname !== this.host || Number(u.port) !== this.port) throw new Error(`link to another server: ${url}`)
    return u.pathname + u.search
  }

  send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<Response> {
    return new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint()
      const req = request({ agent: this.agent, host: this.host, port: this.port, method, path, headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({
          status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks),
          ms: Number(process.hrtime.bigint() - t0) / 1e6,
        }))
        res.on('error', reject)
      })
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)))
      req.on('error', reject)
      req.end(body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}
