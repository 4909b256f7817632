/**
 * Query texts that a model run featurizes itself: the hashed n-gram inputs of an n-gram graph are computed where
 * the model runs (in the inference worker for a worker backend), so the thread that serves the network never
 * hashes text. Rows of very different widths run in separate groups, so a batch of short texts is never padded to
 * its longest one (padding made batch 64 slower per row than batch 1 for long texts).
 */
import { InvalidFeedsError } from './errors.js'
import { encodeFeatureBatch, featureConfigProblem, featurizePacked, type FeatureConfig, type PackedFeatures } from './ngram-features.js'
import type { Tensor, TensorMap } from './tensor.js'

/** Texts to featurize into two inputs of the model, one row each, after the rows of the other feeds. */
export interface TextFeeds {
  /** One text per row; the other feeds (if any) have as many rows. */
  texts: string[]
  /** How the model hashes text (the expert's `features`). */
  config: FeatureConfig
  /** The model's n-gram ids input (int64 [N, L]). */
  idsInput: string
  /** The model's n-gram weights input (float32 [N, L]). */
  weightsInput: string
}

/** A group's widest row may be this many times its narrowest before the next row starts a new group. */
const MAX_PAD_RATIO = 2
/** Widths up to this are never split off: padding them costs less than another run. */
const MIN_SPLIT_WIDTH = 64

/** Checks a text feed spec (it may come from another thread); throws {@link InvalidFeedsError}. */
export function checkTextFeeds (text: TextFeeds, feeds: TensorMap): void {
  if (text == null || typeof text !== 'object' || !Array.isArray(text.texts) || !text.texts.every((t) => typeof t === 'string')) {
    throw new InvalidFeedsError('text feeds need an array of texts')
  }
  if (text.texts.length === 0) throw new InvalidFeedsError('text feeds need at least one text')
  const problem = featureConfigProblem(text.config)
  if (problem != null) throw new InvalidFeedsError(`text feeds: features.${problem.field} ${problem.message}`)
  if (typeof text.idsInput !== 'string' || typeof text.weightsInput !== 'string' || text.idsInput === text.weightsInput) {
    throw new InvalidFeedsError('text feeds need two distinct input names')
  }
  for (const [name, t] of Object.entries(feeds)) {
    if (name === text.idsInput || name === text.weightsInput) throw new InvalidFeedsError(`input "${name}" is computed from the texts; do not pass it`)
    if (t.dims[0] !== text.texts.length) throw new InvalidFeedsError(`input "${name}" has ${t.dims[0]} rows for ${text.texts.length} texts`)
  }
}

/**
 * Featurizes `text.texts`, runs `run` on the feeds plus the n-gram inputs (in groups of similar width), and
 * returns the outputs with one row per text, in order.
 */
export async function runWithTexts (run: (feeds: TensorMap) => Promise<TensorMap>, feeds: TensorMap, text: TextFeeds): Promise<TensorMap> {
  checkTextFeeds(text, feeds)
  const rows = text.texts.map((t) => featurizePacked(t, text.config))
  const groups = widthGroups(rows)
  if (groups.length === 1) return await run(withNgrams(feeds, rows, text))
  // one group after the other: a backend thread runs one model run at a time anyway
  const parts: TensorMap[] = []
  for (const group of groups) {
    const sub: TensorMap = {}
    for (const [name, t] of Object.entries(feeds)) sub[name] = takeRows(t, group)
    parts.push(await run(withNgrams(sub, group.map((i) => rows[i]), text)))
  }
  return scatterRows(parts, groups, rows.length)
}

function withNgrams (feeds: TensorMap, rows: PackedFeatures[], text: TextFeeds): TensorMap {
  const batch = encodeFeatureBatch(rows)
  return { ...feeds, [text.idsInput]: batch.ids, [text.weightsInput]: batch.weights }
}

/** Row indices grouped by similar feature count (one group when padding wastes little). */
function widthGroups (rows: PackedFeatures[]): number[][] {
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].ids.length - rows[b].ids.length)
  const groups: number[][] = []
  let group: number[] = []
  let narrowest = 0
  for (const i of order) {
    const width = rows[i].ids.length
    if (group.length > 0 && width > MIN_SPLIT_WIDTH && width > MAX_PAD_RATIO * narrowest) {
      groups.push(group)
      group = []
    }
    if (group.length === 0) narrowest = Math.max(1, width)
    group.push(i)
  }
  groups.push(group)
  return groups
}

function rowSize (t: Tensor): number {
  return t.dims.slice(1).reduce((a, b) => a * b, 1)
}

function takeRows (t: Tensor, index: number[]): Tensor {
  const size = rowSize(t)
  const data = t.type === 'float32' ? new Float32Array(index.length * size) : new BigInt64Array(index.length * size)
  index.forEach((r, k) => { (data as Float32Array).set((t.data as Float32Array).subarray(r * size, (r + 1) * size), k * size) })
  return { type: t.type, data, dims: [index.length, ...t.dims.slice(1)] } as Tensor
}

/** Puts each group's output rows back at their texts' places. */
function scatterRows (parts: TensorMap[], groups: number[][], n: number): TensorMap {
  const out: TensorMap = {}
  for (const name of Object.keys(parts[0])) {
    const first = parts[0][name]
    const size = rowSize(first)
    const data = first.type === 'float32' ? new Float32Array(n * size) : new BigInt64Array(n * size)
    parts.forEach((part, g) => {
      const t = part[name]
      if (t == null || t.type !== first.type || t.dims[0] !== groups[g].length || rowSize(t) !== size) {
        throw new InvalidFeedsError(`output "${name}" is not batched along dim 0`)
      }
      groups[g].forEach((r, k) => { (data as Float32Array).set((t.data as Float32Array).subarray(k * size, (k + 1) * size), r * size) })
    })
    out[name] = { type: first.type, data, dims: [n, ...first.dims.slice(1)] } as Tensor
  }
  return out
}
