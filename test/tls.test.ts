import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateTls } from '../server/tls.js'

describe('generated TLS material', () => {
  it('writes each run\'s CA into its own private file', async () => {
    const a = await generateTls(Date.now())
    const b = await generateTls(Date.now())
    expect(a.caPath).not.toBe(b.caPath)
    expect(statSync(a.caPath!).mode & 0o077).toBe(0)
    expect(a.cert).toContain('BEGIN CERTIFICATE')
  }, 30_000)
})
