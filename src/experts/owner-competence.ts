/**
 * What an expert's owner fits from its own data for competence routing: the "is this mine" gate against the
 * public background (advertised, with its abstain cut) and the competence data (the own inputs and, with the
 * texts, the private n-gram material), which never leave the owner's node.
 */
import type { CompetenceData } from './competence.js'
import { MAX_COMPETENCE_ROWS, MAX_COMPETENCE_VALUES, quantizeCompetence } from './competence.js'
import { backgroundTexts, DEFAULT_GATE_BACKGROUND } from './background.js'
import { gateScore, trainGate } from './gate.js'
import type { ExpertManifest } from './manifest.js'
import { privateCompetenceData } from './private-competence.js'
import { embedAll, type TextEmbedder } from './text-embedder.js'
import { SeededRandom } from '../text/random.js'

/** Share of the owner's own held-out inputs whose gate logit may fall below the advertised abstain cut. */
export const GATE_ABSTAIN_QUANTILE = 0.04

/** The `q` quantile of `values` (nearest rank; `values` is not modified). */
export function quantile (values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort()
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]
}

/** Rounds a float for expert.json: 7 significant digits is float32 precision. */
function round7 (x: number): number {
  return Number(x.toPrecision(7))
}

/**
 * Trains the expert's gate (own inputs vs the background), its abstain cut (the {@link GATE_ABSTAIN_QUANTILE}
 * of the gate logits of `cutInputs`) and its competence data (the own inputs, sampled to the file's limits;
 * with `texts`, also the private n-gram material: the own texts and the references of the held-out texts).
 */
export function gateAndCompetence (own: Float32Array[], background: Float32Array, cutInputs: Float32Array[], spaceId: string, dim: number, seed: number, texts?: { own: readonly string[], heldOut: readonly string[] }): { gate: NonNullable<ExpertManifest['gate']>, competence: CompetenceData } {
  const positives = new Float32Array(own.length * dim)
  own.forEach((v, i) => positives.set(v, i * dim))
  const gate = trainGate(positives, background, dim, { seed })
  const cutFrom = cutInputs.length > 0 ? cutInputs : own
  const abstainBelow = quantile(cutFrom.map((v) => gateScore(gate, v)), GATE_ABSTAIN_QUANTILE)
  const cap = Math.min(MAX_COMPETENCE_ROWS, Math.floor(MAX_COMPETENCE_VALUES / dim))
  const rows = own.length <= cap ? own : new SeededRandom(seed).shuffle([...own]).slice(0, cap)
  const flat = new Float32Array(rows.length * dim)
  rows.forEach((v, i) => flat.set(v, i * dim))
  const competence = quantizeCompetence(spaceId, dim, flat)
  if (texts != null && texts.own.length > 0) competence.private = privateCompetenceData(texts.own, texts.heldOut, seed)
  return {
    gate: { weights: Array.from(gate.w, round7), bias: round7(gate.b), abstainBelow: round7(abstainBelow) },
    competence
  }
}

/**
 * Embeds the public background (a deterministic sample of nlp-corpus sentences) with `embedder`: the negatives
 * gates train against. Embed once and pass it to several {@link trainExpert} calls.
 */
export async function embedBackground (embedder: TextEmbedder, options: { count?: number, seed?: number, batchSize?: number, signal?: AbortSignal } = {}): Promise<Float32Array> {
  const texts = backgroundTexts(options.count ?? DEFAULT_GATE_BACKGROUND, { seed: options.seed ?? 0 })
  const vectors = await embedAll(embedder, texts, options.batchSize ?? 64, options.signal, () => {})
  const out = new Float32Array(vectors.length * embedder.dim)
  vectors.forEach((v, i) => out.set(v, i * embedder.dim))
  return out
}
