/** What a handler answers: the HTTP layer only copies it onto the response. */
export interface Reply {
  readonly status: number
  /** a Buffer for large cached bodies: writing a 700 KB string costs far more than writing its bytes */
  readonly body: string | Buffer
  readonly contentType: string
  readonly headers?: Readonly<Record<string, string>>
}

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

export function json(body: string | Buffer, headers?: Record<string, string>): Reply {
  return { status: 200, body, contentType: ODATA_JSON, ...(headers ? { headers } : {}) }
}

export function text(body: string): Reply {
  return { status: 200, body, contentType: 'text/plain;charset=utf-8' }
}
