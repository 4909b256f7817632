import { describe, expect, it } from 'vitest'
import { defaultLogger } from '@libp2p/logger'
import { NodeMetrics } from '../../../src/node/metrics.js'
import { NoMatchingExpertError, QueryFailedError, ExpertTimeoutError, ExpertUnreachableError } from '../../../src/routing/errors.js'
import { QueryDeadlineError } from '../../../src/node/errors.js'
import type { RoutedAnswer } from '../../../src/routing/routed-answer.js'
import { parsePrometheusText, sampleSum, type Sample } from '../../helpers/prometheus-text.js'

async function samples (m: NodeMetrics): Promise<Sample[]> {
  return parsePrometheusText((await m.render()).text)
}

const ANSWER = { label: 'x', abstained: false, distribution: {}, confidence: 1, strategy: 'top1', experts: [{}, {}], failed: [{ code: 'EXPERT_TIMEOUT' }], timing: { routeMs: 1, totalMs: 2 } } as unknown as RoutedAnswer

describe('NodeMetrics', () => {
  it('counts queries by outcome, with their latency, fan-out and failed calls', async () => {
    const m = new NodeMetrics({ processMetrics: false })
    const zero = await samples(m)
    expect(sampleSum(zero, 'moemesh_queries_total', { outcome: 'answered' })).toBe(0)
    expect(zero.filter((s) => s.name === 'moemesh_queries_total')).toHaveLength(8)
    m.queryFinished(ANSWER, 0.02)
    m.queryFinished({ ...ANSWER, label: null, abstained: true, experts: [], failed: [] }, 0.001)
    m.queryFailed(new QueryFailedError([new ExpertTimeoutError('p', 'e', 100), new ExpertUnreachableError('p', 'f', new Error('down'))], 100), 0.1)
    m.queryFailed(new NoMatchingExpertError('space', 'no-cards'), 0.001)
    m.queryFailed(new QueryDeadlineError('slow'), 0.5)
    m.queryFailed(new DOMException('gone', 'AbortError'), 0.01)
    m.queryFailed(new Error('?'), 0.01)
    const s = await samples(m)
    expect(Object.fromEntries(s.filter((x) => x.name === 'moemesh_queries_total').map((x) => [x.labels.outcome, x.value]))).toEqual({
      answered: 1, abstained: 1, no_expert: 1, failed: 1, payment_required: 0, timeout: 1, aborted: 1, error: 1
    })
    expect(sampleSum(s, 'moemesh_query_duration_seconds_count')).toBe(7)
    expect(sampleSum(s, 'moemesh_query_duration_seconds_bucket', { outcome: 'answered', le: '0.025' })).toBe(1)
    expect(sampleSum(s, 'moemesh_query_duration_seconds_bucket', { outcome: 'answered', le: '0.01' })).toBe(0)
    // 3 experts for the answered query, 0 for the abstention, 2 for the failed one
    expect(sampleSum(s, 'moemesh_query_experts_called_sum')).toBe(5)
    expect(sampleSum(s, 'moemesh_query_experts_called_count')).toBe(3)
    expect(sampleSum(s, 'moemesh_expert_call_failures_total', { code: 'EXPERT_TIMEOUT' })).toBe(2)
    expect(sampleSum(s, 'moemesh_expert_call_failures_total', { code: 'EXPERT_UNREACHABLE' })).toBe(1)
  })

  it('counts served experts with bounded labels, and keeps each node\'s series apart', async () => {
    const a = new NodeMetrics({ processMetrics: false })
    const b = new NodeMetrics({ processMetrics: false })
    a.served('finance', 'answer', 'ok')
    a.served('finance', 'probe', 'OVERLOADED')
    a.served('finance', 'answer', 'something a peer made up')
    const s = await samples(a)
    expect(sampleSum(s, 'moemesh_served_total', { expert: 'finance', kind: 'answer', outcome: 'ok' })).toBe(1)
    expect(sampleSum(s, 'moemesh_served_total', { kind: 'probe', outcome: 'OVERLOADED' })).toBe(1)
    expect(sampleSum(s, 'moemesh_served_total', { outcome: 'other' })).toBe(1)
    expect(sampleSum(await samples(b), 'moemesh_served_total')).toBe(0)
  })

  it('lets several nodes in one process register libp2p metrics in their own registries', async () => {
    const a = new NodeMetrics({ processMetrics: false })
    const b = new NodeMetrics({ processMetrics: false })
    const ma = a.libp2pMetrics()({ logger: defaultLogger() })
    ma.registerMetricGroup('libp2p_test_listener_events_total', { label: 'event' }).increment({ open: true })
    const mb = b.libp2pMetrics()({ logger: defaultLogger() })
    mb.registerMetricGroup('libp2p_test_listener_events_total', { label: 'event' }).increment({ open: true })
    // a second listener of node a registers the same name after node b was created: no duplicate-name error
    ma.registerMetricGroup('libp2p_test_listener_events_total', { label: 'event' }).increment({ open: true })
    expect(sampleSum(await samples(a), 'libp2p_test_listener_events_total')).toBe(2)
    expect(sampleSum(await samples(b), 'libp2p_test_listener_events_total')).toBe(1)
  })

  it('reads the node\'s status at each scrape', async () => {
    const m = new NodeMetrics({ processMetrics: false })
    let cards = 3
    m.collectFrom(() => ({
      peerId: 'p', addrs: [], api: '', spaceId: 's', dim: 2, experts: [{ expert: 'e', name: 'finance', load: 0.5 }], peers: ['q'], cardsKnown: cards,
      ledger: { earned: 4, spent: 1, peers: 1 },
      adverts: { published: 2, accepted: 5, relayed: 2, rejected: { 'bad-signature': 1 }, ignored: { 'stale-seqno': 3 } },
      advertSync: { served: 1, refused: 0, advertsSent: 1, synced: 1, failed: 0, advertsReceived: 2, advertsAccepted: 2, advertsRejected: 0, cutOff: 0 },
      queryServer: { streamsAccepted: 1, streamsOpen: 1, requestsAnswered: 6, inFlight: 0, badFrames: 0 },
      queryClient: { streamsOpened: 1, streamsReused: 0, streamsDiscarded: 0, idleStreams: 0, peers: 1, relayedStreamsOpened: 0 },
      connectivity: { peers: 1, attempts: 0 }
    }))
    let s = await samples(m)
    expect(sampleSum(s, 'moemesh_index_cards')).toBe(3)
    expect(sampleSum(s, 'moemesh_hosted_expert_load', { expert: 'finance' })).toBe(0.5)
    expect(sampleSum(s, 'moemesh_ledger_credits', { direction: 'earned' })).toBe(4)
    expect(sampleSum(s, 'moemesh_adverts_accepted_total', { via: 'gossip' })).toBe(3)
    expect(sampleSum(s, 'moemesh_adverts_accepted_total', { via: 'sync' })).toBe(2)
    expect(sampleSum(s, 'moemesh_adverts_rejected_total', { action: 'reject', reason: 'bad-signature' })).toBe(1)
    expect(sampleSum(s, 'moemesh_adverts_rejected_total', { action: 'ignore', reason: 'stale-seqno' })).toBe(3)
    expect(sampleSum(s, 'moemesh_query_server_requests_total')).toBe(6)
    cards = 7
    s = await samples(m)
    expect(sampleSum(s, 'moemesh_index_cards')).toBe(7)
    // a mirrored counter is not added up across scrapes
    expect(sampleSum(s, 'moemesh_query_server_requests_total')).toBe(6)
  })
})
