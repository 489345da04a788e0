/**
 * The structural rules a generated callRecord must satisfy (issue #2, api-spec.md 5.4).
 * Returns the list of broken rules, empty when the record holds together.
 */
type Obj = Record<string, any>

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export interface Window {
  start: number
  now: number
}

/** The identity id an endpoint stands for (participantEndpoint associatedIdentity), or null for a service. */
function endpointIdentity(e: Obj | null): string | null {
  if (!e || e['@odata.type'] !== '#microsoft.graph.callRecords.participantEndpoint') return null
  return e.associatedIdentity?.id ?? null
}

export function recordViolations(r: Obj, w?: Window): string[] {
  const bad: string[] = []
  const t = (s: string) => Date.parse(s)
  const start = t(r.startDateTime)
  const end = t(r.endDateTime)
  if (!GUID.test(r.id)) bad.push(`record id ${r.id} is not a GUID`)
  if (!(end > start)) bad.push('endDateTime must be after startDateTime')
  if (!(t(r.lastModifiedDateTime) >= end)) bad.push('lastModifiedDateTime must be >= endDateTime')
  if (!(Number.isInteger(r.version) && r.version >= 1)) bad.push(`version ${r.version} must be >= 1`)
  if (w) {
    if (start < w.start) bad.push('starts before the window')
    if (t(r.lastModifiedDateTime) > w.now) bad.push('processed after the anchor time')
  }
  const sessions: Obj[] = r.sessions ?? []
  const parts: Obj[] = r.participants_v2 ?? []
  if (sessions.length === 0) bad.push('no sessions')
  const mods = new Set<string>(r.modalities)
  const endpointIds = new Set<string>()
  sessions.forEach((s, i) => {
    const ss = t(s.startDateTime)
    const se = t(s.endDateTime)
    if (!GUID.test(s.id)) bad.push(`session ${i} id is not a GUID`)
    if (ss < start || se > end) bad.push(`session ${i} is outside the record's time`)
    if (se < ss) bad.push(`session ${i} ends before it starts`)
    for (const m of s.modalities) if (!mods.has(m)) bad.push(`session ${i} modality ${m} is not in the record's modalities`)
    if (!s.segments || s.segments.length === 0) bad.push(`session ${i} has no segment`)
    for (const e of [s.caller, s.callee]) {
      const id = endpointIdentity(e)
      if (id) endpointIds.add(id)
    }
    ;(s.segments ?? []).forEach((g: Obj, k: number) => {
      if (!GUID.test(g.id)) bad.push(`segment ${i}.${k} id is not a GUID`)
      if (t(g.startDateTime) < ss || t(g.endDateTime) > se) bad.push(`segment ${i}.${k} is outside its session`)
      if (!g.media || g.media.length === 0) bad.push(`segment ${i}.${k} has no media`)
    })
  })
  if (r.type === 'peerToPeer') {
    if (sessions.length !== 1) bad.push(`peerToPeer has ${sessions.length} sessions`)
    const s = sessions[0]
    if (s) {
      const a = endpointIdentity(s.caller)
      const b = endpointIdentity(s.callee)
      if (!a || !b) bad.push('peerToPeer session must be between two participantEndpoints')
      else if (a === b) bad.push('peerToPeer session must be between two distinct participants')
    }
    if (parts.length !== 2) bad.push(`peerToPeer has ${parts.length} participants`)
  } else if (r.type === 'groupCall') {
    // each participant has a session between it and a service endpoint
    const withSession = new Set<string>()
    for (const s of sessions) {
      const kinds = [s.caller?.['@odata.type'], s.callee?.['@odata.type']]
      if (!kinds.includes('#microsoft.graph.callRecords.serviceEndpoint') || !kinds.includes('#microsoft.graph.callRecords.participantEndpoint')) {
        bad.push('a group-call session is not between a participant and a service endpoint')
      }
      const id = endpointIdentity(s.caller) ?? endpointIdentity(s.callee)
      if (id) withSession.add(id)
    }
    for (const p of parts) if (!withSession.has(p.id)) bad.push(`participant ${p.id} has no session`)
  }
  const ids = parts.map((p) => p.id)
  if (new Set(ids).size !== ids.length) bad.push('participants_v2 ids are not distinct')
  for (const id of ids) if (!endpointIds.has(id)) bad.push(`participant ${id} appears in no session endpoint`)
  if (r.organizer_v2 && !ids.includes(r.organizer_v2.id)) bad.push('organizer_v2 is not one of the participants')
  return bad
}
