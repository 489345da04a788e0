/**
 * Benchmark 1: fully expanded records per second, ours against a hand-written faker baseline of
 * the same shape and structure, measured in the same process with interleaved rounds.
 *
 *   node dist/bench/throughput.js [--from 0] [--count 2000] [--rounds 5] [--only ours]
 *
 * Ours: `JSON.stringify(ds.record(i))` for i in [from, from + count), on a fresh Dataset each
 * round (so every plan is built, none comes from the plan cache). Baseline:
 * `JSON.stringify(baselineRecord(skeleton[i]))` after `faker.seed(42)`. The skeletons and the
 * byte sizes are taken before timing starts.
 */
import { createDataset } from '../generators/index.js'
import { baselineRecord, seedBaseline, skeletonOf, type Skeleton } from './faker-baseline.js'
import { flag, median, NOW, numArg, report, SEED, timeSeconds } from './util.js'

const from = numArg('from', 0)
const count = numArg('count', 2000)
const rounds = numArg('rounds', 5)
const RECORDS = 1_000_000
const fresh = () => createDataset({ seed: SEED, records: RECORDS, now: NOW })

// untimed: the structure and the size of each of our records, and the size of the baseline's
const skeletons: Skeleton[] = []
let oursBytes = 0
let baseBytes = 0
function prepare(): void {
  const ds = fresh()
  for (let i = from; i < from + count; i++) {
    const text = JSON.stringify(ds.record(i))
    oursBytes += Buffer.byteLength(text)
    skeletons.push(skeletonOf(JSON.parse(text)))
  }
  seedBaseline(SEED, NOW)
  for (const sk of skeletons) baseBytes += Buffer.byteLength(JSON.stringify(baselineRecord(sk)))
}

let sink = 0 // keeps the strings observable, so nothing is optimised away
function runOurs(n: number): number {
  const ds = fresh() // a fresh data set: cold plan cache, outside the timing
  return timeSeconds(() => {
    for (let i = from; i < from + n; i++) sink += JSON.stringify(ds.record(i)).length
  })
}
function runBaseline(n: number): number {
  seedBaseline(SEED, NOW)
  return timeSeconds(() => {
    for (let i = 0; i < n; i++) sink += JSON.stringify(baselineRecord(skeletons[i]!)).length
  })
}

if (flag('only')) {
  // for profiling: `node --cpu-prof dist/bench/throughput.js --only ours`
  const side = process.argv[process.argv.indexOf('--only') + 1]
  if (side === 'baseline') prepare()
  const s = side === 'baseline' ? runBaseline(count) : runOurs(count)
  console.log(`${side}: ${(count / s).toFixed(0)} records/s`)
} else {
  prepare()
  // warm-up (JIT), not counted
  runOurs(Math.min(count, 300))
  runBaseline(Math.min(count, 300))
  const ours: number[] = []
  const base: number[] = []
  for (let r = 0; r < rounds; r++) {
    // alternate the order (AB BA AB …) so neither side always runs on a warmer or fuller heap
    if (r % 2 === 0) { ours.push(runOurs(count)); base.push(runBaseline(count)) }
    else { base.push(runBaseline(count)); ours.push(runOurs(count)) }
  }
  const ratios = ours.map((s, r) => base[r]! / s)
  const result = {
    bench: 'throughput',
    from, count, rounds,
    oursRecordsPerSec: count / median(ours),
    baseRecordsPerSec: count / median(base),
    oursKBPerSec: oursBytes / 1000 / median(ours),
    baseKBPerSec: baseBytes / 1000 / median(base),
    oursAvgKB: oursBytes / count / 1000,
    baseAvgKB: baseBytes / count / 1000,
    ratio: median(ratios),
    ratios,
    checksum: sink,
  }
  report(result)
}
