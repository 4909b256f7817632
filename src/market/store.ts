/**
 * The node's durable market state in one embedded SQLite database (`<dataDir>/market.sqlite`): per-peer accounts,
 * the newest receipt of every lane plus a bounded history, and per-card scores. Everything is synchronous
 * (better-sqlite3), so a check and the write that follows it cannot interleave with another request.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database, { type SqliteDatabase, type Statement } from 'better-sqlite3'
import { intInRange } from '../options.js'
import { InvalidOptionError } from '../errors.js'
import { MarketStoreError } from './errors.js'
import { MIGRATIONS, type Migration } from './migrations.js'

/** File name of the market database inside the data dir. */
export const MARKET_DB_FILE = 'market.sqlite'

/** Receipts kept in the history (both directions together); the newest per lane is kept apart, forever. */
export const RECEIPT_HISTORY_LIMIT = 10_000

/**
 * How hard a commit waits for the disk.
 *
 * - `NORMAL` (the default), with WAL: a commit appends its pages to the write-ahead log with `write()` and
 *   returns; the log is fsync'd at checkpoints. Once `write()` returned, the bytes are in the operating system's
 *   page cache, which belongs to the kernel, not to our process: a `kill -9`, a crash or an OOM kill of the node
 *   loses nothing that was committed, and the next open replays the log. What it does not cover is the machine
 *   losing power or the kernel crashing before the page cache reaches the disk: the last commits (up to the last
 *   checkpoint) can then be lost, never half-applied (the log is checksummed), so the database stays consistent.
 * - `FULL`: also fsync the log on every commit, so a commit survives power loss too, at the price of one fsync
 *   per receipt (~0.5-10 ms on ordinary disks, far above the 0.2 ms this path may cost).
 *
 * We choose `NORMAL`: the promise moemesh makes is "an acknowledged receipt survives the node being killed",
 * and a receipt lost to a power cut costs its payee at most the credits since the last checkpoint (the payer's
 * next receipt is cumulative and carries them again).
 */
export type SyncMode = 'NORMAL' | 'FULL'

/** Options of {@link MarketStore.open}. */
export interface MarketStoreInit {
  /** See {@link SyncMode}. @default 'NORMAL' */
  synchronous?: SyncMode
  /** Receipts kept in the history. @default 10000 (RECEIPT_HISTORY_LIMIT) */
  historyLimit?: number
  /** Open an existing database only, read-only (tools such as `moemesh ledger export`). @default false */
  readonly?: boolean
  /**
   * Let SQLite checkpoint the log on the commit that fills 1000 pages. A checkpoint fsyncs (milliseconds), so with
   * it on every few hundredth write is slow; a node turns it off and calls {@link MarketStore.checkpoint} from a
   * timer instead, so no query pays for it. @default true
   */
  autoCheckpoint?: boolean
}

/** One peer's account row. */
export interface AccountRow {
  peerId: string
  earned: number
  spent: number
  queriesServed: number
  queriesBought: number
  /** Credits it owes us, unpaid and not forgiven by the refreshing allowance (negative: credit it banked). */
  debt: number
  /** Wall-clock ms when `debt` was last refreshed. */
  debtAt: number
  /** Its own limit on `debt`; undefined: the node's default. */
  creditLimit?: number
  /** Sum of the newest cumulative of each of its lanes to us (micro-credits). */
  paidInMicro: number
  /** Sum of the newest cumulative of each of our lanes to it (micro-credits). */
  paidOutMicro: number
  updatedAt: number
}

/** Which way a receipt pays: `in` = signed by the peer, paying us; `out` = signed by us, paying the peer. */
export type ReceiptDirection = 'in' | 'out'

/** A stored receipt. */
export interface ReceiptRow {
  direction: ReceiptDirection
  /** The payer for `in`, the payee for `out`. */
  peerId: string
  lane: number
  seq: number
  cumulativeMicro: number
  /** The SignedReceipt bytes exactly as signed. */
  signed: Uint8Array
  /** Wall-clock ms when it was stored. */
  at: number
}

/** A validator's (or this node's) running score of one expert card served by one peer. */
export interface CardScoreRow {
  /** Lowercase hex expert id. */
  expertId: string
  peerId: string
  /** The decayed average, on whatever scale the scorer uses (accuracy 0..1, say). */
  score: number
  /** How much evidence it rests on (a decayed count, say). @default 0 */
  weight?: number
  /** Samples scored. @default 0 */
  samples?: number
  /** Anything else the scorer keeps, JSON-serialisable. */
  data?: unknown
  /** @default now */
  updatedAt?: number
}

const MAX_SCORE_DATA_CHARS = 64 * 1024

interface AccountSql {
  peer_id: string, earned: number, spent: number, queries_served: number, queries_bought: number, debt: number, debt_at: number,
  credit_limit: number | null, paid_in_micro: number, paid_out_micro: number, updated_at: number
}
interface ReceiptSql { direction: ReceiptDirection, peer_id: string, lane: number, seq: number, cumulative_micro: number, signed: Buffer, at: number }
interface ScoreSql { expert_id: string, peer_id: string, score: number, weight: number, samples: number, data: string | null, updated_at: number }

const accountOf = (r: AccountSql): AccountRow => ({
  peerId: r.peer_id,
  earned: r.earned,
  spent: r.spent,
  queriesServed: r.queries_served,
  queriesBought: r.queries_bought,
  debt: r.debt,
  debtAt: r.debt_at,
  ...(r.credit_limit != null ? { creditLimit: r.credit_limit } : {}),
  paidInMicro: r.paid_in_micro,
  paidOutMicro: r.paid_out_micro,
  updatedAt: r.updated_at
})
const receiptOf = (r: ReceiptSql): ReceiptRow => ({
  direction: r.direction, peerId: r.peer_id, lane: r.lane, seq: r.seq, cumulativeMicro: r.cumulative_micro, signed: new Uint8Array(r.signed), at: r.at
})
const scoreOf = (r: ScoreSql): CardScoreRow => ({
  expertId: r.expert_id, peerId: r.peer_id, score: r.score, weight: r.weight, samples: r.samples, ...(r.data != null ? { data: JSON.parse(r.data) as unknown } : {}), updatedAt: r.updated_at
})

/**
 * The market database. Open it once per node ({@link MarketStore.open}), close it at stop.
 *
 * Durability: WAL journal with `synchronous=NORMAL` by default (see {@link SyncMode} for what that survives and
 * why), `foreign_keys` off (no cross-table references), a 5 s busy timeout for a second reader such as
 * `moemesh ledger export` while the daemon runs.
 *
 * @example
 * ```ts
 * const store = MarketStore.open(join(dataDir, MARKET_DB_FILE))
 * store.putCardScore({ expertId, peerId, score: 0.91, weight: 12, samples: 40 })
 * store.cardScores(expertId)   // [{ expertId, peerId, score: 0.91, ... }]
 * store.close()
 * ```
 */
export class MarketStore {
  /** The database file (or `:memory:`). */
  readonly path: string
  private readonly db: SqliteDatabase
  private readonly historyLimit: number
  private readonly stmts: {
    getAccount: Statement<[string], AccountSql>
    putAccount: Statement<[AccountSql]>
    recentAccounts: Statement<[number], AccountSql>
    getReceipt: Statement<[ReceiptDirection, string, number], ReceiptSql>
    putReceipt: Statement<[ReceiptSql]>
    addHistory: Statement<[ReceiptSql]>
    pruneHistory: Statement<[number]>
    receipts: Statement<[number], ReceiptSql>
    receiptsOf: Statement<[string, number], ReceiptSql>
    history: Statement<[number], ReceiptSql>
    getScore: Statement<[string, string], ScoreSql>
    putScore: Statement<[ScoreSql]>
    scoresOf: Statement<[string], ScoreSql>
    allScores: Statement<[number], ScoreSql>
    deleteScoresOfPeer: Statement<[string]>
    deleteScore: Statement<[string, string]>
  }

  private constructor (path: string, db: SqliteDatabase, historyLimit: number) {
    this.path = path
    this.db = db
    this.historyLimit = historyLimit
    this.stmts = {
      getAccount: db.prepare('SELECT * FROM accounts WHERE peer_id = ?'),
      putAccount: db.prepare(`INSERT INTO accounts (peer_id, earned, spent, queries_served, queries_bought, debt, debt_at, credit_limit, paid_in_micro, paid_out_micro, updated_at)
        VALUES (@peer_id, @earned, @spent, @queries_served, @queries_bought, @debt, @debt_at, @credit_limit, @paid_in_micro, @paid_out_micro, @updated_at)
        ON CONFLICT (peer_id) DO UPDATE SET earned = excluded.earned, spent = excluded.spent, queries_served = excluded.queries_served,
          queries_bought = excluded.queries_bought, debt = excluded.debt, debt_at = excluded.debt_at, credit_limit = excluded.credit_limit,
          paid_in_micro = excluded.paid_in_micro, paid_out_micro = excluded.paid_out_micro, updated_at = excluded.updated_at`),
      recentAccounts: db.prepare('SELECT * FROM accounts ORDER BY updated_at DESC LIMIT ?'),
      getReceipt: db.prepare('SELECT * FROM receipts WHERE direction = ? AND peer_id = ? AND lane = ?'),
      putReceipt: db.prepare(`INSERT INTO receipts (direction, peer_id, lane, seq, cumulative_micro, signed, at) VALUES (@direction, @peer_id, @lane, @seq, @cumulative_micro, @signed, @at)
        ON CONFLICT (direction, peer_id, lane) DO UPDATE SET seq = excluded.seq, cumulative_micro = excluded.cumulative_micro, signed = excluded.signed, at = excluded.at`),
      addHistory: db.prepare('INSERT INTO receipt_history (direction, peer_id, lane, seq, cumulative_micro, signed, at) VALUES (@direction, @peer_id, @lane, @seq, @cumulative_micro, @signed, @at)'),
      pruneHistory: db.prepare('DELETE FROM receipt_history WHERE id <= ?'),
      receipts: db.prepare('SELECT * FROM receipts ORDER BY at DESC LIMIT ?'),
      receiptsOf: db.prepare('SELECT * FROM receipts WHERE peer_id = ? ORDER BY at DESC LIMIT ?'),
      history: db.prepare('SELECT * FROM receipt_history ORDER BY id DESC LIMIT ?'),
      getScore: db.prepare('SELECT * FROM card_scores WHERE expert_id = ? AND peer_id = ?'),
      putScore: db.prepare(`INSERT INTO card_scores (expert_id, peer_id, score, weight, samples, data, updated_at) VALUES (@expert_id, @peer_id, @score, @weight, @samples, @data, @updated_at)
        ON CONFLICT (expert_id, peer_id) DO UPDATE SET score = excluded.score, weight = excluded.weight, samples = excluded.samples, data = excluded.data, updated_at = excluded.updated_at`),
      scoresOf: db.prepare('SELECT * FROM card_scores WHERE expert_id = ?'),
      allScores: db.prepare('SELECT * FROM card_scores ORDER BY updated_at DESC LIMIT ?'),
      deleteScoresOfPeer: db.prepare('DELETE FROM card_scores WHERE peer_id = ?'),
      deleteScore: db.prepare('DELETE FROM card_scores WHERE expert_id = ? AND peer_id = ?')
    }
  }

  /**
   * Open (creating it and its folder if needed) and migrate the database at `path`; `':memory:'` for a
   * throw-away one.
   *
   * @throws {MarketStoreError} when the file cannot be opened, is not a database, or was written by a newer
   * moemesh (a schema version this code does not know)
   */
  static open (path: string, init: MarketStoreInit = {}): MarketStore {
    const sync = init.synchronous ?? 'NORMAL'
    if (sync !== 'NORMAL' && sync !== 'FULL') throw new InvalidOptionError('synchronous', 'must be NORMAL or FULL')
    const historyLimit = intInRange('historyLimit', init.historyLimit, RECEIPT_HISTORY_LIMIT, 0, 10_000_000)
    let db: SqliteDatabase
    try {
      if (path !== ':memory:' && init.readonly !== true) mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
      db = new Database(path, { timeout: 5_000, readonly: init.readonly === true, fileMustExist: init.readonly === true })
    } catch (err) {
      throw new MarketStoreError(path, `cannot be opened (${(err as Error).message})`, { cause: err })
    }
    try {
      if (init.readonly !== true) {
        db.pragma('journal_mode = WAL')
        db.pragma(`synchronous = ${sync}`)
        if (init.autoCheckpoint === false) db.pragma('wal_autocheckpoint = 0')
        migrate(db, path, MIGRATIONS)
      } else {
        const version = schemaVersion(db)
        if (version > MIGRATIONS.length) throw new MarketStoreError(path, `has schema version ${version}, newer than this moemesh knows (${MIGRATIONS.length}); upgrade moemesh`)
        if (version < MIGRATIONS.length) throw new MarketStoreError(path, `has schema version ${version}; start the node once to migrate it`)
      }
      return new MarketStore(path, db, historyLimit)
    } catch (err) {
      db.close()
      if (err instanceof MarketStoreError) throw err
      throw new MarketStoreError(path, `is not a moemesh market database (${(err as Error).message}); move it away to start afresh`, { cause: err })
    }
  }

  /**
   * Wall-clock ms when this database was created (its first migration): a node's receipt lane id, so a node
   * that lost its database pays on a new lane.
   */
  get createdAt (): number {
    return this.db.prepare<[], { at: number | null }>('SELECT min(applied_at) AS at FROM schema_version').get()?.at ?? 0
  }

  /** The schema version of the open database. */
  get schemaVersion (): number {
    return schemaVersion(this.db)
  }

  /** Whether the database is open. */
  get isOpen (): boolean {
    return this.db.open
  }

  /**
   * Copy the log into the database file and restart it (PASSIVE: never waits for readers). Blocks for the fsyncs,
   * a few ms: call it from a timer, not from a request.
   */
  checkpoint (): void {
    if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)')
  }

  /** Close the database (idempotent). A WAL checkpoint runs as the last connection closes. */
  close (): void {
    if (this.db.open) this.db.close()
  }

  /**
   * Run `fn` in one immediate transaction: everything it writes commits together, or nothing does if it throws.
   * Nested calls join the outer transaction.
   */
  transaction<T> (fn: () => T): T {
    if (this.db.inTransaction) return fn()
    return this.db.transaction(fn).immediate()
  }

  // --- accounts ---

  /** One peer's account, or undefined. */
  account (peerId: string): AccountRow | undefined {
    const r = this.stmts.getAccount.get(peerId)
    return r === undefined ? undefined : accountOf(r)
  }

  /** The `limit` most recently updated accounts, newest first. */
  recentAccounts (limit: number): AccountRow[] {
    return this.stmts.recentAccounts.all(limit).map(accountOf)
  }

  /** Insert or replace one account. */
  putAccount (a: AccountRow): void {
    this.stmts.putAccount.run({
      peer_id: a.peerId,
      earned: a.earned,
      spent: a.spent,
      queries_served: a.queriesServed,
      queries_bought: a.queriesBought,
      debt: a.debt,
      debt_at: a.debtAt,
      credit_limit: a.creditLimit ?? null,
      paid_in_micro: a.paidInMicro,
      paid_out_micro: a.paidOutMicro,
      updated_at: a.updatedAt
    })
  }

  // --- receipts ---

  /** The newest stored receipt of one lane, or undefined. */
  receipt (direction: ReceiptDirection, peerId: string, lane: number): ReceiptRow | undefined {
    const r = this.stmts.getReceipt.get(direction, peerId, lane)
    return r === undefined ? undefined : receiptOf(r)
  }

  /** Store `row` as the newest receipt of its lane and append it to the history (pruned to its limit). */
  putReceipt (row: ReceiptRow): void {
    const sql: ReceiptSql = { direction: row.direction, peer_id: row.peerId, lane: row.lane, seq: row.seq, cumulative_micro: row.cumulativeMicro, signed: Buffer.from(row.signed.buffer, row.signed.byteOffset, row.signed.byteLength), at: row.at }
    this.stmts.putReceipt.run(sql)
    if (this.historyLimit > 0) {
      const id = Number(this.stmts.addHistory.run(sql).lastInsertRowid)
      if (id > this.historyLimit) this.stmts.pruneHistory.run(id - this.historyLimit)
    }
  }

  /** The newest receipt of each lane, most recently stored first; only `peerId`'s when given. */
  latestReceipts (options: { peerId?: string, limit?: number } = {}): ReceiptRow[] {
    const limit = options.limit ?? 1000
    return (options.peerId !== undefined ? this.stmts.receiptsOf.all(options.peerId, limit) : this.stmts.receipts.all(limit)).map(receiptOf)
  }

  /** The receipt history, newest first. */
  receiptHistory (limit = 1000): ReceiptRow[] {
    return this.stmts.history.all(limit).map(receiptOf)
  }

  // --- card scores ---

  /** The stored score of `expertId` served by `peerId`, or undefined. */
  cardScore (expertId: string, peerId: string): CardScoreRow | undefined {
    const r = this.stmts.getScore.get(expertId, peerId)
    return r === undefined ? undefined : scoreOf(r)
  }

  /** Every stored score of `expertId` (one per serving peer). */
  cardScores (expertId: string): CardScoreRow[] {
    return this.stmts.scoresOf.all(expertId).map(scoreOf)
  }

  /** The `limit` most recently updated scores, newest first. */
  allCardScores (limit = 10_000): CardScoreRow[] {
    return this.stmts.allScores.all(limit).map(scoreOf)
  }

  /**
   * Insert or replace one card's score.
   * @throws {InvalidOptionError} for a non-finite score, weight or sample count, or `data` over 64 KiB of JSON
   */
  putCardScore (row: CardScoreRow): void {
    for (const [field, v] of [['score', row.score], ['weight', row.weight ?? 0], ['samples', row.samples ?? 0]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidOptionError(field, 'must be a finite number')
    }
    const data = row.data === undefined ? null : JSON.stringify(row.data)
    if (data !== null && data.length > MAX_SCORE_DATA_CHARS) throw new InvalidOptionError('data', `must be at most ${MAX_SCORE_DATA_CHARS} characters of JSON`)
    this.stmts.putScore.run({
      expert_id: row.expertId, peer_id: row.peerId, score: row.score, weight: row.weight ?? 0, samples: row.samples ?? 0, data, updated_at: row.updatedAt ?? Date.now()
    })
  }

  /** Forget the score of `expertId` served by `peerId`. */
  deleteCardScore (expertId: string, peerId: string): void {
    this.stmts.deleteScore.run(expertId, peerId)
  }

  /** Forget every score of cards served by `peerId`. */
  deleteCardScoresOf (peerId: string): void {
    this.stmts.deleteScoresOfPeer.run(peerId)
  }
}

function schemaVersion (db: SqliteDatabase): number {
  const exists = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get()
  if (exists === undefined || exists.n === 0) return 0
  return db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_version').get()?.v ?? 0
}

/** Apply the migrations above the database's version, all in one transaction (all or none). */
function migrate (db: SqliteDatabase, path: string, migrations: readonly Migration[]): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    const current = schemaVersion(db)
    const known = migrations.length
    if (current > known) throw new MarketStoreError(path, `has schema version ${current}, newer than this moemesh knows (${known}); upgrade moemesh`)
    const add = db.prepare<[number, string, number]>('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)')
    for (const m of migrations) {
      if (m.version <= current) continue
      db.exec(m.sql)
      add.run(m.version, m.description, Date.now())
    }
  }).immediate()
}

/** Exposed for tests: migrate an open better-sqlite3 database with a custom list. @internal */
export function migrateForTests (db: object, path: string, migrations: readonly Migration[]): void {
  migrate(db as SqliteDatabase, path, migrations)
}
