import { describe, expect, it } from 'vitest'
import { applyPlatt, fitPlatt, fitTemperature, temper } from '../../../src/experts/calibration.js'
import { gateScore, quantizeGate, dequantizeGate, trainGate } from '../../../src/experts/gate.js'
import { combineAnswers, planQuery, routingPosterior } from '../../../src/routing/competence.js'
import { SeededRandom } from '../../../src/text/random.js'

describe('calibration', () => {
  it('temperature scaling softens an overconfident expert', () => {
    // always says 0.99 for its pick, right 70% of the time
    const probs: number[] = []; const labels: number[] = []
    for (let i = 0; i < 100; i++) { probs.push(0.99, 0.01); labels.push(i < 70 ? 0 : 1) }
    const T = fitTemperature(probs, labels, 2)
    expect(T).toBeGreaterThan(1)
    expect(temper([0.99, 0.01], T)[0]).toBeCloseTo(0.7, 1)
  })

  it('Platt scaling separates positive from negative scores', () => {
    const platt = fitPlatt([2, 3, 2.5, 1.8], [-1, -2, 0, -0.5])
    expect(applyPlatt(platt, 3)).toBeGreaterThan(0.9)
    expect(applyPlatt(platt, -2)).toBeLessThan(0.1)
  })
})

describe('gate', () => {
  it('learns "mine" vs background and survives int8 quantisation', () => {
    const rng = new SeededRandom(1)
    const dim = 8
    const make = (n: number, shift: number): Float32Array => Float32Array.from({ length: n * dim }, (_, i) => rng.normal() * 0.3 + (i % dim === 0 ? shift : 0))
    const gate = trainGate(make(50, 1), make(80, -1), dim)
    const q = quantizeGate(gate)
    const back = dequantizeGate(q.q, q.scale, q.b)
    const mine = Float32Array.from({ length: dim }, (_, j) => j === 0 ? 1 : 0)
    const other = Float32Array.from({ length: dim }, (_, j) => j === 0 ? -1 : 0)
    expect(gateScore(gate, mine)).toBeGreaterThan(0)
    expect(gateScore(gate, other)).toBeLessThan(0)
    expect(gateScore(back, mine)).toBeGreaterThan(0)
    expect(q.q.length).toBe(dim)
  })
})

describe('competence decisions', () => {
  it('asks one expert when the posterior is sure, two when not, none below the abstention score', () => {
    expect(planQuery([5, 0, 0]).ask).toEqual([0])
    expect(planQuery([1, 0.9, 0], { askSecondBelow: 0.6 }).ask).toEqual([0, 1])
    const plan = planQuery([-3, -4], { abstainBelow: -2 })
    expect(plan.abstained).toBe(true)
    expect(plan.ask).toEqual([])
  })

  it('combines answers by posterior x label probability, counting the routing doubt in the confidence', () => {
    const post = routingPosterior([0, 0])
    const best = combineAnswers(post, [{ candidate: 0, probs: [0.6, 0.4] }, { candidate: 1, probs: [0.9, 0.1] }])
    expect(best).toEqual({ candidate: 1, label: 0, confidence: 0.45 })
  })
})
