/**
 * The node's Prometheus metrics: one registry per node (several nodes may run in one process, as the tests and the
 * demo do), holding libp2p's own metrics (through `@libp2p/prometheus-metrics`) and moemesh's. Every series is
 * documented in `docs/metrics.md`. Labels come from bounded sets only: outcomes, error codes, advert reject
 * reasons, and the names of the experts this node hosts; never peer ids or query text.
 */
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import type { Metrics as Libp2pMetrics, ComponentLogger } from '@libp2p/interface'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { DaemonStatus } from '../api/types.js'
import { QUERY_ERROR_NAMES } from '../net/query-types.js'
import type { RoutedAnswer } from '../routing/routed-answer.js'

/** How a routed query ended, as the `outcome` label of `moemesh_queries_total`. */
export type QueryOutcome = 'answered' | 'abstained' | 'no_expert' | 'failed' | 'payment_required' | 'timeout' | 'aborted' | 'error'

/** Every {@link QueryOutcome}, so each series exists (at 0) from the start. */
export const QUERY_OUTCOMES: readonly QueryOutcome[] = ['answered', 'abstained', 'no_expert', 'failed', 'payment_required', 'timeout', 'aborted', 'error']

/** What a served request was, as the `kind` label of `moemesh_served_total`. */
export type ServedKind = 'answer' | 'probe'

/** Buckets of the routed-query latency histogram, in seconds: 5 ms (a local expert) to 30 s (a long deadline). */
const QUERY_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
/** Buckets of the experts-per-query histogram: the router asks at most 16 (the API's `k` limit). */
const EXPERTS_PER_QUERY_BUCKETS = [0, 1, 2, 3, 4, 6, 8, 12, 16]
/** Expert-call codes the router records for a failed call (`FailedExpert.code`); anything else counts as `other`. */
const CALL_FAILURE_CODES = new Set(['EXPERT_TIMEOUT', 'EXPERT_UNREACHABLE', 'EXPERT_ERROR', 'INVALID_ANSWER'])
/** Outcomes of a served expert: `ok` or a wire error name; anything else counts as `other`. */
const SERVED_OUTCOMES = new Set<string>(['ok', ...QUERY_ERROR_NAMES])

/** The serving side's view of the metrics (what `ServingPolicy` records). */
export interface ServingMetrics {
  /** One expert of one request was served: `outcome` is `'ok'` or the wire error it answered with. */
  served: (expert: string, kind: ServedKind, outcome: string) => void
}

/** Options of {@link NodeMetrics}. */
export interface NodeMetricsInit {
  /**
   * Also collect prom-client's default process metrics (CPU, memory, event loop lag, GC) into the registry.
   *
   * @default true
   */
  processMetrics?: boolean
}

/**
 * The metrics of one node: a private prom-client {@link Registry}, the counters the node's code moves
 * ({@link NodeMetrics.queryFinished}, {@link NodeMetrics.served}) and gauges read from the node's status at each
 * scrape ({@link NodeMetrics.collectFrom}).
 *
 * @example
 * ```ts
 * const metrics = new NodeMetrics()
 * const libp2p = await createMoemeshLibp2p({ privateKey, metrics: metrics.libp2pMetrics() })
 * metrics.collectFrom(() => daemon.status())
 * const { contentType, text } = await metrics.render()
 * ```
 */
export class NodeMetrics implements ServingMetrics {
  /** The registry every series of this node lives in. */
  readonly registry = new Registry()
  private readonly init: NodeMetricsInit
  private readonly queries: Counter<'outcome'>
  private readonly queryDuration: Histogram<'outcome'>
  private readonly expertsPerQuery: Histogram
  private readonly callFailures: Counter<'code'>
  private readonly servedTotal: Counter<'expert' | 'kind' | 'outcome'>
  private status?: () => DaemonStatus
  /** Set while a scrape renders: the status built once for that scrape. */
  private scrapeStatus?: () => DaemonStatus | undefined

  constructor (init: NodeMetricsInit = {}) {
    this.init = init
    const registers = [this.registry]
    this.queries = new Counter({ name: 'moemesh_queries_total', help: 'Queries this node routed, by outcome', labelNames: ['outcome'], registers })
    for (const outcome of QUERY_OUTCOMES) this.queries.inc({ outcome }, 0)
    this.queryDuration = new Histogram({
      name: 'moemesh_query_duration_seconds',
      help: 'Wall time of a routed query (embedding, routing, probes, expert calls), by outcome',
      labelNames: ['outcome'],
      buckets: QUERY_SECONDS_BUCKETS,
      registers
    })
    this.expertsPerQuery = new Histogram({
      name: 'moemesh_query_experts_called',
      help: 'Experts called for one routed query (answered or failed; 0 when the network abstained)',
      buckets: EXPERTS_PER_QUERY_BUCKETS,
      registers
    })
    this.callFailures = new Counter({ name: 'moemesh_expert_call_failures_total', help: 'Expert calls of routed queries that failed, by code', labelNames: ['code'], registers })
    this.servedTotal = new Counter({
      name: 'moemesh_served_total',
      help: 'Requests for this node\'s experts from other peers, per hosted expert, by kind (answer or competence probe) and outcome (ok or the wire error)',
      labelNames: ['expert', 'kind', 'outcome'],
      registers
    })
    this.statusGauges()
  }

  /**
   * The factory for libp2p's `metrics` option: libp2p's own series (connections, streams, data transferred,
   * gossipsub, DHT) go into this node's registry; with {@link NodeMetricsInit.processMetrics}, also the
   * process's CPU, memory, event loop and GC.
   */
  libp2pMetrics (): (components: { logger: ComponentLogger }) => Libp2pMetrics {
    const factory = prometheusMetrics({ registry: this.registry, collectDefaultMetrics: this.init.processMetrics ?? true })
    return (components) => rememberOwnMetrics(factory(components))
  }

  /** Read the gauges (index size, peers, ledger, advert and protocol counters) from `status` at every scrape. */
  collectFrom (status: () => DaemonStatus): void {
    this.status = status
  }

  /** Count one routed query that returned an answer (answered or abstained). */
  queryFinished (answer: RoutedAnswer, seconds: number): void {
    const outcome: QueryOutcome = answer.abstained ? 'abstained' : 'answered'
    this.queries.inc({ outcome })
    this.queryDuration.observe({ outcome }, seconds)
    this.expertsPerQuery.observe(answer.experts.length + answer.failed.length)
    for (const f of answer.failed) this.callFailures.inc({ code: CALL_FAILURE_CODES.has(f.code) ? f.code : 'other' })
  }

  /** Count one routed query that threw, by its error's stable code or name. */
  queryFailed (err: unknown, seconds: number): void {
    const outcome = outcomeOf(err)
    this.queries.inc({ outcome })
    this.queryDuration.observe({ outcome }, seconds)
    // a query that failed as a whole called experts, each of which failed: QueryFailedError carries them
    const errors = (err as { errors?: unknown }).errors
    if (Array.isArray(errors)) {
      this.expertsPerQuery.observe(errors.length)
      for (const e of errors) {
        const code = (e as { code?: unknown }).code
        this.callFailures.inc({ code: typeof code === 'string' && CALL_FAILURE_CODES.has(code) ? code : 'other' })
      }
    }
  }

  served (expert: string, kind: ServedKind, outcome: string): void {
    this.servedTotal.inc({ expert, kind, outcome: SERVED_OUTCOMES.has(outcome) ? outcome : 'other' })
  }

  /** The registry in Prometheus text format, with the content type to serve it as. */
  async render (): Promise<{ contentType: string, text: string }> {
    // every status-backed series reads the same status: build it once per scrape, not once per series
    const status = this.status
    let scraped: DaemonStatus | undefined
    let built = false
    this.scrapeStatus = () => {
      if (!built) { scraped = status?.(); built = true }
      return scraped
    }
    try {
      return { contentType: this.registry.contentType, text: await this.registry.metrics() }
    } finally {
      this.scrapeStatus = undefined
    }
  }

  /** Gauges and counters whose values are read from the node's status when scraped. */
  private statusGauges (): void {
    const registers = [this.registry]
    const metrics = this
    const read = (): DaemonStatus | undefined => metrics.scrapeStatus !== undefined ? metrics.scrapeStatus() : metrics.status?.()
    /** A counter kept by another component (its stats), copied at scrape time. */
    const mirror = <L extends string>(name: string, help: string, labelNames: L[], values: (s: DaemonStatus) => Array<[Partial<Record<L, string>>, number]>): void => {
      new Counter<L>({
        name,
        help,
        labelNames,
        registers,
        collect () {
          const s = read()
          if (s === undefined) return
          this.reset()
          for (const [labels, v] of values(s)) this.inc(labels, v)
        }
      })
    }
    const gauge = <L extends string>(name: string, help: string, labelNames: L[], values: (s: DaemonStatus) => Array<[Partial<Record<L, string>>, number]>): void => {
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect () {
          const s = read()
          if (s === undefined) return
          this.reset()
          for (const [labels, v] of values(s)) this.set(labels, v)
        }
      })
    }
    gauge('moemesh_index_cards', 'Capability cards in the routing index, this node\'s own included', [], (s) => [[{}, s.cardsKnown]])
    gauge('moemesh_hosted_experts', 'Experts this node hosts', [], (s) => [[{}, s.experts.length]])
    gauge('moemesh_hosted_expert_load', 'Queue fill (0..1) of each expert this node hosts', ['expert'], (s) => s.experts.map((e) => [{ expert: e.name }, e.load]))
    gauge('moemesh_peers_connected', 'Peers this node has an open connection to', [], (s) => [[{}, s.peers.length]])
    gauge('moemesh_ledger_credits', 'Credits in the ledger: earned from other peers\' queries, spent on theirs', ['direction'], (s) => [[{ direction: 'earned' }, s.ledger.earned], [{ direction: 'spent' }, s.ledger.spent]])
    gauge('moemesh_ledger_accounts', 'Peers the ledger keeps an account for', [], (s) => [[{}, s.ledger.peers]])
    mirror('moemesh_adverts_published_total', 'Adverts of this node\'s cards handed to gossipsub', [], (s) => [[{}, s.adverts.published]])
    mirror('moemesh_adverts_accepted_total', 'Remote adverts accepted, by how they came (gossip or advert sync)', ['via'], (s) => [
      [{ via: 'gossip' }, s.adverts.accepted - s.adverts.relayed], [{ via: 'sync' }, s.adverts.relayed]
    ])
    mirror('moemesh_adverts_rejected_total', 'Remote adverts not accepted, by action (reject: malformed or forged, penalised; ignore: stale, expired, rate-limited) and reason', ['action', 'reason'], (s) => [
      ...Object.entries(s.adverts.rejected).map(([reason, v]): [Partial<Record<'action' | 'reason', string>>, number] => [{ action: 'reject', reason }, v ?? 0]),
      ...Object.entries(s.adverts.ignored).map(([reason, v]): [Partial<Record<'action' | 'reason', string>>, number] => [{ action: 'ignore', reason }, v ?? 0])
    ])
    mirror('moemesh_query_server_requests_total', 'Query-protocol requests this node answered (any code)', [], (s) => [[{}, s.queryServer.requestsAnswered]])
    mirror('moemesh_query_server_bad_frames_total', 'Query-protocol frames refused as oversized or undecodable', [], (s) => [[{}, s.queryServer.badFrames]])
    gauge('moemesh_query_server_in_flight', 'Query-protocol requests being answered now', [], (s) => [[{}, s.queryServer.inFlight]])
    mirror('moemesh_advert_sync_total', 'Advert-sync exchanges, by role (served, refused as server; synced, failed as client)', ['result'], (s) => [
      [{ result: 'served' }, s.advertSync.served], [{ result: 'refused' }, s.advertSync.refused],
      [{ result: 'synced' }, s.advertSync.synced], [{ result: 'failed' }, s.advertSync.failed]
    ])
  }
}

/** The `register*` methods of libp2p's metrics. */
const REGISTER_METHODS = [
  'registerMetric', 'registerMetricGroup', 'registerCounter', 'registerCounterGroup', 'registerHistogram',
  'registerHistogramGroup', 'registerSummary', 'registerSummaryGroup'
] as const

/**
 * `@libp2p/prometheus-metrics` caches metrics by name in one module-wide map, which each new instance clears. With
 * several nodes in one process (tests, the demo), a node that registers a name a second time (a TCP listener per
 * listen address does) after another node was created would get the other node's metric, or create it again in its
 * own registry, where prom-client throws on the duplicate name: so each node remembers what it registered itself
 * and gets that back.
 */
function rememberOwnMetrics (metrics: Libp2pMetrics): Libp2pMetrics {
  const own = new Map<string, unknown>()
  const target = metrics as unknown as Record<string, (name: string, opts?: unknown) => unknown>
  for (const method of REGISTER_METHODS) {
    const register = target[method].bind(metrics)
    target[method] = (name: string, opts?: unknown): unknown => {
      // by name alone, as the library's own cache
      if (own.has(name)) return own.get(name)
      const metric = register(name, opts)
      own.set(name, metric)
      return metric
    }
  }
  return metrics
}

/** The `outcome` label of a query that threw. */
function outcomeOf (err: unknown): QueryOutcome {
  const e = err as { name?: unknown, code?: unknown }
  switch (e.code) {
    case 'NO_MATCHING_EXPERT': return 'no_expert'
    case 'QUERY_FAILED': return 'failed'
    case 'PAYMENT_REQUIRED': return 'payment_required'
    case 'DEADLINE_EXCEEDED': case 'QUERY_TIMEOUT': return 'timeout'
    case 'ABORTED': return 'aborted'
  }
  if (e.name === 'AbortError') return 'aborted'
  if (e.name === 'TimeoutError') return 'timeout'
  return 'error'
}
