/**
 * What survives a restart of a real daemon: experts added through the API are hosted again, removed ones stay
 * removed; a damaged capability.bin is refused; the state and config files are private (mode 0600).
 */
import { cp, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Daemon } from '../../src/node/daemon.js'
import { loadExpertPackage } from '../../src/experts/expert-package.js'
import { HOSTED_SET_FILE } from '../../src/node/hosted-set-file.js'
import { buildTestEmbedder, startTestNode, stopTestNodes, tempDir, trainTopicExperts, type TestNode, type Topic } from '../helpers/network.js'
import { rm } from 'node:fs/promises'
import { runCli } from '../helpers/cli.js'

const embedderModel = buildTestEmbedder()
let work: string
let dirs: Record<Topic, string>
const nodes: TestNode[] = []

beforeAll(async () => {
  work = await tempDir('persist')
  dirs = await trainTopicExperts(join(work, 'trained'), embedderModel, ['animal', 'finance', 'sport'])
}, 60_000)
afterAll(async () => {
  await stopTestNodes(nodes)
  await rm(work, { recursive: true, force: true })
})

describe('restart', () => {
  it('hosts API-added experts again and keeps removed ones removed; the state file is 0600', async () => {
    const first = await startTestNode({ name: 'p1', embedderModel, experts: [dirs.sport] })
    nodes.push(first)
    const api = `http://${first.daemon.apiAddress}/v1/experts`
    const post = async (dir: string): Promise<number> => (await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir }) })).status
    expect(await post(dirs.animal)).toBe(201)
    expect(await post(dirs.finance)).toBe(201)
    expect((await fetch(`${api}/finance-expert`, { method: 'DELETE' })).status).toBe(200)
    expect((await fetch(`${api}/sport-expert`, { method: 'DELETE' })).status).toBe(200)
    expect((await stat(join(first.dataDir, HOSTED_SET_FILE))).mode & 0o777).toBe(0o600)
    const config = first.daemon.config
    await first.daemon.stop()

    const again = await Daemon.start(config, { backendMode: 'in-process', embedderModel })
    nodes.push({ ...first, daemon: again })
    expect(again.experts.list().map((e) => e.manifest.name).sort()).toEqual(['animal-expert'])
  })

  it('refuses a package whose capability.bin was changed after export (two bytes flipped)', async () => {
    const pkg = join(work, 'damaged')
    await cp(dirs.animal, pkg, { recursive: true })
    expect((await loadExpertPackage(pkg)).manifest.capabilitySha256).toMatch(/^[0-9a-f]{64}$/)
    const file = join(pkg, 'capability.bin')
    const bytes = await readFile(file)
    // the lowest mantissa bit of the last two float32 values: still decodes, still unit vectors, silently wrong
    bytes[bytes.length - 4] ^= 0x01
    bytes[bytes.length - 8] ^= 0x01
    await writeFile(file, bytes)
    await expect(loadExpertPackage(pkg)).rejects.toThrow(/capabilitySha256|sha256/)
  })

  it('moemesh init writes config.json with mode 0600', async () => {
    const home = join(work, 'home')
    await runCli('--data-dir', home, 'init')
    expect((await stat(join(home, 'config.json'))).mode & 0o777).toBe(0o600)
  })
})
