/**
 * The one error type the server answers with. Anything the client did wrong becomes a GraphError
 * (a 4xx in Graph's envelope); anything else is a bug, and becomes a 500 with no details.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** extra innerError members (throttling adds code/status/message there) */
    readonly inner: Readonly<Record<string, string>> = {},
  ) {
    super(message)
  }
}

export interface RequestMeta {
  readonly requestId: string
  readonly clientRequestId: string
  /** epoch ms of the request, from the server's clock */
  readonly now: number
}

/** Graph's `innerError.date`: no fractional seconds, no zone designator (`2023-11-03T18:31:42`). */
export function innerErrorDate(ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19)
}

/** `{error:{code,message,innerError:{date,request-id,client-request-id}}}` */
export function toEnvelope(e: GraphError, meta: RequestMeta): object {
  return {
    error: {
      code: e.code,
      message: e.message,
      innerError: {
        ...e.inner,
        date: innerErrorDate(meta.now),
        'request-id': meta.requestId,
        'client-request-id': meta.clientRequestId,
      },
    },
  }
}

/** Shortens a client-supplied value before it is echoed in a message (JSON encoding escapes the rest). */
export function echo(value: string, max = 200): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}
