import { describe, expect, it } from 'vitest'
import { GIVE_UP_AFTER_MS, nextAttemptAt, retryDelay } from '../../server/notifications/retry-policy.js'

describe('retry policy', () => {
  it('retries within seconds, then backs off, and stops at the four-hour mark', () => {
    expect([1, 2, 3].map(retryDelay)).toEqual([2000, 5000, 15000])
    expect(retryDelay(50)).toBe(900_000)
    let t = 0
    const times: number[] = [0]
    for (let failures = 1; ; failures++) {
      const next = nextAttemptAt(0, failures, t)
      if (next === null) break
      times.push(next)
      t = next
    }
    expect(times.slice(0, 3)).toEqual([0, 2000, 7000])
    expect(times[times.length - 1]).toBe(GIVE_UP_AFTER_MS)
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThan(times[k - 1]!)
  })
})
