/**
 * Benchmark C: start-up time and memory of `serve --records 1000000`, paging through every record.
 *
 *   node dist/bench/server/startup-memory.js [--records 1000000] [--max-seconds 180] [--node-flags "--max-old-space-size=128"] [--profile DIR]
 *
 * Spawns `node dist/server/cli.js serve --records N --port 0 --quiet` (the real CLI), times from
 * the spawn to the banner line, then follows @odata.nextLink from the first list page (60 records
 * a page) to the end, or until --max-seconds, on one keep-alive connection, while sampling the
 * server's VmRSS from /proc/<pid>/status every 100 ms; VmHWM (peak RSS) is read at the end.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { numArg, report } from '../util.js'
import { Client } from './client.js'
import { log, profileArgv, strArg } from './common.js'
import { procMemKB } from './procs.js'

const records = numArg('records', 1_000_000)
const maxSeconds = numArg('max-seconds', 180)
const cli = fileURLToPath(new URL('../../server/cli.js', import.meta.url))
/** node flags for the server process (a diagnosis: e.g. a smaller old generation) */
const nodeFlags = (strArg('node-flags', '') ?? '').split(' ').filter(Boolean)

const t0 = process.hrtime.bigint()
const proc = spawn(process.execPath, [...nodeFlags, ...profileArgv('cli-serve'), cli, 'serve', '--records', String(records), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] })
const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
try {
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('no banner within 60 s')), 60_000)
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /fake Microsoft Graph on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    proc.once('exit', (code) => reject(new Error(`serve exited (code ${code}) before its banner:\n${out}`)))
  })
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6
  const atBanner = procMemKB(proc.pid!)
  log(`serve --records ${records.toLocaleString('en-US')}: banner after ${startupMs.toFixed(0)} ms, RSS ${((atBanner?.rss ?? NaN) / 1024).toFixed(1)} MB`)

  let maxRss = atBanner?.rss ?? 0
  const samples: [number, number][] = []
  const sampler = setInterval(() => {
    const m = procMemKB(proc.pid!)
    if (!m) return
    maxRss = Math.max(maxRss, m.rss)
    samples.push([Number(process.hrtime.bigint() - t0) / 1e9, m.rss])
  }, 100)

  const client = new Client(url)
  let path: string | null = '/v1.0/communications/callRecords'
  let pages = 0
  let seen = 0
  let bytes = 0
  let lastId = ''
  const p0 = process.hrtime.bigint()
  const deadline = p0 + BigInt(maxSeconds) * 1_000_000_000n
  let nextLog = 10
  while (path !== null && process.hrtime.bigint() < deadline) {
    const r = await client.get(path)
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body.toString().slice(0, 300)}`)
    const body = JSON.parse(r.body.toString()) as { value: { id: string }[]; '@odata.nextLink'?: string }
    pages++
    seen += body.value.length
    bytes += r.body.length
    lastId = body.value.at(-1)?.id ?? lastId
    path = body['@odata.nextLink'] ? client.pathOf(body['@odata.nextLink']) : null
    const el = Number(process.hrtime.bigint() - p0) / 1e9
    if (el >= nextLog) {
      log(`  ${el.toFixed(0)} s: ${pages.toLocaleString('en-US')} pages, ${seen.toLocaleString('en-US')} records, RSS ${(maxRss / 1024).toFixed(1)} MB peak so far`)
      nextLog += 30
    }
  }
  const pagingSeconds = Number(process.hrtime.bigint() - p0) / 1e9
  clearInterval(sampler)
  client.close()
  const end = procMemKB(proc.pid!)
  const peakKB = Math.max(maxRss, end?.hwm ?? 0)
  const complete = path === null
  log(`paged ${pages.toLocaleString('en-US')} pages (${seen.toLocaleString('en-US')} records) in ${pagingSeconds.toFixed(1)} s${complete ? ', to the end' : ', cut by --max-seconds'}; ${(pages / pagingSeconds).toFixed(1)} pages/s; peak RSS ${(peakKB / 1024).toFixed(1)} MB`)
  // RSS over time, every ~10 s, for the write-up
  const curve = samples.filter((_, k) => k % 100 === 0).map(([t, kb]) => [Math.round(t), Math.round(kb / 1024)])
  report({
    bench: 'startup-memory', records, maxSeconds, nodeFlags, startupMs, rssAtBannerKB: atBanner?.rss ?? null,
    pages, recordsSeen: seen, complete, pagingSeconds, pagesPerSec: pages / pagingSeconds, recordsPerSec: seen / pagingSeconds,
    mbPerSec: bytes / 1e6 / pagingSeconds, peakRssKB: peakKB, maxSampledRssKB: maxRss, hwmKB: end?.hwm ?? null, rssEndKB: end?.rss ?? null, curve,
  })
} finally {
  if (proc.exitCode === null) proc.kill('SIGINT') // the CLI closes cleanly on SIGINT (and writes a --cpu-prof profile)
  const t = setTimeout(() => proc.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(t)
}
