import { setMaxListeners } from 'node:events'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import type { InferenceBackend } from '../../onnx/backend.js'
import { loadExpertPackage } from '../expert-package.js'
import { LocalExpert } from '../local-expert.js'
import { embedBackground, trainExpert, type TextEmbedder } from '../train-expert.js'
import { ZOO_EXPERTS } from './catalog.js'
import { splitLabelled, ZOO_SEED } from './split.js'
import type { LabelledText, ZooExpertSpec } from './types.js'
import { MoemeshError } from '../../errors.js'

const log = logger('moemesh:experts:zoo')

/**
 * Format tag of zoo.json; bump when the layout changes so old zoos are rebuilt. 2: packages carry gates,
 * temperatures and competence.bin version 2 (own texts and private n-gram references from the calibration split).
 */
export const ZOO_FORMAT = 'moemesh-zoo/2'
/** Texts embedded per embedder call while evaluating. */
const EVAL_BATCH = 64

/** The zoo could not be built or read. */
export class ZooError extends MoemeshError {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, 'ZOO', options)
  }
}

/** One built expert, as the build table shows it. */
export interface ZooEntry {
  id: string
  name: string
  /** Folder of the expert package, relative to the zoo dir. */
  dir: string
  expertId: string
  inputKind: string
  labels: number
  train: number
  calibration: number
  test: number
  /** Accuracy of the exported model (run through onnxruntime) on the zoo's test split. */
  testAccuracy: number
  /** Wall time to load the corpus, train, evaluate and write, ms. */
  ms: number
}

/** zoo.json: what was built, in which space, from which seed. */
export interface ZooIndex {
  format: string
  spaceId: string
  seed: number
  builtAt: string
  experts: ZooEntry[]
}

/** Options of {@link buildZoo}. */
export interface BuildZooOptions {
  /** Where the zoo goes: `experts/<id>/` packages, `testsets/<id>.jsonl`, `calibration/<id>.jsonl`, `zoo.json`. */
  outDir: string
  /** The shared embedder (capability vectors and embedding inputs come from it). */
  embedder: TextEmbedder
  /** Backend that evaluates each exported model. */
  backend: InferenceBackend
  /** Build only these ids. @default every expert of the catalog */
  only?: string[]
  /** Split seed. @default ZOO_SEED */
  seed?: number
  /** Progress of the whole build, 0..1, with a stage label. */
  onProgress?: (fraction: number, stage: string) => void
  /** Called as each expert is finished. */
  onExpert?: (entry: ZooEntry) => void
  signal?: AbortSignal
}

function jsonl (rows: LabelledText[], expert: string): string {
  return rows.map((r) => JSON.stringify({ text: r.text, label: r.label, expert })).join('\n') + '\n'
}

async function writeAtomic (path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`
  await writeFile(tmp, text)
  await rename(tmp, path)
}

/** Accuracy of a packaged expert on labelled texts, running the real model through the backend. */
export async function evaluateExpert (expert: LocalExpert, rows: LabelledText[], embedder: TextEmbedder, signal?: AbortSignal): Promise<number> {
  if (rows.length === 0) return 0
  const labels = expert.manifest.labels
  const needsVector = expert.manifest.inputKind !== 'ngrams'
  // one abort listener per concurrent prediction of a batch, on the caller's signal
  if (signal != null) setMaxListeners(4 * EVAL_BATCH, signal)
  let correct = 0
  for (let start = 0; start < rows.length; start += EVAL_BATCH) {
    signal?.throwIfAborted()
    const chunk = rows.slice(start, start + EVAL_BATCH)
    const vectors = needsVector ? await embedder.embed(chunk.map((r) => r.text), { signal }) : undefined
    const outputs = await Promise.all(chunk.map(async (r, i) => await expert.predict({ text: r.text, vector: vectors?.[i] }, { signal })))
    outputs.forEach((p, i) => {
      let best = 0
      for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c
      if (labels[best] === chunk[i].label) correct++
    })
  }
  return correct / rows.length
}

/**
 * Builds the built-in expert zoo from corpora that npm packages ship: for each catalog entry, load, split
 * (seeded: train / calibration / test), train on train only, evaluate the exported ONNX model on test, and
 * write the package and the splits. The test split is what the quality benchmark reads.
 */
export async function buildZoo (options: BuildZooOptions): Promise<ZooIndex> {
  const { outDir, embedder, backend, signal } = options
  const seed = options.seed ?? ZOO_SEED
  const specs: ZooExpertSpec[] = options.only == null
    ? [...ZOO_EXPERTS]
    : options.only.map((id) => {
      const spec = ZOO_EXPERTS.find((s) => s.id === id)
      if (spec == null) throw new ZooError(`no built-in expert "${id}"; known: ${ZOO_EXPERTS.map((s) => s.id).join(', ')}`)
      return spec
    })
  await mkdir(join(outDir, 'experts'), { recursive: true })
  await mkdir(join(outDir, 'testsets'), { recursive: true })
  await mkdir(join(outDir, 'calibration'), { recursive: true })
  const entries: ZooEntry[] = []
  // The public background every expert's gate trains against, embedded once for the whole zoo.
  options.onProgress?.(0, 'embedding the gate background')
  const background = await embedBackground(embedder, { seed, signal })
  const progress = (i: number, within: number, stage: string): void => options.onProgress?.((i + within) / specs.length, stage)

  for (const [i, spec] of specs.entries()) {
    signal?.throwIfAborted()
    const started = performance.now()
    progress(i, 0, `${spec.id}: loading`)
    const rows = await spec.load({ seed, signal })
    const split = splitLabelled(rows, { seed })
    const dir = join('experts', spec.id)
    const result = await trainExpert({
      examples: split.train.map((r) => ({ text: r.text, label: r.label })),
      embedder,
      outDir: join(outDir, dir),
      name: spec.id,
      description: spec.description,
      trainedOn: { source: spec.dataSource, license: spec.license },
      license: spec.license,
      price: spec.price,
      inputKind: spec.inputKind,
      seed,
      // Every train example trains: the zoo measures accuracy on its own document-level test split below, so
      // the trainer's example-level holdout would only take 20% of the data away (measured: see README).
      holdout: 0,
      // The zoo's calibration split fits the answer temperature and the gate's abstain cut.
      calibration: split.calibration.map((r) => ({ text: r.text, label: r.label })),
      background,
      backend,
      signal,
      onProgress: (p) => progress(i, 0.05 + 0.8 * (p.total > 0 ? p.done / p.total : 0) * 0.99, `${spec.id}: ${p.phase}`)
    })
    progress(i, 0.9, `${spec.id}: testing`)
    const expert = await LocalExpert.open(result.package, backend)
    let testAccuracy: number
    try {
      testAccuracy = await evaluateExpert(expert, split.test, embedder, signal)
    } finally {
      await expert.close()
    }
    // Advertise the accuracy measured on the zoo's document-level test split, not the trainer's own holdout
    // (which splits by example and so reads high for corpora whose neighbouring paragraphs look alike).
    const manifestPath = join(outDir, dir, 'expert.json')
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>
    manifest.metrics = { heldOutAccuracy: Number(testAccuracy.toFixed(4)), heldOutExamples: split.test.length }
    await writeAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
    await writeAtomic(join(outDir, 'testsets', `${spec.id}.jsonl`), jsonl(split.test, spec.id))
    await writeAtomic(join(outDir, 'calibration', `${spec.id}.jsonl`), jsonl(split.calibration, spec.id))
    const entry: ZooEntry = {
      id: spec.id,
      name: spec.name,
      dir,
      expertId: result.package.expertId,
      inputKind: spec.inputKind,
      labels: result.labels.length,
      train: split.train.length,
      calibration: split.calibration.length,
      test: split.test.length,
      testAccuracy,
      ms: Math.round(performance.now() - started)
    }
    log('built %s: %d labels, test accuracy %s in %d ms', spec.id, entry.labels, testAccuracy.toFixed(3), entry.ms)
    entries.push(entry)
    options.onExpert?.(entry)
    progress(i, 1, `${spec.id}: done`)
  }

  const index: ZooIndex = { format: ZOO_FORMAT, spaceId: embedder.spaceId, seed, builtAt: new Date().toISOString(), experts: entries }
  // zoo.json is written last: its presence means every package and split above is complete.
  await writeAtomic(join(outDir, 'zoo.json'), JSON.stringify(index, null, 2) + '\n')
  return index
}

/**
 * Reads zoo.json and checks that the zoo is complete and in `spaceId`. Returns undefined when the zoo must be
 * (re)built: missing, another format or space, or a package that no longer loads.
 */
export async function readZoo (zooDir: string, spaceId: string): Promise<ZooIndex | undefined> {
  let index: ZooIndex
  try {
    index = JSON.parse(await readFile(join(zooDir, 'zoo.json'), 'utf8')) as ZooIndex
  } catch {
    return undefined
  }
  if (index?.format !== ZOO_FORMAT || index.spaceId !== spaceId || !Array.isArray(index.experts)) return undefined
  try {
    for (const e of index.experts) await loadExpertPackage(join(zooDir, e.dir), { spaceId })
  } catch (err) {
    log('zoo at %s is incomplete, rebuilding: %e', zooDir, err)
    return undefined
  }
  return index
}

/** The folders of the zoo's expert packages, building the zoo first if it is missing or stale. */
export async function ensureZoo (options: BuildZooOptions): Promise<{ index: ZooIndex, dirs: string[], built: boolean }> {
  const existing = await readZoo(options.outDir, options.embedder.spaceId)
  const index = existing ?? await buildZoo(options)
  return { index, dirs: index.experts.map((e) => join(options.outDir, e.dir)), built: existing == null }
}
