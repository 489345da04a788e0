/**
 * The only outbound HTTP of the server: POSTs to webhook receivers. Never follows redirects
 * (a notification goes only where the subscription asked) and never sends credentials.
 */
export interface PostResult {
  /** HTTP status, or 0 when no response came (refused, timed out, reset) */
  readonly status: number
  readonly body: string
  readonly contentType: string
  readonly latencyMs: number
  readonly error?: string
}

export interface WebhookTransport {
  post(url: string, body: string, contentType: string, timeoutMs: number): Promise<PostResult>
}

/** Real HTTP with fetch; time is measured with the monotonic clock, not the server's clock. */
export const fetchTransport: WebhookTransport = {
  async post(url, body, contentType, timeoutMs) {
    const started = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': contentType, 'User-Agent': 'graph-callrecords-mock (webhook delivery)' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      const text = await res.text()
      return { status: res.status, body: text, contentType: res.headers.get('content-type') ?? '', latencyMs: elapsed() }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } }
      const reason = err.name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : (err.cause?.code ?? err.message)
      return { status: 0, body: '', contentType: '', latencyMs: elapsed(), error: reason }
    }
  },
}
