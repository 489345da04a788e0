/**
 * When to try a failed delivery again. Graph retries a notification for up to four hours; the
 * first retries come within seconds (a receiver that fails twice has the notification within
 * about ten seconds), then back off to a steady pace.
 */
export const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000] as const
export const STEADY_DELAY_MS = 900_000
export const GIVE_UP_AFTER_MS = 4 * 3_600_000

/** Delay before attempt number `failures + 1`, after `failures` failed attempts (>= 1). */
export function retryDelay(failures: number): number {
  return RETRY_DELAYS_MS[failures - 1] ?? STEADY_DELAY_MS
}

/**
 * The time of the next attempt, or null when the notification has had its four hours. The last
 * attempt is made at the four-hour mark itself.
 */
export function nextAttemptAt(firstQueuedAt: number, failures: number, now: number): number | null {
  const deadline = firstQueuedAt + GIVE_UP_AFTER_MS
  if (now >= deadline) return null
  return Math.min(now + retryDelay(failures), deadline)
}
