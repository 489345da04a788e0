/**
 * Runs the three benchmarks, each in its own child process (a clean heap and JIT state per
 * benchmark), and prints a markdown table. Figures are ratios against a baseline measured in the
 * same run; absolute numbers depend on the (shared, noisy) machine.
 *
 *   npm run bench                 # peak RSS over 100,000 records (about 2 minutes in all)
 *   npm run bench -- --full       # peak RSS over 1,000,000 records (about 10 minutes more)
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { flag, fmt, numArg, table } from './util.js'

type Result = Record<string, number>

function child(script: string, args: string[]): Result {
  const path = fileURLToPath(new URL(script, import.meta.url))
  process.stderr.write(`running node ${script} ${args.join(' ')}\n`)
  const r = spawnSync(process.execPath, [path, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '))
  if (r.status !== 0 || !line) throw new Error(`${script} failed (exit ${r.status}):\n${r.stdout}`)
  return JSON.parse(line.slice('RESULT '.length)) as Result
}

const rssRecords = flag('full') ? 1_000_000 : numArg('rss-records', 100_000)

const tp = child('throughput.js', ['--count', '2000', '--rounds', '5'])
const ra = child('random-access.js', ['--records', '1000000', '--count', '1000', '--rounds', '7'])
const rss = child('rss-generate.js', ['--records', String(rssRecords)])

const yes = (ok: boolean) => (ok ? 'met' : '**not met**')
console.log(`\n## Benchmarks (node ${process.version}, ${process.platform}/${process.arch})\n`)
console.log(table(['benchmark', 'ours', 'baseline', 'ratio', 'target', 'result'], [
  [
    `1. throughput, records ${fmt(tp.from!)}–${fmt(tp.from! + tp.count! - 1)}, median of ${tp.rounds} rounds`,
    `${fmt(tp.oursRecordsPerSec!)} rec/s, ${fmt(tp.oursKBPerSec! / 1000, 1)} MB/s, avg ${fmt(tp.oursAvgKB!, 1)} KB`,
    `faker: ${fmt(tp.baseRecordsPerSec!)} rec/s, ${fmt(tp.baseKBPerSec! / 1000, 1)} MB/s, avg ${fmt(tp.baseAvgKB!, 1)} KB`,
    `${fmt(tp.ratio!, 2)}× (rounds ${fmt(Math.min(...(tp.ratios as unknown as number[])), 2)}–${fmt(Math.max(...(tp.ratios as unknown as number[])), 2)})`,
    '≥ 0.8× faker',
    yes(tp.ratio! >= 0.8),
  ],
  [
    `2. peak RSS, ${fmt(rss.records!)} records → NDJSON (discarded)`,
    `${fmt(rss.maxRssKB! / 1024, 1)} MB peak (${fmt(rss.startRssKB! / 1024, 1)} MB before the first record); ${fmt(rss.recordsPerSec!)} rec/s; ${fmt(rss.totalBytes! / 1e9, 2)} GB of NDJSON`,
    '—',
    '—',
    '< 200 MB',
    yes(rss.maxRssKB! / 1024 < 200),
  ],
  [
    `3. random access, last ${fmt(ra.count!)} vs first ${fmt(ra.count!)} of ${fmt(ra.records!)}, best of ${ra.rounds} rounds per record`,
    `tail: median ${fmt(ra.tailMedianUs!, 1)} µs/rec (median ${fmt(ra.tailMedianKB!, 1)} KB); mean ${fmt(ra.tailMeanUs!, 1)} µs, ${fmt(ra.tailUsPerKB!, 2)} µs/KB`,
    `head: median ${fmt(ra.headMedianUs!, 1)} µs/rec (median ${fmt(ra.headMedianKB!, 1)} KB); mean ${fmt(ra.headMeanUs!, 1)} µs, ${fmt(ra.headUsPerKB!, 2)} µs/KB`,
    `${fmt(ra.ratioMedian!, 2)}× median record; ${fmt(ra.ratioPerKB!, 2)}× per KB; ${fmt(ra.ratioMean!, 2)}× mean (tail sets hold ${fmt(ra.tailAvgKB! / ra.headAvgKB!, 2)}× the bytes)`,
    '≈ 1.0× (0.9–1.1)',
    yes(ra.ratioMedian! >= 0.9 && ra.ratioMedian! <= 1.1),
  ],
]))
if (!flag('full')) console.log(`\n(peak RSS over ${fmt(rssRecords)} records; \`npm run bench -- --full\` runs 1,000,000)`)
