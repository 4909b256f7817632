/**
 * Which cells a node holds (subscribes to, keeps the cards of, and provides in the DHT):
 * - its home cells, a few picked from its peer id (as Ethereum nodes pick 2 of 64 attestation subnets), so every
 *   cell has holders that answer lookups whatever anyone serves or asks;
 * - the cells its users' queries probed lately, least recently asked first out, at most `maxQueryCells`.
 * A node does not hold the cells of the cards it serves: it publishes there without subscribing (gossipsub
 * fanout) and answers queries for its own cards anyway. Pure logic, no I/O: the simulation runs this same code.
 */
import { InvalidOptionError } from '../errors.js'
import { intInRange, positiveInt } from '../options.js'
import { fnv1aPlain } from '../text/hash.js'
import { SeededRandom } from '../text/random.js'
import { HOME_CELLS, MAX_QUERY_CELLS, QUERY_CELL_IDLE_MS } from './constants.js'

/** Options of {@link SubscriptionPolicy}; plain data. */
export interface SubscriptionPolicyInit {
  /** Cells of the codebook. Required. */
  cells: number
  /** This node's peer id (string form): picks the home cells. Required. */
  peerId: string
  /** Home cells (held always). @default 2 (HOME_CELLS) */
  homeCells?: number
  /** Cells held for queries at most. @default 4 (MAX_QUERY_CELLS) */
  maxQueryCells?: number
  /** A query cell not asked about for this long is left. @default 600_000 (QUERY_CELL_IDLE_MS) */
  queryCellIdleMs?: number
}

/** What to change after an update: cells to join and to leave. */
export interface SubscriptionChange {
  join: number[]
  leave: number[]
}

/** `count` distinct cells of `cells`, picked deterministically from `peerId`. */
export function homeCellsOf (peerId: string, cells: number, count: number): number[] {
  const rng = new SeededRandom(fnv1aPlain(`moemesh-home-cells:${peerId}`))
  const picked = new Set<number>()
  while (picked.size < Math.min(count, cells)) picked.add(rng.int(cells))
  return [...picked].sort((a, b) => a - b)
}

/**
 * Decides which cells a node holds.
 *
 * @example
 * ```ts
 * const policy = new SubscriptionPolicy({ cells: codebook.size, peerId })
 * for (const cell of policy.held()) subscribe(cell)
 * const { join, leave } = policy.noteQuery(codebook.nearest(query, 3))
 * ```
 */
export class SubscriptionPolicy {
  /** Cells held whatever happens. */
  readonly home: readonly number[]
  private readonly maxQueryCells: number
  private readonly idleMs: number
  /** Query cells, least recently asked first, with when they were last asked. */
  private readonly queryCells = new Map<number, number>()
  private readonly cells: number

  constructor (init: SubscriptionPolicyInit) {
    this.cells = positiveInt('cells', init.cells, 0)
    if (typeof init.peerId !== 'string' || init.peerId.length === 0) throw new InvalidOptionError('peerId', 'must be a peer id')
    const home = intInRange('homeCells', init.homeCells, Math.min(HOME_CELLS, this.cells), 0, this.cells)
    this.maxQueryCells = intInRange('maxQueryCells', init.maxQueryCells, Math.min(MAX_QUERY_CELLS, this.cells), 0, this.cells)
    this.idleMs = positiveInt('queryCellIdleMs', init.queryCellIdleMs, QUERY_CELL_IDLE_MS)
    this.home = Object.freeze(homeCellsOf(init.peerId, this.cells, home))
  }

  /** Every cell held now, ascending. */
  held (): number[] {
    const all = new Set<number>([...this.home, ...this.queryCells.keys()])
    return [...all].sort((a, b) => a - b)
  }

  /** Whether the node holds `cell` (so its cards are known here without a lookup). */
  holds (cell: number): boolean {
    return this.home.includes(cell) || this.queryCells.has(cell)
  }

  /**
   * A query probed `cells` (nearest first): they become the most recently asked query cells; beyond
   * `maxQueryCells` the least recently asked are left. Home cells are never left. Cells the node cannot keep
   * (more probed than `maxQueryCells` allows) are looked up for this query but not joined.
   */
  noteQuery (cells: number[], now = Date.now()): SubscriptionChange {
    for (const c of cells) {
      if (!Number.isInteger(c) || c < 0 || c >= this.cells) throw new InvalidOptionError('cells', `holds ${String(c)}, not a cell of 0..${this.cells - 1}`)
    }
    const before = new Set(this.held())
    // the nearest cell last, so it ends up most recent and is the last to go
    for (const c of [...cells].reverse()) {
      if (this.home.includes(c)) continue
      this.queryCells.delete(c)
      this.queryCells.set(c, now)
    }
    while (this.queryCells.size > this.maxQueryCells) {
      const oldest = this.queryCells.keys().next().value as number
      this.queryCells.delete(oldest)
    }
    return this.diff(before)
  }

  /** Leave query cells nobody asked about for `queryCellIdleMs`. */
  expire (now = Date.now()): SubscriptionChange {
    const before = new Set(this.held())
    for (const [c, at] of this.queryCells) if (now - at >= this.idleMs) this.queryCells.delete(c)
    return this.diff(before)
  }

  private diff (before: Set<number>): SubscriptionChange {
    const after = this.held()
    return { join: after.filter(c => !before.has(c)), leave: [...before].filter(c => !after.includes(c)).sort((a, b) => a - b) }
  }
}
