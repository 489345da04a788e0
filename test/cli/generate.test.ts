import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { getValidator } from '../../generators/schema/validate.js'

const run = promisify(execFile)
const CLI = new URL('../../dist/server/cli.js', import.meta.url).pathname

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args])
    return { code: 0, stdout, stderr }
  } catch (e: any) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'gcm-gen-'))
const lines = (f: string) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))

describe('graph-callrecords-mock generate', () => {
  it('writes the same bytes for the same seed, options and --now, and valid data of every kind', async () => {
    const a = tmp()
    const b = tmp()
    const args = ['generate', '--seed', '9', '--records', '400', '--api-version', 'beta', '--now', '2026-11-29T00:00:00Z']
    expect((await cli([...args, '--out', a])).code).toBe(0)
    expect((await cli([...args, '--out', b])).code).toBe(0)
    const files = readdirSync(a).sort()
    expect(files).toEqual(['callRecords.ndjson', 'getDirectRoutingCalls.ndjson', 'getPstnBlockedUsersLog.ndjson', 'getPstnCalls.ndjson',
      'getPstnOnlineMeetingDialoutReport.ndjson', 'getSmsLog.ndjson', 'manifest.json', 'tenant.json'])
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true)
    const records = lines(join(a, 'callRecords.ndjson'))
    expect(records).toHaveLength(400)
    const v = getValidator('beta', 'microsoft.graph.callRecords.callRecord')
    for (const r of records) expect(v(r)).toEqual({ valid: true })
    for (const [file, type] of [['getPstnCalls', 'pstnCallLogRow'], ['getDirectRoutingCalls', 'directRoutingLogRow'], ['getSmsLog', 'smsLogRow'],
      ['getPstnBlockedUsersLog', 'pstnBlockedUsersLogRow'], ['getPstnOnlineMeetingDialoutReport', 'pstnOnlineMeetingDialoutReport']] as const) {
      const rows = lines(join(a, `${file}.ndjson`))
      expect(rows.length, file).toBeGreaterThan(0)
      const rv = getValidator('beta', `microsoft.graph.callRecords.${type}`)
      for (const r of rows) expect(rv(r)).toEqual({ valid: true })
    }
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({ seed: 9, records: 400, apiVersion: 'beta', now: '2026-11-29T00:00:00.000Z' })
  })

  it('writes a JSON array with --format json, and no beta-only files for v1.0', async () => {
    const d = tmp()
    expect((await cli(['generate', '--records', '30', '--format', 'json', '--out', d, '--now', '2026-11-29T00:00:00Z'])).code).toBe(0)
    const arr = JSON.parse(readFileSync(join(d, 'callRecords.json'), 'utf8'))
    expect(arr).toHaveLength(30)
    expect(readdirSync(d)).not.toContain('getSmsLog.json')
    const v = getValidator('v1.0', 'microsoft.graph.callRecords.pstnCallLogRow')
    for (const r of JSON.parse(readFileSync(join(d, 'getPstnCalls.json'), 'utf8'))) expect(v(r)).toEqual({ valid: true })
  })

  it.each([
    [['generate', '--records', 'ten', '--out', '/tmp/x'], /--records must be a whole number, got 'ten'/],
    [['generate', '--out', '/tmp/x', '--format', 'xml'], /--format must be one of ndjson, json, got 'xml'/],
    [['generate', '--out', '/tmp/x', '--api-version', 'v2'], /--api-version must be one of v1.0, beta/],
    [['generate', '--out', '/tmp/x', '--now', 'yesterday'], /--now must be an ISO 8601 time/],
    [['generate', '--records', '5'], /--out is required/],
    [['generate', '--out', '/tmp/x', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['generate', '--out', '/dev/null/x'], /--out \/dev\/null\/x cannot be used as an output folder/],
    [['generate', '--out', '/tmp/x', '--now', '2026-02-30T00:00:00Z'], /--now must be an ISO 8601 time/],
  ])('rejects %j with exit code 2, one line naming the problem, and the usage', async (args, message) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    const [first, ...rest] = r.stderr.split('\n')
    expect(first).toMatch(message)
    expect(rest.join('\n')).toContain('Usage:')
  })
})
