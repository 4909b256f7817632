/**
 * Competence-aware routing decisions, as pure functions the router calls: turn per-card routing scores (gate
 * logits) into a posterior over experts, decide whether to abstain and how many experts to ask (adaptive k),
 * and combine the calibrated answers of the experts asked into one answer with a calibrated confidence
 * (P(right expert) x P(right label | expert)).
 */
import { InvalidOptionError } from '../errors.js'
import {
  ABSTAIN_IN_DOMAIN_BELOW, ASK_SECOND_BELOW, COMPETENCE_MAX_EXPERTS, COMPETENCE_WEIGHT, PRIVATE_COMPETENCE_WEIGHT, ROUTING_TEMPERATURE
} from './constants.js'

/** Defaults of {@link CompetencePolicy}, chosen on the zoo's calibration split (see scripts/bench/quality.ts). */
export const DEFAULT_ROUTING_TEMPERATURE = ROUTING_TEMPERATURE
/** Ask a second expert when the first holds less than this routing posterior. */
export const DEFAULT_ASK_SECOND_BELOW = ASK_SECOND_BELOW

/** What a probed expert reported about a query (each clamped to its range; absent when it did not say). */
export interface ProbeScores {
  /** Shared-space kNN competence, -1..1. */
  competence?: number
  /** kNN competence over the expert's private word n-grams, -1..1 (~0..1 in practice). */
  privateCompetence?: number
  /** ln p_c + ln p_w of the expert's conformal in-domain test, MIN_IN_DOMAIN..0. */
  inDomain?: number
}

/**
 * A card's routing score: `gateLogit + 20 * competence + 60 * privateCompetence`. A value the expert did not
 * report is the lowest any probed expert reported (`floor`), so silence never beats a shown score.
 */
export function competenceScore (gateLogit: number, reported: ProbeScores | undefined, floor: { competence: number, privateCompetence: number }): number {
  return gateLogit +
    COMPETENCE_WEIGHT * (reported?.competence ?? floor.competence) +
    PRIVATE_COMPETENCE_WEIGHT * (reported?.privateCompetence ?? floor.privateCompetence)
}

/** The floors of {@link competenceScore}: the lowest value of each kind among the probed experts (0 when none reported it). */
export function competenceFloor (reported: Iterable<ProbeScores>): { competence: number, privateCompetence: number } {
  let competence = Infinity
  let privateCompetence = Infinity
  for (const r of reported) {
    if (r.competence !== undefined) competence = Math.min(competence, r.competence)
    if (r.privateCompetence !== undefined) privateCompetence = Math.min(privateCompetence, r.privateCompetence)
  }
  return { competence: Number.isFinite(competence) ? competence : 0, privateCompetence: Number.isFinite(privateCompetence) ? privateCompetence : 0 }
}

/**
 * The in-domain abstention rule: the best `inDomain` any probed expert reported, and whether it is under
 * `threshold` (abstain). `undefined` when no probed expert reported one (the caller falls back to the gate cut).
 */
export function inDomainVerdict (reported: Iterable<ProbeScores>, threshold = ABSTAIN_IN_DOMAIN_BELOW): { best: number, abstain: boolean } | undefined {
  let best = -Infinity
  let any = false
  for (const r of reported) if (r.inDomain !== undefined) { any = true; best = Math.max(best, r.inDomain) }
  return any ? { best, abstain: best < threshold } : undefined
}

/** How to turn scores into a decision. */
export interface CompetencePolicy {
  /** Softmax temperature over card scores. @default 1.49 */
  temperature?: number
  /** Abstain when the best card's score (its gate logit) is below this. @default -Infinity (never) */
  abstainBelow?: number
  /** Ask the second-best expert too when the best one's posterior is below this. @default 0.3 */
  askSecondBelow?: number
  /** Most experts asked. @default 2 */
  maxExperts?: number
}

/** Which experts to ask for one query, or an abstention. */
export interface CompetencePlan {
  /** Candidate indices to ask, best first (empty when abstaining). */
  ask: number[]
  /** Routing posterior over all candidates (sums to 1). */
  posterior: Float64Array
  abstained: boolean
  /** The best candidate's score, for the abstention reason. */
  bestScore: number
}

/** Softmax of `scores / temperature`. */
export function routingPosterior (scores: ArrayLike<number>, temperature = DEFAULT_ROUTING_TEMPERATURE): Float64Array {
  if (!(temperature > 0)) throw new InvalidOptionError('temperature', `must be positive, got ${String(temperature)}`)
  const out = new Float64Array(scores.length)
  let max = -Infinity
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i] / temperature)
  let sum = 0
  for (let i = 0; i < scores.length; i++) { out[i] = Math.exp(scores[i] / temperature - max); sum += out[i] }
  for (let i = 0; i < scores.length; i++) out[i] /= sum
  return out
}

/** Plans one query: abstain, or ask the best candidate, and the second when the first is not sure enough. */
export function planQuery (scores: ArrayLike<number>, policy: CompetencePolicy = {}): CompetencePlan {
  const posterior = routingPosterior(scores, policy.temperature)
  const order = Array.from(posterior.keys()).sort((a, b) => posterior[b] - posterior[a])
  const bestScore = order.length > 0 ? scores[order[0]] : -Infinity
  if (order.length === 0 || bestScore < (policy.abstainBelow ?? -Infinity)) return { ask: [], posterior, abstained: true, bestScore }
  const max = policy.maxExperts ?? COMPETENCE_MAX_EXPERTS
  const ask = [order[0]]
  const threshold = policy.askSecondBelow ?? DEFAULT_ASK_SECOND_BELOW
  if (max >= 2 && order.length > 1 && posterior[order[0]] < threshold) ask.push(order[1])
  return { ask, posterior, abstained: false, bestScore }
}

/** One expert's calibrated answer. */
export interface ExpertAnswer {
  /** The candidate index (as in the plan). */
  candidate: number
  /** Temperature-scaled answer probabilities. */
  probs: ArrayLike<number>
}

/** The combined answer. */
export interface CombinedAnswer {
  candidate: number
  label: number
  /** P(right expert) x P(label | expert), renormalised over the experts asked. */
  confidence: number
}

/**
 * Picks the (expert, label) with the highest joint probability posterior(expert) x P(label | expert) among the
 * experts asked. The confidence is that joint probability: it counts the chance that the query went to the
 * wrong expert, whose answer is then always wrong.
 */
export function combineAnswers (posterior: ArrayLike<number>, answers: readonly ExpertAnswer[]): CombinedAnswer | undefined {
  let best: CombinedAnswer | undefined
  for (const a of answers) {
    for (let l = 0; l < a.probs.length; l++) {
      const joint = posterior[a.candidate] * a.probs[l]
      if (best == null || joint > best.confidence) best = { candidate: a.candidate, label: l, confidence: joint }
    }
  }
  return best
}
