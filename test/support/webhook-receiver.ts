/**
 * A real local webhook receiver for notification tests: answers Graph's validation handshake,
 * records every notification, and can be told to fail, stall or echo the wrong token.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  readonly path: string
  readonly query: URLSearchParams
  readonly contentType: string
  readonly body: any
}

export interface ReceiverBehaviour {
  /** answer the validation request: 'echo' (correct), 'encoded' (the raw, still-encoded token), 'wrong', 'status500', 'silent' (never answers) */
  validation: 'echo' | 'encoded' | 'wrong' | 'status500' | 'silent'
  /** the next N notification POSTs get a 503 */
  failNext: number
  /** answer notifications with this status while > 0 */
  down: boolean
  /** delay before answering notifications (ms) */
  delayMs: number
}

export class WebhookReceiver {
  readonly received: Received[] = []
  readonly validations: Received[] = []
  readonly behaviour: ReceiverBehaviour = { validation: 'echo', failNext: 0, down: false, delayMs: 0 }
  attempts = 0
  private server: Server | null = null
  private waiters: { n: number; resolve: () => void }[] = []
  url = ''

  async start(): Promise<string> {
    const s = createServer((req, res) => void this.handle(req, res))
    this.server = s
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    const s = this.server
    this.server = null
    if (!s) return
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  /** All notifications (value[] items) received so far. */
  get notifications(): any[] {
    return this.received.flatMap((r) => r.body.value)
  }

  /** Resolves once at least n notifications have arrived (or rejects after timeoutMs). */
  waitFor(n: number, timeoutMs = 5000): Promise<void> {
    if (this.notifications.length >= n) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${this.notifications.length} of ${n} notifications arrived`)), timeoutMs)
      this.waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) })
    })
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://x')
    const entry = { path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'] ?? '' }
    const token = url.searchParams.get('validationToken')
    if (token !== null) {
      this.validations.push({ ...entry, body: text })
      const b = this.behaviour.validation
      if (b === 'silent') return // never answer
      if (b === 'status500') return void res.writeHead(500).end()
      const raw = /validationToken=([^&]*)/.exec(req.url ?? '')?.[1] ?? ''
      const reply = b === 'echo' ? token : b === 'encoded' ? raw : 'not-the-token'
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(reply)
      return
    }
    this.attempts++
    if (this.behaviour.delayMs > 0) await new Promise((r) => setTimeout(r, this.behaviour.delayMs))
    if (this.behaviour.down) return void res.writeHead(503).end()
    if (this.behaviour.failNext > 0) {
      this.behaviour.failNext--
      return void res.writeHead(503).end()
    }
    this.received.push({ ...entry, body: JSON.parse(text) })
    res.writeHead(202).end()
    const have = this.notifications.length
    this.waiters = this.waiters.filter((w) => (have >= w.n ? (w.resolve(), false) : true))
  }
}
