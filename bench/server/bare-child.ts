/**
 * Child process: the ceiling for the read benchmarks. A bare node:http server that answers fixed
 * paths with precomputed bytes and headers (the fake's own response, captured once): no routing
 * beyond a Map lookup, no JSON, no middleware. Listens on 127.0.0.1, a free port.
 *
 * For diagnosis, two request headers change what it does (same bytes on the wire):
 * `x-bare-body: string` sends the body as a cached JS string instead of a Buffer (what a text
 * cache of strings costs at write time); `x-bare-body: stitched` builds the string per request
 * from 60 cached pieces, joined and wrapped the way the fake stitches a list page; and
 * `x-bare-stack: express` answers through a minimal Express app (one middleware) instead of the
 * plain handler (what Express itself costs).
 *
 * Command `routes` `{ routes: { [path]: { status, headers: [name, value][], body: base64 } } }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { ready, serveCommands } from './procs.js'

interface Route {
  status: number
  headers: string[]
  body: Buffer
  text: string
  pieces: string[]
}
const routes = new Map<string, Route>()

function answer(req: IncomingMessage, res: ServerResponse): void {
  const r = routes.get(req.url ?? '')
  if (!r) {
    res.writeHead(404, { 'Content-Length': '0' }).end()
    return
  }
  res.writeHead(r.status, r.headers)
  const mode = req.headers['x-bare-body']
  if (mode === 'string') res.end(r.text)
  else if (mode === 'stitched') res.end(`${r.pieces[0]}${r.pieces.slice(1, -1).join('')}` + r.pieces.at(-1))
  else res.end(r.body)
}

const app = express()
app.disable('x-powered-by')
app.set('etag', false)
app.set('query parser', false)
app.use((req, res) => answer(req, res))

const server = createServer((req, res) => (req.headers['x-bare-stack'] === 'express' ? app(req, res) : answer(req, res)))
server.keepAliveTimeout = 5000 // as the fake's
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))

serveCommands({
  routes: (m) => {
    for (const [path, r] of Object.entries(m.routes as Record<string, { status: number; headers: [string, string][]; body: string }>)) {
      const body = Buffer.from(r.body, 'base64')
      const text = body.toString('utf8')
      // 62 pieces, each its own flat string (as a text cache holds them)
      const step = Math.ceil(text.length / 62)
      const pieces = Array.from({ length: Math.ceil(text.length / step) }, (_, k) => Buffer.from(text.slice(k * step, (k + 1) * step)).toString())
      routes.set(path, { status: r.status, headers: r.headers.flat(), body, text, pieces })
    }
    return routes.size
  },
  usage: () => ({ cpu: process.cpuUsage(), mem: process.memoryUsage() }),
})
ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pid: process.pid })
