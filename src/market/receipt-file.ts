/**
 * Exported receipts and their offline check (`moemesh ledger verify <file>`). A receipts file is one of:
 *
 * - JSON with a `receipts` array whose items carry `signed`, the base64 SignedReceipt bytes: what
 *   `GET /v1/ledger`, `moemesh ledger --json` and `moemesh ledger export` write;
 * - a JSON array of such items, or of base64 strings;
 * - one raw binary SignedReceipt (protobuf, as sent on `/moemesh/receipt/1.0.0`).
 *
 * Every receipt's signature is checked against its payer's key (inside the payer's peer id), and the receipts of
 * one lane (payer, payee, lane) are checked against each other: a higher seq must never carry a lower cumulative,
 * and one seq must never carry two amounts (either would be a payer signing contradictory receipts).
 */
import { readFile, stat } from 'node:fs/promises'
import { InvalidOptionError } from '../errors.js'
import { InvalidReceiptError, type ReceiptProblem } from './errors.js'
import { fromMicro, verifyReceipt, type ReceiptData } from './receipt.js'
import type { ReceiptRow } from './store.js'

/** Largest receipts file read: about 60k receipts in JSON. */
export const MAX_RECEIPTS_FILE_BYTES = 32 * 1024 * 1024

/** Receipts read from one file. */
export const MAX_RECEIPTS_PER_FILE = 100_000

/** The check of one receipt. */
export interface ReceiptCheck {
  /** Position in the file, from 0. */
  index: number
  /** `valid`; `expired` (valid signature, past its expiry); `conflict` (contradicts another receipt of its lane); or the problem. */
  status: 'valid' | 'expired' | 'conflict' | ReceiptProblem
  /** Set when the receipt decoded and its signature verified. */
  receipt?: ReceiptData
  message?: string
}

/** A stored receipt in the JSON form `GET /v1/ledger` and `ledger export` write and {@link readReceiptsFile} reads. */
export interface ReceiptJson {
  direction: 'in' | 'out'
  peer: string
  lane: number
  seq: number
  cumulative: number
  at: number
  /** The SignedReceipt bytes, base64. */
  signed: string
}

/** The JSON form of a stored receipt. */
export function receiptJson (r: ReceiptRow): ReceiptJson {
  return { direction: r.direction, peer: r.peerId, lane: r.lane, seq: r.seq, cumulative: fromMicro(r.cumulativeMicro), at: r.at, signed: Buffer.from(r.signed).toString('base64') }
}

/**
 * Read a receipts file into SignedReceipt byte strings.
 * @throws {InvalidOptionError} (field `file`) when it is missing, too large, or holds no receipts in a known form
 */
export async function readReceiptsFile (path: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array[]> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch {
    throw new InvalidOptionError('file', `${path} cannot be read`)
  }
  // a FIFO or a device reports size 0 and reads without end: only regular files
  if (!info.isFile()) throw new InvalidOptionError('file', `${path} is not a regular file`)
  const size = info.size
  if (size > MAX_RECEIPTS_FILE_BYTES) throw new InvalidOptionError('file', `${path} is ${size} bytes, over the ${MAX_RECEIPTS_FILE_BYTES}-byte limit`)
  const bytes = new Uint8Array(await readFile(path, { signal: options.signal }))
  if (bytes.byteLength > MAX_RECEIPTS_FILE_BYTES) throw new InvalidOptionError('file', `${path} grew over the ${MAX_RECEIPTS_FILE_BYTES}-byte limit while it was read`)
  const text = Buffer.from(bytes).toString('utf8').trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return [bytes]
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return [bytes]
  }
  const items = Array.isArray(json) ? json : (json as { receipts?: unknown } | null)?.receipts
  if (!Array.isArray(items)) throw new InvalidOptionError('file', `${path} is JSON without a "receipts" array`)
  if (items.length > MAX_RECEIPTS_PER_FILE) throw new InvalidOptionError('file', `${path} holds ${items.length} receipts, over the ${MAX_RECEIPTS_PER_FILE} limit`)
  return items.map((item, i) => {
    const b64 = typeof item === 'string' ? item : (item as { signed?: unknown } | null)?.signed
    if (typeof b64 !== 'string') throw new InvalidOptionError('file', `${path}: receipt ${i} has no base64 "signed" field`)
    return new Uint8Array(Buffer.from(b64, 'base64'))
  })
}

/** Verify every receipt and the consistency of each lane. `now` decides expiry. */
export async function checkReceipts (receipts: Uint8Array[], options: { now?: number } = {}): Promise<ReceiptCheck[]> {
  const now = options.now ?? Date.now()
  const checks: ReceiptCheck[] = []
  for (const [index, bytes] of receipts.entries()) {
    try {
      const { receipt } = await verifyReceipt(bytes)
      checks.push({ index, status: receipt.expiresAt <= now ? 'expired' : 'valid', receipt })
    } catch (err) {
      if (!(err instanceof InvalidReceiptError)) throw err
      checks.push({ index, status: err.problem, message: err.message })
    }
  }
  const lanes = new Map<string, ReceiptCheck[]>()
  for (const c of checks) {
    if (c.receipt === undefined) continue
    const key = `${c.receipt.payer} ${c.receipt.payee} ${c.receipt.lane}`
    const lane = lanes.get(key)
    if (lane === undefined) lanes.set(key, [c])
    else lane.push(c)
  }
  for (const lane of lanes.values()) {
    lane.sort((a, b) => (a.receipt as ReceiptData).seq - (b.receipt as ReceiptData).seq)
    for (let i = 1; i < lane.length; i++) {
      const prev = lane[i - 1].receipt as ReceiptData
      const cur = lane[i].receipt as ReceiptData
      const sameSeqOtherAmount = cur.seq === prev.seq && cur.cumulativeMicro !== prev.cumulativeMicro
      if (sameSeqOtherAmount || cur.cumulativeMicro < prev.cumulativeMicro) {
        for (const c of [lane[i - 1], lane[i]]) {
          c.status = 'conflict'
          c.message = `seq ${prev.seq} (cumulative ${prev.cumulativeMicro}) and seq ${cur.seq} (cumulative ${cur.cumulativeMicro}) of one lane contradict each other`
        }
      }
    }
  }
  return checks
}
