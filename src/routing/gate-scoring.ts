/**
 * Scoring a query against a card's advertised gate (PHATGOOSE-style: the owner's linear "is this query mine"
 * classifier in the shared space), and putting gateless cards on the same logit scale.
 */
import type { CardGate } from '../net/advert-types.js'
import { CENTROID_LOGIT_SCALE, CENTROID_LOGIT_ZERO, MAX_GATE_LOGIT } from './constants.js'

/** Dequantised weights (`scale * weights`) per advertised gate: computed once per gate object, not per query. */
const dequantised = new WeakMap<CardGate, Float32Array>()

/** Why a card's gate cannot be used, or undefined when it can. */
export function gateProblem (gate: CardGate, dim: number): string | undefined {
  if (gate === null || typeof gate !== 'object') return 'gate is not an object'
  if (!(gate.weights instanceof Int8Array) || gate.weights.length !== dim) return 'gate weights are not dim int8 values'
  if (!Number.isFinite(gate.scale) || gate.scale <= 0) return 'gate scale is not a positive number'
  if (!Number.isFinite(gate.bias)) return 'gate bias is not finite'
  if (!Number.isFinite(gate.abstainBelow)) return 'gate abstainBelow is not finite'
  return undefined
}

/**
 * The gate's logit for an L2-normalised query: `scale * (weights . query) + bias`, clamped to
 * ±{@link MAX_GATE_LOGIT} so that no advertised gate outweighs the others by more than a trained one can.
 */
export function gateLogit (gate: CardGate, query: Float32Array): number {
  let w = dequantised.get(gate)
  if (w === undefined) {
    w = Float32Array.from(gate.weights, (x) => x * gate.scale)
    dequantised.set(gate, w)
  }
  let s = gate.bias
  for (let j = 0; j < w.length; j++) s += w[j] * query[j]
  return Math.max(-MAX_GATE_LOGIT, Math.min(MAX_GATE_LOGIT, s))
}

/** A gateless card's routing logit: its best centroid cosine mapped onto the gate scale (see {@link CENTROID_LOGIT_SCALE}). */
export function centroidLogit (similarity: number): number {
  return CENTROID_LOGIT_SCALE * (similarity - CENTROID_LOGIT_ZERO)
}

/** True when two cards carry the same gate (or neither has one). */
export function sameGate (a: CardGate | undefined, b: CardGate | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined) return false
  if (a.scale !== b.scale || a.bias !== b.bias || a.abstainBelow !== b.abstainBelow || a.weights.length !== b.weights.length) return false
  for (let j = 0; j < a.weights.length; j++) if (a.weights[j] !== b.weights[j]) return false
  return true
}
