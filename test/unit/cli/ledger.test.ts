import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MARKET_DB_FILE } from '../../../src/market/store.js'
import { runCli } from '../../helpers/cli.js'
import { call, identity, openSide } from '../../helpers/receipts.js'

let dir: string
let payer: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moemesh-ledger-cli-'))
  const me = await identity()
  const them = await identity()
  payer = them.peerId
  // this node served `them` 3 answers and was paid for 2 of them; it also paid `them` once
  const node = openSide(join(dir, MARKET_DB_FILE), me)
  const other = openSide(join(dir, 'other.sqlite'), them)
  for (let i = 0; i < 3; i++) node.ledger.recordEarned(them.peerId, 2)
  await other.book.issue(me.peerId, call(2, 1))
  const second = await other.book.issue(me.peerId, call(2, 2))
  expect((await node.book.accept(second.bytes, them.peerId)).status).toBe('ACCEPTED')
  await node.book.issue(them.peerId, call(1, 3))
  node.store.close()
  other.store.close()
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('moemesh ledger', () => {
  it('reads the data dir when no daemon answers, and says so', async () => {
    const r = await runCli('--data-dir', dir, '--api', '127.0.0.1:1', 'ledger', '--json')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/no daemon answers/)
    const json = JSON.parse(r.stdout) as { accounts: Array<Record<string, unknown>>, receipts: Array<Record<string, unknown>> }
    expect(json.accounts.find((a) => a.peer === payer)).toMatchObject({ earned: 6, paid_in: 4, paid_out: 1 })
    expect(json.receipts.map((x) => x.direction).sort()).toEqual(['in', 'out'])
    const table = await runCli('--data-dir', dir, '--api', '127.0.0.1:1', 'ledger')
    expect(table.stdout).toMatch(/paid to us/)
  })

  it('exports the kept receipts and verifies them offline', async () => {
    const file = join(dir, 'export.json')
    const exp = await runCli('--data-dir', dir, 'ledger', 'export', file)
    expect(exp.code).toBe(0)
    expect((JSON.parse(await readFile(file, 'utf8')) as { receipts: unknown[] }).receipts.length).toBe(2)
    const ok = await runCli('ledger', 'verify', file)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/2 of 2 receipts verify/)
  })

  it('answers a missing file or an empty data dir with one clear line', async () => {
    const missing = await runCli('ledger', 'verify', join(dir, 'nope.json'))
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toMatch(/nope\.json cannot be read/)
    const empty = await mkdtemp(join(tmpdir(), 'moemesh-ledger-empty-'))
    const none = await runCli('--data-dir', empty, '--api', '127.0.0.1:1', 'ledger')
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/has no market\.sqlite yet: start a node there first/)
    await rm(empty, { recursive: true, force: true })
    const help = await runCli('ledger', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/verify/)
    expect(help.stdout).toMatch(/export/)
  })
})
