/**
 * Child process: the fake Graph (createMockGraph) listening on 127.0.0.1, a free port.
 *
 *   node dist/bench/server/fake-child.js '{"records":1000000,"cacheBytes":0,"virtualClock":true}'
 *
 * Options are createMockGraph's (seed, records, now, windowDays, cacheBytes, tokenSecret, …) plus
 * `virtualClock` (a VirtualClock at `now`: the server's time stands still, for read benchmarks).
 * Commands: `usage` (CPU time and memory of this process), `gc` (with --expose-gc), `exit`.
 */
import { VirtualClock } from '../../generators/index.js'
import { createMockGraph } from '../../server/mock-graph.js'
import { ready, serveCommands } from './procs.js'

const o = JSON.parse(process.argv[2] ?? '{}') as Record<string, any>
const { virtualClock, ...options } = o
const graph = createMockGraph({ ...options, ...(virtualClock ? { clock: new VirtualClock(options.now) } : {}) })
const url = await graph.listen({ port: 0, host: '127.0.0.1' })

function usage() {
  return { cpu: process.cpuUsage(), mem: process.memoryUsage(), resource: process.resourceUsage() }
}

serveCommands({
  usage,
  gc: () => {
    const g = (globalThis as { gc?: () => void }).gc
    if (!g) throw new Error('start with --expose-gc')
    g()
    g()
    return usage()
  },
})
ready({ url, pid: process.pid, count: graph.dataset.count, windowStart: graph.dataset.timeline.windowStart, now: graph.dataset.options.now })
