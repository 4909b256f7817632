/**
 * Offline evaluation of routing methods and baselines on the quality benchmark's cached matrices. Every
 * fitted number (temperatures, thresholds, mixing weights) comes from the calibration split, the owners' own
 * data and the public background; the test split is only measured.
 */
import { loadExpertPackage } from '../../src/experts/expert-package.js'
import { fitPlatt, fitTemperature, temper } from '../../src/experts/calibration.js'
import { gateScore, trainGate, type Gate } from '../../src/experts/gate.js'
import { auroc, expectedCalibrationError, poolMean, routingAccuracyAt } from '../../src/eval/metrics.js'
import { combineAnswers, routingPosterior } from '../../src/routing/competence.js'
import { join } from 'node:path'
import { expertNeighbours, KNN_KEEP } from './quality-knn.js'
import { conformalP } from '../../src/experts/private-competence.js'
import { privateNeighbours, WORD_FEATURES } from './quality-private.js'
import { DEFAULT_FEATURES } from '../../src/experts/features.js'
import type { QualityData, QuerySet } from './quality-data.js'

/** Share of the background the gates train on; the rest calibrates abstention. */
const GATE_BACKGROUND_SHARE = 0.75
/** Cards the router probes for competence (by gate logit), as in the network protocol. */
const PROBE_TOP = 3
/** Quantile of in-domain calibration scores below which the router abstains (a margin under 5%). */
const ABSTAIN_QUANTILE = 0.04
/** In-domain abstention the gate threshold aims at (on the calibration split). */
const TARGET_IN_DOMAIN_ABSTAIN = 0.05

/** One row of the method table. */
export interface MethodRow {
  method: string
  routing_acc1: number | null
  routing_acc2: number | null
  end_acc: number
  end_acc_macro: number
  experts_per_query: number
  ece: number
}

export interface QualityReport {
  overall: Record<string, number>
  experts: Array<Record<string, number | string>>
  methods: MethodRow[]
  notes: string[]
  /** The routed row (the default method) per test query, so a subset can be scored the same way (`--mode network`). */
  routed: RoutedPerQuery
}

/** The default method's decisions per test (and out-of-domain) query. */
export interface RoutedPerQuery {
  /** Per test query: the expert whose label was kept, the label index, the confidence, experts asked, the ranking. */
  expert: number[]
  label: number[]
  conf: number[]
  asked: number[]
  rank: number[][]
  /** Per test query: the best in-domain score of the probed experts. */
  inDomain: number[]
  /** Per out-of-domain query: the same. */
  oodInDomain: number[]
  /** The abstention threshold on `inDomain` (abstain below). */
  threshold: number
}

type Scores = Float64Array[] // per query, one score per expert

function dot (a: Float32Array, ao: number, b: Float32Array, bo: number, dim: number): number {
  let s = 0
  for (let j = 0; j < dim; j++) s += a[ao + j] * b[bo + j]
  return s
}

function rows (set: QuerySet): number { return set.texts.length }

function argmax (xs: ArrayLike<number>): number {
  let b = 0
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[b]) b = i
  return b
}

function ranking (xs: ArrayLike<number>): number[] {
  return Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[b] - xs[a])
}

function quantile (xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))]
}

/** Per-expert answer probabilities of a query, temperature-scaled. */
function answerOf (set: QuerySet, e: number, q: number, C: number, T: number): Float64Array {
  return temper(set.probs![e].subarray(q * C, (q + 1) * C), T)
}

/** Evaluates every method and baseline; returns the table rows and the headline numbers. */
export async function evaluateAll (data: QualityData, o: { log: (s: string) => void }): Promise<QualityReport> {
  const { dim } = data
  const E = data.experts.length
  const C = data.experts.map((x) => x.labels.length)
  const notes: string[] = []
  const nBg = rows(data.background)
  const nBgTrain = Math.floor(nBg * GATE_BACKGROUND_SHARE)
  const bgTrain = data.background.emb.subarray(0, nBgTrain * dim)
  const bgHeld: QuerySet = {
    texts: data.background.texts.slice(nBgTrain),
    expert: data.background.expert.subarray(nBgTrain),
    label: data.background.label.subarray(nBgTrain),
    emb: data.background.emb.subarray(nBgTrain * dim),
    probs: data.background.probs!.map((p, e) => p.subarray(nBgTrain * C[e]))
  }

  // Per-expert temperatures, each on the expert's own calibration queries.
  const temps = data.experts.map((_, e) => {
    const idx = [...data.calibration.expert.keys()].filter((q) => data.calibration.expert[q] === e)
    const p = new Float32Array(idx.length * C[e])
    idx.forEach((q, i) => p.set(data.calibration.probs![e].subarray(q * C[e], (q + 1) * C[e]), i * C[e]))
    return fitTemperature(p, idx.map((q) => data.calibration.label[q]), C[e])
  })
  o.log(`temperatures: ${temps.map((t) => t.toFixed(2)).join(' ')}`)

  // Card descriptions: the advertised centroids (capability.bin).
  const centroids = await Promise.all(data.experts.map(async (x) => (await loadExpertPackage(x.dir)).centroids))
  const centroidScores = (set: QuerySet): Scores => Array.from({ length: rows(set) }, (_, q) => Float64Array.from(centroids, (cs) => {
    let best = -Infinity
    for (const c of cs) best = Math.max(best, dot(set.emb, q * dim, c, 0, dim))
    return best
  }))

  // PHATGOOSE-style gates: own train inputs vs the public background.
  const trainOf = (e: number): Float32Array => {
    const idx = [...data.train.expert.keys()].filter((q) => data.train.expert[q] === e)
    const out = new Float32Array(idx.length * dim)
    idx.forEach((q, i) => out.set(data.train.emb.subarray(q * dim, (q + 1) * dim), i * dim))
    return out
  }
  const owned = data.experts.map((_, e) => trainOf(e))
  const t0 = performance.now()
  const gates: Gate[] = owned.map((pos) => trainGate(pos, bgTrain, dim))
  o.log(`gates trained in ${(performance.now() - t0).toFixed(0)} ms`)
  const gateScores = (set: QuerySet): Scores => Array.from({ length: rows(set) }, (_, q) => Float64Array.from(gates, (g) => gateScore(g, set.emb, q * dim)))

  // Expert-side kNN competence: mean cosine of the 10 nearest own training inputs (computed by the owner).
  const K = 10
  const knnScores = async (set: QuerySet, name: string): Promise<Scores> => {
    const top = await expertNeighbours(set.emb, owned, dim, data.cacheDir != null ? join(data.cacheDir, `knn-${name}.f32`) : undefined)
    return Array.from({ length: rows(set) }, (_, q) => Float64Array.from({ length: E }, (_, e) => {
      let sum = 0
      for (let k = 0; k < K; k++) sum += top[(q * E + e) * KNN_KEEP + k]
      return sum / K
    }))
  }

  const sets = { calibration: data.calibration, test: data.test, bgHeld, ood: data.ood }
  type SetName = keyof typeof sets
  const scoreCache = new Map<string, Scores>()
  for (const name of Object.keys(sets) as SetName[]) {
    const t = performance.now()
    scoreCache.set(`knn/${name}`, await knnScores(sets[name], name))
    o.log(`knn/${name}: ${(performance.now() - t).toFixed(0)} ms`)
  }
  // Private-feature competence: mean cosine of the 10 nearest own training texts in the expert's own hashed
  // n-gram space; 'kw' = word 1-2-grams (routing), 'kc' = the default word 1-2 + char 3-5-grams (abstention).
  const ownTexts = data.experts.map((_, e) => data.train.texts.filter((_, q) => data.train.expert[q] === e))
  const meanOf = (top: Float32Array, n: number): Scores => Array.from({ length: n }, (_, q) => Float64Array.from({ length: E }, (_, e) => {
    let sum = 0
    for (let k = 0; k < K; k++) sum += top[(q * E + e) * KNN_KEEP + k]
    return sum / K
  }))
  for (const [tag, config] of [['kw', WORD_FEATURES], ['kc', DEFAULT_FEATURES]] as const) {
    for (const name of Object.keys(sets) as SetName[]) {
      const t = performance.now()
      const top = await privateNeighbours(sets[name].texts, ownTexts, config, data.cacheDir != null ? join(data.cacheDir, `${tag}-${name}.f32`) : undefined)
      scoreCache.set(`${tag}/${name}`, meanOf(top, rows(sets[name])))
      o.log(`${tag}/${name}: ${(performance.now() - t).toFixed(0)} ms`)
    }
  }
  const scores = (method: string, name: SetName): Scores => {
    const key = `${method}/${name}`
    let s = scoreCache.get(key)
    if (s == null) {
      const t = performance.now()
      const set = sets[name]
      if (method === 'centroid') s = centroidScores(set)
      else if (method === 'gate') s = gateScores(set)
      else if (method.startsWith('probe')) {
        // The network protocol: the router probes only the PROBE_TOP cards with the highest gate logits for
        // their competence; score = gate + w * competence there, and the others are never asked (they keep
        // their gate order below every probed card, with posterior 0).
        const [, w = 20, ww = 0] = method.split(':').map(Number)
        const g = scores('gate', name); const k = scores('knn', name); const kw = scores('kw', name)
        s = g.map((row, q) => {
          const top = new Set(ranking(row).slice(0, PROBE_TOP))
          return row.map((v, e) => top.has(e) ? v + w * k[q][e] + ww * kw[q][e] : v - 1e6)
        })
      } else if (method.startsWith('gate+knn')) {
        const w = Number(method.split(':')[1] ?? '20')
        const g = scores('gate', name); const k = scores('knn', name)
        s = g.map((row, q) => row.map((v, e) => v + w * k[q][e]))
      } else throw new Error(method)
      scoreCache.set(key, s)
      o.log(`${key}: ${(performance.now() - t).toFixed(0)} ms`)
    }
    return s
  }

  // Fit the routing temperature of a score on the calibration split (NLL of the own expert).
  const fitRoutingTemperature = (method: string): number => {
    const s = scores(method, 'calibration')
    let bestT = 1; let bestNll = Infinity
    for (let u = -6; u <= 4; u += 0.1) {
      const T = Math.exp(u)
      let nll = 0
      s.forEach((row, q) => { nll -= Math.log(Math.max(routingPosterior(row, T)[data.calibration.expert[q]], 1e-12)) })
      if (nll < bestNll) { bestNll = nll; bestT = T }
    }
    return bestT
  }

  /** Routed answers of a method on a set: top-1, or adaptive top-2 when the posterior is below `askBelow`. */
  const route = (method: string, name: SetName, T: number, askBelow: number): { label: number[], expert: number[], conf: number[], asked: number[], rank: number[][] } => {
    const set = sets[name]
    const s = scores(method, name)
    const out = { label: [] as number[], expert: [] as number[], conf: [] as number[], asked: [] as number[], rank: [] as number[][] }
    s.forEach((row, q) => {
      const post = routingPosterior(row, T)
      const r = ranking(post)
      const ask = post[r[0]] < askBelow ? [r[0], r[1]] : [r[0]]
      const best = combineAnswers(post, ask.map((e) => ({ candidate: e, probs: answerOf(set, e, q, C[e], temps[e]) })))!
      // confidence: the joint renormalised over the experts asked is over-optimistic when the right expert
      // was not asked; keep the unnormalised joint (posterior x label probability).
      out.label.push(best.label); out.expert.push(best.candidate); out.conf.push(best.confidence); out.asked.push(ask.length); out.rank.push(r)
    })
    return out
  }

  const set = data.test
  const truthE = set.expert
  const n = rows(set)
  const endCorrect = (r: { label: number[], expert: number[] }): boolean[] => r.label.map((l, q) => r.expert[q] === truthE[q] && l === set.label[q])
  const methods: MethodRow[] = []
  const addRow = (method: string, correct: boolean[], conf: number[], asked: number, rank?: number[][]): void => {
    const pooled = poolMean(correct, truthE, E)
    methods.push({
      method,
      routing_acc1: rank != null ? routingAccuracyAt(rank, truthE, 1) : null,
      routing_acc2: rank != null ? routingAccuracyAt(rank, truthE, 2) : null,
      end_acc: pooled.micro,
      end_acc_macro: pooled.macro,
      experts_per_query: asked,
      ece: expectedCalibrationError(conf, correct)
    })
  }

  // Baselines.
  const oracle = Array.from({ length: n }, (_, q) => argmax(set.probs![truthE[q]].subarray(q * C[truthE[q]], (q + 1) * C[truthE[q]])))
  const oracleCorrect = oracle.map((l, q) => l === set.label[q])
  addRow('oracle (own expert)', oracleCorrect, oracle.map((_, q) => Math.max(...answerOf(set, truthE[q], q, C[truthE[q]], temps[truthE[q]]))), 1)
  const offsets = C.map((_, e) => C.slice(0, e).reduce((a, b) => a + b, 0))
  if (set.multitask != null) {
  const MC = data.multitaskLabels.length
  const mt = Array.from({ length: n }, (_, q) => argmax(set.multitask!.subarray(q * MC, (q + 1) * MC)))
  const mtExpert = (c: number): number => offsets.findLastIndex((off) => off <= c)
  const mtRank = Array.from({ length: n }, (_, q) => ranking(Float64Array.from(C, (ce, e) => { let s = 0; for (let c = 0; c < ce; c++) s += set.multitask![q * MC + offsets[e] + c]; return s })))
  addRow('multitask model (all train data)', mt.map((c, q) => mtExpert(c) === truthE[q] && c - offsets[truthE[q]] === set.label[q]), mt.map((c, q) => set.multitask![q * MC + c]), 1, mtRank)
  } else notes.push('multitask model: not in the cache')
  // random: the expected accuracy is the mean over experts of the chance of picking the own one and being right
  const randomAcc = oracleCorrect.reduce((a, c) => a + (c ? 1 : 0), 0) / n / E
  methods.push({ method: 'random expert (expected)', routing_acc1: 1 / E, routing_acc2: 2 / E, end_acc: randomAcc, end_acc_macro: randomAcc, experts_per_query: 1, ece: NaN })
  // ask all, keep the most confident (raw probabilities)
  const mostConf = Array.from({ length: n }, (_, q) => {
    let best = { e: 0, l: 0, p: -1 }
    for (let e = 0; e < E; e++) for (let c = 0; c < C[e]; c++) { const p = set.probs![e][q * C[e] + c]; if (p > best.p) best = { e, l: c, p } }
    return best
  })
  addRow('ask all 9, most confident', mostConf.map((b, q) => b.e === truthE[q] && b.l === set.label[q]), mostConf.map((b) => b.p), E)

  // Routing methods.
  let winner: { name: string, r: ReturnType<typeof route> } | undefined
  const ladder: Array<{ method: string, adaptive: boolean }> = [
    { method: 'centroid', adaptive: false },
    { method: 'gate', adaptive: false },
    { method: 'knn', adaptive: false },
    { method: 'gate+knn:20', adaptive: false },
    { method: 'gate+knn:20', adaptive: true },
    // The default (last row = "routed"): the network protocol, competence only from the top-3 cards by gate.
    { method: 'probe:20', adaptive: false },
    { method: 'probe:20', adaptive: true },
    // + the private word-n-gram competence (quality-private.ts): the winner of the ablation.
    { method: 'probe:20:60', adaptive: false },
    { method: 'probe:20:60', adaptive: true }
  ]
  for (const { method, adaptive } of ladder) {
    const T = fitRoutingTemperature(method)
    let askBelow = 0
    if (adaptive) {
      // The threshold is chosen on the calibration split: the best end accuracy with at most 1.5 experts/query.
      let bestAcc = -1
      for (const a of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
        const r = route(method, 'calibration', T, a)
        const asked = r.asked.reduce((x, y) => x + y, 0) / r.asked.length
        const acc = r.label.filter((l, q) => r.expert[q] === data.calibration.expert[q] && l === data.calibration.label[q]).length / r.label.length
        if (asked <= 1.5 && acc > bestAcc) { bestAcc = acc; askBelow = a }
      }
    }
    const r = route(method, 'test', T, askBelow)
    const [, w1, w2] = method.split(':')
    const label = method.startsWith('probe') ? `gate+${w1}knn${w2 != null ? `+${w2}kw` : ''} probe top-${PROBE_TOP}` : method
    const name = `${label}${adaptive ? ` adaptive k (ask 2nd below ${askBelow})` : ' top1'} T=${T.toFixed(2)}`
    addRow(name, endCorrect(r), r.conf, r.asked.reduce((a, b) => a + b, 0) / n, r.rank)
    winner = { name, r }
    // ask-all mixture with the same posterior
    if (method === 'centroid') {
      const post = scores(method, 'test').map((row) => routingPosterior(row, T))
      const mix = post.map((p, q) => combineAnswers(p, data.experts.map((_, e) => ({ candidate: e, probs: answerOf(set, e, q, C[e], temps[e]) })))!)
      addRow(`ask all 9, joint posterior x answer (${method})`, mix.map((b, q) => b.candidate === truthE[q] && b.label === set.label[q]), mix.map((b) => b.confidence), E)
    }
  }

  // Abstention (old): the best gate logit, threshold at the calibration split's 5% quantile (in-domain only).
  const bestGate = (name: SetName): number[] => scores('gate', name).map((row) => Math.max(...row))
  const gateThreshold = quantile(bestGate('calibration'), TARGET_IN_DOMAIN_ABSTAIN)
  const gateAuroc = auroc(bestGate('ood').map((x) => -x), bestGate('test').map((x) => -x))
  notes.push(`gate abstention (best gate logit < ${gateThreshold.toFixed(3)}): OOD AUROC ${gateAuroc.toFixed(3)}, OOD abstained ${(bestGate('ood').filter((x) => x < gateThreshold).length / rows(data.ood)).toFixed(3)}, in-domain ${(bestGate('test').filter((x) => x < gateThreshold).length / n).toFixed(3)}`)
  // Abstention (default): each probed expert returns log p_kc + log p_kw, conformal p-values of its private
  // competences against its own calibration inputs; the router abstains when the best is below the
  // calibration split's ABSTAIN_QUANTILE quantile.
  const refOf = (tag: string): Float64Array[] => data.experts.map((_, e) => Float64Array.from(scores(tag, 'calibration').filter((_, q) => data.calibration.expert[q] === e).map((r) => r[e])).sort())
  const refC = refOf('kc'); const refW = refOf('kw')
  const inDomainScore = (name: SetName): number[] => scores('gate', name).map((row, q) => Math.max(...ranking(row).slice(0, PROBE_TOP).map((e) =>
    Math.log(conformalP(refC[e], scores('kc', name)[q][e])) + Math.log(conformalP(refW[e], scores('kw', name)[q][e])))))
  const threshold = quantile(inDomainScore('calibration'), ABSTAIN_QUANTILE)
  const testBest = inDomainScore('test'); const oodBest = inDomainScore('ood'); const bgBest = inDomainScore('bgHeld')
  const oodAuroc = auroc(oodBest.map((x) => -x), testBest.map((x) => -x))
  const centroidAuroc = auroc(scores('centroid', 'ood').map((r) => -Math.max(...r)), scores('centroid', 'test').map((r) => -Math.max(...r)))
  notes.push(`abstention: max over the top-${PROBE_TOP} probed of log p_kc + log p_kw < ${threshold.toFixed(3)} (${ABSTAIN_QUANTILE} quantile on calibration); abstained on background held-out ${(bgBest.filter((x) => x < threshold).length / bgBest.length).toFixed(3)}; best-centroid-similarity AUROC on OOD ${centroidAuroc.toFixed(3)}`)
  const oodProse = oodBest.filter((_, i) => data.ood.label[i] === 0); const oodCode = oodBest.filter((_, i) => data.ood.label[i] === 1)
  notes.push(`OOD abstained: prose ${(oodProse.filter((x) => x < threshold).length / oodProse.length).toFixed(3)}, code ${(oodCode.filter((x) => x < threshold).length / oodCode.length).toFixed(3)}`)

  const w = winner!
  const wCorrect = endCorrect(w.r)
  const byExpert = poolMean(wCorrect, truthE, E)
  const r1 = poolMean(w.r.rank.map((r, q) => r[0] === truthE[q]), truthE, E)
  const oracleBy = poolMean(oracleCorrect, truthE, E)
  const row = (name: string): MethodRow | undefined => methods.find((m) => m.method.startsWith(name))
  const overall = {
    routing_acc1: routingAccuracyAt(w.r.rank, truthE, 1),
    routing_acc2: routingAccuracyAt(w.r.rank, truthE, 2),
    end_acc: byExpert.micro,
    end_acc_macro: byExpert.macro,
    oracle_acc: oracleBy.micro,
    multitask_acc: row('multitask')?.end_acc ?? NaN,
    random_acc: randomAcc,
    experts_per_query: w.r.asked.reduce((a, b) => a + b, 0) / n,
    ece: expectedCalibrationError(w.r.conf, wCorrect),
    ood_auroc: oodAuroc,
    ood_abstain_rate: oodBest.filter((x) => x < threshold).length / oodBest.length,
    in_domain_abstain_rate: testBest.filter((x) => x < threshold).length / n
  }
  notes.push(`routed = ${w.name}; temperatures per expert ${temps.map((t) => t.toFixed(2)).join(', ')}`)
  const experts = data.experts.map((x, e) => ({ id: x.id, queries: truthE.filter((t) => t === e).length, routing_acc1: r1.groups[e], end_acc: byExpert.groups[e], oracle_acc: oracleBy.groups[e] }))
  const routed: RoutedPerQuery = { ...w.r, inDomain: testBest, oodInDomain: oodBest, threshold }
  return { overall, experts, methods, notes, routed }
}

/** The report as a plain-text table. */
export function formatTable (r: QualityReport): string {
  const pct = (x: number | null): string => x == null || Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`
  const lines = ['method                                                     | acc@1  | acc@2  | end    | macro  | calls | ECE']
  for (const m of r.methods) lines.push(`${m.method.padEnd(58)} | ${pct(m.routing_acc1)} | ${pct(m.routing_acc2)} | ${pct(m.end_acc)} | ${pct(m.end_acc_macro)} | ${m.experts_per_query.toFixed(2).padStart(5)} | ${Number.isNaN(m.ece) ? '-' : m.ece.toFixed(3)}`)
  lines.push('', 'per expert (routed):  id | queries | acc@1 | end | oracle')
  for (const x of r.experts) lines.push(`  ${String(x.id).padEnd(18)} ${String(x.queries).padStart(5)} ${pct(x.routing_acc1 as number)} ${pct(x.end_acc as number)} ${pct(x.oracle_acc as number)}`)
  lines.push('', 'overall: ' + Object.entries(r.overall).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' '))
  for (const n of r.notes) lines.push('note: ' + n)
  return lines.join('\n')
}
