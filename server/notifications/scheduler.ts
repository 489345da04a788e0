/**
 * Runs work at times of the server's clock. With a virtual clock nothing happens until the
 * clock is moved (then everything due runs, in time order); with a real-time clock a timer
 * polls. Retries, expiry and lifecycle notifications all go through here, so tests drive them
 * deterministically by advancing the clock.
 */
import type { Clock } from '../../generators/index.js'

interface Task {
  readonly at: number
  readonly seq: number
  readonly run: () => void
  cancelled: boolean
}

export interface TaskHandle {
  cancel(): void
}

export class Scheduler {
  private tasks: Task[] = []
  private seq = 0
  private timer: NodeJS.Timeout | null = null
  private pendingImmediate = false
  /** messages of tasks that threw (the last 100) */
  readonly failures: string[] = []

  constructor(private readonly clock: Clock) {}

  /** Runs `run` once the clock reaches `at` (at once, asynchronously, when it already has). */
  at(at: number, run: () => void): TaskHandle {
    const task: Task = { at, seq: this.seq++, run, cancelled: false }
    // keep sorted by (at, seq): binary insertion
    let lo = 0
    let hi = this.tasks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const t = this.tasks[mid]!
      if (t.at < at || (t.at === at && t.seq < task.seq)) lo = mid + 1
      else hi = mid
    }
    this.tasks.splice(lo, 0, task)
    if (at <= this.clock.now()) this.soon()
    return { cancel: () => void (task.cancelled = true) }
  }

  /** Runs every task that is due, including ones that due tasks schedule for now or earlier. */
  runDue(): number {
    let ran = 0
    while (this.tasks.length > 0 && this.tasks[0]!.at <= this.clock.now()) {
      const task = this.tasks.shift()!
      if (task.cancelled) continue
      ran++
      try {
        task.run()
      } catch (e) {
        // one failing task must not stop the others, nor crash the server from a timer
        this.failures.push(e instanceof Error ? e.message : String(e))
        if (this.failures.length > 100) this.failures.shift()
      }
    }
    return ran
  }

  /** The time of the next task, or null. */
  nextAt(): number | null {
    const t = this.tasks.find((x) => !x.cancelled)
    return t ? t.at : null
  }

  get size(): number {
    return this.tasks.filter((t) => !t.cancelled).length
  }

  /** Starts polling in real time (for clocks that move by themselves). */
  startPolling(intervalMs = 200): void {
    if (this.timer) return
    this.timer = setInterval(() => this.runDue(), intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  clear(): void {
    this.tasks = []
  }

  private soon(): void {
    if (this.pendingImmediate) return
    this.pendingImmediate = true
    setImmediate(() => {
      this.pendingImmediate = false
      this.runDue()
    })
  }
}
