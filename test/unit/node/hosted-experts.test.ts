/**
 * HostedExperts: the node's registry of experts, ONNX or HTTP alike: add (validated against the node's space,
 * duplicates refused, rolled back when advertising refuses the change), find by id, name, folder or id prefix,
 * remove (closes the expert, reports the change), close all.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SpaceMismatchError } from '../../../src/experts/errors.js'
import { writeExpertPackage } from '../../../src/experts/expert-package.js'
import { trainExpert } from '../../../src/experts/train-expert.js'
import type { CardData } from '../../../src/net/advert-types.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { DuplicateExpertError, UnknownExpertError } from '../../../src/node/errors.js'
import { HostedExperts } from '../../../src/node/hosted-experts.js'
import { httpExpertManifest, startModelServer, type ModelServer } from '../../helpers/model-server.js'
import { FakeEmbedder, topicCorpus } from '../experts/fixtures.js'

const embedder = new FakeEmbedder(16)
let root: string
let backend: InferenceBackend
let server: ModelServer
let onnxDir: string
let n = 0
const registries: HostedExperts[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'moemesh-hosted-'))
  backend = createInferenceBackend({ mode: 'in-process' })
  server = await startModelServer()
  onnxDir = join(root, 'topics')
  await trainExpert({ examples: topicCorpus(12), embedder, outDir: onnxDir, name: 'topics', inputKind: 'both', holdout: 0, backend })
})
afterEach(async () => { await Promise.all(registries.splice(0).map(async (r) => { await r.closeAll() })) })
afterAll(async () => {
  await server.close()
  await backend.stop()
  await rm(root, { recursive: true, force: true })
})

async function httpPackage (name: string, init: { url?: string, spaceId?: string } = {}): Promise<string> {
  const dir = join(root, `${name}-${n++}`)
  await writeExpertPackage(dir, {
    manifest: httpExpertManifest({ name, url: init.url ?? server.url, spaceId: init.spaceId ?? embedder.spaceId, dim: embedder.dim }),
    centroids: [embedder.embedOne('a good film')]
  })
  return dir
}

function registry (onChange?: (cards: CardData[]) => void): HostedExperts {
  const r = new HostedExperts({ backend, spaceId: embedder.spaceId, dim: embedder.dim, onChange })
  registries.push(r)
  return r
}

describe('HostedExperts', () => {
  it('hosts ONNX and HTTP experts side by side, finds them every way a user names them, and reports each change', async () => {
    const changes: string[][] = []
    const r = registry((cards) => changes.push(cards.map((c) => c.name).sort()))
    const httpDir = await httpPackage('sentiment')
    const onnx = await r.add(onnxDir)
    const http = await r.add(httpDir)
    expect([onnx.kind, http.kind]).toEqual(['onnx', 'http'])
    expect(changes).toEqual([['topics'], ['sentiment', 'topics']])
    expect(r.list().map((e) => e.manifest.name)).toEqual(['topics', 'sentiment'])
    expect(r.cards().map((c) => [c.name, c.inputKind])).toEqual([['topics', 'both'], ['sentiment', 'text']])

    expect(r.find(http.expertId)).toBe(http)
    expect(r.find('sentiment')).toBe(http)
    expect(r.find(httpDir)).toBe(http)
    expect(r.find(relative(process.cwd(), httpDir))).toBe(http)
    expect(r.find(http.expertId.slice(0, 8))).toBe(http)
    expect(r.find(http.expertId.slice(0, 8).toUpperCase())).toBe(http)
    expect(r.find('nothing')).toBeUndefined()
    expect(r.find('abc')).toBeUndefined() // too short to be an id prefix
    expect(r.get(onnx.expertId)).toBe(onnx)
    expect(r.has(onnx.expertId)).toBe(true)

    // the hosted HTTP expert really asks its server
    const p = await http.predict({ text: 'lovely' })
    expect(Array.from(p)).toEqual([0.25, 0.75])
  })

  it('refuses the same expert twice, also when both adds race, and a package in another space', async () => {
    const r = registry()
    const dir = await httpPackage('twice')
    await r.add(dir)
    await expect(r.add(dir)).rejects.toBeInstanceOf(DuplicateExpertError)
    const other = await httpPackage('race')
    const results = await Promise.allSettled([r.add(other), r.add(other)])
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((results.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateExpertError)
    expect(r.list()).toHaveLength(2)
    await expect(r.add(await httpPackage('elsewhere', { spaceId: 'ef'.repeat(32) }))).rejects.toBeInstanceOf(SpaceMismatchError)
    expect(r.list()).toHaveLength(2)
  })

  it('rolls an add back when the new card set is refused: the expert is closed and not hosted', async () => {
    let refuse = false
    const seen: number[] = []
    const r = registry((cards) => {
      seen.push(cards.length)
      if (refuse && cards.length > 1) throw new Error('advert too large')
    })
    const kept = await r.add(await httpPackage('kept'))
    refuse = true
    const dir = await httpPackage('refused')
    await expect(r.add(dir)).rejects.toThrow('advert too large')
    expect(r.list()).toEqual([kept])
    expect(r.find('refused')).toBeUndefined()
    expect(seen).toEqual([1, 2, 1]) // tried with it, then restored without it
    // it can be added once advertising accepts it again, so the failed add left nothing behind
    refuse = false
    expect((await r.add(dir)).manifest.name).toBe('refused')
  })

  it('remove closes the expert and withdraws its card; an unknown name is an error; closeAll empties the registry', async () => {
    const changes: number[] = []
    const r = registry((cards) => changes.push(cards.length))
    const a = await r.add(await httpPackage('alpha'))
    await r.add(onnxDir)
    expect(await r.remove('alpha')).toEqual({ expertId: a.expertId, name: 'alpha' })
    await expect(a.predict({ text: 'still there?' })).rejects.toMatchObject({ code: 'EXPERT_CLOSED' })
    expect(changes).toEqual([1, 2, 1])
    await expect(r.remove('alpha')).rejects.toBeInstanceOf(UnknownExpertError)
    await r.closeAll()
    expect(r.list()).toEqual([])
  })
})
