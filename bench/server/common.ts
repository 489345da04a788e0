/** Shared pieces of the server benchmarks: the data set they serve, arguments, ISO times. */
import { NOW, SEED } from '../util.js'

export { NOW, SEED }
export const NOW_MS = Date.parse(NOW)
export const DAY_MS = 86_400_000

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** `--name value` as a string, or the default. */
export function strArg(name: string, fallback: string | null): string | null {
  const k = process.argv.indexOf(`--${name}`)
  return k < 0 ? fallback : (process.argv[k + 1] ?? fallback)
}

/** node flags for a fake child: a CPU profile into `--profile DIR` when asked. */
export function profileArgv(tag: string): string[] {
  const dir = strArg('profile', null)
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${tag}.${Date.now()}.cpuprofile`] : []
}

export function log(line: string): void {
  process.stderr.write(`  ${line}\n`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export type Usage = { cpu: NodeJS.CpuUsage; mem: NodeJS.MemoryUsage }
export const cpuSeconds = (a: Usage, b: Usage) => (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1e6
