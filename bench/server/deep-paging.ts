/**
 * Benchmarks B and D2: a page deep in the data against the first page, both cold.
 *
 *   node dist/bench/server/deep-paging.js [--records 1000000] [--report-records 4300000] [--pairs 60] [--only list|report] [--profile DIR]
 *
 * B: a fake with 1,000,000 records, `cacheBytes: 0` and our own `tokenSecret`, so the deep page's
 * `$skiptoken` is made here with encodeToken (the cursor of the record before the page). Two
 * ways of keeping it cold: (1) the first page and a page 120 records from the end, alternated
 * (text cache off; the data set's small plan cache does keep their 61 plans each); (2) the first
 * 50 pages and the last 50 pages in rotation (6,000 distinct records, far more than the plan cache
 * holds, so every record is planned and rendered afresh). Many pages on each side, because a page
 * that holds a town-hall meeting (131–400 participants) costs several times an ordinary one to
 * plan: five pages a side would compare content, not depth.
 * D2: a fake with 4,300,000 records over 90 days (about 1,000,000 getPstnCalls rows in the range)
 * and `cacheBytes: 0`; getPstnCalls over the whole 90 days, the first page against the last
 * (`$skip` = rows − 1,000). The rows are counted first with `$top=1` probes (binary search).
 * Requests are sequential on one keep-alive connection; the figure is the ratio of median latencies.
 */
import { createDataset } from '../../generators/index.js'
import { encodeToken } from '../../server/odata/skiptoken.js'
import { median, numArg, report } from '../util.js'
import { Client, percentile } from './client.js'
import { DAY_MS, iso, log, NOW, NOW_MS, profileArgv, SEED, strArg } from './common.js'
import { start } from './procs.js'

const records = numArg('records', 1_000_000)
const reportRecords = numArg('report-records', 4_300_000)
const pairs = numArg('pairs', 60)
const only = strArg('only', null)
const SECRET = 'bench-deep-paging-secret'

async function alternate(client: Client, groups: { name: string; paths: string[]; check: (body: any) => void }[], n: number) {
  const times: number[][] = groups.map(() => [])
  const sizes: number[][] = groups.map(() => [])
  for (let k = 0; k < n; k++) {
    for (let g = 0; g < groups.length; g++) {
      // alternate which group goes first
      const gi = (g + k) % groups.length
      const grp = groups[gi]!
      const path = grp.paths[k % grp.paths.length]!
      const r = await client.get(path)
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body.toString().slice(0, 200)}`)
      if (k === 0) grp.check(JSON.parse(r.body.toString()))
      times[gi]!.push(r.ms)
      sizes[gi]!.push(r.body.length)
    }
  }
  return times.map((t, g) => ({ median: median(t), p90: percentile(t, 90), min: Math.min(...t), n: t.length, medianBytes: median(sizes[g]!) }))
}

const out: Record<string, unknown> = { bench: 'deep-paging' }

if (only !== 'report') {
  const { child, ready } = await start('fake (1M, cacheBytes 0)', 'fake-child.js',
    [JSON.stringify({ seed: SEED, records, now: NOW, virtualClock: true, cacheBytes: 0, tokenSecret: SECRET })], profileArgv('fake-deep-list'))
  try {
    const ds = createDataset({ seed: SEED, records, now: NOW })
    const client = new Client(ready.url)
    const list = '/v1.0/communications/callRecords'
    /** the page that starts at record j: the cursor is record j − 1 */
    const pageAt = (j: number) => j === 0 ? list : `${list}?$skiptoken=${encodeToken({ k: 'l', s: ds.timeline.startOf(j - 1), i: ds.idOf(j - 1) }, SECRET)}`
    const checkAt = (j: number) => (b: any) => {
      if (b.value.length !== 60 || b.value[0].id !== ds.idOf(j) || !b['@odata.nextLink']) throw new Error(`page at ${j} is not what was expected`)
    }
    const tail = records - 120
    // warm-up: JIT, both code paths
    await alternate(client, [{ name: 'head', paths: [pageAt(0)], check: checkAt(0) }, { name: 'tail', paths: [pageAt(tail)], check: checkAt(tail) }], 10)
    const strict = await alternate(client, [
      { name: 'first page', paths: [pageAt(0)], check: checkAt(0) },
      { name: 'page at records − 120', paths: [pageAt(tail)], check: checkAt(tail) },
    ], pairs)
    const heads = Array.from({ length: 50 }, (_, k) => k * 60)
    const tails = heads.map((h) => records - 3060 + h)
    const rotating = await alternate(client, [
      { name: 'head pages', paths: heads.map(pageAt), check: checkAt(0) },
      { name: 'tail pages', paths: tails.map(pageAt), check: checkAt(tails[0]!) },
    ], Math.max(pairs, 100))
    out.list = {
      records, pairs, tailIndex: tail,
      strict: { head: strict[0], tail: strict[1], ratio: strict[1]!.median / strict[0]!.median },
      rotating: { head: rotating[0], tail: rotating[1], ratio: rotating[1]!.median / rotating[0]!.median },
    }
    log(`deep list paging (${records.toLocaleString('en-US')} records): first page ${strict[0]!.median.toFixed(2)} ms, page at ${tail.toLocaleString('en-US')} ${strict[1]!.median.toFixed(2)} ms → ${(strict[1]!.median / strict[0]!.median).toFixed(2)}×; rotating 50+50 pages ${rotating[0]!.median.toFixed(2)} / ${rotating[1]!.median.toFixed(2)} ms → ${(rotating[1]!.median / rotating[0]!.median).toFixed(2)}×`)
    client.close()
  } finally {
    await child.stop()
  }
}

if (only !== 'list') {
  const t0 = process.hrtime.bigint()
  const { child, ready } = await start('fake (reports, 90 days, cacheBytes 0)', 'fake-child.js',
    [JSON.stringify({ seed: SEED, records: reportRecords, now: NOW, windowDays: 90, virtualClock: true, cacheBytes: 0 })], profileArgv('fake-deep-report'))
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6
  try {
    const client = new Client(ready.url)
    const fn = `/v1.0/communications/callRecords/getPstnCalls(fromDateTime=${iso(NOW_MS - 90 * DAY_MS)},toDateTime=${iso(NOW_MS)})`
    // the very first request after start-up (one-time work: per-block sums of phone participants)
    const firstEver = await client.get(fn)
    if (firstEver.status !== 200) throw new Error(`${fn}: ${firstEver.status} ${firstEver.body.toString().slice(0, 300)}`)
    // count the rows: the largest skip that still returns a row, + 1
    const probe = async (skip: number) => {
      const r = await client.get(`${fn}?$top=1&$skip=${skip}`)
      if (r.status !== 200) throw new Error(`probe ${skip}: ${r.status}`)
      return JSON.parse(r.body.toString()).value.length > 0
    }
    let lo = 0
    let hi = 1
    while (await probe(hi)) hi *= 2
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (await probe(mid)) lo = mid
      else hi = mid
    }
    const rows = lo + 1
    const lastSkip = rows - 1000
    const head = { name: 'first page', paths: [fn], check: (b: any) => { if (b.value.length !== 1000 || !b['@odata.nextLink']) throw new Error('first report page is not a full page') } }
    const tail = { name: 'last page', paths: [`${fn}?$skip=${lastSkip}`], check: (b: any) => { if (b.value.length !== 1000 || b['@odata.nextLink']) throw new Error('last report page is not the last full page') } }
    await alternate(client, [head, tail], 4) // warm-up
    const t = await alternate(client, [head, tail], pairs)
    out.report = {
      records: reportRecords, windowDays: 90, rows, lastSkip, startMs, firstEverMs: firstEver.ms,
      head: t[0], tail: t[1], ratio: t[1]!.median / t[0]!.median, bytes: firstEver.body.length,
    }
    log(`deep report paging (${reportRecords.toLocaleString('en-US')} records, 90 days, ${rows.toLocaleString('en-US')} rows): first-ever request ${firstEver.ms.toFixed(0)} ms; first page ${t[0]!.median.toFixed(1)} ms, last page ${t[1]!.median.toFixed(1)} ms → ${(t[1]!.median / t[0]!.median).toFixed(2)}×`)
    client.close()
  } finally {
    await child.stop()
  }
}

report(out)
