import { describe, expect, it } from 'vitest'
import { defaultDotKernel, jsKernel } from '../../../src/routing/dot-kernel.js'
import { SpaceMatrix, type MatrixSlot } from '../../../src/routing/space-matrix.js'
import { SeededRandom } from '../../../src/text/random.js'
import { bestCosine, randomUnit } from './fixtures.js'

describe('SpaceMatrix', () => {
  for (const kernel of [defaultDotKernel(), jsKernel]) {
    it(`scores every live card exactly through growth and compaction (${kernel.kind})`, () => {
      const rng = new SeededRandom(3)
      const dim = 13 // not a multiple of the row padding
      const m = new SpaceMatrix<number>(dim, kernel)
      const cards = new Map<number, { slot: MatrixSlot<number>, centroids: Float32Array[] }>()
      let next = 0
      const check = (): void => {
        const q = randomUnit(rng, dim)
        const seen = new Map<number, number>()
        m.scan(q, (ref, sim) => seen.set(ref, sim))
        expect(seen.size).toBe(cards.size)
        for (const [ref, { centroids }] of cards) expect(seen.get(ref)).toBeCloseTo(bestCosine(q, centroids), 5)
      }
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 900; i++) {
          const centroids = Array.from({ length: 1 + rng.int(3) }, () => randomUnit(rng, dim).map(x => x * 3))
          cards.set(next, { slot: m.add(next, centroids), centroids })
          next++
        }
        check()
        // remove 80% (forces compactions), keep the rest
        for (const [ref, { slot }] of [...cards]) {
          if (rng.next() < 0.8) {
            m.remove(slot)
            cards.delete(ref)
          }
        }
        expect(m.cardCount).toBe(cards.size)
        check()
      }
    })
  }
})
