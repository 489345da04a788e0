/**
 * Diagnosis for benchmark C (not run by `npm run bench`): where the fake's memory goes while a
 * client pages through a large data set. Pages through `--pages` list pages of a fake child
 * (1,000,000 records) with a given text-cache budget and node flags, and prints RSS, V8 heap
 * used/total, and the live heap after a full GC, every 1,000 pages.
 *
 *   node dist/bench/server/cache-memory.js [--pages 3000] [--cache-bytes N] [--node-flags "--max-old-space-size=128"]
 */
import { numArg, report } from '../util.js'
import { Client } from './client.js'
import { log, NOW, SEED, strArg } from './common.js'
import { procMemKB, start } from './procs.js'

const pages = numArg('pages', 3000)
const cacheBytes = strArg('cache-bytes', null)
const nodeFlags = (strArg('node-flags', '') ?? '').split(' ').filter(Boolean)
const opts = { seed: SEED, records: 1_000_000, now: NOW, ...(cacheBytes !== null ? { cacheBytes: Number(cacheBytes) } : {}) }
const { child, ready } = await start('fake', 'fake-child.js', [JSON.stringify(opts)], ['--expose-gc', ...nodeFlags])
const MB = 1048576
const rows: Record<string, number>[] = []
try {
  const client = new Client(ready.url)
  let path = '/v1.0/communications/callRecords'
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, procMemKB(child.pid)?.rss ?? 0)), 50)
  for (let p = 1; p <= pages; p++) {
    const r = await client.get(path)
    path = client.pathOf((JSON.parse(r.body.toString()) as { '@odata.nextLink': string })['@odata.nextLink'])
    if (p % 1000 === 0 || p === pages) {
      const u = await child.call('usage')
      const g = await child.call('gc')
      const row = { page: p, rssMB: u.mem.rss / MB, heapUsedMB: u.mem.heapUsed / MB, heapTotalMB: u.mem.heapTotal / MB, liveHeapMB: g.mem.heapUsed / MB, peakRssMB: Math.max(peak, g.resource.maxRSS) / 1024 }
      rows.push(row)
      log(`cacheBytes ${cacheBytes ?? 'default (64 MiB)'} ${nodeFlags.join(' ')}: page ${p}: RSS ${row.rssMB.toFixed(1)} MB (peak ${row.peakRssMB.toFixed(1)}), heap used ${row.heapUsedMB.toFixed(1)} of ${row.heapTotalMB.toFixed(1)} MB, live after GC ${row.liveHeapMB.toFixed(1)} MB`)
    }
  }
  clearInterval(sampler)
  client.close()
} finally {
  await child.stop()
}
report({ bench: 'cache-memory', cacheBytes, nodeFlags, pages, rows })
