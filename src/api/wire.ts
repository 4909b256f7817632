/**
 * The HTTP API's JSON, and its mapping to and from the library types. The JSON keeps the names it has always had
 * (some snake_case, e.g. `input_kind`, `cards_known`); the library types are camelCase. `toJson` runs on the
 * server, `fromJson` in the client, which treats the answer as untrusted: it checks each field's type.
 */
import type { AdvertServiceStats } from '../net/advert-service.js'
import type { AdvertSyncStats } from '../net/advert-sync.js'
import type { QueryClientStats } from '../net/query-client.js'
import type { QueryServerStats } from '../net/query-server.js'
import type { ConnectivityStatus } from '../net/reconnect.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'
import type { z } from 'zod'
import { DaemonBadResponseError } from './errors.js'
import type { ExpertSchema, PeerSchema, QueryRequestSchema, StatusSchema } from './schemas.js'
import type { DaemonStatus, ExpertView, PeerView, QueryRequest, RemovedExpert } from './types.js'

/** `POST /v1/query` body (its schema: `QueryRequestSchema`). */
export type QueryRequestJson = z.input<typeof QueryRequestSchema>

/** An entry of `GET /v1/experts`, and the answer of `POST /v1/experts` (its schema: `ExpertSchema`). */
export type ExpertJson = z.output<typeof ExpertSchema>

/** An entry of `GET /v1/peers` (its schema: `PeerSchema`). */
export type PeerJson = z.output<typeof PeerSchema>

/** `GET /v1/status` (its schema: `StatusSchema`). */
export type StatusJson = z.output<typeof StatusSchema>

/** A query as the `POST /v1/query` body. */
export function queryToJson (q: QueryRequest): QueryRequestJson {
  return { text: q.text, k: q.k, strategy: q.strategy, timeout_ms: q.timeoutMs, max_price: q.maxPrice, budget: q.budget, abstain: q.abstain, min_similarity: q.minSimilarity }
}

/** A validated `POST /v1/query` body as the library's query (`null` fields are absent). */
export function queryFromJson (b: z.output<typeof QueryRequestSchema>): QueryRequest {
  return {
    text: b.text,
    k: b.k ?? undefined,
    strategy: b.strategy,
    timeoutMs: b.timeout_ms ?? undefined,
    maxPrice: b.max_price ?? undefined,
    budget: b.budget ?? undefined,
    abstain: b.abstain ?? undefined,
    minSimilarity: b.min_similarity ?? undefined
  }
}

/** An expert as the API's JSON shows it. */
export function expertToJson (e: ExpertView): ExpertJson {
  return {
    peer: e.peer,
    local: e.local,
    expert: e.expert,
    name: e.name,
    description: e.description,
    task: e.task,
    labels: e.labels,
    input_kind: e.inputKind,
    price: e.price,
    load: e.load,
    accuracy: e.accuracy,
    ...(e.expiresAt !== undefined ? { expires_at: e.expiresAt } : {}),
    ...(e.modelSha256 !== undefined ? { model_sha256: e.modelSha256 } : {}),
    ...(e.cardDigest !== undefined ? { card_digest: e.cardDigest } : {}),
    ...(e.quality !== undefined
      ? {
          quality: {
            state: e.quality.state,
            ...(e.quality.accuracy !== undefined ? { measured_accuracy: e.quality.accuracy } : {}),
            samples: e.quality.samples,
            validators: e.quality.validators,
            ...(e.quality.reason !== undefined ? { reason: e.quality.reason } : {})
          }
        }
      : {})
  }
}

/** A peer as the API's JSON shows it. */
export function peerToJson (p: PeerView): PeerJson {
  return { peer: p.peer, addrs: p.addrs, experts: p.experts, reputation: p.reputation, ...(p.latencyMs !== undefined ? { latency_ms: p.latencyMs } : {}), ...(p.relayed !== undefined ? { relayed: p.relayed } : {}) }
}

/** A status as `GET /v1/status` shows it. */
export function statusToJson (s: DaemonStatus): StatusJson {
  return {
    peerId: s.peerId,
    addrs: s.addrs,
    api: s.api,
    spaceId: s.spaceId,
    dim: s.dim,
    experts: s.experts,
    peers: s.peers,
    cards_known: s.cardsKnown,
    ledger: s.ledger,
    adverts: s.adverts,
    advert_sync: s.advertSync,
    query_server: s.queryServer,
    query_client: s.queryClient,
    connectivity: {
      peers: s.connectivity.peers,
      attempts: s.connectivity.attempts,
      ...(s.connectivity.isolatedForMs !== undefined ? { isolated_for_ms: s.connectivity.isolatedForMs } : {}),
      ...(s.connectivity.lastDialError !== undefined ? { last_dial_error: s.connectivity.lastDialError } : {})
    },
    ...(s.network !== undefined ? { network: s.network } : {}),
    ...(s.reachability != null ? { reachability: { kind: s.reachability.kind, public_addrs: s.reachability.publicAddrs, relay_addrs: s.reachability.relayAddrs } } : {})
  }
}

function connectivityFromJson (value: unknown): ConnectivityStatus {
  if (value === undefined) return { peers: 0, attempts: 0 } // a daemon from before the field
  const r = new Reader(value, 'status.connectivity')
  const raw = value as Record<string, unknown>
  const out: ConnectivityStatus = { peers: r.num('peers'), attempts: r.num('attempts') }
  if (raw.isolated_for_ms !== undefined) out.isolatedForMs = r.num('isolated_for_ms')
  if (typeof raw.last_dial_error === 'string') out.lastDialError = raw.last_dial_error
  return out
}

type Json = Record<string, unknown>

function bad (what: string, expected: string): never {
  throw new DaemonBadResponseError(`the daemon's answer is not what this client understands: ${what} is not ${expected}`)
}

/** Reads typed fields of one JSON object, naming the first wrong one. */
class Reader {
  private readonly o: Json
  private readonly what: string

  constructor (value: unknown, what: string) {
    if (value == null || typeof value !== 'object' || Array.isArray(value)) bad(what, 'an object')
    this.o = value as Json
    this.what = what
  }

  str (k: string): string { const v = this.o[k]; return typeof v === 'string' ? v : bad(`${this.what}.${k}`, 'a string') }
  num (k: string): number { const v = this.o[k]; return typeof v === 'number' ? v : bad(`${this.what}.${k}`, 'a number') }
  optNum (k: string): number | undefined { return this.o[k] == null ? undefined : this.num(k) }
  bool (k: string): boolean { const v = this.o[k]; return typeof v === 'boolean' ? v : bad(`${this.what}.${k}`, 'true or false') }
  optBool (k: string): boolean | undefined { return this.o[k] == null ? undefined : this.bool(k) }
  strs (k: string): string[] { return this.list(k).map((v, i) => typeof v === 'string' ? v : bad(`${this.what}.${k}[${i}]`, 'a string')) }
  list (k: string): unknown[] { const v = this.o[k]; return Array.isArray(v) ? v : bad(`${this.what}.${k}`, 'a list') }
  /** A nested object of counters, passed through as it is. */
  obj<T> (k: string): T { return new Reader(this.o[k], `${this.what}.${k}`).o as T }
}

/** An expert of the API's JSON, checked. */
export function expertFromJson (value: unknown, what = 'expert'): ExpertView {
  const r = new Reader(value, what)
  return {
    peer: r.str('peer'),
    local: r.bool('local'),
    expert: r.str('expert'),
    name: r.str('name'),
    description: r.str('description'),
    task: r.str('task'),
    labels: r.strs('labels'),
    inputKind: r.str('input_kind'),
    price: r.num('price'),
    load: r.num('load'),
    accuracy: r.num('accuracy'),
    expiresAt: r.optNum('expires_at'),
    ...qualityFieldsFromJson(value)
  }
}

/** The optional provenance and measured-quality fields of an expert's JSON, checked. */
function qualityFieldsFromJson (value: unknown): Pick<ExpertView, 'modelSha256' | 'cardDigest' | 'quality'> {
  const out: Pick<ExpertView, 'modelSha256' | 'cardDigest' | 'quality'> = {}
  const o = value as Record<string, unknown>
  if (typeof o.model_sha256 === 'string') out.modelSha256 = o.model_sha256
  if (typeof o.card_digest === 'string') out.cardDigest = o.card_digest
  const q = o.quality as Record<string, unknown> | undefined
  if (q !== null && typeof q === 'object' && ['scored', 'quarantined', 'distrusted'].includes(q.state as string)) {
    out.quality = {
      state: q.state as 'scored' | 'quarantined' | 'distrusted',
      samples: typeof q.samples === 'number' ? q.samples : 0,
      validators: typeof q.validators === 'number' ? q.validators : 0,
      ...(typeof q.measured_accuracy === 'number' ? { accuracy: q.measured_accuracy } : {}),
      ...(typeof q.reason === 'string' ? { reason: q.reason } : {})
    }
  }
  return out
}

/** `GET /v1/experts`, checked. */
export function expertsFromJson (value: unknown): ExpertView[] {
  return new Reader(value, 'answer').list('experts').map((e, i) => expertFromJson(e, `experts[${i}]`))
}

/** `GET /v1/peers`, checked. */
export function peersFromJson (value: unknown): PeerView[] {
  return new Reader(value, 'answer').list('peers').map((p, i) => {
    const r = new Reader(p, `peers[${i}]`)
    return { peer: r.str('peer'), addrs: r.strs('addrs'), experts: r.num('experts'), reputation: r.num('reputation'), latencyMs: r.optNum('latency_ms'), relayed: r.optBool('relayed') }
  })
}

/** `GET /v1/status`, checked (the counter objects are checked to be objects and passed through). */
export function statusFromJson (value: unknown): DaemonStatus {
  const r = new Reader(value, 'status')
  return {
    peerId: r.str('peerId'),
    addrs: r.strs('addrs'),
    api: r.str('api'),
    spaceId: r.str('spaceId'),
    dim: r.num('dim'),
    experts: r.list('experts').map((e, i) => {
      const x = new Reader(e, `status.experts[${i}]`)
      return { expert: x.str('expert'), name: x.str('name'), load: x.num('load') }
    }),
    peers: r.strs('peers'),
    cardsKnown: r.num('cards_known'),
    ledger: r.obj('ledger'),
    adverts: r.obj('adverts'),
    advertSync: r.obj('advert_sync'),
    queryServer: r.obj('query_server'),
    queryClient: r.obj('query_client'),
    connectivity: connectivityFromJson((value as Record<string, unknown>).connectivity)
  }
}

/** `DELETE /v1/experts/:id`, checked. */
export function removedFromJson (value: unknown): RemovedExpert {
  const r = new Reader(value, 'answer')
  return { expertId: r.str('expertId'), name: r.str('name') }
}

/** Renames the keys of `value` (when it is a plain object) by `names`, keeping their order. */
function renameKeys (value: unknown, names: Record<string, string>): unknown {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [names[k] ?? k, v]))
}

const ANSWER_EXPERT_TO_JSON: Record<string, string> = { latencyMs: 'latency_ms', gateLogit: 'gate_logit' }
const ANSWER_NEAREST_TO_JSON: Record<string, string> = { gateLogit: 'gate_logit', abstainBelow: 'abstain_below' }
const ANSWER_TIMING_TO_JSON: Record<string, string> = { embedMs: 'embed_ms', routeMs: 'route_ms', probeMs: 'probe_ms', totalMs: 'total_ms' }
const invert = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]))
const ANSWER_EXPERT_FROM_JSON = invert(ANSWER_EXPERT_TO_JSON)
const ANSWER_NEAREST_FROM_JSON = invert(ANSWER_NEAREST_TO_JSON)
const ANSWER_TIMING_FROM_JSON = invert(ANSWER_TIMING_TO_JSON)

/**
 * The JSON of a query answer: the library's answer (camelCase) with the snake_case names this API has always sent
 * (`experts[].latency_ms`, `experts[].gate_logit`, `nearest[].gate_logit`, `nearest[].abstain_below`, `timing.embed_ms`,
 * `timing.route_ms`, `timing.probe_ms`, `timing.total_ms`), key order kept. An abstained answer is
 * `"label": null, "abstained": true, "reason": ..., "nearest": [...]`.
 */
export function answerToJson (answer: RoutedAnswer): unknown {
  return mapAnswer(answer, ANSWER_EXPERT_TO_JSON, ANSWER_TIMING_TO_JSON, ANSWER_NEAREST_TO_JSON)
}

/** A `POST /v1/query` answer as the library type, checked to have the answer's shape (the daemon is untrusted). */
export function answerFromJson (value: unknown): RoutedAnswer {
  const a = value as Record<string, unknown> | null
  const ok = a != null && typeof a === 'object' && (typeof a.label === 'string' || a.label === null) && typeof a.confidence === 'number' &&
    Array.isArray(a.experts) && Array.isArray(a.failed) && a.timing != null && typeof a.timing === 'object'
  if (!ok) bad('query answer', 'label, confidence, experts, failed, timing')
  // A daemon from before abstention sends no `abstained`: its answers never abstain.
  const answer = mapAnswer(a, ANSWER_EXPERT_FROM_JSON, ANSWER_TIMING_FROM_JSON, ANSWER_NEAREST_FROM_JSON) as RoutedAnswer
  if (typeof answer.abstained !== 'boolean') answer.abstained = answer.label === null
  return answer
}

function mapAnswer (answer: object, experts: Record<string, string>, timing: Record<string, string>, nearest: Record<string, string>): unknown {
  const a = answer as { experts?: unknown, timing?: unknown, nearest?: unknown }
  const out: Record<string, unknown> = { ...a }
  if (Array.isArray(a.experts)) out.experts = a.experts.map((e) => renameKeys(e, experts))
  if (Array.isArray(a.nearest)) out.nearest = a.nearest.map((e) => renameKeys(e, nearest))
  if ('timing' in a) out.timing = renameKeys(a.timing, timing)
  return out
}
