/**
 * Measured card quality kept in the node's market database (`card_scores`), so the validator's measurements
 * survive a restart. Reads come from a bounded copy in memory (the router asks on every query). Writes are held
 * for `flushMs` and committed together in one transaction: a validation probe updates every card whose public claim
 * it checks, so one commit per update would cost a commit per card per probe. A `kill -9` can lose at most the
 * last `flushMs` of measurements (they are re-measured; no money depends on them), never a half-written set.
 */
import { MAX_TRACKED_CARDS } from './constants.js'
import { MemoryQualityStore, type QualityRecord, type QualityStore } from './quality-store.js'
import type { MarketStore } from './store.js'

/** Options of {@link SqliteQualityStore}. */
export interface SqliteQualityStoreInit {
  /** Records kept (in memory and loaded at start). @default 20000 */
  maxRecords?: number
  /** Writes are committed together this often. @default 1000 */
  flushMs?: number
}

const NUMERIC_FIELDS = ['samples', 'correct', 'nll', 'brier', 'foreignClaimed', 'foreignChecked', 'updatedAt'] as const

/** A stored row's `data` back as a record; undefined when it is not one (a row written by something else). */
function recordOf (data: unknown): QualityRecord | undefined {
  if (data === null || typeof data !== 'object') return undefined
  const o = data as Record<string, unknown>
  for (const f of NUMERIC_FIELDS) if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) return undefined
  return Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, o[f]])) as unknown as QualityRecord
}

/** Card keys are `<peer id>/<card digest>`; the table's columns are (expert_id = digest, peer_id). */
function split (key: string): [peerId: string, digest: string] | undefined {
  const i = key.lastIndexOf('/')
  return i <= 0 || i === key.length - 1 ? undefined : [key.slice(0, i), key.slice(i + 1)]
}

/** A {@link QualityStore} backed by a {@link MarketStore}. */
export class SqliteQualityStore implements QualityStore {
  private readonly memory: MemoryQualityStore
  /** Keys written (a record) or deleted (null) since the last flush. */
  private readonly dirty = new Map<string, QualityRecord | null>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly flushMs: number

  constructor (private readonly store: MarketStore, init: SqliteQualityStoreInit = {}) {
    const maxRecords = init.maxRecords ?? MAX_TRACKED_CARDS
    this.flushMs = init.flushMs ?? 1000
    this.memory = new MemoryQualityStore({ maxRecords })
    // oldest first, so the memory copy's eviction order matches the table's
    for (const row of store.allCardScores(maxRecords).reverse()) {
      const record = recordOf(row.data)
      if (record !== undefined) this.memory.set(`${row.peerId}/${row.expertId}`, record)
    }
  }

  get (key: string): QualityRecord | undefined {
    return this.memory.get(key)
  }

  set (key: string, record: QualityRecord): void {
    if (split(key) === undefined) return
    this.memory.set(key, record)
    this.mark(key, { ...record })
  }

  delete (key: string): void {
    this.memory.delete(key)
    if (split(key) !== undefined) this.mark(key, null)
  }

  /** Commit every pending write now (also called by {@link close}). */
  flush (): void {
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined }
    if (this.dirty.size === 0) return
    const pending = [...this.dirty]
    this.dirty.clear()
    this.store.transaction(() => {
      for (const [key, record] of pending) {
        const [peerId, digest] = split(key) as [string, string]
        if (record === null) { this.store.deleteCardScore(digest, peerId); continue }
        this.store.putCardScore({
          expertId: digest,
          peerId,
          score: record.samples > 0 ? record.correct / record.samples : 0,
          weight: record.samples,
          samples: Math.round(record.samples),
          data: record,
          updatedAt: record.updatedAt
        })
      }
    })
  }

  /** Flush and stop the timer; the market store itself is closed by its owner. */
  close (): void {
    this.flush()
  }

  private mark (key: string, value: QualityRecord | null): void {
    this.dirty.set(key, value)
    if (this.timer === undefined) {
      this.timer = setTimeout(() => { this.timer = undefined; this.flush() }, this.flushMs)
      this.timer.unref?.()
    }
  }

  entries (): Iterable<[string, QualityRecord]> {
    return this.memory.entries()
  }
}
