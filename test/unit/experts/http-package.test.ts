/**
 * HTTP expert packages: expert.json's `serving` field (validation with one-line errors), the expert id over
 * the canonical expert.json and capability.bin, loading (no model.onnx), the openExpert factory, and
 * describeExpert (capability vectors from unlabelled sample queries).
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAPABILITY_FILE, encodeCapability } from '../../../src/experts/capability.js'
import { describeExpert, parseTextJsonl, readTextJsonl } from '../../../src/experts/describe-expert.js'
import { ExpertPackageError, TrainingDataError } from '../../../src/experts/errors.js'
import { loadExpertPackage, writeExpertPackage } from '../../../src/experts/expert-package.js'
import { HttpExpert } from '../../../src/experts/http-expert.js'
import { LocalExpert } from '../../../src/experts/local-expert.js'
import { MANIFEST_FILE, validateManifest } from '../../../src/experts/manifest.js'
import { openExpert } from '../../../src/experts/open-expert.js'
import { trainExpert } from '../../../src/experts/train-expert.js'
import type { InferenceBackend } from '../../../src/onnx/backend.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { httpExpertManifest } from '../../helpers/model-server.js'
import { FakeEmbedder, TOPICS, topicCorpus } from './fixtures.js'

const embedder = new FakeEmbedder(16)
const URL_A = 'http://127.0.0.1:8080/predict'

let root: string
let backend: InferenceBackend
let n = 0
const fresh = (): string => join(root, `p${n++}`)
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'moemesh-http-pkg-'))
  backend = createInferenceBackend({ mode: 'in-process' })
})
afterAll(async () => {
  await backend.stop()
  await rm(root, { recursive: true, force: true })
})

const manifest = (over: Record<string, unknown> = {}, serving: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ ...httpExpertManifest({ url: URL_A, spaceId: embedder.spaceId, dim: embedder.dim, serving }), ...over })
const centroids = [embedder.embedOne('goal match team'), embedder.embedOne('oven recipe flour')]

function refusal (value: unknown): string {
  try {
    validateManifest(value)
  } catch (err) {
    expect(err).toBeInstanceOf(ExpertPackageError)
    expect((err as Error).message).not.toContain('\n')
    return (err as Error).message
  }
  throw new Error('expected the manifest to be refused')
}

describe('expert.json serving', () => {
  it('accepts an HTTP expert and fills in the serving defaults', () => {
    const m = validateManifest({ ...manifest(), serving: { kind: 'http', url: URL_A } })
    expect(m.serving).toEqual({ kind: 'http', url: URL_A, timeoutMs: 2000, maxConcurrency: 8 })
    expect(m.inputKind).toBe('text')
    // { "kind": "onnx" } is the same as no serving field
    const { serving: _s, ...onnx } = manifest({ inputKind: 'embedding' })
    expect(validateManifest({ ...onnx, serving: { kind: 'onnx' } }).serving).toBeUndefined()
  })

  it('refuses bad serving settings in one line naming the field and the fix', () => {
    expect(refusal(manifest({}, { kind: 'grpc' }))).toMatch(/^expert\.json: serving\.kind: must be "http" \(a model served over HTTP\) or "onnx" \(got "grpc"\)$/)
    expect(refusal(manifest({}, { url: 'ftp://example.com/x' }))).toMatch(/serving\.url: uses ftp; only http and https endpoints are served$/)
    expect(refusal(manifest({}, { url: '/predict' }))).toMatch(/serving\.url: "\/predict" is not an absolute URL; write it like "http:\/\/127\.0\.0\.1:8080\/predict"$/)
    expect(refusal(manifest({}, { url: 'http://user:secret@127.0.0.1/p' }))).toMatch(/serving\.url: holds a user name or password; keep credentials out of expert\.json/)
    expect(refusal(manifest({}, { url: `http://h/${'x'.repeat(3000)}` }))).toMatch(/serving\.url: is 3009 characters long; shorten it to at most 2048$/)
    expect(refusal(manifest({}, { timeoutMs: 0 }))).toMatch(/serving\.timeoutMs: must be a whole number of milliseconds from 1 to 60000 \(got 0\)$/)
    expect(refusal(manifest({}, { maxConcurrency: 1.5 }))).toMatch(/serving\.maxConcurrency: must be a whole number from 1 to 256/)
    expect(refusal(manifest({}, { headers: {} }))).toMatch(/serving\.headers: is not a setting of kind "http"; remove it/)
    expect(refusal(manifest({ serving: 'http://x' }))).toMatch(/serving: must be an object like \{ "kind": "http"/)
    expect(refusal(manifest({ inputKind: 'ngrams' }))).toMatch(/inputKind: must be "text" .* or "both" .* for an expert served over HTTP \(got "ngrams"\)$/)
    expect(refusal(manifest({ features: { buckets: 64 } }))).toMatch(/features: is only used by a model\.onnx expert/)
    const { serving: _s, ...onnx } = manifest()
    expect(refusal(onnx)).toMatch(/inputKind: is "text", which only an expert served over HTTP reads; add a "serving" field/)
  })
})

describe('HTTP expert packages', () => {
  it('write and load without model.onnx; the id hashes the canonical expert.json and capability.bin', async () => {
    const dir = fresh()
    const written = await writeExpertPackage(dir, { manifest: validateManifest(manifest()), centroids })
    expect((await readdir(dir)).sort()).toEqual(['capability.bin', 'expert.json'])
    const loaded = await loadExpertPackage(dir, { spaceId: embedder.spaceId, dim: embedder.dim })
    expect(loaded.kind).toBe('http')
    expect(loaded.expertId).toBe(written.expertId)
    expect(loaded.expertId).toMatch(/^[0-9a-f]{64}$/)
    expect(loaded.expertId).not.toBe(createHash('sha256').update(await readFile(join(dir, MANIFEST_FILE))).digest('hex'))

    // reformatting expert.json does not change the expert; a new endpoint, label or vector does
    const text = await readFile(join(dir, MANIFEST_FILE), 'utf8')
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(JSON.parse(text)))
    expect((await loadExpertPackage(dir)).expertId).toBe(written.expertId)
    const otherUrl = await writeExpertPackage(fresh(), { manifest: validateManifest(manifest({}, { url: 'http://127.0.0.1:8081/predict' })), centroids })
    const otherLabels = await writeExpertPackage(fresh(), { manifest: validateManifest(manifest({ labels: ['bad', 'good'] })), centroids })
    const otherVectors = await writeExpertPackage(fresh(), { manifest: validateManifest(manifest()), centroids: [centroids[0]] })
    const ids = new Set([written.expertId, otherUrl.expertId, otherLabels.expertId, otherVectors.expertId])
    expect(ids.size).toBe(4)
    const swapped = encodeCapability({ spaceId: embedder.spaceId, dim: embedder.dim, centroids: [centroids[1], centroids[0]] })
    await writeFile(join(dir, CAPABILITY_FILE), swapped)
    // capability.bin no longer matches the sha256 in expert.json: refused until expert.json records the new one
    await expect(loadExpertPackage(dir)).rejects.toThrow(/capabilitySha256/)
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...JSON.parse(text), capabilitySha256: createHash('sha256').update(swapped).digest('hex') }))
    expect((await loadExpertPackage(dir)).expertId).not.toBe(written.expertId)
  })

  it('refuses a model.onnx next to "serving", and an ONNX package without model.onnx', async () => {
    const dir = fresh()
    await writeExpertPackage(dir, { manifest: validateManifest(manifest()), centroids })
    await writeFile(join(dir, 'model.onnx'), new Uint8Array([1, 2, 3]))
    await expect(loadExpertPackage(dir)).rejects.toThrow(/model\.onnx: is not used by an expert served over HTTP \(expert\.json has "serving"\); remove model\.onnx, or remove "serving"/)
    const { serving: _s, ...onnx } = manifest({ inputKind: 'embedding' })
    await expect(writeExpertPackage(fresh(), { manifest: validateManifest(onnx), centroids })).rejects.toThrow(/model\.onnx: is missing/)
  })

  it('openExpert gives an HttpExpert for "serving" and a LocalExpert for model.onnx; LocalExpert refuses an HTTP package', async () => {
    const httpDir = fresh()
    await writeExpertPackage(httpDir, { manifest: validateManifest(manifest()), centroids })
    const onnxDir = fresh()
    await trainExpert({ examples: topicCorpus(12), embedder, outDir: onnxDir, name: 'topics', inputKind: 'embedding', holdout: 0, backend })
    const http = await openExpert(httpDir, { backend, spaceId: embedder.spaceId, dim: embedder.dim })
    const onnx = await openExpert(onnxDir, { backend, spaceId: embedder.spaceId, dim: embedder.dim })
    try {
      expect(http).toBeInstanceOf(HttpExpert)
      expect(http.kind).toBe('http')
      expect(onnx).toBeInstanceOf(LocalExpert)
      expect(onnx.kind).toBe('onnx')
      expect(onnx.needsVector).toBe(true)
      const p = await onnx.predict({ text: 'goal match', vector: embedder.embedOne('goal match team player') })
      expect(onnx.manifest.labels[p.indexOf(Math.max(...p))]).toBe('sport')
    } finally {
      await http.close()
      await onnx.close()
    }
    await expect(LocalExpert.open(await loadExpertPackage(httpDir), backend)).rejects.toThrow(/is served over HTTP, not by model\.onnx/)
  })
})

describe('describeExpert', () => {
  it('writes an HTTP package whose capability vectors come from the samples, in the embedder space', async () => {
    const texts = topicCorpus(20).filter((e) => e.label === 'space').map((e) => e.text)
    const phases = new Set<string>()
    const dir = fresh()
    const { package: pkg, texts: count } = await describeExpert({
      texts, embedder, outDir: dir, name: 'space-talk', labels: ['no', 'yes'], url: URL_A, centroids: 3, price: 2,
      source: 'samples.jsonl', onProgress: (p) => phases.add(p.phase)
    })
    expect(count).toBe(20)
    expect([...phases]).toEqual(['embed', 'centroids', 'gate', 'write'])
    expect(pkg.kind).toBe('http')
    expect(pkg.manifest).toMatchObject({
      name: 'space-talk', inputKind: 'text', labels: ['no', 'yes'], price: 2, spaceId: embedder.spaceId, dim: 16,
      trainedOn: { source: 'samples.jsonl', examples: 20 },
      serving: { kind: 'http', url: URL_A, timeoutMs: 2000, maxConcurrency: 8 }
    })
    expect(pkg.centroids).toHaveLength(3)
    expect((await loadExpertPackage(dir)).expertId).toBe(pkg.expertId)
    // the samples are kept privately, with leave-one-out references
    expect(pkg.competence?.private?.texts).toEqual(texts)
    expect(pkg.competence?.private?.refW).toHaveLength(20)
    // the centroids sit near space texts, not near the other topics
    const sim = (v: Float32Array, c: Float32Array): number => v.reduce((s, x, i) => s + x * c[i], 0)
    const best = (text: string): number => Math.max(...pkg.centroids.map((c) => sim(embedder.embedOne(text), c)))
    expect(best(TOPICS.space.slice(0, 4).join(' '))).toBeGreaterThan(best(TOPICS.cooking.slice(0, 4).join(' ')))
  })

  it('refuses bad options before embedding anything', async () => {
    const calls = embedder.calls
    const base = { texts: ['a text'], embedder, outDir: fresh(), name: 'ok', labels: ['a', 'b'], url: URL_A }
    await expect(describeExpert({ ...base, name: 'Not Kebab' })).rejects.toThrow(/^name: "Not Kebab" is not a kebab-case name/)
    await expect(describeExpert({ ...base, labels: ['a'] })).rejects.toThrow(/labels: holds 1 labels; a classifier needs 2\.\.1000/)
    await expect(describeExpert({ ...base, url: 'file:///etc/passwd' })).rejects.toThrow(/serving\.url: uses file; only http and https/)
    await expect(describeExpert({ ...base, centroids: 0 })).rejects.toThrow(/^centroids: /)
    await expect(describeExpert({ ...base, texts: [] })).rejects.toBeInstanceOf(TrainingDataError)
    await expect(describeExpert({ ...base, texts: ['ok', '  '] })).rejects.toThrow(/sample 2 has no text/)
    expect(embedder.calls).toBe(calls)
  })

  it('reads {"text"} JSONL samples, ignoring labels, naming the line of a bad one', async () => {
    expect(parseTextJsonl('{"text": "one"}\n\n{"text": "two", "label": "x"}\n')).toEqual(['one', 'two'])
    expect(() => parseTextJsonl('{"text": "one"}\n{"txt": "two"}', 's.jsonl')).toThrow(/^s\.jsonl: line 2: "text" is missing; give each sample a non-empty text$/)
    expect(() => parseTextJsonl('\n\n')).toThrow(/holds no samples/)
    const file = join(root, 'samples.jsonl')
    await writeFile(file, '{"text": "alpha"}\n{"text": "beta"}\n')
    expect(await readTextJsonl(file)).toEqual(['alpha', 'beta'])
    await expect(readTextJsonl(join(root, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl: does not exist; check the --data path/)
  })
})
