import { describe, expect, it } from 'vitest'
import { Codebook } from '../../../src/discovery/codebook.js'
import { cellCid, cellOfTopic, cellTopic } from '../../../src/discovery/cell-topics.js'
import { InvalidOptionError } from '../../../src/errors.js'
import { SeededRandom } from '../../../src/text/random.js'

const SPACE = 'ab'.repeat(32)
const DIM = 8

/** Rows around 4 well-separated directions. */
function sample (rows: number, seed = 5): Float32Array {
  const rng = new SeededRandom(seed)
  const out = new Float32Array(rows * DIM)
  for (let i = 0; i < rows; i++) {
    const axis = i % 4
    for (let j = 0; j < DIM; j++) out[i * DIM + j] = (j === axis ? 3 : 0) + 0.3 * rng.normal()
  }
  return out
}

function unit (axis: number): Float32Array {
  const v = new Float32Array(DIM)
  v[axis] = 1
  return v
}

describe('Codebook', () => {
  it('derives the same cells and id from the same inputs, and different ones for another space or version', () => {
    const a = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4, sample: sample(400) })
    const b = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4, sample: sample(400) })
    expect(b.id).toBe(a.id)
    expect(Array.from(b.centers)).toEqual(Array.from(a.centers))
    expect(Codebook.derive({ spaceId: 'cd'.repeat(32), dim: DIM, cells: 4, sample: sample(400) }).id).not.toBe(a.id)
    const v2 = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4, sample: sample(400), version: 2 })
    expect(v2.version).toBe(2)
    expect(v2.id).not.toBe(a.id)
    expect(cellTopic(v2, 0)).not.toBe(cellTopic(a, 0))
  })

  it('puts each cluster of the sample in a cell of its own', () => {
    const book = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4, sample: sample(400) })
    const cells = [0, 1, 2, 3].map(axis => book.nearest(unit(axis), 1)[0])
    expect(new Set(cells).size).toBe(4)
  })

  it('without a sample makes seeded random unit cells, the same every time', () => {
    const a = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 16 })
    expect(Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 16 }).id).toBe(a.id)
    for (let c = 0; c < 16; c++) {
      let n = 0
      for (let j = 0; j < DIM; j++) n += a.centers[c * DIM + j] ** 2
      expect(n).toBeCloseTo(1, 5)
    }
  })

  it('ranks cells nearest first and assigns a card the cells of its centroids, once each', () => {
    const book = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4, sample: sample(400) })
    const near = book.nearest(unit(2), 4)
    expect(near).toHaveLength(4)
    expect(new Set(near).size).toBe(4)
    expect(near[0]).toBe(book.nearest(unit(2), 1)[0])
    const cells = book.cellsOf([unit(0), unit(0), unit(1)])
    expect(cells).toEqual([book.nearest(unit(0))[0], book.nearest(unit(1))[0]].sort((x, y) => x - y))
    // a longer vector (the space's other channels) is read through its first `dim` values
    const longer = new Float32Array(DIM + 5)
    longer[1] = 1
    expect(book.nearest(longer)).toEqual(book.nearest(unit(1)))
  })

  it('refuses a sample with fewer rows than cells and a vector shorter than the cells', () => {
    expect(() => Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 8, sample: sample(4) })).toThrow(InvalidOptionError)
    expect(() => Codebook.derive({ spaceId: 'bad space', dim: DIM })).toThrow(InvalidOptionError)
    const book = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 4 })
    expect(() => book.nearest(new Float32Array(3))).toThrow(InvalidOptionError)
  })
})

describe('cell topics and keys', () => {
  it('name a cell by space, version and codebook, and map a topic back to its cell', () => {
    const book = Codebook.derive({ spaceId: SPACE, dim: DIM, cells: 16 })
    const topic = cellTopic(book, 7)
    expect(topic).toBe(`/moemesh/cells/1/${SPACE}/1.${book.id.slice(0, 16)}/7`)
    expect(cellOfTopic(book, topic)).toBe(7)
    expect(cellOfTopic(book, `${topic}0`)).toBeUndefined() // cell 70 does not exist
    expect(cellOfTopic(book, '/moemesh/adverts/1/x')).toBeUndefined()
    expect(() => cellTopic(book, 16)).toThrow(InvalidOptionError)
    expect(cellCid(book, 7).toString()).toBe(cellCid(book, 7).toString())
    expect(cellCid(book, 7).toString()).not.toBe(cellCid(book, 8).toString())
  })
})

describe('Codebook.deriveAsync', () => {
  it('gives the same cells as derive while the event loop keeps turning, and reports its progress', async () => {
    // big enough to take a good many 10 ms slices on any machine: 4,000 rows x 256 cells x 8 dims x 12 steps
    const init = { spaceId: SPACE, dim: DIM, cells: 256, sample: sample(4_000) }
    let progress = 0
    const seenMidway: number[] = []
    const timer = setInterval(() => { if (progress > 0 && progress < 1) seenMidway.push(progress) }, 1)
    const fractions: number[] = []
    let derived: Codebook
    try {
      derived = await Codebook.deriveAsync(init, { onProgress: (f) => { progress = f; fractions.push(f) } })
    } finally {
      clearInterval(timer)
    }
    // a timer fired while the derivation was under way: the loop was not held for the whole of it
    expect(seenMidway.length).toBeGreaterThan(0)
    expect(fractions.at(-1)).toBe(1)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    const sync = Codebook.derive(init)
    expect(derived.id).toBe(sync.id)
    expect(Array.from(derived.centers)).toEqual(Array.from(sync.centers))
  })

  it('stops at the signal', async () => {
    const abort = new AbortController()
    const derivation = Codebook.deriveAsync({ spaceId: SPACE, dim: DIM, cells: 64, sample: sample(4_000) }, { signal: abort.signal, onProgress: () => { abort.abort(new Error('stop')) } })
    await expect(derivation).rejects.toThrow('stop')
  })
})
