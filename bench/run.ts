/**
 * Runs the benchmarks, each in its own child process (a clean heap and JIT state per benchmark;
 * the server benchmarks start their own fake, bare-server, load-generator and receiver processes),
 * and prints markdown tables. Figures are ratios against a baseline measured in the same run;
 * absolute numbers depend on the (shared, noisy) machine.
 *
 *   npm run bench                          # everything, short settings (about 4 minutes)
 *   npm run bench -- --full                # full settings (about 11 minutes)
 *   npm run bench -- --only server         # the server benchmarks only (also: generators, or names:
 *                                          #   throughput, random-access, rss, read-api, deep-paging,
 *                                          #   startup, notifications; comma-separated)
 *   npm run bench -- --only read-api --profile /tmp/prof   # CPU profiles of the fake children
 *
 * Short vs full: peak RSS of generate over 100,000 vs 1,000,000 records; read API 3 vs 5 rounds;
 * start-up paging cut at 30 s vs all 16,667 pages (at most 180 s); notification fan-out 5 vs 7
 * rounds, and with --full also a dead receiver that already holds 20,000 pending notifications.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { flag, fmt, numArg, table } from './util.js'

type Result = Record<string, any>

function child(script: string, args: string[]): Result {
  const path = fileURLToPath(new URL(script, import.meta.url))
  process.stderr.write(`running node ${script} ${args.join(' ')}\n`)
  const r = spawnSync(process.execPath, [path, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 })
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '))
  if (r.status !== 0 || !line) throw new Error(`${script} failed (exit ${r.status}):\n${r.stdout}`)
  return JSON.parse(line.slice('RESULT '.length)) as Result
}

const GROUPS: Record<string, string[]> = {
  generators: ['throughput', 'random-access', 'rss'],
  server: ['read-api', 'deep-paging', 'startup', 'notifications'],
}
const ALL = [...GROUPS.generators!, ...GROUPS.server!]
const onlyArg = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] ?? '' : ALL.join(',')
const selected = new Set(onlyArg.split(',').flatMap((n) => GROUPS[n] ?? [n]))
for (const n of selected) if (!ALL.includes(n)) throw new Error(`--only: unknown benchmark '${n}' (known: ${[...Object.keys(GROUPS), ...ALL].join(', ')})`)
const full = flag('full')
const profile = process.argv.includes('--profile') ? ['--profile', process.argv[process.argv.indexOf('--profile') + 1]!] : []
const rssRecords = full ? 1_000_000 : numArg('rss-records', 100_000)
const started = process.hrtime.bigint()

/** The commit the figures belong to (and whether the sources differed from it), for the write-up. */
function commit(): string {
  const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) })
  const head = git(['rev-parse', '--short', 'HEAD']).stdout?.trim()
  if (!head) return 'unknown commit'
  const dirty = git(['status', '--porcelain', '--', 'generators', 'server', 'fixtures']).stdout?.trim()
  return `commit ${head}${dirty ? ' with uncommitted changes to generators/, server/ or fixtures/' : ''}`
}
const at = `${commit()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`

const yes = (ok: boolean) => (ok ? 'met' : '**not met**')
const x = (r: number, d = 2) => `${fmt(r, d)}×`
const range = (rs: number[], d = 2) => `${fmt(Math.min(...rs), d)}–${fmt(Math.max(...rs), d)}`

// ------------------------------------------------------------------ generators

if (GROUPS.generators!.some((n) => selected.has(n))) {
  const rows: string[][] = [] // in the order 1, 2, 3 whatever order they run in
  if (selected.has('throughput')) {
    const tp = child('throughput.js', ['--count', '2000', '--rounds', '5'])
    rows[0] = [
      `1. throughput, records ${fmt(tp.from)}–${fmt(tp.from + tp.count - 1)}, median of ${tp.rounds} rounds`,
      `${fmt(tp.oursRecordsPerSec)} rec/s, ${fmt(tp.oursKBPerSec / 1000, 1)} MB/s, avg ${fmt(tp.oursAvgKB, 1)} KB`,
      `faker: ${fmt(tp.baseRecordsPerSec)} rec/s, ${fmt(tp.baseKBPerSec / 1000, 1)} MB/s, avg ${fmt(tp.baseAvgKB, 1)} KB`,
      `${x(tp.ratio)} (rounds ${range(tp.ratios)})`, '≥ 0.8× faker', yes(tp.ratio >= 0.8),
    ]
  }
  if (selected.has('random-access')) {
    const ra = child('random-access.js', ['--records', '1000000', '--count', '1000', '--rounds', '7'])
    rows[2] = [
      `3. random access, last ${fmt(ra.count)} vs first ${fmt(ra.count)} of ${fmt(ra.records)}, best of ${ra.rounds} rounds per record`,
      `tail: median ${fmt(ra.tailMedianUs, 1)} µs/rec (median ${fmt(ra.tailMedianKB, 1)} KB); mean ${fmt(ra.tailMeanUs, 1)} µs, ${fmt(ra.tailUsPerKB, 2)} µs/KB`,
      `head: median ${fmt(ra.headMedianUs, 1)} µs/rec (median ${fmt(ra.headMedianKB, 1)} KB); mean ${fmt(ra.headMeanUs, 1)} µs, ${fmt(ra.headUsPerKB, 2)} µs/KB`,
      `${x(ra.ratioMedian)} median record; ${x(ra.ratioPerKB)} per KB; ${x(ra.ratioMean)} mean (tail sets hold ${fmt(ra.tailAvgKB / ra.headAvgKB, 2)}× the bytes)`,
      '≈ 1.0× (0.9–1.1)', yes(ra.ratioMedian >= 0.9 && ra.ratioMedian <= 1.1),
    ]
  }
  if (selected.has('rss')) {
    const rss = child('rss-generate.js', ['--records', String(rssRecords)])
    rows[1] = [
      `2. peak RSS, ${fmt(rss.records)} records → NDJSON (discarded)`,
      `${fmt(rss.maxRssKB / 1024, 1)} MB peak (${fmt(rss.startRssKB / 1024, 1)} MB before the first record); ${fmt(rss.recordsPerSec)} rec/s; ${fmt(rss.totalBytes / 1e9, 2)} GB of NDJSON`,
      '—', '—', '< 200 MB', yes(rss.maxRssKB / 1024 < 200),
    ]
  }
  console.log(`\n## Generator benchmarks (node ${process.version}, ${process.platform}/${process.arch}; ${at})\n`)
  console.log(table(['benchmark', 'ours', 'baseline', 'ratio', 'target', 'result'], rows.filter(Boolean)))
  if (selected.has('rss') && !full) console.log(`\n(peak RSS over ${fmt(rssRecords)} records; \`npm run bench -- --full\` runs 1,000,000)`)
}

// ------------------------------------------------------------------ server

if (GROUPS.server!.some((n) => selected.has(n))) {
  const rows: string[][] = []
  const notes: string[] = []
  if (selected.has('read-api')) {
    const ra = child('server/read-api.js', ['--rounds', full ? '5' : '3', '--seconds', '2', ...profile])
    const r = ra.results
    const side = (v: Result) => `${fmt(v.reqPerSec)} req/s, ${fmt(v.mbPerSec, 1)} MB/s, p50 ${fmt(v.p50ms, 1)} ms; server CPU ${fmt(v.serverCpuMsPerReq, 3)} ms/req`
    const line = (label: string, c: string, fake: string, target: string | null) => {
      const f = r[c][fake]
      rows.push([label, side(f), `bare node:http: ${side(r[c].bare)}`, `${x(f.ratio)} req/s (rounds ${range(f.ratios)}); ${x(f.cpuRatio, 3)} CPU/req`, target ?? 'for the record', target ? yes(f.ratio >= 0.5) : '—'])
    }
    line(`A. list, first page (${ra.shapes.list}, ${fmt(ra.bytes.list / 1000, 1)} KB), ${ra.connections} connections, median of ${ra.rounds} rounds`, 'list', 'fake', '≥ 0.5× bare')
    line(`A. get with $expand=sessions($expand=segments) (${ra.shapes.get}, ${fmt(ra.bytes.get / 1000, 1)} KB)`, 'get', 'fake', '≥ 0.5× bare')
    line('A. list, text cache off (`cacheBytes: 0`, pages 1 and 2 alternated)', 'coldList', 'cold', null)
    line(`D. getPstnCalls first page over 30 days (${ra.shapes.report}, ${fmt(ra.bytes.report / 1000, 1)} KB)`, 'report', 'fake', '≥ 0.5× bare')
    line('D. getPstnCalls, text cache off (pages 1 and 2 alternated)', 'coldReport', 'cold', null)
    notes.push('What makes the read API fast: the text cache keeps each record\'s (and each report page\'s) JSON text, so a warm list page is stitched from 60 cached strings instead of being built and serialised (compare the `cacheBytes: 0` rows).')
  }
  if (selected.has('deep-paging')) {
    const dp = child('server/deep-paging.js', ['--pairs', '60', ...profile])
    const l = dp.list
    rows.push([
      `B. list page 120 records from the end vs the first page, ${fmt(l.records)} records, cold (cacheBytes 0), ${l.pairs} alternated pairs`,
      `deep: median ${fmt(l.strict.tail.median, 2)} ms (${fmt(l.strict.tail.medianBytes / 1000, 1)} KB); last 50 pages in rotation: ${fmt(l.rotating.tail.median, 2)} ms`,
      `first: median ${fmt(l.strict.head.median, 2)} ms (${fmt(l.strict.head.medianBytes / 1000, 1)} KB); first 50 pages in rotation: ${fmt(l.rotating.head.median, 2)} ms`,
      `${x(l.strict.ratio)}; rotating (plans cold too) ${x(l.rotating.ratio)}`, '≤ 1.2×', yes(l.strict.ratio <= 1.2 && l.rotating.ratio <= 1.2),
    ])
    const p = dp.report
    rows.push([
      `D. getPstnCalls last page vs first, ${fmt(p.rows)} rows in 90 days (${fmt(p.records)} records), cold, ${p.head.n} alternated pairs`,
      `last ($skip=${fmt(p.lastSkip)}): median ${fmt(p.tail.median, 1)} ms`,
      `first: median ${fmt(p.head.median, 1)} ms`,
      x(p.ratio), '≤ 1.2×', yes(p.ratio <= 1.2),
    ])
    notes.push(`The first report request after start-up took ${fmt(p.firstEverMs)} ms (one-time work over the range: per-block sums of meeting phone participants), then every page costs the same.`)
  }
  if (selected.has('startup')) {
    const st = child('server/startup-memory.js', ['--max-seconds', full ? '180' : '30', ...profile])
    rows.push([
      `C. \`serve --records ${fmt(st.records)}\`: spawn → banner`, `${fmt(st.startupMs)} ms (RSS ${fmt(st.rssAtBannerKB / 1024, 1)} MB)`, '—', '—', '< 2 s', yes(st.startupMs < 2000),
    ])
    rows.push([
      `C. paging through ${st.complete ? 'all' : 'the first'} ${fmt(st.pages)} pages (${fmt(st.recordsSeen)} records) following @odata.nextLink`,
      `peak RSS ${fmt(st.peakRssKB / 1024, 1)} MB; ${fmt(st.pagesPerSec, 1)} pages/s (${fmt(st.recordsPerSec)} records/s)`,
      '—', '—', '< 300 MB', yes(st.peakRssKB / 1024 < 300),
    ])
    if (!st.complete) notes.push(`Paging was cut after ${fmt(st.pagingSeconds)} s (${fmt(st.pages)} of 16,667 pages); \`--full\` pages to the end.`)
  }
  if (selected.has('notifications')) {
    const nt = child('server/notifications.js', ['--rounds', full ? '7' : '5', ...(full ? ['--dead-backlog', '20000'] : []), ...profile])
    const f = nt.fanout
    rows.push([
      `E. fan-out: 100 subscriptions × ${fmt(f.calls)} new calls = ${fmt(f.notifications)} notifications to local receivers, median of ${f.rounds} rounds`,
      `${fmt(f.healthy.allPerSec)} notifications/s (all in ${fmt(f.healthy.seconds, 2)} s); delay p50 ${fmt(f.healthy.p50)} ms, p99 ${fmt(f.healthy.p99)} ms`,
      '—', '—', 'report', 'reported',
    ])
    const dead = (label: string, d: Result) => rows.push([
      `E. one receiver dead (${label}): the 99 healthy queues`, `${fmt(d.healthyPerSec)} notifications/s (p99 ${fmt(d.p99)} ms; the dead one got ${fmt(d.extraAttempts)} attempts)`,
      `all healthy: ${fmt(f.healthy.healthyPerSec)}/s`, `${x(d.ratio)} (rounds ${range(d.ratios)}); the fake's CPU per delivered notification ${x(d.cpuRatio)} the healthy run's`, '≥ 0.9×', yes(d.ratio >= 0.9),
    ])
    dead('connection refused', f.refuse)
    dead('never answers; 3 s timeout', f.silent)
    if (f.backlog) dead(`answers 503, ${fmt(f.backlog.deadBacklog)} notifications already pending`, f.backlog)
    const b = nt.backlog
    rows.push([
      `F. one subscription to a receiver answering 503, ${fmt(b.dead.calls)} new calls`,
      `RSS ${fmt(b.dead.rssBeforeMB, 1)} → ${fmt(b.dead.rssAfterMB, 1)} MB (${fmt(b.dead.rssAfterGcMB, 1)} MB after a full GC; peak ${fmt(b.dead.peakRssMB, 1)}); live heap ${fmt(b.dead.heapAfterGcMB, 1)} MB; pending ${fmt(b.dead.stats.pending)}, delivered ${fmt(b.dead.stats.delivered)}, dropped ${fmt(b.dead.stats.dropped)}`,
      `no subscription: RSS ${fmt(b.control.rssAfterMB, 1)} MB (${fmt(b.control.rssAfterGcMB, 1)} after GC), live heap ${fmt(b.control.heapAfterGcMB, 1)} MB`,
      `+${fmt(b.extraRssMB, 1)} MB RSS, +${fmt(b.extraHeapMB, 1)} MB heap for the backlog`, 'report', 'reported',
    ])
    notes.push(`With the 100,000-notification backlog and no requests, the fake kept ${fmt(b.dead.idleCpuShare * 100)} % of a core busy for ${fmt(b.dead.attemptsPerSecIdle)} delivery attempts a second.`)
  }
  console.log(`\n## Server benchmarks (node ${process.version}, ${process.platform}/${process.arch}; ${at})\n`)
  console.log(table(['benchmark', 'fake', 'baseline', 'ratio', 'target', 'result'], rows))
  if (notes.length) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'))
}

process.stderr.write(`\nall benchmarks: ${fmt(Number(process.hrtime.bigint() - started) / 1e9)} s\n`)
