/** Small helpers shared by the benchmarks: timing, medians, arguments, a discarding sink, tables. */
import { Writable } from 'node:stream'

/** Seconds elapsed while running `fn` (monotonic clock). */
export function timeSeconds(fn: () => void): number {
  const t0 = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t0) / 1e9
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** `--name value` from argv, as a number, or the default. */
export function numArg(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`)
  if (k < 0) return fallback
  const v = Number(process.argv[k + 1])
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`)
  return v
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`)
}

/** A Writable that throws the data away and counts the bytes (benchmarks must not fill the disk). */
export class CountingSink extends Writable {
  bytes = 0
  constructor(private readonly totals?: { bytes: number }) {
    super()
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.bytes += chunk.length
    if (this.totals) this.totals.bytes += chunk.length
    cb()
  }
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** 12345.6 → "12,346"; with digits, fixed decimals. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Prints the result object as the last line of stdout, prefixed so a parent can find it. */
export function report(result: object): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}

export const SEED = 42
/** a fixed anchor after 2026-06-30, so the deprecated identitySet properties are null in our records */
export const NOW = '2026-11-29T00:00:00Z'
