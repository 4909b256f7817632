/**
 * `moemesh ledger`, `moemesh ledger export <file>` and `moemesh ledger verify <file>`: balances per peer and the
 * newest receipts (from the running daemon, or straight from the data dir's market database when none runs),
 * exporting every kept receipt, and checking a receipts file offline.
 */
import { access, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { ledgerToJson, type LedgerView } from '../../api/ledger-route.js'
import { DaemonUnreachableError } from '../../api/errors.js'
import { Ledger } from '../../market/ledger.js'
import { fromMicro } from '../../market/receipt.js'
import { checkReceipts, readReceiptsFile, receiptJson } from '../../market/receipt-file.js'
import { MARKET_DB_FILE, MarketStore, type ReceiptRow } from '../../market/store.js'
import { InvalidOptionError } from '../../errors.js'
import { daemonClient } from '../api-client.js'
import type { CliContext } from '../context.js'
import { table } from '../output.js'

interface GlobalOpts { dataDir?: string, api?: string, apiToken?: string }

/** Open the data dir's market database, or explain that there is none. */
async function openStore (dataDir: string): Promise<MarketStore> {
  const path = join(dataDir, MARKET_DB_FILE)
  try { await access(path) } catch { throw new InvalidOptionError('--data-dir', `${dataDir} has no ${MARKET_DB_FILE} yet: start a node there first`) }
  return MarketStore.open(path)
}

/** The ledger as the snake_case JSON of GET /v1/ledger, from the store (no daemon). */
function offlineLedger (store: MarketStore): Record<string, unknown> {
  const ledger = new Ledger({ store })
  const view: LedgerView = {
    peerId: '',
    lane: store.createdAt,
    accounts: ledger.views(),
    receipts: store.latestReceipts().map(receiptJson),
    stats: {}
  }
  return ledgerToJson(view)
}

/** Register `ledger` and its subcommands on `program`. */
export function registerLedgerCommands (program: Command, ctx: CliContext): Command {
  const dataDir = (): string => ctx.dataDir(program.opts<GlobalOpts>().dataDir)

  const ledger = program.command('ledger')
    .description('balances per peer and the newest signed receipts (from the running daemon, else from the data dir)')
    .option('--json', 'print JSON (the same as GET /v1/ledger; `moemesh ledger verify` reads it)')
    .action(async (opts: { json?: boolean }) => {
      let json: Record<string, any>
      try {
        json = await (await daemonClient(dataDir(), program.opts<GlobalOpts>(), 5_000)).request('GET', '/v1/ledger') as Record<string, any>
      } catch (err) {
        if (!(err instanceof DaemonUnreachableError)) throw err
        const store = await openStore(dataDir())
        try { json = offlineLedger(store) } finally { store.close() }
        ctx.error(`no daemon answers (${err.message}); read ${join(dataDir(), MARKET_DB_FILE)} instead`)
      }
      if (opts.json === true) { ctx.print(JSON.stringify(json, null, 2)); return }
      const accounts = (json.accounts ?? []) as Array<Record<string, any>>
      if (accounts.length === 0) ctx.print('no accounts yet')
      else {
        ctx.print(table(['peer', 'earned', 'spent', 'paid in', 'paid out', 'debt', 'limit', ''], accounts.map((a) => [
          String(a.peer).slice(-12), fmt(a.earned), fmt(a.spent), fmt(a.paid_in), fmt(a.paid_out), fmt(a.debt), fmt(a.credit_limit), a.throttled === true ? 'PAYMENT_REQUIRED' : ''
        ])))
      }
      const receipts = (json.receipts ?? []) as Array<Record<string, any>>
      if (receipts.length > 0) {
        ctx.print('')
        ctx.print(table(['receipt', 'peer', 'lane', 'seq', 'cumulative', 'at'], receipts.map((r) => [
          r.direction === 'in' ? 'paid to us' : 'paid by us', String(r.peer).slice(-12), r.lane, r.seq, fmt(r.cumulative), new Date(Number(r.at)).toISOString()
        ])))
      }
    })

  ledger.command('export')
    .description('write every receipt the data dir keeps (newest per lane and the history) to a JSON file for `ledger verify`')
    .argument('<file>', 'where to write the JSON')
    .action(async (file: string) => {
      const store = await openStore(dataDir())
      let rows: ReceiptRow[]
      try { rows = [...store.latestReceipts({ limit: 1_000_000 }), ...store.receiptHistory(1_000_000)] } finally { store.close() }
      const seen = new Set<string>()
      const receipts = rows.map(receiptJson).filter((r) => !seen.has(r.signed) && seen.add(r.signed) !== undefined)
      await writeFile(resolve(file), JSON.stringify({ receipts }, null, 2) + '\n')
      ctx.print(`${receipts.length} receipts written to ${resolve(file)}`)
    })

  ledger.command('verify')
    .description('check receipts offline: each signature against its payer\'s key, and each lane\'s receipts against each other')
    .argument('<file>', 'JSON from `moemesh ledger --json` / `ledger export` / GET /v1/ledger, or one binary SignedReceipt')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const checks = await checkReceipts(await readReceiptsFile(resolve(file)))
      const bad = checks.filter((c) => c.status !== 'valid' && c.status !== 'expired')
      if (opts.json === true) {
        ctx.print(JSON.stringify({
          valid: checks.length - bad.length,
          invalid: bad.length,
          receipts: checks.map((c) => ({
            index: c.index, status: c.status, ...(c.message !== undefined ? { message: c.message } : {}),
            ...(c.receipt !== undefined ? { payer: c.receipt.payer, payee: c.receipt.payee, lane: c.receipt.lane, seq: c.receipt.seq, cumulative: fromMicro(c.receipt.cumulativeMicro), expires_at: c.receipt.expiresAt } : {})
          }))
        }, null, 2))
      } else {
        ctx.print(table(['#', 'status', 'payer', 'payee', 'lane', 'seq', 'cumulative'], checks.map((c) => [
          c.index, c.status, c.receipt?.payer.slice(-12) ?? '', c.receipt?.payee.slice(-12) ?? '', c.receipt?.lane ?? '', c.receipt?.seq ?? '', c.receipt !== undefined ? fmt(fromMicro(c.receipt.cumulativeMicro)) : ''
        ])))
        ctx.print(`${checks.length - bad.length} of ${checks.length} receipts verify${bad.length > 0 ? `; ${bad.length} do not` : ''}`)
      }
      if (bad.length > 0) throw new InvalidOptionError('file', `${bad.length} of ${checks.length} receipts do not verify (first: #${bad[0].index} ${bad[0].status}${bad[0].message !== undefined ? `: ${bad[0].message}` : ''})`)
    })
  return ledger
}

function fmt (v: unknown): string {
  const n = Number(v)
  return Number.isFinite(n) ? (Number.isInteger(n) ? String(n) : n.toFixed(3)) : ''
}
