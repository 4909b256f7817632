/**
 * The validator: probes go (as ordinary competence probe + answer requests) to the cards that claim them, the
 * answers are scored into the quality book, and a liar is distrusted after a few probes.
 */
import { describe, expect, it } from 'vitest'
import { QualityBook } from '../../../src/market/quality-book.js'
import { scoreAnswer, Validator, type ValidatorTarget } from '../../../src/market/validator.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { SeededRandom } from '../../../src/text/random.js'

function card (name: string, labels: string[], accuracy: number): CardData {
  return { expertId: name.padStart(64, '0'), name, version: '1', task: 'classification', description: '', labels, spaceId: 's'.repeat(64), centroids: [Float32Array.from([1, 0])], dim: 2, price: 0, load: 0, inputKind: 'embedding', accuracy }
}

describe('scoreAnswer', () => {
  it('scores right and wrong answers, and a label the card does not have', () => {
    expect(scoreAnswer(['a', 'b'], [0.8, 0.2], 'a')).toMatchObject({ correct: true })
    expect(scoreAnswer(['a', 'b'], [0.8, 0.2], 'a')?.nll).toBeCloseTo(-Math.log(0.8), 5)
    expect(scoreAnswer(['a', 'b'], [0.8, 0.2], 'a')?.brier).toBeCloseTo(0.08, 5)
    expect(scoreAnswer(['a', 'b'], [0.99, 0.01], 'b')).toMatchObject({ correct: false })
    const foreign = scoreAnswer(['a', 'b'], [0.5, 0.5], 'z')
    expect(foreign).toMatchObject({ correct: false, nll: 9.21 })
    expect(foreign?.brier).toBeCloseTo(1.5, 5)
    expect(scoreAnswer(['a', 'b'], [0.5], 'a')).toBeUndefined()
    expect(scoreAnswer(['a', 'b'], [Number.NaN, 1], 'a')).toBeUndefined()
  })
})

describe('Validator', () => {
  it('sends probes that look like routed queries to the claiming cards, and distrusts the liar', async () => {
    const honest = card('animals', ['cat', 'dog'], 0.9)
    const other = card('money', ['bank', 'loan'], 0.9)
    const liar = card('liar', ['cat', 'dog', 'bank', 'loan'], 0.99)
    const targets: ValidatorTarget[] = [
      { peerId: 'h', local: false, card: honest, claims: true },
      { peerId: 'm', local: false, card: other, claims: false },
      { peerId: 'l', local: false, card: liar, claims: true }
    ]
    const requests: Array<{ peer: string, competenceOnly: boolean, withoutCompetence: boolean }> = []
    const book = new QualityBook()
    const rng = new SeededRandom(1)
    const validator = new Validator({
      embed: async () => Float32Array.from([1, 0]),
      targets: () => targets,
      ask: async (peer, _local, ids, _q, o) => {
        requests.push({ peer, competenceOnly: o.competenceOnly === true, withoutCompetence: o.withoutCompetence === true })
        // honest: right; liar: confidently wrong
        return ids.map(expertId => ({ expertId, distribution: peer === 'l' ? [0.01, 0.01, 0.97, 0.01] : [0.9, 0.1], price: 0 }))
      },
      book
    }, { probes: [{ text: 'a small cat', label: 'cat' }], random: () => rng.next() })
    for (let i = 0; i < 5; i++) await validator.runOnce()
    // each probe: a competence probe and an answer request per claiming card; never to the card that does not claim it
    expect(requests.filter(r => r.peer === 'm')).toHaveLength(0)
    expect(requests.filter(r => r.peer === 'h' && r.competenceOnly)).toHaveLength(5)
    expect(requests.filter(r => r.peer === 'h' && r.withoutCompetence)).toHaveLength(5)
    expect(book.assess('h', honest)).toMatchObject({ state: 'scored', accuracy: 1 })
    expect(book.assess('l', liar).state).toBe('distrusted')
    expect(validator.getStats()).toMatchObject({ probes: 5, answers: 10, failures: 0 })
    // the card whose labels do not hold the probe's label was checked for a foreign claim, without a call
    for (let i = 0; i < 20; i++) await validator.runOnce()
    expect(book.assess('m', other).foreignClaimShare).toBe(0)
  })

  it('is idle without probes and refuses malformed ones', async () => {
    const book = new QualityBook()
    const v = new Validator({ embed: async () => new Float32Array(2), targets: () => [], ask: async () => [], book }, { probes: [] })
    expect(await v.runOnce()).toBe(0)
    v.start()
    v.stop()
    expect(() => new Validator({ embed: async () => new Float32Array(2), targets: () => [], ask: async () => [], book }, { probes: [{ text: '', label: 'x' }] })).toThrow(/probes/)
  })
})
