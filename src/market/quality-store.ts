/**
 * Where measured card quality is kept. The in-memory store here is the default; a durable one (the node's SQLite
 * database) implements the same small interface, so scores survive a restart without the rest changing.
 */
import { InvalidOptionError } from '../errors.js'
import { MAX_TRACKED_CARDS } from './constants.js'

/** One card's own measurements: decayed sums over the probes this node sent it. */
export interface QualityRecord {
  /** Decayed number of probe results. */
  samples: number
  /** Decayed number answered right. */
  correct: number
  /** Decayed sum of the NLL of the right label (each capped at MAX_NLL). */
  nll: number
  /** Decayed sum of Brier scores (sum over labels of (p - y)^2; a missing right label adds 1). */
  brier: number
  /** Probes of other label spaces that the card's public gate or centroids claim, and all such probes checked. */
  foreignClaimed: number
  foreignChecked: number
  /** Wall-clock ms of the last update. */
  updatedAt: number
}

/**
 * A key-value store of {@link QualityRecord}s by card key (`<peer id>/<card digest>`). Implementations must
 * return copies (or records the caller may not mutate) and bound their size.
 */
export interface QualityStore {
  get: (key: string) => QualityRecord | undefined
  set: (key: string, record: QualityRecord) => void
  delete: (key: string) => void
  /** Every record, in no particular order. */
  entries: () => Iterable<[string, QualityRecord]>
}

/** Options of {@link MemoryQualityStore}. */
export interface MemoryQualityStoreInit {
  /** Records kept before the least recently updated is forgotten. @default 20000 */
  maxRecords?: number
}

/** The default {@link QualityStore}: a bounded map in memory (lost on restart). */
export class MemoryQualityStore implements QualityStore {
  private readonly records = new Map<string, QualityRecord>()
  private readonly maxRecords: number

  constructor (init: MemoryQualityStoreInit = {}) {
    this.maxRecords = init.maxRecords ?? MAX_TRACKED_CARDS
    if (!Number.isInteger(this.maxRecords) || this.maxRecords < 1) throw new InvalidOptionError('maxRecords', 'must be a positive integer')
  }

  get (key: string): QualityRecord | undefined {
    const r = this.records.get(key)
    return r === undefined ? undefined : { ...r }
  }

  set (key: string, record: QualityRecord): void {
    this.records.delete(key)
    if (this.records.size >= this.maxRecords) {
      const oldest = this.records.keys().next().value
      if (oldest !== undefined) this.records.delete(oldest)
    }
    this.records.set(key, { ...record })
  }

  delete (key: string): void {
    this.records.delete(key)
  }

  entries (): Iterable<[string, QualityRecord]> {
    return [...this.records].map(([k, r]) => [k, { ...r }] as [string, QualityRecord])
  }
}

/** A record with no measurements. */
export function emptyQualityRecord (now: number): QualityRecord {
  return { samples: 0, correct: 0, nll: 0, brier: 0, foreignClaimed: 0, foreignChecked: 0, updatedAt: now }
}

/**
 * The record aged to `now`: every decayed sum multiplied by 0.5^(elapsed / halfLifeMs). Pure: the store is not
 * changed.
 */
export function agedRecord (r: QualityRecord, now: number, halfLifeMs: number): QualityRecord {
  const dt = Math.max(0, now - r.updatedAt)
  if (dt === 0 || !Number.isFinite(halfLifeMs)) return { ...r }
  const f = 0.5 ** (dt / halfLifeMs)
  return { ...r, samples: r.samples * f, correct: r.correct * f, nll: r.nll * f, brier: r.brier * f, updatedAt: now }
}
