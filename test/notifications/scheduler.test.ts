import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../generators/index.js'
import { Scheduler } from '../../server/notifications/scheduler.js'

describe('Scheduler', () => {
  it('runs due tasks in time order as the clock moves, skips cancelled ones, and survives a task that throws', () => {
    const clock = new VirtualClock(0)
    const s = new Scheduler(clock)
    const ran: string[] = []
    s.at(300, () => ran.push('c'))
    s.at(100, () => ran.push('a'))
    const cancelled = s.at(150, () => ran.push('x'))
    s.at(200, () => {
      ran.push('b')
      throw new Error('boom')
    })
    cancelled.cancel()
    expect(s.runDue()).toBe(0)
    clock.advance(250)
    expect(s.runDue()).toBe(2)
    expect(ran).toEqual(['a', 'b'])
    expect(s.failures).toEqual(['boom'])
    expect(s.nextAt()).toBe(300)
    clock.advance(50)
    s.runDue()
    expect(ran).toEqual(['a', 'b', 'c'])
    expect(s.size).toBe(0)
  })
})
