/**
 * Device and network quality profiles, made with json-schema-faker from a schema that narrows
 * the official `callRecords.deviceInfo` / `networkInfo` metric properties to plausible ranges.
 *
 * json-schema-faker is about 12× slower than hand-written code, so it is not on the hot path:
 * a world draws a small pool of profiles once, and each call picks from that pool (and then
 * varies the values per stream with the project's own RNG).
 */
import { generateSync, type JsonSchema } from 'json-schema-faker'

type JsonSchemaObject = Exclude<JsonSchema, boolean>
import type { Rng } from './rng.js'

export interface QualityProfile {
  /** metric properties of callRecords.deviceInfo */
  readonly device: Readonly<Record<string, number>>
  /** event-ratio properties of callRecords.networkInfo */
  readonly network: Readonly<Record<string, number>>
  /** typical one-way jitter in ms, packet loss rate and round trip in ms of this setup */
  readonly jitterMs: number
  readonly packetLossRate: number
  readonly roundTripMs: number
}

const ratio = (max: number): JsonSchemaObject => ({ type: 'number', minimum: 0, maximum: max })
const int = (minimum: number, maximum: number): JsonSchemaObject => ({ type: 'integer', minimum, maximum })

/** Names and ranges; every name is a property of the official schema type (tests check it). */
export const DEVICE_METRICS_SCHEMA: JsonSchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    captureNotFunctioningEventRatio: ratio(0.01),
    cpuInsufficentEventRatio: ratio(0.05),
    deviceClippingEventRatio: ratio(0.02),
    deviceGlitchEventRatio: ratio(0.03),
    howlingEventCount: int(0, 2),
    initialSignalLevelRootMeanSquare: { type: 'number', minimum: 20, maximum: 600 },
    lowSpeechLevelEventRatio: ratio(0.08),
    lowSpeechToNoiseEventRatio: ratio(0.06),
    micGlitchRate: { type: 'number', minimum: 0, maximum: 40 },
    receivedNoiseLevel: int(-90, -50),
    receivedSignalLevel: int(-30, -8),
    renderMuteEventRatio: ratio(0.02),
    renderNotFunctioningEventRatio: ratio(0.01),
    renderZeroVolumeEventRatio: ratio(0.01),
    sentNoiseLevel: int(-90, -50),
    sentSignalLevel: int(-30, -8),
    speakerGlitchRate: { type: 'number', minimum: 0, maximum: 40 },
  },
}

export const NETWORK_METRICS_SCHEMA: JsonSchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    bandwidthLowEventRatio: ratio(0.05),
    delayEventRatio: ratio(0.05),
    receivedQualityEventRatio: ratio(0.08),
    sentQualityEventRatio: ratio(0.08),
  },
}

const LINK_SCHEMA: JsonSchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    jitterMs: { type: 'number', minimum: 2, maximum: 30 },
    packetLossRate: { type: 'number', minimum: 0, maximum: 0.03 },
    roundTripMs: { type: 'number', minimum: 15, maximum: 220 },
  },
}

const withAll = (s: JsonSchemaObject): JsonSchemaObject => ({ ...s, required: Object.keys(s.properties ?? {}) })

/** Draws `count` profiles; the json-schema-faker seed comes from `rng`. */
export function buildQualityProfiles(rng: Rng, count: number): QualityProfile[] {
  const out: QualityProfile[] = []
  for (let i = 0; i < count; i++) {
    const device = generateSync(withAll(DEVICE_METRICS_SCHEMA), { seed: rng.u32() }) as Record<string, number>
    const network = generateSync(withAll(NETWORK_METRICS_SCHEMA), { seed: rng.u32() }) as Record<string, number>
    const link = generateSync(withAll(LINK_SCHEMA), { seed: rng.u32() }) as { jitterMs: number; packetLossRate: number; roundTripMs: number }
    out.push({ device: round4(device), network: round4(network), ...link })
  }
  return out
}

function round4(o: Record<string, number>): Record<string, number> {
  const r: Record<string, number> = {}
  for (const [k, v] of Object.entries(o)) r[k] = Number.isInteger(v) ? v : Math.round(v * 10000) / 10000
  return r
}
