/**
 * `GET /v1/ledger`: balances per peer and the newest receipt of every lane, as snake_case JSON. The handler lives
 * apart from the server's router so the route is one line there. The output is also the input format of
 * `moemesh ledger verify` (each receipt carries its signed bytes, base64).
 */
import type { LedgerPeerView } from '../market/ledger.js'
import type { ReceiptJson } from '../market/receipt-file.js'

/** One peer's account as the node reports it (library form): the ledger's own view of it. */
export type LedgerAccountView = LedgerPeerView

/** The newest receipt of one lane (library form): the receipts file's JSON form. */
export type LedgerReceiptView = ReceiptJson

/** What a node reports for `GET /v1/ledger`. */
export interface LedgerView {
  peerId: string
  lane: number
  accounts: LedgerAccountView[]
  receipts: LedgerReceiptView[]
  /** Counters of the receipt payer and protocol. */
  stats: Record<string, object>
}

/** The API's JSON of a {@link LedgerView}. */
export function ledgerToJson (v: LedgerView): Record<string, unknown> {
  return {
    peer_id: v.peerId,
    lane: v.lane,
    accounts: v.accounts.map((a) => ({
      peer: a.peerId,
      earned: a.earned,
      spent: a.spent,
      queries_served: a.queriesServed,
      queries_bought: a.queriesBought,
      balance: a.balance,
      debt: a.debt,
      credit_limit: a.creditLimit,
      paid_in: a.paidIn,
      paid_out: a.paidOut,
      throttled: a.throttled,
      updated_at: a.updatedAt
    })),
    receipts: v.receipts.map((r) => ({ direction: r.direction, peer: r.peer, lane: r.lane, seq: r.seq, cumulative: r.cumulative, at: r.at, signed: r.signed })),
    stats: v.stats
  }
}

/**
 * Answers `GET /v1/ledger` from `ledger` (undefined: the node has no market, 404). Returns the status and body.
 */
export function handleLedgerRoute (ledger: (() => LedgerView) | undefined): { status: number, body: unknown } {
  if (ledger === undefined) return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'this node keeps no ledger' } } }
  return { status: 200, body: ledgerToJson(ledger()) }
}
