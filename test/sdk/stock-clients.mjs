/**
 * The official clients with nothing swapped, as a user runs them against the fake over https:
 *
 *   NODE_EXTRA_CA_CERTS=<the fake's ca.pem> node test/sdk/stock-clients.mjs https://127.0.0.1:<port>
 *
 * graph-client v3 is built with the stock `Client.init({ authProvider, baseUrl, customHosts })`; Kiota
 * with the stock `GraphRequestAdapter` (default Graph middleware chain, Node's global fetch). Trust
 * comes only from NODE_EXTRA_CA_CERTS. Global fetch is observed (not replaced) so the parent test can
 * check every raw body. Prints one JSON document on stdout.
 */
import { Client, GraphError, PageIterator as GraphClientPageIterator } from '@microsoft/microsoft-graph-client'
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions'
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk'
import { PageIterator } from '@microsoft/msgraph-sdk-core'
import { createCallRecordCollectionResponseFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/callRecords/index.js'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js'

const base = process.argv[2]
if (!base) throw new Error('usage: node stock-clients.mjs <base url of the fake, e.g. https://127.0.0.1:4000>')
const host = new URL(base).hostname

// ------------------------------------------------------------ observe what goes over the wire
const exchanges = []
const stockFetch = globalThis.fetch
globalThis.fetch = async (input, init = {}) => {
  const response = await stockFetch(input, init)
  const requestHeaders = {}
  new Headers(init.headers).forEach((v, k) => (requestHeaders[k] = v))
  const responseHeaders = {}
  response.headers.forEach((v, k) => (responseHeaders[k] = v))
  const url = typeof input === 'string' ? input : input.url
  exchanges.push({ client: current, method: init.method ?? 'GET', url, requestHeaders, status: response.status, responseHeaders, body: await response.clone().text() })
  return response
}
let current = 'graph-client'

// ------------------------------------------------------------ @microsoft/microsoft-graph-client v3
const client = Client.init({
  authProvider: (done) => done(null, 'mock-token'),
  baseUrl: base,
  customHosts: new Set([host]),
})
const first = await client.api('/communications/callRecords').top(25).get()
const graphClientIds = []
await new GraphClientPageIterator(client, first, (r) => {
  graphClientIds.push(r.id)
  return true
}).iterate()
const record = await client.api(`/communications/callRecords/${graphClientIds[0]}`).expand('sessions($expand=segments)').get()
let notFound = null
try {
  await client.api('/communications/callRecords/00000000-0000-0000-0000-000000000000').get()
} catch (e) {
  notFound = { isGraphError: e instanceof GraphError, statusCode: e.statusCode, code: e.code, requestId: e.requestId }
}

// ------------------------------------------------------------ Kiota: stock GraphRequestAdapter
current = 'kiota'
const tokens = {
  getAuthorizationToken: async (url) => (url && new URL(url).hostname === host ? 'mock-token' : ''),
  getAllowedHostsValidator: () => new AllowedHostsValidator(new Set([host])),
}
const adapter = new GraphRequestAdapter(new BaseBearerTokenAuthenticationProvider(tokens))
adapter.baseUrl = `${base}/v1.0`
// what communications.callRecords.get({ queryParameters: { top: 25 } }) builds (template from the generated builder)
const info = new RequestInformation(HttpMethod.GET, '{+baseurl}/communications/callRecords{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}')
info.pathParameters.baseurl = adapter.baseUrl
info.setQueryStringParametersFromRawObject({ top: 25 }, { top: '%24top' })
info.headers.tryAdd('Accept', 'application/json')
const errors = { XXX: createODataErrorFromDiscriminatorValue }
const kiotaFirst = await adapter.send(info, createCallRecordCollectionResponseFromDiscriminatorValue, errors)
const kiotaIds = []
await new PageIterator(adapter, kiotaFirst, (r) => {
  kiotaIds.push(r.id)
  return true
}, createCallRecordCollectionResponseFromDiscriminatorValue, errors).iterate()

process.stdout.write(JSON.stringify({ graphClientIds, record, notFound, kiotaIds, exchanges }))
