/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time
 * and the most total (inclusive) time, as a share of all samples.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/throughput.js --only ours --count 3000
 *   node dist/bench/cpu-top.js /tmp/prof/CPU.*.cpuprofile [--top 25] [--busy]
 *
 * `--busy` leaves out the (idle) samples, so shares are of the time the process was working
 * (a server child sits idle between load rounds).
 */
import { readFileSync } from 'node:fs'
import { flag, numArg } from './util.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const file = process.argv[2]
if (!file) throw new Error('usage: node dist/bench/cpu-top.js <file.cpuprofile> [--top N]')
const top = numArg('top', 25)
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile

const byId = new Map<number, ProfileNode>()
const parent = new Map<number, number>()
for (const n of p.nodes) {
  byId.set(n.id, n)
  for (const c of n.children ?? []) parent.set(c, n.id)
}
const keyOf = (n: ProfileNode) => {
  const f = n.callFrame
  const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : ''
  return `${f.functionName || '(anonymous)'} ${where}`.trim()
}

const self = new Map<string, number>()
const total = new Map<string, number>()
let all = 0
const busyOnly = flag('busy')
p.samples.forEach((id, k) => {
  const dt = p.timeDeltas[k] ?? 0
  const node = byId.get(id)!
  if (busyOnly && node.callFrame.functionName === '(idle)') return
  all += dt
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + dt)
  const seen = new Set<string>() // count a function once per sample, even when recursive
  for (let n: ProfileNode | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
    const key = keyOf(n)
    if (seen.has(key)) continue
    seen.add(key)
    total.set(key, (total.get(key) ?? 0) + dt)
  }
})

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(all / 1e6).toFixed(2)} s sampled)`)
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / all).toFixed(1).padStart(6)} %  ${k}`)
}
show(busyOnly ? 'self time, busy samples only' : 'self time', self)
show(busyOnly ? 'total time, busy samples only' : 'total time', total)
