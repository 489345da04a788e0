/**
 * Options of a fake Graph, with their defaults in one place. No argv, no environment here:
 * the CLI maps flags onto these.
 */
import type { Clock } from '../generators/index.js'
import type { DatasetOptions } from '../generators/index.js'
import type { DeliveryOptions } from './notifications/delivery.js'
import type { WebhookTransport } from './notifications/transport.js'

export type AuthMode = 'lenient' | 'strict' | 'off'

export interface Logger {
  info(line: string): void
  warn(line: string): void
}

export const silentLogger: Logger = { info() {}, warn() {} }

export interface MockGraphOptions extends Partial<DatasetOptions> {
  /** the server's clock (default: real time, starting from `now`) */
  clock?: Clock
  /** what links are built from, e.g. `https://localhost:4000` (default: the address it listens on) */
  publicUrl?: string
  /**
   * `lenient` (default): any non-empty bearer token, but a JWT must be an app token with the role;
   * `strict`: a JWT with the `CallRecords.Read.All` application role is required; `off`: no check.
   */
  auth?: AuthMode
  /** records that started longer ago are gone (default 30 days, as in Graph) */
  retentionDays?: number
  /** a record becomes visible this long after its call ended (default 0) */
  availabilityDelayMs?: number
  /** bytes of JSON kept to serve unchanged records and report pages fast (default 24 MiB) */
  cacheBytes?: number
  /** secret that signs paging tokens (default: derived from the seed) */
  tokenSecret?: string
  logger?: Logger
  /** accept http:// webhook URLs on loopback hosts (default true) */
  allowLoopbackHttp?: boolean
  /** how long a receiver has to answer the validation request (default 10 s, as Graph) */
  validationTimeoutMs?: number
  /** delivery tuning: timeout (3 s), batch size, slow-endpoint throttling (off) */
  delivery?: Partial<DeliveryOptions>
  /** replaces real HTTP for webhooks (benchmarks); tests use real receivers */
  webhookTransport?: WebhookTransport
}
