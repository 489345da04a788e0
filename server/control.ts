/** What the control API (and tests, in-process) can do to a running fake. */
import type { CallKind, JsonObject } from '../generators/index.js'
import type { DeliveryAttempt, DroppedNotification } from './notifications/delivery.js'

export interface MockControl {
  /** Creates calls that end now; they appear (and are notified) after the availability delay. */
  addCalls(count: number, kind?: CallKind, participantId?: string): JsonObject[]
  /** Publishes a new version of a record (an `updated` notification). */
  reissue(id: string): JsonObject
  /** Back to the seeded state: added calls, versions, subscriptions, deliveries and the clock. */
  reset(): void
  /** Moves the clock forward and runs what became due (retries, expiry, lifecycle, visibility). */
  advance(ms: number): Promise<{ now: string }>
  clockState(): { now: string; virtual: boolean }
  deliveries(): { stats: { delivered: number; dropped: number; pending: number }; attempts: readonly DeliveryAttempt[]; dropped: readonly DroppedNotification[] }
  subscriptions(): Record<string, unknown>[]
  tenant(): Record<string, unknown>
  /** Generates calls continuously (callsPerMinute; 0 stops). */
  live(callsPerMinute: number): void
}
