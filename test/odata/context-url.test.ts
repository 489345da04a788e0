import { describe, expect, it } from 'vitest'
import { collectionContext, entityContext, functionContext, keyLiteral, metadataUrl, navContext, parseExpand, projectionFragment } from '../../server/odata/index.js'

const GRAPH = 'https://graph.microsoft.com'
const MOCK = 'https://127.0.0.1:4000'
const ID = 'e523d2ed-2966-4b6b-925b-754a88034cc5'

// Expected strings are the ones in Graph's own examples (api-spec sections 3.1-3.6), built with Graph's host.
describe('@odata.context builders reproduce the documented strings', () => {
  it.each([
    ['list v1.0', collectionContext(GRAPH, 'v1.0', 'communications/callRecords'), 'https://graph.microsoft.com/v1.0/$metadata#communications/callRecords'],
    ['list beta', collectionContext(GRAPH, 'beta', 'communications/callRecords'), 'https://graph.microsoft.com/beta/$metadata#communications/callRecords'],
    ['get', entityContext(GRAPH, 'v1.0', 'communications/callRecords'), 'https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity'],
    [
      'get + sessions($expand=segments)',
      entityContext(GRAPH, 'v1.0', 'communications/callRecords', projectionFragment([], parseExpand('sessions($expand=segments)'))),
      'https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(sessions(segments()))/$entity',
    ],
    [
      'get + participants_v2',
      entityContext(GRAPH, 'v1.0', 'communications/callRecords', projectionFragment([], parseExpand('participants_v2'))),
      'https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(participants_v2())/$entity',
    ],
    ['organizer_v2', navContext(GRAPH, 'v1.0', ID, 'organizer_v2', true), `https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('${ID}')/organizer_v2/$entity`],
    ['sessions list', navContext(GRAPH, 'v1.0', ID, 'sessions', false), `https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('${ID}')/sessions`],
    ['participants_v2 list', navContext(GRAPH, 'v1.0', ID, 'participants_v2', false), `https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('${ID}')/participants_v2`],
    ['getPstnCalls', functionContext(GRAPH, 'v1.0', 'microsoft.graph.callRecords.pstnCallLogRow'), 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)'],
    ['getDirectRoutingCalls (short type)', functionContext(GRAPH, 'v1.0', 'directRoutingLogRow'), 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.callRecords.directRoutingLogRow)'],
    ['getSmsLog beta', functionContext(GRAPH, 'beta', 'smsLogRow'), 'https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.callRecords.smsLogRow)'],
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected)
  })
})

describe('context builders on the mock base URL', () => {
  it.each([
    [MOCK, 'https://127.0.0.1:4000/v1.0/$metadata'],
    [`${MOCK}/`, 'https://127.0.0.1:4000/v1.0/$metadata'],
    [`${MOCK}//`, 'https://127.0.0.1:4000/v1.0/$metadata'],
    ['http://localhost:3000/graph', 'http://localhost:3000/graph/v1.0/$metadata'],
  ])('metadataUrl(%s)', (base, expected) => {
    expect(metadataUrl(base, 'v1.0')).toBe(expected)
  })

  it.each([
    [[], [], ''],
    [['id', 'type'], [], 'id,type'],
    [['id'], parseExpand('sessions($expand=segments)'), 'id,sessions(segments())'],
    [[], parseExpand('sessions,participants_v2'), 'sessions(),participants_v2()'],
  ] as const)('projectionFragment(%j, …) = %j', (select, expand, expected) => {
    expect(projectionFragment(select, expand)).toBe(expected)
  })

  it('puts a $select projection on a collection context', () => {
    expect(collectionContext(MOCK, 'v1.0', 'communications/callRecords', 'id,type')).toBe('https://127.0.0.1:4000/v1.0/$metadata#communications/callRecords(id,type)')
  })

  it('accepts a deeper navigation path and doubles quotes in keys', () => {
    expect(navContext(MOCK, 'beta', "a'b", "sessions('s1')/segments", false)).toBe("https://127.0.0.1:4000/beta/$metadata#communications/callRecords('a''b')/sessions('s1')/segments")
    expect(keyLiteral("it's")).toBe("'it''s'")
  })
})
