/**
 * The project's only access to the wall clock. Generators never read time: they take an
 * anchor (`now`) as input. The server takes a {@link Clock}, which tests replace with a
 * {@link VirtualClock} they can move forward.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The real clock. This is the one place in the project that reads `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() }

/** The last instant a JavaScript Date can hold (+275760-09-13). Clocks never go past it. */
export const MAX_TIME = 8.64e15

/** A clock that stays where it is put, and moves only when told to. */
export class VirtualClock implements Clock {
  private t: number
  constructor(start: number | string | Date) {
    this.t = toMillis(start)
  }
  now(): number {
    return this.t
  }
  /** Moves the clock forward by `ms` milliseconds (not past {@link MAX_TIME}). */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms) || this.t + ms > MAX_TIME) throw new RangeError(`VirtualClock.advance: ms must be a finite number >= 0 that keeps the clock a valid date, got ${ms}`)
    this.t += ms
  }
  /** Puts the clock back to a given time (a reset of the whole fake). */
  rewind(to: number | string | Date): void {
    this.t = toMillis(to)
  }
  /** Sets the clock; it may not go backward. */
  set(to: number | string | Date): void {
    const v = toMillis(to)
    if (v < this.t) throw new RangeError('VirtualClock.set: the clock does not go backward')
    this.t = v
  }
}

/** A clock that runs in real time from an offset: `now()` = system time + offset. */
export class OffsetClock implements Clock {
  private offset: number
  constructor(start: number | string | Date) {
    this.offset = toMillis(start) - systemClock.now()
  }
  now(): number {
    return systemClock.now() + this.offset
  }
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms) || this.now() + ms > MAX_TIME) throw new RangeError(`OffsetClock.advance: ms must be a finite number >= 0 that keeps the clock a valid date, got ${ms}`)
    this.offset += ms
  }
  /** Starts again from `to`, running in real time. */
  rewind(to: number | string | Date): void {
    this.offset = toMillis(to) - systemClock.now()
  }
}

/** Parses an ISO 8601 time (or epoch millis) strictly; throws RangeError on nonsense. */
export function toMillis(t: number | string | Date): number {
  const v = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : parseIso(t)
  if (!Number.isFinite(v)) throw new RangeError(`not a valid time: ${String(t)}`)
  return v
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

function parseIso(s: string): number {
  if (!ISO.test(s)) return NaN
  // Date.parse rolls 2026-02-30 over to March: refuse dates that do not exist
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number]
  const check = new Date(Date.UTC(y, m - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return NaN
  // a bare date means midnight UTC
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)
}
