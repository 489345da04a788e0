/**
 * JSON text of call records, sessions and participants as Graph shows them: the version a
 * re-issue raised, `organizer_v2` with its context annotation, the request's preferences.
 * Unchanged records are served from a text cache.
 */
import { buildParticipants, buildRecordBase, buildSession, type JsonObject, type RecordContext } from '../../generators/index.js'
import type { RecordRef } from '../store/call-record-store.js'
import { iso } from '../../generators/format.js'
import { prefsKey, serialize, type RenderPrefs } from './serialize.js'
import { TextCache } from './text-cache.js'

export interface Addressing {
  /** public base URL, no trailing slash: `https://127.0.0.1:4000` */
  readonly base: string
  readonly version: 'v1.0' | 'beta'
}

export function metadataUrl(a: Addressing): string {
  return `${a.base}/${a.version}/$metadata`
}

export function recordContextPrefix(a: Addressing, id: string): string {
  return `${metadataUrl(a)}#communications/callRecords('${id}')`
}

export class RecordRenderer {
  readonly cache: TextCache

  constructor(private readonly ctx: RecordContext, cacheBytes = 64 * 1024 * 1024) {
    this.cache = new TextCache(cacheBytes)
  }

  /** The record as a plain GET / a list item returns it: its own properties and organizer_v2. */
  base(ref: RecordRef): JsonObject {
    const raw = buildRecordBase(this.ctx, ref.plan)
    raw.version = ref.version
    raw.lastModifiedDateTime = iso(ref.lastModified)
    return raw
  }

  /** Base properties with `organizer_v2@odata.context` placed before organizer_v2, as Graph orders them. */
  annotatedBase(ref: RecordRef, a: Addressing): JsonObject {
    const { organizer_v2, ...rest } = this.base(ref)
    return { ...rest, 'organizer_v2@odata.context': `${recordContextPrefix(a, ref.plan.id)}/organizer_v2/$entity`, organizer_v2: organizer_v2 ?? null }
  }

  /** Cached JSON text of the annotated base (list items, plain GET without the outer context). */
  baseText(ref: RecordRef, a: Addressing, prefs: RenderPrefs): string {
    const key = `b|${a.base}|${a.version}|${ref.plan.id}|${ref.version}|${prefsKey(prefs)}`
    return this.cache.get(key, () => serialize(this.annotatedBase(ref, a), prefs))
  }

  sessionCount(ref: RecordRef): number {
    return ref.plan.sessions.length
  }

  session(ref: RecordRef, j: number, withSegments: boolean): JsonObject {
    const s = buildSession(this.ctx, ref.plan, j)
    if (!withSegments) delete s.segments
    return s
  }

  sessionText(ref: RecordRef, j: number, withSegments: boolean, prefs: RenderPrefs): string {
    const key = `s|${ref.plan.id}|${j}|${withSegments ? 1 : 0}|${prefsKey(prefs)}`
    return this.cache.get(key, () => serialize(this.session(ref, j, withSegments), prefs))
  }

  participants(ref: RecordRef): JsonObject[] {
    return buildParticipants(this.ctx, ref.plan)
  }

  participantsText(ref: RecordRef, from: number, to: number, prefs: RenderPrefs): string[] {
    const all = this.participants(ref)
    return all.slice(from, to).map((p) => serialize(p, prefs))
  }
}
