import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'

const CLI = new URL('../../dist/server/cli.js', import.meta.url).pathname

describe('graph-callrecords-mock serve', () => {
  it('starts on 127.0.0.1, prints the base URL with a curl example, serves Graph, and stops on SIGTERM', async () => {
    const child = spawn('node', [CLI, 'serve', '--port', '0', '--records', '40', '--now', '2026-11-29T00:00:00Z'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.setEncoding('utf8')
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15_000)
      child.stdout.on('data', (d: string) => {
        out += d
        if (out.includes('curl')) (clearTimeout(t), resolve())
      })
    })
    const base = /fake Microsoft Graph on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    expect(base).toBeDefined()
    expect(out).toContain(`curl -H 'Authorization: Bearer x' '${base}/v1.0/communications/callRecords?$top=2'`)
    const res = await fetch(`${base}/v1.0/communications/callRecords/$count`, { headers: { Authorization: 'Bearer x' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^\d+$/)
    const anon = await fetch(`${base}/v1.0/communications/callRecords`)
    expect(anon.status).toBe(401)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    // the log names method, path and status, never the Authorization header
    const log = out.split('\n').filter((l) => /^(GET|POST) /.test(l))
    expect(log.some((l) => /^GET \/v1.0\/communications\/callRecords\/\$count 200 /.test(l))).toBe(true)
    expect(log.some((l) => /^GET \/v1.0\/communications\/callRecords 401 /.test(l))).toBe(true)
    for (const l of log) expect(l).not.toMatch(/Bearer|authorization/i)
  })
})
