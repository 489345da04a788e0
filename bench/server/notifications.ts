/**
 * Benchmarks E and F: change-notification fan-out to real local receivers, and the memory a dead
 * receiver's backlog holds.
 *
 *   node dist/bench/server/notifications.js [--rounds 5] [--calls 1000] [--only fanout|backlog]
 *                                           [--backlog 100000] [--dead-backlog N] [--profile DIR]
 *
 * E (fan-out): a fake (real-time clock) and two receiver processes. 99 subscriptions point at the
 * main receiver (paths /hook/1 … /hook/99, so 99 delivery queues) and the 100th at a second
 * receiver (Graph allows 100 subscriptions per tenant, so "one extra" is the 100th). In a round
 * the second receiver is healthy, or dead: `refuse` (it stops listening after the handshake:
 * connection refused) or `silent` (accepts and never answers: the fake gives up after 3 s). Then
 * one `POST /_mock/callRecords {"count": 1000}` and we wait for every notification the healthy
 * receivers should get. Delay = arrival (receiver's monotonic clock) − the moment the POST was
 * sent. The modes rotate from round to round; the dead/healthy ratio compares the 99 healthy
 * queues' notifications per second in the same round. `--dead-backlog N` adds a fourth mode,
 * `backlog`: the second receiver answers 503 and already holds N pending notifications (its
 * subscription is made first and N calls are added before the 99 others subscribe).
 * F (backlog): one subscription to a receiver that answers 503, then 100,000 new calls in POSTs
 * of 1,000; the fake's RSS before and after, its heap after a full GC, and /_mock/deliveries
 * stats. A control fake without the subscription gets the same calls, to separate the backlog
 * from the memory of the added calls themselves.
 */
import { median, numArg, report } from '../util.js'
import { Client } from './client.js'
import { cpuSeconds, log, NOW, profileArgv, SEED, sleep, strArg, type Usage } from './common.js'
import { procMemKB, start, type Child } from './procs.js'

const rounds = numArg('rounds', 5)
const calls = numArg('calls', 1000)
const backlog = numArg('backlog', 100_000)
const only = strArg('only', null)
const deadBacklog = numArg('dead-backlog', 0)
const nowMs = () => Number(process.hrtime.bigint()) / 1e6

async function subscribe(client: Client, url: string, expires: string): Promise<void> {
  const r = await client.post('/v1.0/subscriptions', {
    changeType: 'created', notificationUrl: url, resource: '/communications/callRecords', expirationDateTime: expires, clientState: 'bench',
  })
  if (r.status !== 201) throw new Error(`subscription to ${url}: ${r.status} ${r.body.toString().slice(0, 300)}`)
}

async function expiry(client: Client): Promise<string> {
  const clock = JSON.parse((await client.get('/_mock/clock')).body.toString()) as { now: string }
  return new Date(Date.parse(clock.now) + 2 * 86_400_000).toISOString()
}

/** POSTs `n` new calls in chunks of at most 1,000; answers id → the time its chunk was sent. */
async function addCalls(client: Client, n: number, created: Record<string, number> = {}): Promise<{ created: Record<string, number>; ms: number[] }> {
  const ms: number[] = []
  for (let left = n; left > 0; left -= 1000) {
    const count = Math.min(1000, left)
    const sent = nowMs()
    const r = await client.post('/_mock/callRecords', { count })
    if (r.status !== 201) throw new Error(`POST /_mock/callRecords: ${r.status} ${r.body.toString().slice(0, 300)}`)
    ms.push(r.ms)
    for (const rec of (JSON.parse(r.body.toString()) as { value: { id: string }[] }).value) created[rec.id] = sent
  }
  return { created, ms }
}

const out: Record<string, unknown> = { bench: 'notifications' }

if (only !== 'backlog') {
  const [fake, main, extra] = await Promise.all([
    start('fake', 'fake-child.js', [JSON.stringify({ seed: SEED, records: 1000, now: NOW })], profileArgv('fake-fanout')),
    start('receiver', 'receiver-child.js'),
    start('receiver 2', 'receiver-child.js'),
  ])
  const children: Child[] = [fake.child, main.child, extra.child]
  try {
    const client = new Client(fake.ready.url)
    const HEALTHY = 99
    type Mode = 'healthy' | 'refuse' | 'silent' | 'backlog'
    const modes: Mode[] = ['healthy', 'refuse', 'silent', ...(deadBacklog > 0 ? ['backlog' as const] : [])]
    type RoundResult = {
      mode: Mode; healthyPerSec: number; allPerSec: number | null; p50: number; p99: number; max: number
      postMs: number; fakeCpuS: number; seconds: number; extraAttempts: number; complete: boolean
    }
    const results: RoundResult[] = []
    const runRound = async (mode: Mode, warmUp = false): Promise<RoundResult> => {
      const rr = await client.post('/_mock/reset', {})
      if (rr.status !== 204) throw new Error(`reset: ${rr.status}`)
      const [{ url: u1 }, { url: u2 }] = await Promise.all([main.child.call('reset'), extra.child.call('reset')])
      const expires = await expiry(client)
      if (mode === 'backlog') {
        // the dead receiver's queue fills first, while it is the only subscriber
        await subscribe(client, `${u2}/hook/extra`, expires)
        await extra.child.call('mode', { mode: '503' })
        await addCalls(client, deadBacklog)
      }
      for (let k = 1; k <= HEALTHY; k++) await subscribe(client, `${u1}/hook/${k}`, expires)
      if (mode !== 'backlog') {
        await subscribe(client, `${u2}/hook/extra`, expires)
        await extra.child.call('mode', { mode: mode === 'healthy' ? 'ok' : mode })
      }
      const u0 = await fake.child.call<Usage>('usage')
      const { created, ms } = await addCalls(client, calls)
      const t0 = Math.min(...Object.values(created))
      const wantMain = HEALTHY * calls
      const wantExtra = mode === 'healthy' ? calls : 0
      const deadline = nowMs() + 120_000
      for (;;) {
        const [a, b] = await Promise.all([main.child.call('count'), extra.child.call('count')])
        if ((a.notifications >= wantMain && b.notifications >= wantExtra) || nowMs() > deadline) break
        await sleep(20)
      }
      const u1s = await fake.child.call<Usage>('usage')
      const s1 = await main.child.call('stats', { created })
      const s2 = await extra.child.call('stats', { created })
      const extraAttempts = (await extra.child.call('count')).attempts
      const complete = s1.notifications >= wantMain && s2.notifications >= wantExtra
      const last = Math.max(s1.lastArrival, wantExtra ? s2.lastArrival : -Infinity)
      // delays: the main receiver's 99 % of the notifications (the second receiver's 1 % moves p99 by nothing measurable)
      const r: RoundResult = {
        mode,
        healthyPerSec: s1.notifications / ((s1.lastArrival - t0) / 1000),
        allPerSec: mode === 'healthy' ? (s1.notifications + s2.notifications) / ((last - t0) / 1000) : null,
        p50: s1.p50, p99: s1.p99, max: Math.max(s1.max, wantExtra ? s2.max : -Infinity),
        postMs: ms[0]!, fakeCpuS: cpuSeconds(u0, u1s), seconds: (last - t0) / 1000, extraAttempts, complete,
      }
      if (!warmUp) log(`fan-out round (${mode}): ${s1.notifications.toLocaleString('en-US')} to the 99 healthy queues at ${r.healthyPerSec.toFixed(0)}/s${r.allPerSec ? `, all ${(s1.notifications + s2.notifications).toLocaleString('en-US')} at ${r.allPerSec.toFixed(0)}/s` : ''}; delay p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; POST ${r.postMs.toFixed(0)} ms; fake CPU ${r.fakeCpuS.toFixed(2)} s; second receiver saw ${extraAttempts} POSTs${complete ? '' : ' — INCOMPLETE (timed out)'}`)
      return r
    }
    await runRound('healthy', true) // warm-up
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < modes.length; k++) results.push(await runRound(modes[(k + r) % modes.length]!))
    }
    const byMode = (m: Mode) => results.filter((x) => x.mode === m)
    const healthy = byMode('healthy')
    const ratio = (m: Mode) => {
      // pair each dead round with the healthy run of the same round
      const per: number[] = []
      const cpu: number[] = []
      for (let r = 0; r < rounds; r++) {
        const round = results.slice(r * modes.length, (r + 1) * modes.length)
        const dead = round.find((x) => x.mode === m)!
        const ok = round.find((x) => x.mode === 'healthy')!
        per.push(dead.healthyPerSec / ok.healthyPerSec)
        // the fake's CPU per notification delivered to a healthy receiver: dead round / healthy round
        cpu.push((dead.fakeCpuS / (HEALTHY * calls)) / (ok.fakeCpuS / (100 * calls)))
      }
      return { ratio: median(per), ratios: per, cpuRatio: median(cpu), cpuRatios: cpu }
    }
    out.fanout = {
      subscriptions: 100, calls, notifications: 100 * calls, rounds,
      healthy: {
        allPerSec: median(healthy.map((x) => x.allPerSec!)), healthyPerSec: median(healthy.map((x) => x.healthyPerSec)),
        p50: median(healthy.map((x) => x.p50)), p99: median(healthy.map((x) => x.p99)), max: median(healthy.map((x) => x.max)),
        seconds: median(healthy.map((x) => x.seconds)), postMs: median(healthy.map((x) => x.postMs)), fakeCpuS: median(healthy.map((x) => x.fakeCpuS)),
      },
      refuse: { healthyPerSec: median(byMode('refuse').map((x) => x.healthyPerSec)), p99: median(byMode('refuse').map((x) => x.p99)), extraAttempts: median(byMode('refuse').map((x) => x.extraAttempts)), ...ratio('refuse') },
      silent: { healthyPerSec: median(byMode('silent').map((x) => x.healthyPerSec)), p99: median(byMode('silent').map((x) => x.p99)), extraAttempts: median(byMode('silent').map((x) => x.extraAttempts)), ...ratio('silent') },
      ...(deadBacklog > 0 ? { backlog: { deadBacklog, healthyPerSec: median(byMode('backlog').map((x) => x.healthyPerSec)), p99: median(byMode('backlog').map((x) => x.p99)), extraAttempts: median(byMode('backlog').map((x) => x.extraAttempts)), ...ratio('backlog') } } : {}),
      complete: results.every((x) => x.complete),
      rows: results,
    }
    client.close()
  } finally {
    await Promise.all(children.map((c) => c.stop()))
  }
}

if (only !== 'fanout') {
  const receiver = await start('receiver (503)', 'receiver-child.js')
  const mb = (kb: number | undefined) => (kb ?? NaN) / 1024
  const runBacklog = async (withSubscription: boolean) => {
    const fake = await start(withSubscription ? 'fake (dead receiver)' : 'fake (control)', 'fake-child.js',
      [JSON.stringify({ seed: SEED, records: 1000, now: NOW })], ['--expose-gc', ...profileArgv(withSubscription ? 'fake-backlog' : 'fake-backlog-control')])
    try {
      const client = new Client(fake.ready.url)
      const { url } = await receiver.child.call('reset')
      if (withSubscription) {
        await subscribe(client, `${url}/hook/dead`, await expiry(client))
        await receiver.child.call('mode', { mode: '503' })
      }
      const before = await fake.child.call('gc')
      const rssBefore = procMemKB(fake.child.pid)!
      let peak = rssBefore.rss
      const sampler = setInterval(() => {
        const m = procMemKB(fake.child.pid)
        if (m) peak = Math.max(peak, m.rss)
      }, 100)
      const t0 = nowMs()
      const { ms } = await addCalls(client, backlog)
      const addSeconds = (nowMs() - t0) / 1000
      // let the first delivery attempts (and the 2 s / 5 s retries) run; the fake does nothing else meanwhile
      const waitS = withSubscription ? 8 : 2
      const w0 = await fake.child.call<Usage>('usage')
      const a0 = (await receiver.child.call('count')).attempts
      await sleep(waitS * 1000)
      const w1 = await fake.child.call<Usage>('usage')
      const a1 = (await receiver.child.call('count')).attempts
      clearInterval(sampler)
      const rssAfter = procMemKB(fake.child.pid)!
      const d = await client.get('/_mock/deliveries')
      const deliveries = JSON.parse(d.body.toString()) as { stats: { delivered: number; dropped: number; pending: number }; attempts: unknown[]; dropped: unknown[] }
      const after = await fake.child.call('gc')
      const rssAfterGc = procMemKB(fake.child.pid)!
      const r = {
        withSubscription, calls: backlog, addSeconds, postMsMedian: median(ms),
        rssBeforeMB: mb(rssBefore.rss), rssAfterMB: mb(rssAfter.rss), rssAfterGcMB: mb(rssAfterGc.rss), peakRssMB: mb(Math.max(peak, rssAfterGc.hwm)),
        heapBeforeMB: before.mem.heapUsed / 1048576, heapAfterGcMB: after.mem.heapUsed / 1048576,
        stats: deliveries.stats, attemptsLogged: deliveries.attempts.length, deliveriesBodyMB: d.body.length / 1e6,
        receiverAttempts: (await receiver.child.call('count')).attempts,
        idleCpuShare: cpuSeconds(w0, w1) / waitS, attemptsPerSecIdle: (a1 - a0) / waitS,
      }
      log(`backlog ${withSubscription ? 'with a 503 receiver' : '(control, no subscription)'}: ${backlog.toLocaleString('en-US')} calls added in ${addSeconds.toFixed(1)} s; RSS ${r.rssBeforeMB.toFixed(1)} → ${r.rssAfterMB.toFixed(1)} MB (peak ${r.peakRssMB.toFixed(1)}), heap after GC ${r.heapBeforeMB.toFixed(1)} → ${r.heapAfterGcMB.toFixed(1)} MB; deliveries ${JSON.stringify(r.stats)}, ${r.attemptsLogged} attempts logged, GET /_mock/deliveries ${r.deliveriesBodyMB.toFixed(1)} MB; afterwards, with no requests, the fake used ${(r.idleCpuShare * 100).toFixed(0)} % of a core for ${r.attemptsPerSecIdle.toFixed(0)} delivery attempts/s`)
      client.close()
      return r
    } finally {
      await fake.child.stop()
    }
  }
  try {
    const dead = await runBacklog(true)
    const control = await runBacklog(false)
    out.backlog = { dead, control, extraRssMB: dead.rssAfterMB - control.rssAfterMB, extraHeapMB: dead.heapAfterGcMB - control.heapAfterGcMB }
  } finally {
    await receiver.child.stop()
  }
}

report(out)
