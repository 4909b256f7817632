import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'

const DIRECT = '12D3KooWGzh3aVjmkjXvfb3y6GqLbLh8dCCkd9gxVZD1ck8PRbM2'
const RELAYED = '12D3KooWRBhwfeP2Y4TCx1SM6s9rUoHhR5STiGwxBhgFRcw3UERE'
const OLD_RELAYED = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const RELAY = '12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X'

/** What a daemon answers on GET /v1/peers: one direct peer, one relayed, and one relayed from a daemon too old to
 * say so (its only address goes over /p2p-circuit). */
const PEERS = {
  peers: [
    { peer: RELAYED, addrs: [`/ip4/10.0.0.9/tcp/4001/p2p/${RELAY}/p2p-circuit`], experts: 2, reputation: 0.5, relayed: true },
    { peer: DIRECT, addrs: ['/ip4/10.0.0.7/tcp/4001'], experts: 3, reputation: 1, relayed: false },
    { peer: OLD_RELAYED, addrs: [`/ip4/10.0.0.9/tcp/4001/p2p/${RELAY}/p2p-circuit`], experts: 0, reputation: 0.5 }
  ]
}

let server: Server
let api: string
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/v1/peers') { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(PEERS)); return }
    res.statusCode = 404
    res.end('{}')
  })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  api = `127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => { await new Promise((resolve) => { server.close(resolve) }) })

describe('moemesh peers', () => {
  it('lists relayed peers, marked relayed, after the direct ones', async () => {
    const r = await runCli('--api', api, 'peers')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/peer\s+via\s+experts/)
    const row = (peer: string): string => lines.find((l) => l.includes(peer)) ?? ''
    expect(row(DIRECT)).toMatch(/\bdirect\b/)
    expect(row(RELAYED)).toMatch(/\brelayed\b.*p2p-circuit/)
    expect(row(OLD_RELAYED)).toMatch(/\brelayed\b/)
    expect(lines.findIndex((l) => l.includes(DIRECT))).toBeLessThan(lines.findIndex((l) => l.includes(RELAYED)))
  })

  it('keeps the relayed flag in --json', async () => {
    const r = await runCli('--api', api, 'peers', '--json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as { peers: Array<{ peer: string, relayed?: boolean }> }
    expect(Object.fromEntries(json.peers.map((p) => [p.peer, p.relayed]))).toEqual({ [DIRECT]: false, [RELAYED]: true, [OLD_RELAYED]: true })
  })
})
