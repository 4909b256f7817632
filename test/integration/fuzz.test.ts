/**
 * A short seeded fuzz of a real daemon on 127.0.0.1 (the long run is `npm run fuzz`): hostile frames on the query
 * and sync protocols, gossip adverts and the HTTP API, while honest queries run. The daemon must stay up and keep
 * answering. In-process here (the test needs no build); RSS is then the test process's and is not asserted.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFuzz } from '../../scripts/fuzz/fuzzer.js'
import { SeededRandom } from '../../src/text/random.js'
import { buildTestEmbedder, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, TOPICS, type TestNode } from '../helpers/network.js'

let artefacts: string
let nodes: TestNode[] = []

beforeAll(async () => {
  artefacts = await tempDir('fuzz-test')
})

afterAll(async () => {
  await stopTestNodes(nodes)
  await rm(artefacts, { recursive: true, force: true })
})

describe('fuzzing a running daemon', () => {
  it('survives a few thousand seeded hostile frames on all four surfaces and keeps answering honest queries', async () => {
    const embedderModel = buildTestEmbedder()
    const dirs = await trainTopicExperts(artefacts, embedderModel, ['animal', 'finance'])
    const target = await startTestNode({ name: 'fuzz-target', embedderModel, experts: [dirs.animal, dirs.finance] })
    nodes.push(target)
    const rng = new SeededRandom(5)
    const honestTexts = Array.from({ length: 20 }, (_, i) => topicText(TOPICS[i % 2], i % 3 === 0 ? 'low' : 'high', rng))
    const addr = target.daemon.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) as string

    const report = await runFuzz({
      api: `http://${target.daemon.apiAddress}`,
      multiaddr: addr,
      alive: () => true,
      rssBytes: () => process.memoryUsage().rss
    }, { frames: 2_000, seed: 42, honestTexts, honestQps: 5, baselineS: 2, maxDurationS: 90 })

    expect(report.crashes).toBe(0)
    expect(report.findings).toEqual([])
    expect(report.frames).toBe(2_000)
    // every surface got its share
    for (const n of Object.values(report.frames_by_surface)) expect(n).toBe(500)
    // the API refused the hostile requests with 4xx, never an internal error
    expect(report.http_5xx_internal).toBe(0)
    // honest queries kept being answered during the fuzz, and both the API and the query protocol answer after it
    expect(report.honest_during.queries).toBeGreaterThan(0)
    // never refused or failed by the daemon (its error codes, HTTP_<status>): valid adverts from throwaway identities
    // are held to the per-new-author and per-relayer budgets, so honest queries are not spent on fake cards, and
    // hostile frames do not starve the daemon. Up to 10% may get no HTTP answer at all (timed out within deadline +
    // 5 s, or a kept-alive connection reset under them): in the full suite this test shares 2 cores with other files
    // (the browser test's chromium among them), which held the event loop back for seconds in 3 of 6 quiet full runs.
    const failures = Object.entries(report.honest_during.failures)
    const daemonErrors = failures.filter(([what]) => /^[A-Z][A-Z0-9_]*$/.test(what))
    const unanswered = failures.filter(([what]) => !/^[A-Z][A-Z0-9_]*$/.test(what)).reduce((n, [, count]) => n + count, 0)
    expect(daemonErrors).toEqual([])
    expect(unanswered).toBeLessThanOrEqual(Math.floor(report.honest_during.queries * 0.1))
    expect(report.honest_during.answered).toBe(report.honest_during.queries - unanswered)
    expect(report.honest_after_ok).toBe(true)
    expect(report.query_protocol_after_ok).toBe(true)
  }, 120_000)
})
