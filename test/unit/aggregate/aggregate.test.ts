import { describe, expect, it } from 'vitest'
import { aggregate, mixture, top1, vote } from '../../../src/aggregate/index.js'
import { InvalidOptionError } from '../../../src/errors.js'

describe('top1', () => {
  it('returns the best-scored expert\'s own (renormalised) distribution', () => {
    const r = top1([
      { labels: ['a', 'b'], distribution: [0.3, 0.7], score: 0.5 },
      { labels: ['x', 'y', 'z'], distribution: [2, 1, 1], score: 0.9 }
    ])
    expect(r).toEqual({ label: 'x', distribution: { x: 0.5, y: 0.25, z: 0.25 }, confidence: 0.5 })
  })
})

describe('mixture', () => {
  it('weights by softmax(score / 0.1): a lower-scored but sure expert can flip the answer', () => {
    // w = softmax([9, 8]) = [e/(e+1), 1/(e+1)] = [0.731059, 0.268941]
    const r = mixture([
      { labels: ['a', 'b'], distribution: [0.6, 0.4], score: 0.9 },
      { labels: ['a', 'b'], distribution: [0.1, 0.9], score: 0.8 }
    ])
    expect(r.distribution.a).toBeCloseTo(0.731059 * 0.6 + 0.268941 * 0.1, 5) // 0.465530
    expect(r.distribution.b).toBeCloseTo(0.731059 * 0.4 + 0.268941 * 0.9, 5) // 0.534470
    expect(r.label).toBe('b')
    expect(r.confidence).toBeCloseTo(0.534470, 5)
    // a colder temperature trusts the better-routed expert
    expect(mixture([
      { labels: ['a', 'b'], distribution: [0.6, 0.4], score: 0.9 },
      { labels: ['a', 'b'], distribution: [0.1, 0.9], score: 0.8 }
    ], { temperature: 0.01 }).label).toBe('a')
  })

  it('mixes over the union of label sets; an expert gives 0 to labels it does not know', () => {
    const r = mixture([
      { labels: ['spam', 'ham'], distribution: [0.8, 0.2], score: 0.5 },
      { labels: ['ham', 'news'], distribution: [0.3, 0.7], score: 0.5 }
    ])
    expect(r.distribution).toEqual({ spam: expect.closeTo(0.4, 6), ham: expect.closeTo(0.25, 6), news: expect.closeTo(0.35, 6) })
    expect(r.label).toBe('spam')
    expect(r.confidence).toBeCloseTo(0.4, 6)
  })

  it('breaks ties by the best-scored expert\'s label order, also for integer-like labels', () => {
    const r = mixture([
      { labels: ['7', '3'], distribution: [0.5, 0.5], score: 0.9 },
      { labels: ['3', '7'], distribution: [0.5, 0.5], score: 0.1 }
    ])
    expect(r.label).toBe('7')
  })
})

describe('vote', () => {
  it('counts each expert\'s top label, weighted by score', () => {
    const r = vote([
      { labels: ['x', 'y', 'z'], distribution: [0.9, 0.05, 0.05], score: 0.9 },
      { labels: ['x', 'y'], distribution: [0.4, 0.6], score: 0.5 },
      { labels: ['y', 'w'], distribution: [0.51, 0.49], score: 0.5 }
    ])
    // y: 0.5 + 0.5 = 1.0, x: 0.9 (of 1.9)
    expect(r.label).toBe('y')
    expect(r.confidence).toBeCloseTo(1 / 1.9, 6)
    expect(r.distribution).toEqual({ x: expect.closeTo(0.9 / 1.9, 6), y: expect.closeTo(1 / 1.9, 6), z: 0, w: 0 })
  })

  it('breaks equal totals by the best single voter\'s score', () => {
    const r = vote([
      { labels: ['p', 'q'], distribution: [0, 1], score: 0.3 },
      { labels: ['p', 'q'], distribution: [0, 1], score: 0.3 },
      { labels: ['p', 'q'], distribution: [1, 0], score: 0.6 }
    ])
    expect(r.distribution.p).toBeCloseTo(0.5)
    expect(r.label).toBe('p')
  })

  it('still counts answers whose score is <= 0', () => {
    const r = vote([{ labels: ['a', 'b'], distribution: [0.2, 0.8], score: -0.1 }])
    expect(r).toEqual({ label: 'b', distribution: { a: 0, b: 1 }, confidence: 1 })
  })
})

describe('aggregate', () => {
  it('rejects unusable answers and unknown strategies', () => {
    expect(() => aggregate('top1', [])).toThrow(InvalidOptionError)
    expect(() => aggregate('mixture', [{ labels: ['a', 'b'], distribution: [1], score: 1 }])).toThrow(/distribution/)
    expect(() => aggregate('vote', [{ labels: ['a'], distribution: [Number.NaN], score: 1 }])).toThrow(/finite/)
    expect(() => aggregate('top1', [{ labels: ['a'], distribution: [0], score: 1 }])).toThrow(/zeros/)
    expect(() => aggregate('best' as 'top1', [{ labels: ['a'], distribution: [1], score: 1 }])).toThrow(/strategy/)
  })

  it('keeps a label named __proto__ as a plain label', () => {
    const r = aggregate('mixture', [{ labels: ['__proto__', 'b'], distribution: [0.7, 0.3], score: 1 }])
    expect(r.label).toBe('__proto__')
    expect(Object.keys(r.distribution)).toEqual(['__proto__', 'b'])
    expect(r.confidence).toBeCloseTo(0.7)
    expect(Object.getPrototypeOf(r.distribution)).toBe(Object.prototype)
  })
})
