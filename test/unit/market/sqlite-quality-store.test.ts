import { rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CardData } from '../../../src/net/advert-types.js'
import { QualityBook } from '../../../src/market/quality-book.js'
import { SqliteQualityStore } from '../../../src/market/sqlite-quality-store.js'
import { MarketStore } from '../../../src/market/store.js'
import { tempStorePath } from '../../helpers/receipts.js'

const paths: string[] = []
afterEach(async () => {
  for (const p of paths.splice(0)) await rm(dirname(p), { recursive: true, force: true })
})

const record = (samples: number, correct: number, at = 1_000): ReturnType<SqliteQualityStore['get']> & object =>
  ({ samples, correct, nll: samples * 0.5, brier: samples * 0.2, foreignClaimed: 1, foreignChecked: 4, updatedAt: at })

function card (): CardData {
  return {
    expertId: 'a'.repeat(64), name: 'animals', version: '1', task: 'classification', description: '', labels: ['cat', 'dog', 'cow', 'owl'],
    spaceId: 's'.repeat(64), centroids: [Float32Array.from([1, 0, 0])], dim: 3, price: 0, load: 0, inputKind: 'embedding', accuracy: 0.99,
    modelSha256: 'b'.repeat(64)
  }
}
const wrong = { correct: false, nll: 9.2, brier: 1.9 }

describe('SqliteQualityStore', () => {
  it('keeps measured scores across a restart of the node (reopening the database)', async () => {
    const path = await tempStorePath('quality')
    paths.push(path)
    const db = MarketStore.open(path)
    const store = new SqliteQualityStore(db, { flushMs: 60_000 })
    store.set('12D3KooWpeerA/aa11', record(10, 9))
    store.set('12D3KooWpeerB/bb22', record(5, 0, 2_000))
    store.set('12D3KooWpeerB/cc33', record(2, 1))
    store.delete('12D3KooWpeerB/cc33')
    // held for one transaction until the flush: nothing is on disk yet, the memory copy answers
    expect(db.allCardScores()).toEqual([])
    expect(store.get('12D3KooWpeerA/aa11')).toEqual(record(10, 9))
    store.close()
    expect(db.cardScore('aa11', '12D3KooWpeerA')).toMatchObject({ score: 0.9, samples: 10 })
    db.close()

    const reopened = new SqliteQualityStore(MarketStore.open(path))
    expect(reopened.get('12D3KooWpeerA/aa11')).toEqual(record(10, 9))
    expect(reopened.get('12D3KooWpeerB/bb22')).toEqual(record(5, 0, 2_000))
    expect(reopened.get('12D3KooWpeerB/cc33')).toBeUndefined()
    expect([...reopened.entries()].map(([k]) => k).sort()).toEqual(['12D3KooWpeerA/aa11', '12D3KooWpeerB/bb22'])
  })

  it('backs a QualityBook: a liar measured before a restart is still distrusted after it', async () => {
    const path = await tempStorePath('quality-book')
    paths.push(path)
    const liar = card()
    const db = MarketStore.open(path)
    const book = new QualityBook({ store: new SqliteQualityStore(db) })
    expect(book.assess('liar', liar).state).toBe('quarantined')
    for (let i = 0; i < 8; i++) book.recordProbe('liar', liar, wrong)
    expect(book.assess('liar', liar).state).toBe('distrusted')
    db.close() // closing the market store flushes nothing by itself: the node closes the quality store first
    const reopened = MarketStore.open(path)
    expect(new QualityBook({ store: new SqliteQualityStore(reopened) }).assess('liar', liar).state).toBe('quarantined')
    reopened.close()

    const db2 = MarketStore.open(path)
    const store2 = new SqliteQualityStore(db2)
    const book2 = new QualityBook({ store: store2 })
    for (let i = 0; i < 8; i++) book2.recordProbe('liar', liar, wrong)
    store2.close()
    db2.close()
    const after = new QualityBook({ store: new SqliteQualityStore(MarketStore.open(path)) })
    expect(after.assess('liar', liar)).toMatchObject({ state: 'distrusted', accuracy: 0 })
  })
})
