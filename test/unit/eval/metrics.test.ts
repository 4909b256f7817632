import { describe, expect, it } from 'vitest'
import { accuracy, auroc, expectedCalibrationError, poolMean, routingAccuracyAt } from '../../../src/eval/metrics.js'

describe('quality metrics', () => {
  it('oracle accuracy pooled micro equals the per-expert accuracies weighted by their query counts, macro their plain mean', () => {
    // expert 0: 3 of 4 right; expert 1: 1 of 2 right
    const correct = [true, true, false, true, true, false]
    const owner = [0, 0, 0, 0, 1, 1]
    const pooled = poolMean(correct, owner, 2)
    expect(pooled.groups).toEqual([0.75, 0.5])
    expect(pooled.micro).toBeCloseTo((4 * 0.75 + 2 * 0.5) / 6)
    expect(pooled.micro).toBeCloseTo(accuracy(correct))
    expect(pooled.macro).toBeCloseTo((0.75 + 0.5) / 2)
  })

  it('ECE of a known case', () => {
    // bin [0.8, 0.867): 4 answers at 0.8, 2 right -> |0.5 - 0.8| = 0.3, weight 4/6
    // bin [0.6, 0.667): 2 answers at 0.6, 2 right -> |1 - 0.6| = 0.4, weight 2/6
    const ece = expectedCalibrationError([0.8, 0.8, 0.8, 0.8, 0.6, 0.6], [true, false, true, false, true, true])
    expect(ece).toBeCloseTo(4 / 6 * 0.3 + 2 / 6 * 0.4)
    // perfectly calibrated: confidence 0.5, half right
    expect(expectedCalibrationError([0.5, 0.5], [true, false])).toBeCloseTo(0)
  })

  it('AUROC of known cases, ties counting one half', () => {
    expect(auroc([3, 4], [1, 2])).toBe(1)
    expect(auroc([1, 2], [3, 4])).toBe(0)
    expect(auroc([1], [1])).toBe(0.5)
    // pairs: (2 vs 1) win, (2 vs 3) loss, (4 vs 1) win, (4 vs 3) win -> 3/4
    expect(auroc([2, 4], [1, 3])).toBe(0.75)
  })

  it('routing accuracy at k counts the own expert among the first k', () => {
    const rankings = [[0, 1, 2], [1, 0, 2], [2, 1, 0]]
    expect(routingAccuracyAt(rankings, [0, 0, 0], 1)).toBeCloseTo(1 / 3)
    expect(routingAccuracyAt(rankings, [0, 0, 0], 2)).toBeCloseTo(2 / 3)
    expect(() => routingAccuracyAt(rankings, [0, 0], 1)).toThrow()
  })
})
