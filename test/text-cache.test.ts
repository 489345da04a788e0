import { describe, expect, it } from 'vitest'
import { TextCache } from '../server/render/text-cache.js'

describe('TextCache', () => {
  it('serves repeated keys from memory and evicts the least recently used beyond its budget', () => {
    const c = new TextCache(40)
    let made = 0
    const make = (s: string) => () => (made++, s)
    expect(c.get('a', make('aaaaaaaaaa'))).toBe('aaaaaaaaaa')
    expect(c.get('a', make('zzz'))).toBe('aaaaaaaaaa')
    c.get('b', make('bbbbbbbbbb'))
    c.get('a', make('x')) // refresh a
    c.get('c', make('cccccccccc')) // over budget: b (least recent) goes
    expect(made).toBe(3)
    expect(c.get('a', make('new-a'))).toBe('aaaaaaaaaa')
    expect(c.get('b', make('new-b'))).toBe('new-b')
    expect(c.hits).toBe(3)
  })
})
