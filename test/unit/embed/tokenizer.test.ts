import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/errors.js'
import { EmbedderModelError } from '../../../src/embed/errors.js'
import { EmbedderTokenizer, defaultSettings, sifWeights, validateSettings } from '../../../src/embed/tokenizer.js'
import { inspectModel } from '../../../src/onnx/onnx-writer.js'
import { buildEmbedderModel } from '../../../src/embed/embedder-model.js'
import { syntheticVectors } from './fixtures.js'

const source = syntheticVectors({ words: 1200, dim: 8 })
const settings = defaultSettings(source.source, source.sourceSize, source.dim, { vocabSize: 1200, triBuckets: 512, triDim: 8 })
const tok = new EmbedderTokenizer(source.words, settings)

function row (batch: ReturnType<EmbedderTokenizer['encode']>, n: number): { words: Array<[number, number]>, tris: Array<[number, number]> } {
  const words: Array<[number, number]> = []
  const tris: Array<[number, number]> = []
  for (let l = 0; l < batch.L; l++) words.push([Number(batch.wordIds[n * batch.L + l]), batch.wordWeights[n * batch.L + l]])
  for (let m = 0; m < batch.M; m++) tris.push([Number(batch.triIds[n * batch.M + m]), batch.triWeights[n * batch.M + m]])
  return { words, tris }
}

describe('EmbedderTokenizer.tokens', () => {
  it('normalises case and splits punctuation', () => {
    expect(tok.tokens('The  CAT, sat.')).toEqual(['the', 'cat', ',', 'sat', '.'])
  })

  it('joins a hyphenated compound the vocabulary knows and splits one it does not', () => {
    expect(tok.tokens('send an e-mail now')).toEqual(['send', 'an', 'e-mail', 'now'])
    expect(tok.tokens('a state-of-the-art cat')).toEqual(['a', 'state-of-the-art', 'cat'])
    expect(tok.tokens('a cat-dog')).toEqual(['a', 'cat', '-', 'dog'])
    // a hyphen with spaces around it is punctuation, not a compound
    expect(tok.tokens('e - mail')).toEqual(['e', '-', 'mail'])
  })

  it('splits clitics the way GloVe was tokenised', () => {
    expect(tok.tokens("don't")).toEqual(['do', 'not'])
    expect(tok.tokens('it’s the cat’s')).toEqual(['it', 'the', 'cat'])
    expect(tok.tokens("l'homme")).toEqual(['l', 'homme'])
  })
})

describe('EmbedderTokenizer.encode', () => {
  it('pads every row to the longest text with id 0 and weight 0, and at least one slot', () => {
    const batch = tok.encode(['the cat sat on the mat', '', 'cat'])
    expect(batch.count).toBe(3)
    expect(batch.wordIds.length).toBe(3 * batch.L)
    expect(batch.triIds.length).toBe(3 * batch.M)
    const empty = row(batch, 1)
    expect(empty.words.every(([id, w]) => id === 0 && w === 0)).toBe(true)
    expect(empty.tris.every(([id, w]) => id === 0 && w === 0)).toBe(true)
    const none = tok.encode([''])
    expect(none.L).toBe(1)
    expect(none.M).toBe(1)
  })

  it('merges repeated words and trigrams into one slot with summed weight', () => {
    const once = row(tok.encode(['cat']), 0)
    const thrice = row(tok.encode(['cat cat cat']), 0)
    expect(thrice.words.filter(([id]) => id !== 0)).toHaveLength(1)
    expect(thrice.tris.filter(([id]) => id !== 0)).toHaveLength(once.tris.filter(([id]) => id !== 0).length)
    for (let m = 0; m < once.tris.length; m++) expect(thrice.tris[m][1]).toBeCloseTo(3 * once.tris[m][1], 6)
  })

  it('word weights add up to the share of the text the vocabulary knows', () => {
    const known = row(tok.encode(['the cat sat']), 0).words.reduce((a, [, w]) => a + w, 0)
    expect(known).toBeCloseTo(1, 6)
    const half = row(tok.encode(['cat zzzqqq']), 0).words.reduce((a, [, w]) => a + w, 0)
    const wCat = tok.weightOf('cat')
    expect(half).toBeCloseTo(wCat / (wCat + 1), 6)
    const foreign = tok.encode(['zzzqqq xxyyzz'])
    expect(row(foreign, 0).words.every(([id]) => id === 0)).toBe(true)
    expect(row(foreign, 0).tris.some(([id]) => id !== 0)).toBe(true)
  })

  it('down-weights frequent words (SIF) and gives unknown words weight 1', () => {
    expect(tok.weightOf('the')).toBeLessThan(tok.weightOf('cat'))
    expect(tok.weightOf('neverseenbefore')).toBe(1)
  })

  it('caps distinct words and trigrams per text', () => {
    const small = new EmbedderTokenizer(source.words, { ...settings, maxWords: 3, maxTrigrams: 5 })
    const batch = small.encode([source.words.slice(100, 140).join(' ')])
    expect(batch.L).toBe(3)
    expect(batch.M).toBe(5)
    // the words that got a slot still say "all of this text is known"
    expect(row(batch, 0).words.reduce((a, [, w]) => a + w, 0)).toBeCloseTo(1, 6)
  })

  it('gives every row id a place in the tables', () => {
    const batch = tok.encode(['the quick brown fox', 'ünïcödé 日本語のテキスト', '!!! ??? 12345'])
    for (const id of batch.wordIds) expect(Number(id)).toBeLessThanOrEqual(settings.vocabSize)
    for (const id of batch.triIds) expect(Number(id)).toBeLessThanOrEqual(settings.triBuckets)
  })
})

describe('settings and metadata', () => {
  it('restores from model metadata and encodes identically', () => {
    const bytes = buildEmbedderModel(source, settings)
    const restored = EmbedderTokenizer.fromMetadata(inspectModel(bytes).metadata)
    expect(restored.settings).toEqual(tok.settings)
    const texts = ['The cat sat on the mat.', "don't e-mail me", 'Alle Menschen sind frei', '', '🙂 emoji and 中文']
    expect(restored.encode(texts)).toEqual(tok.encode(texts))
  })

  it('rejects metadata that is not an embedder', () => {
    expect(() => EmbedderTokenizer.fromMetadata({})).toThrow(EmbedderModelError)
    const meta = tok.toMetadata()
    expect(() => EmbedderTokenizer.fromMetadata({ ...meta, 'moemesh.embedder.vocab': '{"a":1}' })).toThrow(EmbedderModelError)
    expect(() => EmbedderTokenizer.fromMetadata({ ...meta, 'moemesh.embedder.settings': 'not json' })).toThrow(EmbedderModelError)
    expect(() => EmbedderTokenizer.fromMetadata({ ...meta, 'moemesh.embedder.vocab': JSON.stringify(['a', 'b']) })).toThrow(EmbedderModelError)
  })

  it('names the bad field of invalid settings', () => {
    expect(() => validateSettings({ ...settings, sifA: -1 })).toThrow(InvalidOptionError)
    expect(() => validateSettings({ ...settings, sifA: -1 })).toThrow(/settings\.sifA/)
    expect(() => validateSettings({ ...settings, version: 99 })).toThrow(/settings\.version/)
    expect(() => validateSettings({ ...settings, triBuckets: 1.5 })).toThrow(/settings\.triBuckets/)
    expect(() => validateSettings({ ...settings, alpha: 0, beta: 0 })).toThrow(/alpha/)
    expect(() => validateSettings(null)).toThrow(InvalidOptionError)
  })

  it('computes SIF weights from Zipf ranks, increasing with rank', () => {
    const w = sifWeights({ sourceSize: 341_479, vocabSize: 1000, sifA: 3e-3 })
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeGreaterThan(w[i - 1])
    expect(w[0]).toBeGreaterThan(0.03)
    expect(w[0]).toBeLessThan(0.05)
    expect(w[999]).toBeGreaterThan(0.95)
  })
})
