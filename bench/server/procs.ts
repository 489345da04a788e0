/**
 * Child processes for the server benchmarks: each runs with an IPC channel and answers small
 * request/response messages (`{ id, cmd, ...args }` → `{ id, ok, result | error }`). The parent
 * keeps a handle per child and ends only the processes it started, by pid.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

type Handler = (msg: Record<string, any>) => unknown | Promise<unknown>

/** Child side: answers the parent's commands with the handlers; `exit` ends the process cleanly. */
export function serveCommands(handlers: Record<string, Handler>): void {
  process.on('message', async (m: any) => {
    if (!m || typeof m !== 'object' || typeof m.id !== 'number') return
    if (m.cmd === 'exit') {
      process.send?.({ id: m.id, ok: true, result: null }, () => process.exit(0))
      return
    }
    const h = handlers[m.cmd]
    try {
      if (!h) throw new Error(`unknown command ${m.cmd}`)
      const result = await h(m)
      process.send?.({ id: m.id, ok: true, result })
    } catch (e) {
      process.send?.({ id: m.id, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) })
    }
  })
  // the parent went away: do not linger
  process.on('disconnect', () => process.exit(0))
}

export class Child {
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>()
  private exited = false
  readonly exitedP: Promise<number | null>

  constructor(readonly name: string, readonly proc: ChildProcess) {
    proc.on('message', (m: any) => {
      const w = this.waiting.get(m?.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (m.ok) w.resolve(m.result)
      else w.reject(new Error(`${name}: ${m.error}`))
    })
    this.exitedP = new Promise((resolve) => proc.once('exit', (code) => {
      this.exited = true
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (code ${code})`))
      this.waiting.clear()
      resolve(code)
    }))
  }

  get pid(): number {
    return this.proc.pid!
  }

  call<T = any>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 600_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiting.delete(id)
        reject(new Error(`${this.name}: ${cmd} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting.set(id, { resolve: (v) => (clearTimeout(t), resolve(v)), reject: (e) => (clearTimeout(t), reject(e)) })
      this.proc.send({ id, cmd, ...args })
    })
  }

  /** Asks the child to exit (so a --cpu-prof profile gets written); kills it by pid after 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return
    const kill = setTimeout(() => this.proc.kill('SIGKILL'), 10_000)
    try {
      await this.call('exit', {}, 10_000)
    } catch {
      // already gone, or not answering: the timer kills it
    }
    await this.exitedP
    clearTimeout(kill)
  }
}

/** Forks `dist/bench/server/<script>` with an IPC channel; resolves once it sent `{ ready }`. */
export async function start(name: string, script: string, args: readonly string[] = [], execArgv: readonly string[] = []): Promise<{ child: Child; ready: any }> {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const proc = fork(path, [...args], { execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const child = new Child(name, proc)
  const ready = await new Promise<any>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${name} did not start within 120 s`)), 120_000)
    const onMsg = (m: any) => {
      if (m && m.ready !== undefined) {
        clearTimeout(t)
        proc.off('message', onMsg)
        resolve(m.ready)
      }
    }
    proc.on('message', onMsg)
    proc.once('exit', (code) => {
      clearTimeout(t)
      reject(new Error(`${name} exited before it was ready (code ${code})`))
    })
  })
  return { child, ready }
}

/** Tells the parent the child is ready, with some facts (its URL, …). */
export function ready(facts: unknown): void {
  process.send?.({ ready: facts })
}

/** VmRSS and VmHWM of a process, in KB, from /proc (null when it is gone or /proc is missing). */
export function procMemKB(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8')
    const num = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN)
    return { rss: num('VmRSS'), hwm: num('VmHWM') }
  } catch {
    return null
  }
}
