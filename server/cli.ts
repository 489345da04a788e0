#!/usr/bin/env node
/**
 * graph-callrecords-mock command line: a thin shell over the programmatic API.
 * The only file that reads argv, the environment and the wall clock for defaults.
 */
import { accessSync, constants, mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createDataset, systemClock, toMillis, type ApiVersion } from '../generators/index.js'
import { writeDataset, type OutputFormat } from '../fixtures/write-dataset.js'
import type { AuthMode } from './options.js'

const USAGE = `Usage:
  graph-callrecords-mock serve [--port 4000] [--host 127.0.0.1] [--seed 42] [--records 1000] [--now ISO-TIME]
                               [--public-url URL] [--https [--cert FILE --key FILE]] [--auth lenient|strict|off]
                               [--availability-delay SECONDS] [--window-days 30] [--users 250] [--live CALLS-PER-MINUTE]
                               [--no-loopback-http-webhooks] [--throttle-slow-endpoints] [--quiet]
  graph-callrecords-mock generate [--seed 42] [--records 1000] --out DIR
                                  [--format ndjson|json] [--api-version v1.0|beta] [--now ISO-TIME]
                                  [--users 250] [--window-days 30]
  graph-callrecords-mock help

serve     starts a fake Microsoft Graph (callRecords API under /v1.0 and /beta) with a seeded data set.
          --now (default: the current time) is the anchor: every seeded call ended before it, and the
          server's clock starts there and runs in real time.

generate  writes fully expanded call records and the report rows to DIR
          (callRecords.ndjson, getPstnCalls.ndjson, getDirectRoutingCalls.ndjson, and with
          --api-version beta also getSmsLog, getPstnBlockedUsersLog, getPstnOnlineMeetingDialoutReport),
          plus tenant.json and manifest.json. Same seed, options and --now give byte-identical files.
          --now defaults to the start of the current UTC hour.`

/** A user error: one line naming the problem, then the usage, exit code 2. */
class UsageError extends Error {}

function int(name: string, v: string | undefined, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return def
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got '${v}'`)
  const n = Number(v)
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`)
  return n
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], def: T): T {
  if (v === undefined) return def
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${v}'`)
  return v as T
}

function anchor(v: string | undefined): number {
  if (v === undefined) return Math.floor(systemClock.now() / 3_600_000) * 3_600_000
  try {
    return toMillis(v)
  } catch {
    throw new UsageError(`--now must be an ISO 8601 time such as 2026-11-29T00:00:00Z, got '${v}'`)
  }
}

async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' }, records: { type: 'string' }, out: { type: 'string' },
      format: { type: 'string' }, 'api-version': { type: 'string' }, now: { type: 'string' },
      users: { type: 'string' }, 'window-days': { type: 'string' },
    },
  })
  if (!values.out) throw new UsageError('--out is required (the folder to write to)')
  const seed = int('seed', values.seed, 42, 0)
  const records = int('records', values.records, 1000, 0, 100_000_000)
  const format = oneOf<OutputFormat>('format', values.format, ['ndjson', 'json'], 'ndjson')
  const apiVersion = oneOf<ApiVersion>('api-version', values['api-version'], ['v1.0', 'beta'], 'v1.0')
  const now = anchor(values.now)
  const users = int('users', values.users, 250, 2, 1_000_000)
  const windowDays = int('window-days', values['window-days'], 30, 1, 3650)
  try {
    mkdirSync(values.out, { recursive: true })
    accessSync(values.out, constants.W_OK)
  } catch (e) {
    throw new UsageError(`--out ${values.out} cannot be used as an output folder: ${(e as Error).message}`)
  }
  const ds = createDataset({ seed, records, now, users, windowDays })
  const tty = process.stderr.isTTY === true
  const started = systemClock.now()
  process.stderr.write(`generating ${records} call records (seed ${seed}, anchor ${new Date(now).toISOString()}) into ${values.out}\n`)
  const summary = await writeDataset(ds, {
    dir: values.out, format, apiVersion,
    progressEvery: Math.max(1, Math.min(1000, Math.floor(records / 200))),
    onProgress: tty ? (done, total) => process.stderr.write(`\r${bar(done, total, systemClock.now() - started)}`) : undefined,
  })
  if (tty) process.stderr.write('\n')
  const secs = (systemClock.now() - started) / 1000
  for (const [file, n] of Object.entries(summary.files)) process.stderr.write(`  ${file}: ${n}\n`)
  process.stderr.write(`done in ${secs.toFixed(1)} s\n`)
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, records: { type: 'string' },
      now: { type: 'string' }, 'public-url': { type: 'string' }, https: { type: 'boolean' }, cert: { type: 'string' },
      key: { type: 'string' }, auth: { type: 'string' }, 'availability-delay': { type: 'string' }, quiet: { type: 'boolean' },
      users: { type: 'string' }, 'window-days': { type: 'string' }, live: { type: 'string' },
      'no-loopback-http-webhooks': { type: 'boolean' }, 'throttle-slow-endpoints': { type: 'boolean' },
    },
  })
  const port = int('port', values.port, 4000, 0, 65535)
  const host = values.host ?? '127.0.0.1'
  const seed = int('seed', values.seed, 42, 0)
  const records = int('records', values.records, 1000, 0, 100_000_000)
  const users = int('users', values.users, 250, 2, 1_000_000)
  const auth = oneOf<AuthMode>('auth', values.auth, ['lenient', 'strict', 'off'], 'lenient')
  const delay = int('availability-delay', values['availability-delay'], 0, 0, 86_400)
  const windowDays = int('window-days', values['window-days'], 30, 1, 3650)
  const live = int('live', values.live, 0, 0, 600)
  const now = values.now === undefined ? Math.floor(systemClock.now() / 1000) * 1000 : anchor(values.now)
  const publicUrl = values['public-url']
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+$/.test(publicUrl.replace(/\/+$/, ''))) {
    throw new UsageError(`--public-url must be an absolute http(s) URL with no path, such as https://localhost:4000, got '${publicUrl}'`)
  }
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together')
  const https = values.https === true || values.cert !== undefined
  const log = values.quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`)
  // loaded here so that `generate` does not pay for the HTTP stack
  const { createMockGraph } = await import('./mock-graph.js')
  const { generateTls, loadTls } = await import('./tls.js')
  const graph = createMockGraph({
    seed, records, users, now, auth, windowDays, availabilityDelayMs: delay * 1000,
    allowLoopbackHttp: values['no-loopback-http-webhooks'] !== true,
    delivery: { throttleSlowEndpoints: values['throttle-slow-endpoints'] === true },
    ...(publicUrl ? { publicUrl } : {}),
    logger: { info: log, warn: (line) => process.stderr.write(`${line}\n`) },
  })
  const tls = !https ? undefined : values.cert ? loadTls(values.cert, values.key!) : await generateTls(systemClock.now(), [host])
  const url = await graph.listen({ port, host, ...(tls ? { tls } : {}) })
  const base = url
  process.stdout.write(`graph-callrecords-mock: fake Microsoft Graph on ${base} (seed ${seed}, ${records} call records, anchor ${new Date(now).toISOString()})\n`)
  process.stdout.write(`  try:  curl ${https ? '--cacert ' + (tls?.caPath ?? values.cert) + ' ' : ''}-H 'Authorization: Bearer x' '${base}/v1.0/communications/callRecords?$top=2'\n`)
  process.stdout.write(`  SDK:  point the client's base URL at ${base}/v1.0 (or /beta) and give it any bearer token${auth === 'strict' ? ' (an app JWT with the CallRecords.Read.All role)' : ''}\n`)
  process.stdout.write(`  test control: POST ${base}/_mock/callRecords {"count":1} adds a call that ends now; POST ${base}/_mock/reset; GET ${base}/_mock/deliveries\n`)
  if (live > 0) {
    graph.live(live)
    process.stdout.write(`  live: ${live} new calls a minute\n`)
  }
  if (tls?.caPath) process.stdout.write(`  TLS:  trust the generated CA with NODE_EXTRA_CA_CERTS=${tls.caPath}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await graph.close()
}

function bar(done: number, total: number, ms: number): string {
  const f = total === 0 ? 1 : done / total
  const width = 30
  const filled = Math.round(f * width)
  const rate = ms > 0 ? Math.round((done / ms) * 1000) : 0
  const eta = rate > 0 ? Math.round((total - done) / rate) : 0
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(1).padStart(5)}% ${done}/${total} ${rate}/s ETA ${eta}s `
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'generate':
        await generate(rest)
        return 0
      case 'serve':
        await serve(rest)
        return 0
      case 'help':
      case '--help':
      case '-h':
      case undefined:
        process.stdout.write(USAGE + '\n')
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command '${command}'`)
    }
  } catch (e) {
    const err = e as Error & { code?: string }
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') || e instanceof RangeError) {
      process.stderr.write(`graph-callrecords-mock: ${err.message}\n\n${USAGE}\n`)
      return 2
    }
    throw e
  }
}

process.exitCode = await main(process.argv.slice(2))
