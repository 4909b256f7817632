/**
 * `npm run bench:quality -- --mode network`: the benchmark's test queries through a real local network of daemons
 * (127.0.0.1 TCP, no mDNS): the zoo's experts dealt over a few serving daemons, and one client-only daemon whose
 * `Daemon.query` answers every query. The answers' provenance gives the same metrics as the in-process rows, on
 * the same subset of queries, so a user sees whether the network reproduces the offline evaluation.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Daemon } from '../../src/node/daemon.js'
import { validateConfig } from '../../src/node/config.js'
import { auroc, expectedCalibrationError, poolMean } from '../../src/eval/metrics.js'
import type { ZooIndex } from '../../src/experts/zoo/build-zoo.js'
import type { RoutedAnswer } from '../../src/routing/routed-answer.js'
import type { QualityData } from './quality-data.js'
import type { RoutedPerQuery } from './quality-eval.js'

/** One query's outcome: the expert whose label was kept (-1: none), its label index (-1: not one of its labels). */
export interface QueryOutcome {
  expert: number
  label: number
  conf: number
  asked: number
  abstained: boolean
  /** The best in-domain score the answer reports (answered experts or nearest candidates); NaN when none. */
  inDomain: number
  /** How the router routed it ('competence' when the cards carry gates). */
  strategy?: string
}

/** Options of {@link runNetwork}. */
export interface NetworkRunOptions {
  zoo: ZooIndex
  zooDir: string
  data: QualityData
  embedderModel: Uint8Array
  /** Test query indices to send. */
  subset: number[]
  /** Out-of-domain query indices to send. */
  oodSubset: number[]
  /** Daemons hosting experts (the client is one more). @default 3 */
  serving?: number
  /** Queries in flight at once. @default 4 */
  concurrency?: number
  /** Per-query deadline. @default 10000 */
  timeoutMs?: number
  log: (line: string) => void
  signal?: AbortSignal
}

/** Up to `limit` indices of `owner` (-1 skipped), evenly spaced within each owner's own rows, the same share each. */
export function evenSubset (owner: ArrayLike<number>, groups: number, limit: number): number[] {
  const byGroup: number[][] = Array.from({ length: groups }, () => [])
  for (let i = 0; i < owner.length; i++) if (owner[i] >= 0 && owner[i] < groups) byGroup[owner[i]].push(i)
  const total = byGroup.reduce((a, g) => a + g.length, 0)
  if (limit >= total) return byGroup.flat().sort((a, b) => a - b)
  const per = Math.max(1, Math.floor(limit / groups))
  const out: number[] = []
  for (const g of byGroup) {
    const take = Math.min(per, g.length)
    for (let j = 0; j < take; j++) out.push(g[Math.floor((j * g.length) / take)])
  }
  return out.sort((a, b) => a - b)
}

/** Evenly spaced `limit` indices of 0..n-1. */
export function evenIndices (n: number, limit: number): number[] {
  if (limit >= n) return Array.from({ length: n }, (_, i) => i)
  return Array.from({ length: limit }, (_, j) => Math.floor((j * n) / limit))
}

/** Starts the network, sends the queries, stops the network. */
export async function runNetwork (o: NetworkRunOptions): Promise<{ test: QueryOutcome[], ood: QueryOutcome[], convergedMs: number, queryMs: number, failures: number }> {
  const serving = Math.max(1, Math.min(o.serving ?? 3, o.zoo.experts.length))
  const timeoutMs = o.timeoutMs ?? 10_000
  const root = await mkdtemp(join(tmpdir(), 'moemesh-quality-net-'))
  const daemons: Daemon[] = []
  const indexOfExpertId = new Map<string, number>()
  for (const z of o.zoo.experts) {
    const e = o.data.experts.findIndex((x) => x.id === z.id)
    if (e >= 0) indexOfExpertId.set(z.expertId, e)
  }
  try {
    const shares: string[][] = Array.from({ length: serving }, () => [])
    o.zoo.experts.forEach((z, i) => { shares[i % serving].push(join(o.zooDir, z.dir)) })
    const start = async (name: string, experts: string[], bootstrap: string[]): Promise<Daemon> => {
      const config = validateConfig({
        dataDir: join(root, name),
        listen: ['/ip4/127.0.0.1/tcp/0'],
        bootstrap,
        api: '127.0.0.1:0',
        mdns: false,
        experts,
        zoo: false,
        queryTimeoutMs: timeoutMs
      })
      const d = await Daemon.start(config, { embedderModel: o.embedderModel, backendMode: 'in-process', transport: 'tcp', signal: o.signal })
      daemons.push(d)
      return d
    }
    const first = await start('serve-1', shares[0], [])
    const addr = first.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? first.addrs()[0]
    for (let i = 1; i < serving; i++) await start(`serve-${i + 1}`, shares[i], [addr])
    const client = await start('client', [], [addr])
    o.log(`network: ${serving} serving daemons + 1 client on 127.0.0.1; waiting for ${o.zoo.experts.length} cards`)
    const t0 = performance.now()
    const want = new Set(o.zoo.experts.map((z) => z.expertId))
    for (;;) {
      const have = new Set(client.index.entries().map((e) => e.expertId))
      if ([...want].every((id) => have.has(id))) break
      if (performance.now() - t0 > 120_000) throw new Error(`the client did not see every card within 120 s (has ${have.size} of ${want.size})`)
      o.signal?.throwIfAborted()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const convergedMs = performance.now() - t0
    o.log(`network: the client knows every card after ${(convergedMs / 1000).toFixed(1)} s`)

    let failures = 0
    // A client that serves nothing is throttled by its peers' ledgers once it has used their free allowance (100
    // credits): book it as a paying customer, as if it had served them, so every query is answered.
    const servers = daemons.filter((d) => d !== client)
    const sponsor = (): void => { for (const d of servers) d.ledger.recordSpent(client.peerId, 1) }
    const ask = async (text: string): Promise<QueryOutcome> => {
      let answer: RoutedAnswer
      try {
        sponsor()
        answer = await client.query({ text, timeoutMs }, { signal: o.signal })
        const inDomain = Math.max(...[...answer.experts, ...answer.nearest ?? []].map((x) => x.inDomain ?? -Infinity))
        if (answer.abstained) {
          // The in-process row answers every query (abstention is measured apart): ask again without abstaining.
          sponsor()
          const forced = await client.query({ text, timeoutMs, abstain: false }, { signal: o.signal })
          return { ...outcomeOf(forced), abstained: true, inDomain: Number.isFinite(inDomain) ? inDomain : NaN }
        }
        return { ...outcomeOf(answer), inDomain: Number.isFinite(inDomain) ? inDomain : NaN }
      } catch (err) {
        o.signal?.throwIfAborted()
        failures++
        if (failures <= 5) o.log(`query failed: ${(err as Error).message}`)
        return { expert: -1, label: -1, conf: 0, asked: 0, abstained: false, inDomain: NaN }
      }
    }
    const outcomeOf = (a: RoutedAnswer): QueryOutcome => {
      // The kept label's expert: the highest posterior x answer confidence among those answered (as the router combines).
      let kept = a.experts[0]
      for (const x of a.experts) if ((x.posterior ?? 0) * x.answer.confidence > (kept.posterior ?? 0) * kept.answer.confidence) kept = x
      const e = kept != null ? indexOfExpertId.get(kept.expert) ?? -1 : -1
      const label = e >= 0 && a.label != null ? o.data.experts[e].labels.indexOf(a.label) : -1
      return { expert: e, label, conf: a.confidence, asked: a.experts.length, abstained: false, inDomain: NaN, strategy: a.strategy }
    }
    const run = async (texts: string[], what: string): Promise<QueryOutcome[]> => {
      const out: QueryOutcome[] = new Array(texts.length)
      let next = 0
      let done = 0
      const worker = async (): Promise<void> => {
        while (next < texts.length) {
          const i = next++
          out[i] = await ask(texts[i])
          if (++done % 250 === 0) o.log(`${what}: ${done}/${texts.length}`)
        }
      }
      await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker))
      return out
    }
    const q0 = performance.now()
    const test = await run(o.subset.map((q) => o.data.test.texts[q]), 'test queries')
    const ood = await run(o.oodSubset.map((q) => o.data.ood.texts[q]), 'out-of-domain queries')
    return { test, ood, convergedMs, queryMs: performance.now() - q0, failures }
  } finally {
    await Promise.allSettled(daemons.map(async (d) => { await d.stop() }))
    await rm(root, { recursive: true, force: true })
  }
}

/** The headline metrics of one run on a subset (network outcomes, or the in-process routed row restricted to it). */
export function subsetMetrics (data: QualityData, subset: number[], test: QueryOutcome[], ood: QueryOutcome[], threshold: number): Record<string, number | null> {
  const E = data.experts.length
  const truth = subset.map((q) => data.test.expert[q])
  const routed = test.map((t, i) => t.expert === truth[i])
  const correct = test.map((t, i) => t.expert === truth[i] && t.label === data.test.label[subset[i]])
  const pooled = poolMean(correct, truth, E)
  const idScores = test.map((t) => t.inDomain).filter((x) => !Number.isNaN(x))
  const oodScores = ood.map((t) => t.inDomain).filter((x) => !Number.isNaN(x))
  const oracle = subset.map((q) => {
    const e = data.test.expert[q]; const C = data.experts[e].labels.length
    const p = data.test.probs?.[e].subarray(q * C, (q + 1) * C)
    if (p == null) return false
    let best = 0
    for (let c = 1; c < C; c++) if (p[c] > p[best]) best = c
    return best === data.test.label[q]
  })
  return {
    queries: subset.length,
    oracle_acc: poolMean(oracle, truth, E).micro,
    routing_acc1: routed.filter(Boolean).length / Math.max(1, subset.length),
    end_acc: pooled.micro,
    end_acc_macro: pooled.macro,
    experts_per_query: test.reduce((a, t) => a + t.asked, 0) / Math.max(1, test.length),
    ece: expectedCalibrationError(test.map((t) => t.conf), correct),
    ood_auroc: idScores.length > 0 && oodScores.length > 0 ? auroc(oodScores.map((x) => -x), idScores.map((x) => -x)) : null,
    ood_abstain_rate: ood.length > 0 ? ood.filter((t) => t.abstained).length / ood.length : null,
    in_domain_abstain_rate: test.filter((t) => t.abstained).length / Math.max(1, test.length),
    abstain_threshold: threshold
  }
}

/** The in-process routed row's outcomes on a subset, in the network's shape. */
export function inProcessOutcomes (r: RoutedPerQuery, subset: number[], oodSubset: number[]): { test: QueryOutcome[], ood: QueryOutcome[] } {
  return {
    test: subset.map((q) => ({ expert: r.expert[q], label: r.label[q], conf: r.conf[q], asked: r.asked[q], abstained: r.inDomain[q] < r.threshold, inDomain: r.inDomain[q] })),
    ood: oodSubset.map((q) => ({ expert: -1, label: -1, conf: 0, asked: 0, abstained: r.oodInDomain[q] < r.threshold, inDomain: r.oodInDomain[q] }))
  }
}
