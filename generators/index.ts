/** Public surface of the generators: seeded, HTTP-free data. */
export { createDataset, Dataset, StartOrder, MAX_CALL_MS, type DatasetOptions, type ResolvedOptions } from './dataset.js'
export { buildWorld, type World, type TenantUser } from './world.js'
export { CALL_KINDS, DEFAULT_MIX, Timeline, type CallKind, type CallMix } from './timeline.js'
export { planCall, type CallPlan, type PstnLeg, type Party } from './plan.js'
export { buildFullRecord, buildRecordBase, buildParticipants, buildSession, sessionId, partyId, type Json, type JsonObject, type RecordContext } from './call-record.js'
export { REPORT_FUNCTIONS, REPORT_TYPES, pstnCallLogRow, directRoutingLogRow, legRow, smsLogRow, pstnBlockedUsersLogRow, blockedUsersTimeline, dialoutReport, type ReportFunction, type ApiVersion } from './reports.js'
export { streamFor, normaliseSeed, Rng } from './rng.js'
export { systemClock, VirtualClock, OffsetClock, toMillis, type Clock } from './clock.js'
