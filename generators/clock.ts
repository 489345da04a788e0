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

/** A clock that stays where it is put, and moves only when told to. */
export class VirtualClock implements Clock {
  private t: number
  constructor(start: number | string | Date) {
    this.t = toMillis(start)
  }
  now(): number {
    return this.t
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advance: ms must be >= 0, got ${ms}`)
    this.t += ms
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
    this.offset += ms
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
  // a bare date means midnight UTC
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)
}
