import { MoemeshError } from '../errors.js'

/** The market database cannot be opened or migrated. */
export class MarketStoreError extends MoemeshError {
  readonly path: string
  constructor (path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, 'MARKET_STORE', options)
    this.path = path
  }
}

/**
 * Why a receipt is refused, a bounded set: `MALFORMED` (not a SignedReceipt, or a field out of range),
 * `BAD_SIGNATURE`, `WRONG_PAYEE` (not addressed to this node), `WRONG_SENDER` (sent by someone other than its
 * payer), `EXPIRED`, `FUTURE` (issued too far ahead of our clock), `OVERPAID` (claims more than this node
 * served the payer), `STALE` (seq or cumulative not above the stored receipt of its lane: a replay).
 */
export type ReceiptProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'WRONG_PAYEE' | 'WRONG_SENDER' | 'EXPIRED' | 'FUTURE' | 'OVERPAID' | 'STALE' | 'UNSERVED' | 'TOO_MANY_LANES'

/** A receipt that does not verify or does not advance its lane. `problem` says which check failed. */
export class InvalidReceiptError extends MoemeshError {
  readonly problem: ReceiptProblem
  constructor (problem: ReceiptProblem, message: string, options?: { cause?: unknown }) {
    super(message, 'INVALID_RECEIPT', options)
    this.problem = problem
  }
}
