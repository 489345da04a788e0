/**
 * Starts a fake Graph in-process for a test: seeded, on a virtual clock, driven with supertest.
 */
import request from 'supertest'
import { VirtualClock } from '../../generators/index.js'
import { createMockGraph, type MockGraph } from '../../server/mock-graph.js'
import type { MockGraphOptions } from '../../server/options.js'
import { getValidator } from '../../generators/schema/validate.js'

export const NOW = '2026-11-29T00:00:00Z'
export const BASE = 'https://graph.test'
export const AUTH = { Authorization: 'Bearer test-token' }

export function startGraph(o: MockGraphOptions = {}): { graph: MockGraph; clock: VirtualClock; get: (path: string, headers?: Record<string, string>) => request.Test } {
  const clock = new VirtualClock(NOW)
  const graph = createMockGraph({ seed: 42, records: 300, now: NOW, clock, publicUrl: BASE, ...o })
  // GETs go through the handler the server listens with (the node:http fast path for Graph GETs)
  const get = (path: string, headers: Record<string, string> = {}) => request(graph.handler).get(path).set({ ...AUTH, ...headers })
  return { graph, clock, get }
}

/** The path and query of an absolute link on the fake (what a client calls next). */
export function local(link: string): string {
  if (!link.startsWith(BASE)) throw new Error(`link ${link} is not on ${BASE}`)
  return link.slice(BASE.length)
}

/** A JWT with the given claims (unsigned: the fake does not check signatures). */
export function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`
}

/** Asserts a body validates against the official schema of `version`. */
export function expectSchema(version: 'v1.0' | 'beta', def: string, body: unknown): void {
  const res = getValidator(version, `microsoft.graph.callRecords.${def}`)(body)
  if (!res.valid) throw new Error(`${def} (${version}) is not schema-valid:\n${res.errors.join('\n')}`)
}
