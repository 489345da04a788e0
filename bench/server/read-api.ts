/**
 * Benchmarks A and D1: the read API against a bare node:http server sending the same bytes.
 *
 *   node dist/bench/server/read-api.js [--records 1000000] [--rounds 5] [--seconds 2] [--connections 8]
 *                                      [--cases list,get,report,coldList,coldReport] [--diagnose] [--profile DIR]
 *
 * Processes: the fake (default text cache), the fake with `cacheBytes: 0` (the cold cost), a bare
 * node:http server answering the same paths with the fake's captured bytes and headers, and a
 * keep-alive load generator; each its own process. Requests: the first list page (60 records),
 * a typical record with `$expand=sessions($expand=segments)`, and the first getPstnCalls page
 * (1,000 rows) over the 30-day data window. Every round measures each side for `--seconds`; the
 * order of the sides rotates from round to round; the verdict is the median of the per-round
 * req/s ratios. Server CPU time per request (process.cpuUsage of the server child) is reported
 * too: it does not depend on whether the client or the server saturates first.
 *
 * `--diagnose` adds, for the same requests, the bare server sending the body as a cached JS string
 * instead of a Buffer, as a string stitched per request from 60 cached pieces, and through a
 * minimal Express app sending the Buffer (where the gap comes from).
 */
import { createDataset } from '../../generators/index.js'
import { flag, median, numArg, report } from '../util.js'
import { AUTH, Client } from './client.js'
import { cpuSeconds, DAY_MS, iso, log, NOW, NOW_MS, profileArgv, SEED, strArg, type Usage } from './common.js'
import { start, type Child } from './procs.js'

const records = numArg('records', 1_000_000)
const rounds = numArg('rounds', 5)
const seconds = numArg('seconds', 2)
const connections = numArg('connections', 8)
const diagnose = flag('diagnose')
const dataset = { seed: SEED, records, now: NOW, virtualClock: true }
/** `--cases list,get` runs a subset, e.g. to profile one request */
const cases = new Set((strArg('cases', null) ?? 'list,get,report,coldList,coldReport').split(','))

const [warm, cold, bare, loader] = await Promise.all([
  start('fake', 'fake-child.js', [JSON.stringify(dataset)], profileArgv('fake-warm')),
  start('fake (cacheBytes 0)', 'fake-child.js', [JSON.stringify({ ...dataset, cacheBytes: 0 })], profileArgv('fake-cold')),
  start('bare', 'bare-child.js'),
  start('loader', 'load-child.js'),
])
const children: Child[] = [warm.child, cold.child, bare.child, loader.child]

try {
  // a typical record: the median size, fully expanded, among the first 201
  const ds = createDataset({ seed: SEED, records, now: NOW })
  const sizes = Array.from({ length: 201 }, (_, i) => ({ i, bytes: JSON.stringify(ds.record(i)).length }))
  const typical = [...sizes].sort((a, b) => a.bytes - b.bytes)[100]!
  const typicalId = ds.idOf(typical.i)

  const paths = {
    list: '/v1.0/communications/callRecords',
    get: `/v1.0/communications/callRecords/${typicalId}?$expand=sessions($expand=segments)`,
    report: `/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${iso(NOW_MS - 30 * DAY_MS)},toDateTime=${iso(NOW_MS)})`,
  }
  type Req = keyof typeof paths

  // capture the fake's exact answers
  const fakeClient = new Client(warm.ready.url)
  const captured: Record<string, { status: number; headers: [string, string][]; body: string }> = {}
  const bytes: Record<string, number> = {}
  const shapes: Record<string, string> = {}
  for (const [name, path] of Object.entries(paths)) {
    const r = await fakeClient.get(path)
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body.toString().slice(0, 300)}`)
    const headers: [string, string][] = []
    for (let k = 0; k < r.rawHeaders.length; k += 2) {
      const h = r.rawHeaders[k]!
      if (!/^(connection|keep-alive|transfer-encoding)$/i.test(h)) headers.push([h, r.rawHeaders[k + 1]!])
    }
    captured[path] = { status: r.status, headers, body: r.body.toString('base64') }
    bytes[name] = r.body.length
    const j = JSON.parse(r.body.toString())
    shapes[name] = name === 'get'
      ? `${ds.kindOf(typical.i)}, ${j.sessions.length} sessions, ${j.sessions.reduce((n: number, s: any) => n + s.segments.length, 0)} segments`
      : `${j.value.length} ${name === 'list' ? 'records' : 'rows'}`
  }
  await bare.child.call('routes', { routes: captured })
  // second pages, so the cold fake alternates two requests (its cache keeps the latest entry even at budget 0)
  const first = JSON.parse((await fakeClient.get(paths.list)).body.toString())
  const list2 = fakeClient.pathOf(first['@odata.nextLink'])
  const report2 = `${paths.report}?$skip=1000`
  fakeClient.close()

  type Variant = 'fake' | 'cold' | 'bare' | 'bareString' | 'bareStitched' | 'bareExpress'
  const target: Record<Variant, { child: Child; url: string; headers: Record<string, string> }> = {
    fake: { child: warm.child, url: warm.ready.url, headers: AUTH },
    cold: { child: cold.child, url: cold.ready.url, headers: AUTH },
    bare: { child: bare.child, url: bare.ready.url, headers: AUTH },
    bareString: { child: bare.child, url: bare.ready.url, headers: { ...AUTH, 'x-bare-body': 'string' } },
    bareStitched: { child: bare.child, url: bare.ready.url, headers: { ...AUTH, 'x-bare-body': 'stitched' } },
    bareExpress: { child: bare.child, url: bare.ready.url, headers: { ...AUTH, 'x-bare-stack': 'express' } },
  }
  async function measure(v: Variant, ps: string[], expect: number[] | undefined, durationMs = seconds * 1000) {
    const t = target[v]
    const u0 = await t.child.call<Usage>('usage')
    const r = await loader.child.call('load', { base: t.url, paths: ps, headers: t.headers, connections, durationMs, maxRequests: 10_000_000, expectBytes: expect })
    const u1 = await t.child.call<Usage>('usage')
    if (r.statuses['200'] !== r.requests) throw new Error(`${v} ${ps[0]}: statuses ${JSON.stringify(r.statuses)}`)
    if (r.wrongSize) throw new Error(`${v} ${ps[0]}: ${r.wrongSize} bodies of the wrong size`)
    return { ...r, serverCpuMsPerReq: (cpuSeconds(u0, u1) * 1000) / r.requests }
  }
  type Row = Awaited<ReturnType<typeof measure>>

  // what each case loads: [variant, paths]; the first entry of each case is compared with 'bare'
  const plan: Record<string, [Variant, string[]][]> = {}
  const extra: Variant[] = diagnose ? ['bareString', 'bareStitched', 'bareExpress'] : []
  for (const c of ['list', 'get', 'report'] as Req[]) {
    if (cases.has(c)) plan[c] = [['fake', [paths[c]]], ['bare', [paths[c]]], ...extra.map((v): [Variant, string[]] => [v, [paths[c]]])]
  }
  if (cases.has('coldList')) plan.coldList = [['cold', [paths.list, list2]], ['bare', [paths.list]]]
  if (cases.has('coldReport')) plan.coldReport = [['cold', [paths.report, report2]], ['bare', [paths.report]]]
  const expectOf = (ps: string[]) => ps.length === 1 && ps[0] === paths.list ? [bytes.list!] : ps.length === 1 && ps[0] === paths.get ? [bytes.get!] : ps.length === 1 && ps[0] === paths.report ? [bytes.report!] : undefined

  log(`read API: ${records.toLocaleString('en-US')} records; list ${bytes.list} B, get ${bytes.get} B (${shapes.get}), report ${bytes.report} B (${shapes.report}); ${connections} connections, ${rounds} rounds of ${seconds} s per side`)
  // warm-up (JIT, caches), not counted
  for (const loads of Object.values(plan)) for (const [v, ps] of loads) await measure(v, ps, undefined, 1000)

  const res: Record<string, Partial<Record<Variant, Row[]>>> = {}
  for (let r = 0; r < rounds; r++) {
    for (const [c, loads] of Object.entries(plan)) {
      res[c] ??= {}
      // rotate the order each round, so no side always runs first or last
      for (let k = 0; k < loads.length; k++) {
        const [v, ps] = loads[(k + r) % loads.length]!
        ;(res[c]![v] ??= []).push(await measure(v, ps, expectOf(ps)))
      }
    }
    log(`round ${r + 1}/${rounds}: ` + Object.entries(res).map(([c, v]) => {
      const main = plan[c]![0]![0]
      return `${c} ${(v[main]![r]!.reqPerSec / v.bare![r]!.reqPerSec).toFixed(2)}×`
    }).join(', '))
  }

  const pick = (rows: Row[]) => ({
    reqPerSec: median(rows.map((x) => x.reqPerSec)),
    mbPerSec: median(rows.map((x) => x.mbPerSec)),
    p50ms: median(rows.map((x) => x.p50ms)),
    p99ms: median(rows.map((x) => x.p99ms)),
    serverCpuMsPerReq: median(rows.map((x) => x.serverCpuMsPerReq)),
    clientCpuShare: median(rows.map((x) => x.clientCpuShare)),
  })
  const results: Record<string, Record<string, unknown>> = {}
  for (const [c, byVariant] of Object.entries(res)) {
    const base = byVariant.bare!
    results[c] = {}
    for (const [v, rows] of Object.entries(byVariant) as [Variant, Row[]][]) {
      const ratios = rows.map((x, k) => x.reqPerSec / base[k]!.reqPerSec)
      results[c]![v] = { ...pick(rows), ratio: median(ratios), ratios, cpuRatio: median(rows.map((x, k) => base[k]!.serverCpuMsPerReq / x.serverCpuMsPerReq)) }
    }
  }
  report({ bench: 'read-api', records, rounds, seconds, connections, bytes, shapes, typical: { id: typicalId, index: typical.i }, paths, results })
} finally {
  await Promise.all(children.map((c) => c.stop()))
}
