/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas that validate its requests
 * (`schemas.ts`) and the route table below, and served at `GET /v1/openapi.json`. OpenAPI 3.1 uses JSON Schema
 * draft 2020-12, which is what `z.toJSONSchema` writes.
 */
import { z } from 'zod'
import {
  AddExpertRequestSchema, apiSchemas, CapabilityMapSchema, LedgerSchema, ErrorSchema, ExpertListSchema, ExpertSchema, HealthSchema, PeerListSchema, QueryAnswerSchema,
  QueryRequestSchema, RemovedExpertSchema, StatusSchema
} from './schemas.js'

/** The API's version in the document (the package's). */
export const API_VERSION = '0.1.0'

/** One response of a route: a named schema as JSON, or a text body of a media type. */
type ResponseDoc = { description: string, schema: z.ZodType } | { description: string, text: string }

/** One route of the API, as the document describes it. */
export interface RouteDoc {
  method: 'get' | 'post' | 'delete'
  /** OpenAPI path, with `{param}` for path parameters. */
  path: string
  operationId: string
  summary: string
  description?: string
  /** Needs the bearer token when the node has one (everything under /v1 and /metrics). */
  auth: boolean
  /** Path parameters, with their descriptions. */
  params?: Record<string, string>
  /** The JSON request body. */
  body?: z.ZodType
  /** Success responses by status. */
  responses: Record<string, ResponseDoc>
  /** Error statuses this route may answer besides 401/403/500 (each with the {@link ErrorSchema} body). */
  errors?: Record<string, string>
}

const BAD_REQUEST = { 400: 'The body is not valid JSON (BAD_JSON) or a field is wrong (BAD_REQUEST; the message names the field).', 413: 'The body is over 64 KiB.', 415: 'The body is not sent as application/json.' }

/**
 * Every route of the API. `http-server.ts` dispatches them; a test checks that each answers as documented.
 * New routes go here (`GET /v1/ledger`: add it next to `/v1/status`, with its response schema in schemas.ts).
 */
export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/query',
    operationId: 'query',
    summary: 'Route a query through the network',
    description: 'Embeds the text, routes it to the best experts of the network and combines their answers. When no expert is competent the answer is a 200 with `label: null` and `abstained: true`.',
    auth: true,
    body: QueryRequestSchema,
    responses: { 200: { description: 'The answer (or an abstention), with provenance.', schema: QueryAnswerSchema } },
    errors: {
      ...BAD_REQUEST,
      402: 'Every priced expert asked refused: this node\'s free allowance with their nodes is used up (PAYMENT_REQUIRED).',
      404: 'No expert in the network matches (NO_MATCHING_EXPERT).',
      502: 'No expert answered (QUERY_FAILED).',
      503: 'The node is stopping or overloaded.',
      504: 'The query deadline passed (QUERY_TIMEOUT).'
    }
  },
  {
    method: 'get',
    path: '/v1/experts',
    operationId: 'listExperts',
    summary: 'Every expert this node can route to',
    auth: true,
    responses: { 200: { description: 'Local experts first, then remote ones by name.', schema: ExpertListSchema } }
  },
  {
    method: 'post',
    path: '/v1/experts',
    operationId: 'addExpert',
    summary: 'Host another expert package',
    description: 'The package must lie under one of the node\'s experts roots; it is advertised at once and hosted again after a restart.',
    auth: true,
    body: AddExpertRequestSchema,
    responses: { 201: { description: 'The expert, now hosted.', schema: ExpertSchema } },
    errors: { ...BAD_REQUEST, 403: 'The folder is missing or not under an experts root (EXPERT_PATH_NOT_ALLOWED).', 409: 'The expert is already hosted (DUPLICATE_EXPERT).' }
  },
  {
    method: 'delete',
    path: '/v1/experts/{id}',
    operationId: 'removeExpert',
    summary: 'Stop hosting an expert',
    auth: true,
    params: { id: 'The expert\'s id or name, percent-encoded.' },
    responses: { 200: { description: 'The expert removed; it stays removed after a restart.', schema: RemovedExpertSchema } },
    errors: { 400: 'The id is not valid percent-encoding.', 404: 'No hosted expert has this id or name (UNKNOWN_EXPERT).' }
  },
  {
    method: 'get',
    path: '/v1/peers',
    operationId: 'listPeers',
    summary: 'Connected peers',
    auth: true,
    responses: { 200: { description: 'Each connected peer with its addresses, experts and reputation.', schema: PeerListSchema } }
  },
  {
    method: 'get',
    path: '/v1/status',
    operationId: 'status',
    summary: 'The node\'s identity, experts and counters',
    auth: true,
    responses: { 200: { description: 'Identity, hosted experts, peers and counters.', schema: StatusSchema } }
  },
  {
    method: 'get',
    path: '/v1/ledger',
    operationId: 'ledger',
    summary: 'Balances per peer and the newest receipts',
    description: 'Each peer\'s account (credits earned and spent, debt against the credit limit) and the newest signed cumulative receipt of every lane. The JSON is also what `moemesh ledger verify` reads.',
    auth: true,
    responses: { 200: { description: 'The ledger.', schema: LedgerSchema } },
    errors: { 404: 'This node keeps no ledger (NOT_FOUND).' }
  },
  {
    method: 'get',
    path: '/v1/map',
    operationId: 'capabilityMap',
    summary: 'The capability map',
    description: 'Every card\'s centroids projected on the two principal axes of the shared space (a deterministic PCA, refitted when the cards change), and the last query this node routed with the experts it went to.',
    auth: true,
    responses: { 200: { description: 'The map the dashboard draws.', schema: CapabilityMapSchema } }
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    auth: true,
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.', text: 'application/json' } }
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description: 'libp2p\'s and moemesh\'s metrics in the Prometheus text format; every series is described in docs/metrics.md.',
    auth: true,
    responses: { 200: { description: 'The node\'s metrics.', text: 'text/plain; version=0.0.4' } }
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness',
    auth: false,
    responses: { 200: { description: 'The process is up.', schema: HealthSchema } }
  },
  {
    method: 'get',
    path: '/',
    operationId: 'dashboard',
    summary: 'The dashboard',
    auth: false,
    responses: { 200: { description: 'A single HTML page that reads this API.', text: 'text/html' } }
  }
]

const SCHEMA_PREFIX = '#/components/schemas/'

function refOf (schema: z.ZodType): { $ref: string } {
  const id = apiSchemas.get(schema)?.id
  if (id === undefined) throw new Error('an API route names a schema that is not registered in apiSchemas')
  return { $ref: `${SCHEMA_PREFIX}${id}` }
}

function errorResponse (description: string): object {
  return { description, content: { 'application/json': { schema: refOf(ErrorSchema) } } }
}

function operation (route: RouteDoc): object {
  const responses: Record<string, object> = {}
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = 'schema' in r
      ? { description: r.description, content: { 'application/json': { schema: refOf(r.schema) } } }
      : { description: r.description, content: { [r.text]: { schema: { type: 'string' } } } }
  }
  for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = errorResponse(description)
  if (route.auth) {
    responses[401] = errorResponse('The node has an API token and the request did not carry it (UNAUTHORIZED).')
    responses[403] = errorResponse('The request came from a foreign web page (FORBIDDEN_ORIGIN) or, without a token, named a non-loopback host (FORBIDDEN_HOST).')
  }
  responses[500] = errorResponse('An internal error; the daemon log has the details.')
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description !== undefined ? { description: route.description } : {}),
    ...(route.auth ? {} : { security: [] }),
    ...(route.params !== undefined
      ? { parameters: Object.entries(route.params).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })) }
      : {}),
    ...(route.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(route.body) } } } } : {}),
    responses
  }
}

/** The named schemas as OpenAPI components (JSON Schema 2020-12, `$ref`s between them). */
function componentSchemas (): Record<string, object> {
  // `io: 'input'`: what a body may carry; objects stay open (unknown fields are ignored), as the server treats them
  const { schemas } = z.toJSONSchema(apiSchemas, { target: 'draft-2020-12', io: 'input', uri: (id) => `${SCHEMA_PREFIX}${id}` })
  const out: Record<string, object> = {}
  for (const [id, schema] of Object.entries(schemas)) {
    // each schema is a component of this document, not a document of its own
    const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>
    out[id] = rest
  }
  return out
}

let cached: string | undefined

/** The OpenAPI 3.1 document, as a plain JSON object. */
export function openApiDocument (): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {}
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route)
  return {
    openapi: '3.1.0',
    info: {
      title: 'moemesh node API',
      version: API_VERSION,
      description: 'The HTTP API of a moemesh node: route queries through the network of experts, manage the experts this node hosts, read its status and metrics. Errors are JSON `{"error": {"code", "message"}}`. Loopback only unless the node has an API token.'
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: 'http://127.0.0.1:7420', description: 'A node with the default --api' }],
    // the token is optional: a node without --api-token needs none (and then answers loopback only)
    security: [{}, { bearer: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Only when the node runs with --api-token.' }
      }
    }
  }
}

/** The document as JSON text, built once. */
export function openApiJson (): string {
  cached ??= JSON.stringify(openApiDocument())
  return cached
}
