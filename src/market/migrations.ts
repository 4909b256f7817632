/**
 * The market store's schema, as an ordered list of migrations. A migration is never edited once released: a
 * change is a new entry with the next version. `MarketStore.open` applies the missing ones in one transaction.
 */

/** One schema step. */
export interface Migration {
  /** 1, 2, 3, ... in order, no gaps. */
  version: number
  /** What it changes, for the log. */
  description: string
  /** SQL run in the migration's transaction. */
  sql: string
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts, receipts (latest per lane and a bounded history), card scores',
    sql: `
      CREATE TABLE accounts (
        peer_id TEXT PRIMARY KEY,
        earned REAL NOT NULL DEFAULT 0,           -- credits we earned answering this peer
        spent REAL NOT NULL DEFAULT 0,            -- credits we spent on its answers
        queries_served INTEGER NOT NULL DEFAULT 0,
        queries_bought INTEGER NOT NULL DEFAULT 0,
        debt REAL NOT NULL DEFAULT 0,             -- what it owes us, unpaid and not yet forgiven by the allowance
        debt_at INTEGER NOT NULL,                 -- wall-clock ms of the last allowance refresh of debt
        credit_limit REAL,                        -- per-peer limit on debt; NULL = the node's default
        paid_in_micro INTEGER NOT NULL DEFAULT 0, -- sum over its lanes of the newest receipt it paid us with
        paid_out_micro INTEGER NOT NULL DEFAULT 0,-- sum over our lanes of the newest receipt we paid it with
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX accounts_by_update ON accounts (updated_at);

      -- the newest receipt per (direction, peer, lane): 'in' = signed by peer_id, paying us; 'out' = signed by us
      CREATE TABLE receipts (
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        peer_id TEXT NOT NULL,
        lane INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        cumulative_micro INTEGER NOT NULL,
        signed BLOB NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (direction, peer_id, lane)
      ) WITHOUT ROWID;

      CREATE TABLE receipt_history (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL,
        peer_id TEXT NOT NULL,
        lane INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        cumulative_micro INTEGER NOT NULL,
        signed BLOB NOT NULL,
        at INTEGER NOT NULL
      );

      CREATE TABLE card_scores (
        expert_id TEXT NOT NULL,
        peer_id TEXT NOT NULL,
        score REAL NOT NULL,
        weight REAL NOT NULL DEFAULT 0,
        samples INTEGER NOT NULL DEFAULT 0,
        data TEXT,                                -- JSON of anything else the scorer keeps
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (expert_id, peer_id)
      ) WITHOUT ROWID;
    `
  }
]
