/**
 * The node's HTTP API and dashboard, and a typed client of it. The API knows the node only through
 * {@link ApiBackend}; its JSON keeps the field names it has always had (see `wire.ts`), the library types are
 * camelCase.
 *
 * @example
 * ```ts
 * const api = new ApiServer(backend, { host: '127.0.0.1', port: 7420, dashboardHtml: DASHBOARD_HTML })
 * const { port } = await api.start()
 * const client = new MoemeshClient({ url: `http://127.0.0.1:${port}` })
 * const answer = await client.query('hello', { k: 2 }, { signal: AbortSignal.timeout(5_000) })
 * await api.stop()
 * ```
 */
export { ApiServer, HttpError, MAX_BODY_BYTES, parseBody, parseQuery, type ApiBackend, type ApiServerInit } from './http-server.js'
export { openApiDocument, openApiJson, ROUTES, API_VERSION, type RouteDoc } from './openapi.js'
export {
  apiSchemas, QueryRequestSchema, AddExpertRequestSchema, ErrorSchema, HealthSchema, ExpertSchema, ExpertListSchema, PeerSchema, PeerListSchema,
  RemovedExpertSchema, StatusSchema, RoutedExpertSchema, FailedExpertSchema, NearestCandidateSchema, QueryAnswerSchema, type ApiSchemaMeta
} from './schemas.js'
export { DASHBOARD_HTML } from './dashboard.js'
export { answerFromJson, answerToJson } from './wire.js'
export { MoemeshClient, MAX_RESPONSE_BYTES, type MoemeshClientInit, type CallOptions } from './client.js'
export { DaemonError, DaemonUnreachableError, DaemonTimeoutError, DaemonBadResponseError, DaemonRequestError } from './errors.js'
export type { DaemonStatus, ExpertView, PeerView, HostedExpertView, RemovedExpert, QueryRequest, Strategy } from './types.js'
export {
  queryToJson, queryFromJson, expertToJson, peerToJson, statusToJson, expertFromJson, expertsFromJson, peersFromJson, statusFromJson,
  removedFromJson, type QueryRequestJson, type ExpertJson, type PeerJson, type StatusJson
} from './wire.js'
export { CapabilityMap, MAX_MAP_QUERY_CHARS, type CapabilityMapView, type CapabilityMapInit, type MapPoint, type MapCard, type MapQuery, type MapRoute, type MapSource } from './capability-map.js'
