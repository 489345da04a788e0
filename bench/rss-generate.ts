/**
 * Benchmark 2 (child process): writes a data set of `--records` records as NDJSON (v1.0) through
 * writeDataset into sinks that count and discard the bytes, then reports the peak RSS.
 *
 *   node dist/bench/rss-generate.js --records 1000000
 */
import { writeDataset } from '../fixtures/write-dataset.js'
import { createDataset } from '../generators/index.js'
import { CountingSink, NOW, numArg, report, SEED } from './util.js'

const records = numArg('records', 100_000)
const ds = createDataset({ seed: SEED, records, now: NOW })
const startRssKB = process.resourceUsage().maxRSS // modules loaded, tenant world built
const totals = { bytes: 0 }
const files: Record<string, number> = {}
const t0 = process.hrtime.bigint()
const summary = await writeDataset(ds, {
  dir: '/nonexistent/bench',
  format: 'ndjson',
  apiVersion: 'v1.0',
  open: (path) => {
    const sink = new CountingSink(totals)
    sink.on('finish', () => (files[path.slice(path.lastIndexOf('/') + 1)] = sink.bytes))
    return sink
  },
})
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
await new Promise((r) => setImmediate(r)) // tenant.json and manifest.json finish after writeDataset returns
report({
  bench: 'rss',
  records,
  seconds,
  recordsPerSec: records / seconds,
  totalBytes: totals.bytes,
  callRecordsBytes: files['callRecords.ndjson'] ?? null,
  maxRssKB: process.resourceUsage().maxRSS,
  startRssKB,
  rows: summary.files,
})
