import { describe, expect, it } from 'vitest'
import { echo, MAX_ECHO_LENGTH, ODataQueryError } from '../../server/odata/index.js'

describe('ODataQueryError', () => {
  it('defaults to 400 BadRequest and carries the option', () => {
    const e = new ODataQueryError('nope', { option: '$top' })
    expect(e).toBeInstanceOf(Error)
    expect(e).toMatchObject({ name: 'ODataQueryError', message: 'nope', status: 400, code: 'BadRequest', option: '$top' })
  })

  it('leaves option absent when not given, and takes another status/code', () => {
    const e = new ODataQueryError('range', { status: 406, code: 'NotAcceptable' })
    expect('option' in e).toBe(false)
    expect([e.status, e.code]).toEqual([406, 'NotAcceptable'])
  })
})

describe('echo', () => {
  it.each([
    ['', ''],
    ['short', 'short'],
    ['x'.repeat(MAX_ECHO_LENGTH), 'x'.repeat(MAX_ECHO_LENGTH)],
    ['x'.repeat(MAX_ECHO_LENGTH + 1), `${'x'.repeat(MAX_ECHO_LENGTH - 1)}…`],
    ['<script>"&', '<script>"&'],
  ])('%j', (input, expected) => {
    expect(echo(input)).toBe(expected)
  })

  it('does not split a surrogate pair at the cut', () => {
    const input = `${'x'.repeat(MAX_ECHO_LENGTH - 2)}😀${'y'.repeat(10)}`
    const out = echo(input)
    expect(out.length).toBeLessThanOrEqual(MAX_ECHO_LENGTH)
    expect(out).toBe(`${'x'.repeat(MAX_ECHO_LENGTH - 2)}…`)
    expect(() => encodeURIComponent(out)).not.toThrow()
  })
})
