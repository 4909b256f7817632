/**
 * The node's HTTP API and dashboard. The API knows the node only through {@link ApiBackend}.
 *
 * @example
 * ```ts
 * const api = new ApiServer(backend, { host: '127.0.0.1', port: 7420, dashboardHtml: DASHBOARD_HTML })
 * const { port } = await api.start()
 * // curl -s localhost:7420/v1/query -H 'content-type: application/json' -d '{"text":"hello"}'
 * await api.stop()
 * ```
 */
export { ApiServer, HttpError, MAX_BODY_BYTES, parseQuery, type ApiBackend, type ApiQuery, type ApiServerInit } from './http-server.js'
export { DASHBOARD_HTML } from './dashboard.js'
