/**
 * The HTTP API's JSON, defined once: these zod schemas validate the request bodies (`http-server.ts`), give the
 * JSON types of `wire.ts`, and generate the OpenAPI 3.1 document (`openapi.ts`, served at `/v1/openapi.json`).
 * Each request field carries the one-line message a client sees when it is wrong: what the field must be.
 *
 * Field names are the ones the API has always sent (some snake_case, some camelCase); `wire.ts` maps them to and
 * from the library's camelCase types.
 */
import { z } from 'zod'
import { ADVERT_REJECT_REASONS } from '../net/advert-codec.js'
import { MAX_QUERY_TEXT_BYTES } from '../net/limits.js'

/** What each named schema carries into the OpenAPI document. */
export interface ApiSchemaMeta {
  /** Its name under `#/components/schemas/`. */
  id: string
  description?: string
}

/** Every named schema of the API: the OpenAPI document's `components.schemas`. */
export const apiSchemas = z.registry<ApiSchemaMeta>()

function named<T extends z.ZodType> (schema: T, id: string, description: string): T {
  apiSchemas.add(schema as z.ZodType, { id, description })
  return schema
}

/** An optional number field from `min` to `max`; `null` means absent. */
function optionalNumber (field: string, min: number, max: number, description: string, integer = false): z.ZodOptional<z.ZodNullable<z.ZodNumber>> {
  const error = `${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`
  return (integer ? z.int({ error }) : z.number({ error })).min(min).max(max).nullish().describe(description)
}

// ---------------------------------------------------------------------------------------------------- requests

/** `POST /v1/query` body. */
export const QueryRequestSchema = named(z.object({
  text: z.string({ error: 'text must be a non-empty string' })
    .max(MAX_QUERY_TEXT_BYTES, { error: `text must be at most ${MAX_QUERY_TEXT_BYTES} bytes of UTF-8` })
    .refine((t) => t.trim() !== '', { error: 'text must be a non-empty string' })
    // The query protocol carries at most MAX_QUERY_TEXT_BYTES of UTF-8: refuse longer text here, with a clear
    // answer, rather than let every remote peer refuse it.
    .refine((t) => Buffer.byteLength(t, 'utf8') <= MAX_QUERY_TEXT_BYTES, { error: `text must be at most ${MAX_QUERY_TEXT_BYTES} bytes of UTF-8` })
    .describe(`The text to classify: not blank, at most ${MAX_QUERY_TEXT_BYTES} bytes of UTF-8.`),
  k: optionalNumber('k', 1, 16, 'Experts asked. Default: the node\'s k.', true),
  strategy: z.enum(['competence', 'top1', 'mixture', 'vote'], { error: 'strategy must be competence, top1, mixture or vote' })
    .describe('How experts are chosen and their answers combined. Default: competence where the cards carry gates, the node\'s strategy elsewhere.')
    .optional(),
  timeout_ms: optionalNumber('timeout_ms', 50, 60_000, 'Deadline of the whole query, embedding included, in ms. Default: the node\'s query timeout.'),
  max_price: optionalNumber('max_price', 0, 1e9, 'The most one expert may cost, in credits. Default: no limit.'),
  budget: optionalNumber('budget', 0, 1e12, 'The most the whole query may cost, in credits. Default: no limit.'),
  abstain: z.boolean({ error: 'abstain must be true or false' })
    .nullish()
    .describe('Answer "I don\'t know" (label null, abstained true) when no expert is competent. Default: true.'),
  min_similarity: optionalNumber('min_similarity', -1, 1, 'Cards whose best centroid cosine with the query is below this are never asked.')
}, { error: 'body must be a JSON object like {"text": "..."}' }), 'QueryRequest', 'A query. Unknown fields are ignored; null means absent.')

/** `POST /v1/experts` body. */
export const AddExpertRequestSchema = named(z.object({
  dir: z.string({ error: 'dir must be the path of an expert package folder' })
    .min(1, { error: 'dir must be the path of an expert package folder' })
    .describe('An expert package folder under one of the node\'s experts roots (--experts-root).')
}, { error: 'dir must be the path of an expert package folder' }), 'AddExpertRequest', 'An expert package to host.')

// --------------------------------------------------------------------------------------------------- responses

/** A counter: a whole number from 0. */
const count = z.int().min(0)

/** An error answer (any status >= 400). */
export const ErrorSchema = named(z.object({
  error: z.object({
    code: z.string().describe('A stable code (BAD_REQUEST, NO_MATCHING_EXPERT, QUERY_TIMEOUT, ...); branch on it, not on the message.'),
    message: z.string().describe('One sentence for a person: what was wrong and what to do.')
  })
}), 'Error', 'What went wrong.')

/** `GET /healthz`. */
export const HealthSchema = named(z.object({ ok: z.literal(true) }), 'Health', 'The process is up.')

/** An expert card as a node sees it. */
export const ExpertSchema = named(z.object({
  peer: z.string().describe('The peer that serves it.'),
  local: z.boolean().describe('True when this node hosts it.'),
  expert: z.string().describe('Expert id (hex hash of the model).'),
  name: z.string(),
  description: z.string(),
  task: z.string(),
  labels: z.array(z.string()),
  input_kind: z.string().describe('What the expert reads: embedding, ngrams or both.'),
  price: z.number().describe('Credits per answer.'),
  load: z.number().describe('Queue fill, 0..1.'),
  accuracy: z.number().describe('Held-out accuracy its author reported (0 when unknown).'),
  expires_at: z.number().optional().describe('Wall-clock ms at which a remote card expires unless refreshed; absent for local cards.'),
  model_sha256: z.string().optional().describe('Hex sha256 of the model file the card names (absent for experts served over HTTP).'),
  card_digest: z.string().optional().describe('Hex sha256 over the model, name, labels, centroids and gate: what measured scores are bound to.'),
  quality: z.object({
    state: z.enum(['scored', 'quarantined', 'distrusted']).describe('scored: measured accuracy is used; quarantined: not measured yet (a small share of traffic); distrusted: no traffic.'),
    measured_accuracy: z.number().optional().describe('Own probes and the attested consensus, 0..1.'),
    samples: z.number().describe('Probe results behind it (decayed).'),
    validators: count.describe('Validators whose attested scores count in it.'),
    reason: z.string().optional().describe('Why it is distrusted.')
  }).optional().describe('Measured quality as this node knows it.')
}), 'Expert', 'An expert card: one this node hosts, or one another peer advertises.')

/** `GET /v1/experts`. */
export const ExpertListSchema = named(z.object({ experts: z.array(ExpertSchema) }), 'ExpertList', 'Every expert this node can route to, local ones first.')

/** A connected peer. */
export const PeerSchema = named(z.object({
  peer: z.string(),
  addrs: z.array(z.string()).describe('Remote addresses of the open connections.'),
  experts: z.number().describe('Experts it advertises.'),
  reputation: z.number().describe('0..1, from its answers so far.'),
  latency_ms: z.number().optional().describe('Smoothed latency of its answers, once it has answered.'),
  relayed: z.boolean().optional().describe('True when every open connection to it goes through a circuit relay.')
}), 'Peer', 'A connected peer.')

/** `GET /v1/peers`. */
export const PeerListSchema = named(z.object({ peers: z.array(PeerSchema) }), 'PeerList', 'Connected peers.')

/** `DELETE /v1/experts/{id}`. */
export const RemovedExpertSchema = named(z.object({ expertId: z.string(), name: z.string() }), 'RemovedExpert', 'The expert that is no longer hosted.')

const reasonCounts = z.partialRecord(z.enum(ADVERT_REJECT_REASONS as [string, ...string[]]), count)

/** `GET /v1/status`. */
export const StatusSchema = named(z.object({
  peerId: z.string(),
  addrs: z.array(z.string()).describe('Listen addresses with /p2p/<id>.'),
  api: z.string().describe('The API\'s bound host:port.'),
  spaceId: z.string().describe('The embedding space the node routes in.'),
  dim: count.describe('Its dimension.'),
  experts: z.array(z.object({ expert: z.string(), name: z.string(), load: z.number() })).describe('Experts this node hosts, with their queue fill (0..1).'),
  peers: z.array(z.string()).describe('Connected peers.'),
  cards_known: count.describe('Cards in the capability index, local ones included.'),
  ledger: z.object({ earned: z.number(), spent: z.number(), peers: count }).describe('Credits earned from and spent on other peers, and how many peers have an account.'),
  adverts: z.object({
    published: count, accepted: count, relayed: count, rejected: reasonCounts, ignored: reasonCounts
  }).describe('Adverts published, and remote ones accepted, rejected and ignored by reason.'),
  advert_sync: z.object({
    served: count, refused: count, advertsSent: count, synced: count, failed: count, advertsReceived: count, advertsAccepted: count, advertsRejected: count, cutOff: count
  }).describe('Advert sync (relaying known adverts to newly connected peers), as server and as client.'),
  query_server: z.object({ streamsAccepted: count, streamsOpen: count, requestsAnswered: count, inFlight: count, badFrames: count }).describe('The query protocol, serving side.'),
  query_client: z.object({ streamsOpened: count, streamsReused: count, streamsDiscarded: count, idleStreams: count, peers: count, relayedStreamsOpened: count }).describe('The query protocol, asking side (relayedStreamsOpened: streams opened over a relayed connection).'),
  connectivity: z.object({
    peers: count,
    attempts: count.describe('Redial attempts so far.'),
    isolated_for_ms: z.number().optional().describe('How long the node has had no peer, when it has none.'),
    last_dial_error: z.string().optional().describe('The last failed redial, one line.')
  }),
  network: z.string().optional().describe('The network joined: a network file\'s name, or `local`.'),
  reachability: z.object({
    kind: z.enum(['public', 'relayed', 'private']).describe('public: a direct address others can dial; relayed: only through a relay; private: neither.'),
    public_addrs: z.array(z.string()),
    relay_addrs: z.array(z.string())
  }).optional().describe('How other machines can reach this node.')
}), 'Status', 'The node\'s identity, experts and counters.')

const ExpertAnswerSchema = z.object({ label: z.string(), confidence: z.number(), distribution: z.record(z.string(), z.number()) })

/** An expert that answered a query. */
export const RoutedExpertSchema = named(z.object({
  peer: z.string(),
  expert: z.string(),
  name: z.string(),
  score: z.number(),
  similarity: z.number(),
  gate_logit: z.number().describe('The card\'s routing logit: its gate\'s logit for the query, or (no gate) its similarity on the logit scale.'),
  gated: z.boolean().describe('True when the card carries its owner\'s gate.'),
  competence: z.number().optional(),
  privateCompetence: z.number().optional().describe('The expert\'s competence over its private word n-grams, when it reported one.'),
  inDomain: z.number().optional().describe('The expert\'s conformal in-domain score (ln p, <= 0), when it reported one.'),
  posterior: z.number().optional().describe('Under competence routing: the probability the router gave this expert being the right one.'),
  latency_ms: z.number().describe('Wall time of the call as the router saw it.'),
  answer: ExpertAnswerSchema,
  price: z.number()
}), 'RoutedExpert', 'An expert that answered, with where it ran and why it was chosen.')

/** An expert that was called and did not answer usably. */
export const FailedExpertSchema = named(z.object({
  peer: z.string(),
  expert: z.string(),
  name: z.string(),
  error: z.string().describe('One sentence for a person.'),
  code: z.string().describe('EXPERT_TIMEOUT, EXPERT_UNREACHABLE, EXPERT_ERROR or INVALID_ANSWER.')
}), 'FailedExpert', 'An expert that was called and did not answer usably.')

/** A card an abstained answer lists. */
export const NearestCandidateSchema = named(z.object({
  peer: z.string(),
  expert: z.string(),
  name: z.string(),
  gate_logit: z.number(),
  abstain_below: z.number().optional().describe('Its owner\'s calibrated cut on the logit, when the card has a gate.'),
  similarity: z.number(),
  inDomain: z.number().optional()
}), 'NearestCandidate', 'A card the router considered, as an abstained answer lists it.')

/** `POST /v1/query`. */
export const QueryAnswerSchema = named(z.object({
  label: z.string().nullable().describe('The answer, or null when the network abstained.'),
  abstained: z.boolean().describe('True when no expert in the network is competent: nobody was asked.'),
  reason: z.string().optional().describe('Why the network abstained; only with abstained.'),
  nearest: z.array(NearestCandidateSchema).optional().describe('Abstained answers: the nearest candidates, best first.'),
  distribution: z.record(z.string(), z.number()),
  confidence: z.number().describe('How likely the label is right; 0 when abstained.'),
  strategy: z.enum(['competence', 'top1', 'mixture', 'vote']),
  experts: z.array(RoutedExpertSchema).describe('Best-scored first.'),
  failed: z.array(FailedExpertSchema),
  timing: z.object({ embed_ms: z.number().optional(), route_ms: z.number(), probe_ms: z.number().optional(), total_ms: z.number() })
    .describe('Milliseconds: embedding, routing (search, score, plan), competence probes, the whole query.')
}), 'QueryAnswer', 'The combined answer, with provenance. An abstention is a 200 with label null.')

const MapPointShape = {
  expertId: z.string(),
  name: z.string(),
  peerId: z.string(),
  x: z.number(),
  y: z.number()
}
const MapRouteSchema = z.object({ expertId: z.string(), peerId: z.string(), name: z.string(), score: z.number() })

/** `GET /v1/map`. */
export const CapabilityMapSchema = named(z.object({
  spaceId: z.string(),
  dim: z.number().int(),
  explained: z.array(z.number()).describe('Share of the variance over the centroids each axis shows, 0..1.'),
  points: z.array(z.object(MapPointShape)).describe('Every centroid of every card shown.'),
  cards: z.array(z.object({ ...MapPointShape, local: z.boolean(), centroids: z.number().int() })).describe('One mark per card.'),
  truncated: z.boolean().describe('True when the index holds more cards than the map shows.'),
  lastQuery: z.object({
    text: z.string(),
    at: z.number(),
    x: z.number(),
    y: z.number(),
    label: z.string().nullable(),
    abstained: z.boolean(),
    routed: z.array(MapRouteSchema),
    nearest: z.array(MapRouteSchema)
  }).nullable().describe('The last query this node routed, projected the same way.')
}), 'CapabilityMap', 'Every card\'s centroids on the two principal axes of the shared space, and the last query routed.')

/** `GET /v1/ledger`. */
export const LedgerSchema = named(z.object({
  peer_id: z.string(),
  lane: z.number().describe('This node\'s receipt lane (its market database\'s creation time).'),
  accounts: z.array(z.object({
    peer: z.string(),
    earned: z.number().describe('Credits earned answering this peer.'),
    spent: z.number().describe('Credits spent on its answers.'),
    queries_served: count,
    queries_bought: count,
    balance: z.number(),
    debt: z.number().describe('Credits it owes us beyond what its receipts paid (forgiven over time: the free allowance).'),
    credit_limit: z.number().describe('Above this debt its priced queries get PAYMENT_REQUIRED.'),
    paid_in: z.number().describe('Cumulative credits of its newest receipt to us.'),
    paid_out: z.number().describe('Cumulative credits of our newest receipt to it.'),
    throttled: z.boolean(),
    updated_at: z.number()
  })).describe('One account per peer.'),
  receipts: z.array(z.object({
    direction: z.enum(['in', 'out']),
    peer: z.string(),
    lane: z.number(),
    seq: z.number(),
    cumulative: z.number(),
    at: z.number(),
    signed: z.string().describe('The SignedReceipt, base64: `moemesh ledger verify` checks it offline.')
  })).describe('The newest receipt of every lane, both directions.'),
  stats: z.record(z.string(), z.record(z.string(), z.unknown())).describe('Counters of the receipt payer and protocol.')
}), 'Ledger', 'Balances per peer and the newest signed receipts.')
