/**
 * `POST /v1/experts {"dir"}` over a real daemon's HTTP API: only packages under the experts roots load; a symlink
 * out of a package, a path outside the roots and a missing path all get the same error, and no content comes back.
 */
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestEmbedder, startTestNode, stopTestNodes, tempDir, trainTopicExperts, type TestNode } from '../helpers/network.js'

const embedderModel = buildTestEmbedder()
let node: TestNode
let work: string
let trained: string

async function post (dir: string): Promise<{ status: number, text: string }> {
  const res = await fetch(`http://${node.daemon.apiAddress}/v1/experts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir }) })
  return { status: res.status, text: await res.text() }
}

beforeAll(async () => {
  work = await tempDir('roots')
  trained = (await trainTopicExperts(join(work, 'trained'), embedderModel, ['animal'])).animal
  node = await startTestNode({ name: 'roots', embedderModel, experts: [], expertsRoots: [] })
}, 60_000)

afterAll(async () => {
  await stopTestNodes([node])
  await rm(work, { recursive: true, force: true })
})

describe('experts roots over the API', () => {
  it('refuses a package whose expert.json is a symlink to a file outside the roots, echoing nothing', async () => {
    const secret = join(work, 'secret.txt')
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n')
    const pkg = join(node.dataDir, 'evil')
    await cp(trained, pkg, { recursive: true })
    await rm(join(pkg, 'expert.json'))
    await symlink(secret, join(pkg, 'expert.json'))
    const r = await post(pkg)
    expect(r.status).toBe(403)
    expect(r.text).not.toContain('root:x')
    expect(JSON.parse(r.text).error.code).toBe('EXPERT_PATH_NOT_ALLOWED')
    expect(node.daemon.experts.list()).toHaveLength(0)
  })

  it('gives one and the same answer for a path outside the roots, a missing one and a symlinked folder', async () => {
    const outside = join(work, 'outside')
    await cp(trained, outside, { recursive: true })
    const link = join(node.dataDir, 'link-out')
    await symlink(outside, link)
    const answers = await Promise.all([post(outside), post('/etc'), post(join(node.dataDir, 'no-such-dir')), post('/no/such/path'), post(link)])
    for (const a of answers) expect(a).toEqual(answers[0])
    expect(answers[0].status).toBe(403)
  })

  it('hosts a package under the data dir', async () => {
    const pkg = join(node.dataDir, 'experts', 'animal')
    await mkdir(join(node.dataDir, 'experts'), { recursive: true })
    await cp(trained, pkg, { recursive: true })
    const r = await post(pkg)
    expect(r.status).toBe(201)
    expect(node.daemon.experts.list().map((e) => e.manifest.name)).toEqual(['animal-expert'])
  })
})
