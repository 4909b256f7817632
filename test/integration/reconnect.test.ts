/**
 * A node whose bootstrap peer is not up yet keeps redialling with backoff and joins once it is; meanwhile
 * `/v1/status` says it is alone and why.
 */
import { createServer } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { loadOrCreateIdentity } from '../../src/net/identity.js'
import { IDENTITY_FILE } from '../../src/node/daemon.js'
import { startDaemon } from '../../src/node/start-daemon.js'
import type { Daemon } from '../../src/node/daemon.js'
import { buildTestEmbedder, waitFor } from '../helpers/network.js'

const embedderModel = buildTestEmbedder()
const daemons: Daemon[] = []
const dirs: string[] = []
afterAll(async () => {
  await Promise.allSettled(daemons.map(async (d) => { await d.stop() }))
  await Promise.allSettled(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
})

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function node (dataDir: string, extra: { listen?: string[], bootstrap?: string[] } = {}): Promise<Daemon> {
  const d = await startDaemon({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false, zoo: false, dht: false, backendMode: 'in-process', embedderModel, ...extra })
  daemons.push(d)
  return d
}

describe('reconnecting to the bootstrap peer', () => {
  it('a node started before its bootstrap peer joins it once it is up, and reports being alone meanwhile', async () => {
    const aDir = await mkdtemp(join(tmpdir(), 'moemesh-reconnect-a-'))
    const bDir = await mkdtemp(join(tmpdir(), 'moemesh-reconnect-b-'))
    dirs.push(aDir, bDir)
    const aId = peerIdFromPrivateKey(await loadOrCreateIdentity(join(aDir, IDENTITY_FILE))).toString()
    const port = await freePort()
    const b = await node(bDir, { bootstrap: [`/ip4/127.0.0.1/tcp/${port}/p2p/${aId}`] })
    // B is alone, and says so over the API
    await waitFor('B to have tried its bootstrap peer', () => b.status().connectivity.attempts >= 1, 10_000)
    const json = await (await fetch(`http://${b.apiAddress}/v1/status`)).json() as { connectivity: { peers: number, isolated_for_ms?: number, last_dial_error?: string } }
    expect(json.connectivity.peers).toBe(0)
    expect(json.connectivity.isolated_for_ms).toBeGreaterThan(0)
    expect(json.connectivity.last_dial_error).toBeTypeOf('string')
    // A comes up later on the address B was told; B finds it without being restarted
    const a = await node(aDir, { listen: [`/ip4/127.0.0.1/tcp/${port}`] })
    await waitFor('B to join A', () => b.libp2p.getPeers().some((p) => p.toString() === a.peerId), 40_000, 100)
    expect(b.status().connectivity.peers).toBe(1)
    expect(b.status().connectivity.isolatedForMs).toBeUndefined()
  }, 60_000)
})
