/**
 * Named networks as a user meets them: `moemesh network create/list/show` write and read network files; daemons
 * that join a network file with the same pre-shared key connect, one with another key cannot; a restarted node
 * finds the peers it knew from its persisted peer store, with no bootstrap address at all.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Daemon } from '../../src/node/daemon.js'
import { validateConfig } from '../../src/node/config.js'
import { generatePsk, loadNetwork, NETWORK_FORMAT } from '../../src/node/network-file.js'
import { spaceIdOf } from '../../src/embed/space.js'
import { buildTestEmbedder, waitFor } from '../helpers/network.js'
import { runCli } from '../helpers/cli.js'

const embedderModel = buildTestEmbedder()
const spaceId = spaceIdOf(embedderModel)
let root: string
const daemons: Daemon[] = []

async function start (name: string, network: string, dataDir = join(root, name)): Promise<Daemon> {
  const config = validateConfig({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false, zoo: false, experts: [], network })
  const d = await Daemon.start(config, { embedderModel, backendMode: 'in-process', dht: false })
  daemons.push(d)
  return d
}

async function networkFile (name: string, psk: string, bootstrap: string[] = []): Promise<string> {
  const path = join(root, `${name}.json`)
  await writeFile(path, JSON.stringify({ format: NETWORK_FORMAT, name, spaceId, bootstrap, psk }))
  return path
}

beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'moemesh-netfile-')) })
afterAll(async () => {
  await Promise.allSettled(daemons.map(async (d) => { await d.stop() }))
  await rm(root, { recursive: true, force: true })
})

describe('named networks', () => {
  it('network create/list/show write and read a network file; a bad file is one clear line', async () => {
    const home = join(root, 'cli-home')
    const created = await runCli('--data-dir', home, 'network', 'create', 'garden', '--psk', '--space', spaceId, '--bootstrap', '/ip4/1.2.3.4/tcp/4747/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo')
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toMatch(/access\s+private: pre-shared key/)
    const { network } = await loadNetwork(home, 'garden')
    expect(network.psk).toMatch(/^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}/)
    const list = await runCli('--data-dir', home, 'network', 'list')
    expect(list.stdout).toMatch(/^local\s+built-in/m)
    expect(list.stdout).toMatch(/^garden\s+1 bootstrap address, private \(key\)/m)
    const show = await runCli('--data-dir', home, 'network', 'show', 'garden')
    expect(show.stdout).not.toContain(network.psk) // the key itself is never printed
    const again = await runCli('--data-dir', home, 'network', 'create', 'garden', '--space', spaceId)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/"garden" exists already/)
    const badAddr = await runCli('--data-dir', home, 'network', 'create', 'x', '--space', spaceId, '--bootstrap', '/ip4/1.2.3.4/tcp/1')
    expect(badAddr.stderr).toMatch(/bootstrap: "\/ip4\/1\.2\.3\.4\/tcp\/1" is not a multiaddr with \/p2p\/<peer-id>/)
    await writeFile(join(root, 'broken.json'), JSON.stringify({ format: NETWORK_FORMAT, name: 'broken', spaceId: 'nope', bootstrap: [] }))
    await expect(loadNetwork(home, join(root, 'broken.json'))).rejects.toThrow(/broken\.json: spaceId: must be 64 lowercase hex characters/)
    await expect(loadNetwork(home, 'missing')).rejects.toThrow(/no network "missing"/)
  })

  it('daemons with the same pre-shared key connect, one with another key cannot; a restarted node redials the peers it knew', async () => {
    const psk = generatePsk()
    const first = await start('first', await networkFile('swarm', psk))
    expect(first.status().network).toBe('swarm')
    const bootstrap = [first.addrs().find((a) => a.includes('/tcp/') && !a.includes('p2p-circuit')) as string]
    const member = await start('member', await networkFile('swarm-join', psk, bootstrap))
    await waitFor('the member to connect', () => first.libp2p.getPeers().some((p) => p.equals(member.libp2p.peerId)), 10_000)

    const outsider = await start('outsider', await networkFile('other', generatePsk(), bootstrap))
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(outsider.libp2p.getPeers()).toEqual([])
    expect(first.libp2p.getPeers().some((p) => p.equals(outsider.libp2p.peerId))).toBe(false)
    expect(outsider.status().connectivity.peers).toBe(0)

    // restart the member with no bootstrap address: its peer store (on disk) still knows the first node
    const memberDir = member.config.dataDir
    await member.stop()
    daemons.splice(daemons.indexOf(member), 1)
    await waitFor('the member to leave', () => !first.libp2p.getPeers().some((p) => p.equals(member.libp2p.peerId)), 10_000)
    const restarted = await start('member', await networkFile('swarm-alone', psk), memberDir)
    expect(restarted.peerId).toBe(member.peerId)
    await waitFor('the restarted member to reconnect', () => restarted.libp2p.getPeers().some((p) => p.equals(first.libp2p.peerId)), 15_000)
  }, 60_000)

  it('refuses a network of another embedding space in one line', async () => {
    const path = join(root, 'elsewhere.json')
    await writeFile(path, JSON.stringify({ format: NETWORK_FORMAT, name: 'elsewhere', spaceId: 'ab'.repeat(32), bootstrap: [] }))
    await expect(start('elsewhere', path)).rejects.toThrow(/network: "elsewhere" routes in embedding space abababababab…, this node's embedder is/)
  })
})
