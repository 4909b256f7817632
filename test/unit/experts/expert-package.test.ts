import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { encodeCapability, decodeCapability } from '../../../src/experts/capability.js'
import { ExpertPackageError, InvalidExpertQueryError, SpaceMismatchError, TrainingDataError } from '../../../src/experts/errors.js'
import { buildExpertModel, type ExpertWeights } from '../../../src/experts/expert-model.js'
import { loadExpertPackage, writeExpertPackage, type ExpertPackage } from '../../../src/experts/expert-package.js'
import { DEFAULT_FEATURES } from '../../../src/experts/features.js'
import { LocalExpert } from '../../../src/experts/local-expert.js'
import { MicroBatcher } from '../../../src/experts/micro-batcher.js'
import { EXPERT_FORMAT, type ExpertManifest, type InputKind } from '../../../src/experts/manifest.js'
import { trainExpert } from '../../../src/experts/train-expert.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { SeededRandom } from '../../../src/text/random.js'
import { FakeEmbedder, topicCorpus } from './fixtures.js'

const SPACE = createHash('sha256').update('space').digest('hex')
const OTHER_SPACE = createHash('sha256').update('other').digest('hex')

let root: string
let backend: InferenceBackend
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'moemesh-pkg-'))
  backend = createInferenceBackend({ mode: 'in-process' })
})
afterAll(async () => {
  await backend.stop()
  await rm(root, { recursive: true, force: true })
})

let counter = 0
function freshDir (): string {
  return join(root, `pkg-${counter++}`)
}

function unitRows (count: number, dim: number, seed: number): Float32Array[] {
  const rng = new SeededRandom(seed)
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dim }, () => rng.normal())
    const n = Math.hypot(...v)
    return v.map((x) => x / n)
  })
}

function smallExpert (kind: InputKind = 'both', opts: { dim?: number, classes?: number } = {}): { manifest: ExpertManifest, modelBytes: Uint8Array, centroids: Float32Array[] } {
  const dim = opts.dim ?? 8
  const C = opts.classes ?? 3
  const buckets = 64
  const rng = new SeededRandom(1)
  const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal())
  const weights: ExpertWeights = { inputKind: kind, classes: C, dim, buckets, hidden: 0, bias: rand(C) }
  if (kind !== 'ngrams') weights.embeddingWeight = rand(dim * C)
  if (kind !== 'embedding') weights.ngramTable = rand(buckets * C)
  const manifest: ExpertManifest = {
    format: EXPERT_FORMAT,
    name: 'tiny-expert',
    version: '1.0.0',
    task: 'classification',
    inputKind: kind,
    labels: ['a', 'b', 'c'].slice(0, C),
    description: 'a test expert',
    trainedOn: { source: 'tests', examples: 10, license: 'CC0' },
    license: 'MIT',
    price: 1,
    spaceId: SPACE,
    dim
  }
  if (kind !== 'embedding') manifest.features = { ...DEFAULT_FEATURES, buckets }
  return { manifest, modelBytes: buildExpertModel(weights), centroids: unitRows(2, dim, 2) }
}

async function rejection (promise: Promise<unknown>): Promise<ExpertPackageError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(ExpertPackageError)
    // One line a person can act on.
    expect((err as Error).message).not.toContain('\n')
    return err as ExpertPackageError
  }
  throw new Error('expected the package to be refused')
}

describe('writeExpertPackage / loadExpertPackage', () => {
  it('round-trips a package; the expert id is the sha256 of model.onnx', async () => {
    const dir = freshDir()
    const parts = smallExpert()
    const written = await writeExpertPackage(dir, parts)
    const loaded = await loadExpertPackage(dir, { spaceId: SPACE, dim: 8 })
    expect(loaded.manifest).toEqual({ ...parts.manifest, capabilitySha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(loaded.expertId).toBe(createHash('sha256').update(await readFile(join(dir, 'model.onnx'))).digest('hex'))
    expect(loaded.expertId).toBe(written.expertId)
    expect(loaded.centroids.map((c) => [...c])).toEqual(parts.centroids.map((c) => [...c]))
    expect((await readdir(dir)).sort()).toEqual(['capability.bin', 'expert.json', 'model.onnx'])
  })

  it('replaces an existing package atomically and leaves no temporary folders', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert('both'))
    await writeExpertPackage(dir, smallExpert('embedding'))
    expect((await loadExpertPackage(dir)).manifest.inputKind).toBe('embedding')
    expect((await readdir(root)).filter((f) => f.startsWith('.'))).toEqual([])
  })

  it('refuses to overwrite a folder that holds other files', async () => {
    const dir = freshDir()
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'keep me')
    const err = await rejection(writeExpertPackage(dir, smallExpert()))
    expect(err.message).toMatch(/already holds other files \(notes\.txt\); choose an empty or new folder/)
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me')
  })

  it('refuses a missing model.onnx', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert())
    await rm(join(dir, 'model.onnx'))
    const err = await rejection(loadExpertPackage(dir))
    expect(err.file).toBe(join(dir, 'model.onnx'))
    expect(err.message).toMatch(/model\.onnx: is missing; a package folder holds expert\.json, model\.onnx, capability\.bin/)
  })

  it('refuses a missing folder', async () => {
    const err = await rejection(loadExpertPackage(join(root, 'nowhere')))
    expect(err.message).toMatch(/nowhere: does not exist/)
  })

  it('refuses a model whose embedding width differs from the manifest dim', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert('embedding', { dim: 8 }))
    await writeFile(join(dir, 'model.onnx'), smallExpert('embedding', { dim: 16 }).modelBytes)
    const err = await rejection(loadExpertPackage(dir))
    expect(err.file).toBe(join(dir, 'model.onnx'))
    expect(err.field).toBe('input embedding')
    expect(err.message).toMatch(/has width 16 but expert\.json says dim 8/)
  })

  it('refuses a package in an unknown space, or of another dimension, with SpaceMismatchError', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert())
    const err = await rejection(loadExpertPackage(dir, { spaceId: OTHER_SPACE }))
    expect(err).toBeInstanceOf(SpaceMismatchError)
    expect(err.code).toBe('SPACE_MISMATCH')
    expect(err.field).toBe('spaceId')
    expect(err.message).toMatch(/retrain it with this node's embedder/)
    const dimErr = await rejection(loadExpertPackage(dir, { dim: 164 }))
    expect(dimErr).toBeInstanceOf(SpaceMismatchError)
    expect(dimErr.message).toMatch(/declares dim 8 but this node's embedding space has dim 164/)
  })

  it('refuses capability vectors from another space than the manifest', async () => {
    const dir = freshDir()
    const parts = smallExpert()
    await writeExpertPackage(dir, parts)
    await writeFile(join(dir, 'capability.bin'), encodeCapability({ spaceId: OTHER_SPACE, dim: 8, centroids: parts.centroids }))
    const err = await rejection(loadExpertPackage(dir))
    expect(err).toBeInstanceOf(SpaceMismatchError)
    expect(err.file).toBe(join(dir, 'capability.bin'))
  })

  it('refuses labels that do not match the model outputs', async () => {
    const dir = freshDir()
    const parts = smallExpert('both', { classes: 3 })
    await writeExpertPackage(dir, parts)
    const manifest = { ...parts.manifest, labels: ['a', 'b'] }
    await writeFile(join(dir, 'expert.json'), JSON.stringify(manifest))
    const err = await rejection(loadExpertPackage(dir))
    expect(err.message).toMatch(/has 3 classes but expert\.json lists 2 labels/)
  })

  it('refuses NaN in capability.bin', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert())
    const bytes = new Uint8Array(await readFile(join(dir, 'capability.bin')))
    new DataView(bytes.buffer).setFloat32(48 + 4 * 3, NaN, true)
    await writeFile(join(dir, 'capability.bin'), bytes)
    const err = await rejection(loadExpertPackage(dir))
    expect(err.field).toBe('vector 0')
    expect(err.message).toMatch(/capability\.bin: vector 0: value 3 is NaN; vectors must be finite/)
  })

  it('refuses a truncated or foreign capability.bin', async () => {
    const parts = smallExpert()
    const bytes = encodeCapability({ spaceId: SPACE, dim: 8, centroids: parts.centroids })
    expect(() => decodeCapability(bytes.subarray(0, bytes.length - 4))).toThrow(/the file is truncated or corrupt/)
    expect(() => decodeCapability(new TextEncoder().encode('not a capability file at all, no, no, no, no...'))).toThrow(/not a moemesh capability file/)
    const unnormalised = parts.centroids.map((c) => c.map((x) => x * 2))
    expect(() => encodeCapability({ spaceId: SPACE, dim: 8, centroids: unnormalised })).toThrow(/L2 norm 2\.0000, not 1/)
  })

  it.each([
    [{ name: 'Tiny Expert' }, 'name', /not kebab-case; .* e\.g\. "tiny-expert"/],
    [{ labels: ['a'] }, 'labels', /holds 1 labels; a classifier needs 2\.\.1000/],
    [{ labels: ['a', 'b', 'a'] }, 'labels[2]', /"a" appears twice/],
    [{ features: undefined }, 'features', /is required for inputKind "both"/],
    [{ features: { ...DEFAULT_FEATURES, buckets: 64, charNgrams: [5, 2] } }, 'features.charNgrams', /not a range/],
    [{ spaceId: 'abc' }, 'spaceId', /64-hex-character sha256/],
    [{ price: -1 }, 'price', /must be a number from 0 to 1000000/],
    [{ price: 2e9 }, 'price', /must be a number from 0 to 1000000/],
    [{ lables: ['a'] }, 'lables', /is not a field of moemesh-expert\/1; remove it or fix its spelling/],
    [{ format: 'moemesh-expert/2' }, 'format', /must be "moemesh-expert\/1"/]
  ])('names the manifest field of a bad value %#', async (change, field, message) => {
    const dir = freshDir()
    const parts = smallExpert()
    await writeExpertPackage(dir, parts)
    await writeFile(join(dir, 'expert.json'), JSON.stringify({ ...parts.manifest, ...change }))
    const err = await rejection(loadExpertPackage(dir))
    expect(err.field).toBe(field)
    expect(err.file).toBe(join(dir, 'expert.json'))
    expect(err.message).toMatch(message)
  })

  it('refuses expert.json that is not JSON', async () => {
    const dir = freshDir()
    await writeExpertPackage(dir, smallExpert())
    await writeFile(join(dir, 'expert.json'), '{ "name": ')
    expect((await rejection(loadExpertPackage(dir))).message).toMatch(/expert\.json: is not valid UTF-8 JSON/)
  })
})

describe('trainExpert end to end, then LocalExpert', () => {
  const embedder = new FakeEmbedder(32)
  let pkg: ExpertPackage
  let heldOutAccuracy: number | null

  beforeAll(async () => {
    const phases = new Set<string>()
    const result = await trainExpert({
      examples: topicCorpus(60, 1),
      embedder,
      outDir: join(root, 'topics'),
      name: 'topics',
      description: 'sport, cooking or space',
      trainedOn: { source: 'synthetic', license: 'CC0' },
      license: 'MIT',
      price: 2,
      centroids: 4,
      features: { buckets: 4096 },
      backend,
      onProgress: (p) => phases.add(p.phase)
    })
    expect([...phases]).toEqual(['embed', 'features', 'train', 'evaluate', 'centroids', 'gate', 'write'])
    expect(result.labels).toEqual(['cooking', 'space', 'sport'])
    expect(result.heldOutExamples).toBe(36)
    expect(result.trainExamples).toBe(144)
    // the gate (advertised, int8) and the owner's own inputs (competence.bin, private), and a fitted temperature
    expect(result.package.gate?.weights).toHaveLength(embedder.dim)
    expect(result.package.competence?.count).toBe(144)
    // and the private n-gram material: the 144 training texts, references from the 36 held-out ones
    expect(result.package.competence?.private?.texts).toHaveLength(144)
    expect(result.package.competence?.private?.refC).toHaveLength(36)
    expect(result.temperature).toBeGreaterThan(0)
    expect(result.package.manifest.gate?.abstainBelow).toBe(result.abstainBelow)
    heldOutAccuracy = result.heldOutAccuracy
    pkg = result.package
  })

  it('writes a package that loadExpertPackage accepts in the embedder space', async () => {
    const loaded = await loadExpertPackage(join(root, 'topics'), { spaceId: embedder.spaceId, dim: embedder.dim })
    expect(loaded.expertId).toBe(pkg.expertId)
    expect(loaded.manifest.metrics).toEqual({ heldOutAccuracy, heldOutExamples: 36 })
    expect(heldOutAccuracy).toBeGreaterThan(0.9)
    expect(loaded.centroids).toHaveLength(4)
    expect(loaded.manifest.trainedOn).toEqual({ source: 'synthetic', examples: 144, license: 'CC0' })
  })

  it('is deterministic: training again gives the same model bytes', async () => {
    const again = await trainExpert({ examples: topicCorpus(60, 1), embedder, outDir: join(root, 'topics-2'), name: 'topics', centroids: 4, features: { buckets: 4096 }, backend })
    expect(again.package.expertId).toBe(pkg.expertId)
    expect(again.package.centroids.map((c) => [...c])).toEqual(pkg.centroids.map((c) => [...c]))
  })

  it('answers queries through LocalExpert, concurrently, and describes itself as a card', async () => {
    const expert = await LocalExpert.open(pkg, backend)
    try {
      const queries = ['the striker scored a late penalty goal', 'simmer the garlic sauce in butter', 'the rocket reached orbit around the moon']
      const want = ['sport', 'cooking', 'space']
      const answers = await Promise.all(queries.map(async (text) => await expert.predict({ text, vector: embedder.embedOne(text) })))
      answers.forEach((p, i) => {
        expect(p).toHaveLength(3)
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
        expect(pkg.manifest.labels[p.indexOf(Math.max(...p))]).toBe(want[i])
      })
      const card = expert.card()
      expect(card).toMatchObject({ expertId: pkg.expertId, name: 'topics', price: 2, inputKind: 'both', spaceId: embedder.spaceId, dim: 32, labels: ['cooking', 'space', 'sport'], load: 0 })
      expect(card.accuracy).toBe(heldOutAccuracy)
      expect(card.centroids).toHaveLength(4)
      // the owner's competence: a topic query is in its domain, an unrelated one is not
      const mine = topicCorpus(3, 7)[0].text // a new example of the same topics
      const own = await expert.competence({ text: mine, vector: embedder.embedOne(mine) })
      const foreign = await expert.competence({ text: 'quarterly tax filing deadlines for small firms', vector: embedder.embedOne('quarterly tax filing deadlines for small firms') })
      expect(own?.private).toBeGreaterThan(foreign?.private ?? 1)
      expect(own?.inDomain).toBeGreaterThan(-2)
      expect(foreign?.inDomain).toBeLessThan(-6) // below every held-out reference in both spaces: ln(1/37) x 2
      await expect(expert.predict({ text: 'no vector' })).rejects.toBeInstanceOf(InvalidExpertQueryError)
      await expect(expert.predict({ text: 'short', vector: new Float32Array(5) })).rejects.toThrow(/has 5 values but expert topics needs dim 32/)
    } finally {
      await expert.close()
    }
    await expect(expert.predict({ text: 'x', vector: embedder.embedOne('x') })).rejects.toThrow(/closed/)
  })

  it('trains an n-gram-only expert that needs no query vector', async () => {
    const result = await trainExpert({ examples: topicCorpus(40, 2), embedder, outDir: join(root, 'ngrams'), name: 'ngram-topics', inputKind: 'ngrams', features: DEFAULT_FEATURES, backend })
    expect(result.heldOutAccuracy).toBeGreaterThan(0.9)
    const expert = await LocalExpert.open(result.package, backend)
    try {
      const p = await expert.predict({ text: 'bake the dough in the oven' })
      expect(result.labels[p.indexOf(Math.max(...p))]).toBe('cooking')
      // asked for its competence first (the default strategy does), the expert reuses the text's features it
      // computed then instead of featurizing the text again in the worker, and answers the same
      const text = 'simmer the sauce and season it'
      const fresh = await expert.predict({ text })
      await expert.competence({ text, vector: embedder.embedOne(text) })
      const viaText = vi.spyOn(MicroBatcher.prototype, 'runTextRow')
      try {
        const reused = await expert.predict({ text })
        expect(viaText).not.toHaveBeenCalled()
        for (let c = 0; c < fresh.length; c++) expect(reused[c]).toBeCloseTo(fresh[c], 6)
      } finally {
        viaText.mockRestore()
      }
    } finally {
      await expert.close()
    }
  })

  it.each([
    [[], /there are no examples/],
    [topicCorpus(5).map((e) => ({ ...e, label: 'same' })), /all 15 examples have the label "same"; a classifier needs examples of at least 2 labels/],
    [[...topicCorpus(5), { text: 'lonely', label: 'rare' }], /label "rare" has only 1 example; give every label at least 3/],
    [[...topicCorpus(5), { text: '  ', label: 'sport' }], /example 16 has no text/]
  ])('refuses unusable training data with a clear message %#', async (examples, message) => {
    const promise = trainExpert({ examples, embedder, outDir: freshDir(), name: 'bad', backend })
    await expect(promise).rejects.toBeInstanceOf(TrainingDataError)
    await expect(promise).rejects.toThrow(message)
  })

  it('refuses bad options naming the option', async () => {
    const examples = topicCorpus(5)
    await expect(trainExpert({ examples, embedder, outDir: freshDir(), name: 'Bad Name', backend })).rejects.toThrow(/^name: "Bad Name" is not a kebab-case name .* try "bad-name"/)
    await expect(trainExpert({ examples, embedder, outDir: freshDir(), name: 'x', centroids: 0, backend })).rejects.toThrow(/^centroids: must be an integer in 1\.\.64/)
    await expect(trainExpert({ examples, embedder, outDir: freshDir(), name: 'x', features: { buckets: 2 }, backend })).rejects.toThrow(/^features\.buckets: /)
  })
})
