/**
 * The typed-array featurizer must give exactly what the original Map-and-sort featurizer gave (bit-identical
 * ids and float32 weights), so every expert trained before it answers the same. `reference` below is that
 * original implementation, kept verbatim as the oracle.
 */
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_FEATURES, featurize, featurizePacked, MAX_FEATURES_PER_TEXT, type FeatureConfig, type SparseFeatures } from '../../../src/experts/features.js'
import { defaultDataDir } from '../../../src/node/config.js'
import { WORD_FEATURES } from '../../../src/experts/private-competence.js'
import { FNV_PRIME, fnvFeed as feed, fnvFinish as finish, fnvStart } from '../../../src/text/hash.js'
import { normalizeText, words } from '../../../src/text/normalize.js'
import { SeededRandom } from '../../../src/text/random.js'

/** The featurizer as it was before the typed-array rewrite (Maps, tuple arrays, two sorts). */
function reference (text: string, config: FeatureConfig): SparseFeatures {
  const normalized = normalizeText(text)
  if (normalized === '') return { ids: [], weights: [] }
  const { buckets } = config
  const start = fnvStart(config.seed)
  const counts = new Map<number, number>()
  const add = (h: number): void => {
    const id = finish(h) % buckets
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  const [wLo, wHi] = config.wordNgrams
  if (wHi > 0) {
    const toks = words(normalized)
    const base = feed(start, 'w:')
    for (let i = 0; i < toks.length; i++) {
      let h = base
      for (let n = 1; n <= wHi && i + n <= toks.length; n++) {
        if (n > 1) h = feed(h, ' ')
        h = feed(h, toks[i + n - 1])
        if (n >= wLo) add(h)
      }
    }
  }
  const [cLo, cHi] = config.charNgrams
  if (cHi > 0) {
    const padded = ` ${normalized} `
    const base = feed(start, 'c:')
    for (let i = 0; i < padded.length; i++) {
      let h = base
      for (let n = 1; n <= cHi && i + n <= padded.length; n++) {
        h ^= padded.charCodeAt(i + n - 1)
        h = Math.imul(h, FNV_PRIME) >>> 0
        if (n >= cLo) add(h)
      }
    }
  }
  let entries = [...counts.entries()].map(([id, tf]) => [id, 1 + Math.log(tf)] as [number, number])
  if (entries.length > MAX_FEATURES_PER_TEXT) {
    entries.sort((a, b) => b[1] - a[1] || a[0] - b[0])
    entries = entries.slice(0, MAX_FEATURES_PER_TEXT)
  }
  entries.sort((a, b) => a[0] - b[0])
  let ss = 0
  for (const [, w] of entries) ss += w * w
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0
  return { ids: entries.map((e) => e[0]), weights: entries.map((e) => Math.fround(e[1] * inv)) }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz      ABCXYZ0123456789.,;:!?\'’-"()éüßçñ漢字かなабвгдеαβγ🙂\t\n  '

function randomText (rng: SeededRandom, maxLen: number): string {
  const len = Math.floor(rng.next() * maxLen)
  let s = ''
  for (let i = 0; i < len; i++) {
    // mostly words from a small vocabulary (repeats give tf > 1), sometimes raw characters
    if (rng.next() < 0.7) s += ['the', 'cheap', 'meds', 'buy', 'now', "don't", 'state-of-the-art', 'x', 'Zoë', 'ﬁle'][Math.floor(rng.next() * 10)] + ' '
    else s += Array.from(ALPHABET)[Math.floor(rng.next() * Array.from(ALPHABET).length)]
  }
  return s
}

function expectSame (text: string, config: FeatureConfig): void {
  const want = reference(text, config)
  const packed = featurizePacked(text, config)
  expect(Array.from(packed.ids)).toEqual(want.ids)
  // Object.is per value: bit-identical float32 weights (no tolerance)
  const got = Array.from(packed.weights)
  expect(got.length).toBe(want.weights.length)
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want.weights[i])) expect([i, got[i]]).toEqual([i, want.weights[i]])
  expect(featurize(text, config)).toEqual(want)
}

const CONFIGS: FeatureConfig[] = [
  DEFAULT_FEATURES,
  WORD_FEATURES,
  { buckets: 16, wordNgrams: [1, 3], charNgrams: [0, 0], seed: 7 },
  { buckets: 1000, wordNgrams: [0, 0], charNgrams: [1, 8], seed: 0xffffffff },
  { buckets: 4_194_304, wordNgrams: [2, 2], charNgrams: [4, 4], seed: 12345 }
]

describe('featurizePacked', () => {
  it('equals the original featurizer bit for bit on random texts, for several configs', () => {
    const rng = new SeededRandom(11)
    for (const config of CONFIGS) {
      for (let i = 0; i < 80; i++) expectSame(randomText(rng, 400), config)
    }
  })

  it('equals it on edge cases: empty, whitespace, one character, punctuation only, astral characters', () => {
    for (const config of CONFIGS) {
      for (const text of ['', '   \n\t ', 'a', '!!!', '🙂🙂🙂', 'ﬁ', "it's", 'a b', 'x'.repeat(25_000)]) expectSame(text, config)
    }
  })

  it('keeps the same MAX_FEATURES_PER_TEXT features when a long text has more distinct n-grams (ties to the smaller bucket)', () => {
    const rng = new SeededRandom(3)
    let text = ''
    while (text.length < 19_000) text += `${rng.next().toString(36).slice(2)} `
    text += 'repeat repeat repeat repeat '.repeat(50)
    const packed = featurizePacked(text, DEFAULT_FEATURES)
    expect(packed.ids.length).toBe(MAX_FEATURES_PER_TEXT)
    expectSame(text, DEFAULT_FEATURES)
    expectSame(text, { ...DEFAULT_FEATURES, buckets: 4_194_304 })
  })

  it('equals it on every zoo test text (when the zoo is present)', () => {
    const zoo = process.env.MOEMESH_TEST_ZOO ?? join(defaultDataDir(), 'zoo')
    const dir = join(zoo, 'testsets')
    if (!existsSync(dir)) return // the real texts are an extra check; the random ones above always run
    const index = JSON.parse(readFileSync(join(zoo, 'zoo.json'), 'utf8')) as { experts: Array<{ id: string, dir: string }> }
    for (const e of index.experts) {
      const manifest = JSON.parse(readFileSync(join(zoo, e.dir, 'expert.json'), 'utf8')) as { features?: FeatureConfig }
      const lines = readFileSync(join(dir, `${e.id}.jsonl`), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 60)
      for (const line of lines) {
        const text = (JSON.parse(line) as { text: string }).text
        if (manifest.features != null) expectSame(text, manifest.features)
        expectSame(text, WORD_FEATURES)
      }
    }
  })
})
