import { rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MarketStoreError } from '../../../src/market/errors.js'
import { Ledger } from '../../../src/market/ledger.js'
import { MIGRATIONS } from '../../../src/market/migrations.js'
import { MarketStore, migrateForTests } from '../../../src/market/store.js'
import { tempStorePath } from '../../helpers/receipts.js'

const paths: string[] = []
async function fresh (): Promise<string> {
  const p = await tempStorePath('store')
  paths.push(p)
  return p
}
afterEach(async () => {
  for (const p of paths.splice(0)) await rm(dirname(p), { recursive: true, force: true })
})

describe('MarketStore', () => {
  it('creates the schema at the latest version, in WAL mode, and reopening migrates nothing twice', async () => {
    const path = await fresh()
    const a = MarketStore.open(path)
    expect(a.schemaVersion).toBe(MIGRATIONS.length)
    const created = a.createdAt
    expect(created).toBeGreaterThan(0)
    a.close()
    const raw = new Database(path)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    expect((raw.prepare('SELECT count(*) AS n FROM schema_version').get() as { n: number }).n).toBe(MIGRATIONS.length)
    raw.close()
    const b = MarketStore.open(path)
    expect(b.schemaVersion).toBe(MIGRATIONS.length)
    expect(b.createdAt).toBe(created)
    b.close()
  })

  it('applies migrations in order, all or none', async () => {
    const db = new Database(await fresh())
    migrateForTests(db, 'x', [
      { version: 1, description: 'one', sql: 'CREATE TABLE t (a INTEGER)' },
      { version: 2, description: 'two', sql: 'ALTER TABLE t ADD COLUMN b INTEGER' }
    ])
    expect(() => migrateForTests(db, 'x', [
      { version: 1, description: 'one', sql: 'CREATE TABLE t (a INTEGER)' },
      { version: 2, description: 'two', sql: 'ALTER TABLE t ADD COLUMN b INTEGER' },
      { version: 3, description: 'ok', sql: 'CREATE TABLE u (x INTEGER)' },
      { version: 4, description: 'broken', sql: 'THIS IS NOT SQL' }
    ])).toThrow()
    // version 3 rolled back with 4: still at 2, no table u
    expect((db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number }).v).toBe(2)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'u'").get()).toBeUndefined()
    db.close()
  })

  it('refuses a database written by a newer moemesh, and a file that is not a database', async () => {
    const path = await fresh()
    MarketStore.open(path).close()
    const raw = new Database(path)
    raw.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (99, ?, 0)').run('future')
    raw.close()
    expect(() => MarketStore.open(path)).toThrow(/newer than this moemesh knows/)
    const junk = await fresh()
    await writeFile(junk, 'this is not sqlite '.repeat(100))
    expect(() => MarketStore.open(junk)).toThrow(MarketStoreError)
  })

  it('keeps card scores per (expert, peer), validated', async () => {
    const store = MarketStore.open(await fresh())
    store.putCardScore({ expertId: 'e1', peerId: 'p1', score: 0.9, weight: 3, samples: 10, data: { claimed: 0.99 } })
    store.putCardScore({ expertId: 'e1', peerId: 'p2', score: 0.4 })
    store.putCardScore({ expertId: 'e1', peerId: 'p1', score: 0.8, weight: 4, samples: 11 })
    expect(store.cardScore('e1', 'p1')).toMatchObject({ score: 0.8, weight: 4, samples: 11 })
    expect(store.cardScores('e1').map((s) => s.peerId).sort()).toEqual(['p1', 'p2'])
    expect(() => store.putCardScore({ expertId: 'e1', peerId: 'p1', score: Number.NaN })).toThrow(/score/)
    store.deleteCardScoresOf('p2')
    expect(store.cardScores('e1')).toHaveLength(1)
    store.close()
  })

  it('bounds the receipt history and keeps the newest receipt per lane apart', async () => {
    const store = MarketStore.open(await fresh(), { historyLimit: 5 })
    for (let seq = 1; seq <= 12; seq++) {
      store.putReceipt({ direction: 'in', peerId: 'p', lane: 1, seq, cumulativeMicro: seq * 10, signed: new Uint8Array([seq]), at: seq })
    }
    expect(store.receiptHistory().map((r) => r.seq)).toEqual([12, 11, 10, 9, 8])
    expect(store.receipt('in', 'p', 1)).toMatchObject({ seq: 12, cumulativeMicro: 120 })
    expect(store.latestReceipts()).toHaveLength(1)
    store.close()
  })

  it('keeps ledger balances, debts and credit limits across a reopen', async () => {
    const path = await fresh()
    let now = 1_000_000
    const store = MarketStore.open(path)
    const ledger = new Ledger({ store, freeAllowance: 10, refillPerSec: 1, now: () => now })
    for (let i = 0; i < 12; i++) ledger.recordEarned('leech', 1)
    ledger.recordSpent('helper', 2.5)
    ledger.setCreditLimit('vip', 1000)
    expect(ledger.shouldThrottle('leech')).toBe(true)
    store.close()

    const again = MarketStore.open(path)
    const reopened = new Ledger({ store: again, freeAllowance: 10, refillPerSec: 1, now: () => now })
    expect(reopened.account('leech')).toEqual({ earned: 12, spent: 0, queriesServed: 12, queriesBought: 0 })
    expect(reopened.account('helper')).toMatchObject({ spent: 2.5, queriesBought: 1 })
    expect(reopened.creditLimit('vip')).toBe(1000)
    expect(reopened.shouldThrottle('leech')).toBe(true)
    // the allowance keeps refreshing from the stored time: 2 s later the debt is 10, at the limit
    now += 2_000
    expect(reopened.debt('leech')).toBeCloseTo(10)
    expect(reopened.shouldThrottle('leech')).toBe(false)
    again.close()
  })

  it('with write-behind, holds per-answer bookings for one batch but writes receipt payments at once', async () => {
    const path = await fresh()
    const store = MarketStore.open(path)
    const ledger = new Ledger({ store, writeBehindMs: 60_000 })
    ledger.recordEarned('p', 3)
    expect(store.account('p')).toBeUndefined() // held
    expect(ledger.account('p').earned).toBe(3) // but counted
    ledger.recordPayment('q', 2_000_000)
    expect(store.account('q')?.paidInMicro).toBe(2_000_000) // written before returning
    ledger.flush()
    expect(store.account('p')?.earned).toBe(3)
    store.close()
  })
})
