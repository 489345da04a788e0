import { describe, expect, it } from 'vitest'
import { decodeToken, encodeToken, invalidSkipToken, MAX_TOKEN_LENGTH, parseQueryOptions } from '../../server/odata/index.js'
import { odataError } from '../support/odata.js'

const SECRET = 'test-secret'
const PAYLOADS = [{ v: 1, i: 12345, t: 1_700_000_000_000 }, { v: 1, i: 0 }, { v: 1, i: 1, t: 1, f: 'startDateTime ge 2024-01-01T00:00:00Z', u: 'ü€😀' }, {}, [1, 2]]

describe('encodeToken / decodeToken', () => {
  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))('round-trips %s', (_label, payload) => {
    const token = encodeToken(payload, SECRET)
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(token).not.toMatch(/[&=+{}%./]/)
    expect(decodeToken(token, SECRET)).toEqual(payload)
  })

  it('is deterministic (same payload and secret, same token) and short', () => {
    const a = encodeToken({ v: 1, i: 12345, t: 1_700_000_000_000 }, SECRET)
    expect(encodeToken({ v: 1, i: 12345, t: 1_700_000_000_000 }, SECRET)).toBe(a)
    expect(a.length).toBeLessThan(80)
  })

  it('survives a trip through parseQueryOptions unchanged (graph-client $skipToken spelling)', () => {
    const token = encodeToken({ v: 1, i: 42 }, SECRET)
    const q = parseQueryOptions(`$top=5&$skipToken=${token}`, ['$top', '$skiptoken'])
    expect(decodeToken(q.skiptoken ?? '', SECRET)).toEqual({ v: 1, i: 42 })
  })

  it('detects a change to any single character', () => {
    const token = encodeToken({ v: 1, i: 12345, t: 1_700_000_000_000 }, SECRET)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    let tried = 0
    for (let i = 0; i < token.length; i++) {
      for (const c of [alphabet[(alphabet.indexOf(token[i] ?? 'A') + 1) % 64], alphabet[(alphabet.indexOf(token[i] ?? 'A') + 33) % 64]]) {
        const forged = token.slice(0, i) + c + token.slice(i + 1)
        expect(forged).not.toBe(token)
        expect(() => decodeToken(forged, SECRET)).toThrow(/The \$skiptoken is invalid or has expired/)
        tried++
      }
    }
    expect(tried).toBe(token.length * 2)
  })

  it('rejects a token with the payload swapped but the old MAC kept', () => {
    const a = Buffer.from(encodeToken({ v: 1, i: 1 }, SECRET), 'base64url')
    const forged = Buffer.concat([Buffer.from('{"v":1,"i":9}'), a.subarray(a.length - 12)]).toString('base64url')
    expect(odataError(() => decodeToken(forged, SECRET)).option).toBe('$skiptoken')
  })

  it('rejects a token made with another secret', () => {
    expect(() => decodeToken(encodeToken({ v: 1 }, 'other'), SECRET)).toThrow(/invalid or has expired/)
  })

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$def'],
    ['padding', `${encodeToken({ v: 1 }, SECRET)}=`],
    ['standard base64 chars', encodeToken({ v: 1, s: '>>>???' }, SECRET).replace(/-/g, '+').replace(/_/g, '/') + '+'],
    ['too short for a MAC', 'AAAA'],
    ['graph-client style literal', 'page2'],
    ['too long', 'A'.repeat(MAX_TOKEN_LENGTH + 1)],
    ['truncated', encodeToken({ v: 1, i: 12345 }, SECRET).slice(0, -1)],
    ['extended', `${encodeToken({ v: 1, i: 12345 }, SECRET)}A`],
  ])('rejects %s', (_label, token) => {
    const err = odataError(() => decodeToken(token, SECRET))
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', option: '$skiptoken' })
  })

  it('rejects a correctly signed body that is not JSON', async () => {
    const { createHmac } = await import('node:crypto')
    const body = Buffer.from('not json')
    const mac = createHmac('sha256', SECRET).update(body).digest().subarray(0, 12)
    const token = Buffer.concat([body, mac]).toString('base64url')
    expect(odataError(() => decodeToken(token, SECRET)).message).toBe(invalidSkipToken().message)
  })
})
