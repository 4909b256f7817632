/**
 * Deterministic data preparation for the zoo: deduplication, capped per-label sampling, and the seeded,
 * label-stratified train / calibration / test split every built-in expert and the benchmark share.
 */
import { InvalidOptionError } from '../../errors.js'
import { fnv1a } from '../../text/hash.js'
import { MAX_TEXT_CHARS, normalizeText } from '../../text/normalize.js'
import { SeededRandom } from '../../text/random.js'
import type { LabelledText } from './types.js'

/** Seed of every zoo sampling and split, so two machines build byte-identical experts and benchmarks. */
export const ZOO_SEED = 0x6d6f65 // "moe"

/** Examples kept per domain: enough for a small classifier, small enough to build the zoo in minutes on 2 cores. */
export const MAX_EXAMPLES_PER_DOMAIN = 4000

/** Fewer documents than this in a label and the split ignores `group` for it (one document cannot feed three splits). */
export const MIN_GROUPS_PER_LABEL = 3

/** Fractions of each label's examples that go to each split; they must add up to 1. */
export interface SplitFractions {
  train: number
  calibration: number
  test: number
}

/** The default 70 / 10 / 20 split. */
export const DEFAULT_SPLIT_FRACTIONS: Readonly<SplitFractions> = Object.freeze({ train: 0.7, calibration: 0.1, test: 0.2 })

/** Options of {@link splitLabelled}. */
export interface SplitOptions {
  /**
   * Seed of the shuffle. The same seed and input always give the same split.
   * @default ZOO_SEED
   */
  seed?: number
  /**
   * Share of each label's examples per split.
   * @default { train: 0.7, calibration: 0.1, test: 0.2 }
   */
  fractions?: SplitFractions
  /**
   * Keep examples that share a `group` (a source document) in the same split, for labels with at least
   * {@link MIN_GROUPS_PER_LABEL} groups.
   * @default true
   */
  keepGroupsTogether?: boolean
}

/** The three disjoint parts of a dataset. Each keeps the input's relative order. */
export interface DatasetSplit {
  train: LabelledText[]
  calibration: LabelledText[]
  test: LabelledText[]
}

const SPLIT_NAMES = ['train', 'calibration', 'test'] as const

/** Mixed into the sampling seed so sampling and splitting with one seed draw unrelated streams. */
const SAMPLE_SALT = 0x5a17

/** The text form under which two examples count as duplicates (the form every featurizer sees). */
export function dedupeKey (text: string): string {
  // ASCII is unchanged by NFKC: skip the (slow) normalization for it, with an identical result.
  return NON_ASCII.test(text) ? normalizeText(text) : text.slice(0, MAX_TEXT_CHARS).toLowerCase().replace(/\s+/gu, ' ').trim()
}

const NON_ASCII = /[^\u0000-\u007f]/u

/**
 * Drop repeated texts: the first of identical (normalized) texts is kept; a text that appears under two
 * different labels is dropped entirely, since no classifier can get both right.
 */
export function dedupeLabelled (items: readonly LabelledText[]): LabelledText[] {
  const keys = items.map(item => dedupeKey(item.text))
  const labelOf = new Map<string, string | null>()
  items.forEach((item, i) => {
    const seen = labelOf.get(keys[i])
    if (seen === undefined) labelOf.set(keys[i], item.label)
    else if (seen !== null && seen !== item.label) labelOf.set(keys[i], null)
  })
  const out: LabelledText[] = []
  const emitted = new Set<string>()
  items.forEach((item, i) => {
    const key = keys[i]
    if (key === '' || labelOf.get(key) === null || emitted.has(key)) return
    emitted.add(key)
    out.push(item)
  })
  return out
}

/**
 * Keep at most `maxTotal` examples, sampled per label: labels smaller than their fair share keep everything
 * and the rest of the budget is shared evenly among the larger labels (water-filling), so small classes are
 * not starved and large ones do not drown them. Deterministic for a given seed; keeps the input order.
 */
export function sampleByLabel (items: readonly LabelledText[], maxTotal: number, seed: number = ZOO_SEED): LabelledText[] {
  if (!Number.isInteger(maxTotal) || maxTotal < 1) throw new InvalidOptionError('maxExamples', `must be a positive integer, got ${String(maxTotal)}`)
  if (items.length <= maxTotal) return [...items]
  const byLabel = indicesByLabel(items)
  const labels = [...byLabel.keys()].sort((a, b) => byLabel.get(a)!.length - byLabel.get(b)!.length || (a < b ? -1 : 1))
  const keep = new Set<number>()
  let budget = maxTotal
  labels.forEach((label, i) => {
    const indices = byLabel.get(label)!
    const share = Math.floor(budget / (labels.length - i))
    const take = Math.min(indices.length, share)
    const chosen = take === indices.length ? indices : new SeededRandom(labelSeed(seed ^ SAMPLE_SALT, label)).shuffle([...indices]).slice(0, take)
    for (const index of chosen) keep.add(index)
    budget -= take
  })
  return items.filter((_, index) => keep.has(index))
}

/**
 * Split a labelled dataset into train / calibration / test, stratified by label and deterministic for a
 * given seed. Examples with the same normalized text always land in the same split, and so do examples of
 * the same `group` (unless `keepGroupsTogether` is false or the label has too few groups), so no text and no
 * source document is in two splits. Each label is shuffled with its own seed derived from `seed` and the
 * label, so adding a label does not reshuffle the others.
 */
export function splitLabelled (items: readonly LabelledText[], options: SplitOptions = {}): DatasetSplit {
  const seed = options.seed ?? ZOO_SEED
  const fractions = validateFractions(options.fractions ?? DEFAULT_SPLIT_FRACTIONS)
  const keepGroups = options.keepGroupsTogether ?? true

  // Units: connected components of "same normalized text" and "same group" (union-find).
  const parent = items.map((_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  const union = (a: number, b: number): void => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  const firstWithKey = new Map<string, number>()
  const link = (key: string, i: number): void => {
    const first = firstWithKey.get(key)
    if (first === undefined) firstWithKey.set(key, i)
    else union(first, i)
  }
  const groupedLabels = keepGroups ? labelsWithEnoughGroups(items) : new Set<string>()
  items.forEach((item, i) => {
    link(`t\u0000${dedupeKey(item.text)}`, i)
    if (item.group !== undefined && groupedLabels.has(item.label)) link(`g\u0000${item.label}\u0000${item.group}`, i)
  })

  // A unit is stratified under the label of its first member; members are listed in input order.
  const units = new Map<number, number[]>()
  items.forEach((_, i) => {
    const root = find(i)
    const members = units.get(root)
    if (members === undefined) units.set(root, [i])
    else members.push(i)
  })
  const unitsByLabel = new Map<string, number[][]>()
  for (const [root, members] of units) {
    const label = items[root].label
    const list = unitsByLabel.get(label)
    if (list === undefined) unitsByLabel.set(label, [members])
    else list.push(members)
  }

  const splitOf = new Int8Array(items.length)
  for (const label of [...unitsByLabel.keys()].sort()) {
    const labelUnits = unitsByLabel.get(label)!
    const total = labelUnits.reduce((n, unit) => n + unit.length, 0)
    const targets = SPLIT_NAMES.map(name => fractions[name] * total)
    const filled = [0, 0, 0]
    // Greedy: each unit goes to the split furthest below its target, relatively. With one-example units this
    // hits the fractions to within one example; with document units it keeps every split non-empty when the
    // label has at least three documents.
    for (const unit of new SeededRandom(labelSeed(seed, label)).shuffle(labelUnits)) {
      let best = -1
      let bestDeficit = -Infinity
      for (let s = 0; s < 3; s++) {
        if (targets[s] <= 0) continue
        const deficit = (targets[s] - filled[s]) / targets[s]
        if (deficit > bestDeficit) {
          bestDeficit = deficit
          best = s
        }
      }
      filled[best] += unit.length
      for (const i of unit) splitOf[i] = best
    }
  }

  const out: DatasetSplit = { train: [], calibration: [], test: [] }
  items.forEach((item, i) => { out[SPLIT_NAMES[splitOf[i]]].push(item) })
  return out
}

function validateFractions (fractions: SplitFractions): SplitFractions {
  for (const name of SPLIT_NAMES) {
    const value = fractions[name]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new InvalidOptionError(`fractions.${name}`, `must be a number in [0, 1], got ${String(value)}`)
    }
  }
  if (fractions.train <= 0) throw new InvalidOptionError('fractions.train', 'must be above 0')
  const sum = fractions.train + fractions.calibration + fractions.test
  if (Math.abs(sum - 1) > 1e-9) throw new InvalidOptionError('fractions', `must add up to 1, got ${sum}`)
  return fractions
}

function indicesByLabel (items: readonly LabelledText[]): Map<string, number[]> {
  const byLabel = new Map<string, number[]>()
  items.forEach((item, i) => {
    const list = byLabel.get(item.label)
    if (list === undefined) byLabel.set(item.label, [i])
    else list.push(i)
  })
  return byLabel
}

function labelsWithEnoughGroups (items: readonly LabelledText[]): Set<string> {
  const groups = new Map<string, Set<string>>()
  for (const item of items) {
    if (item.group === undefined) continue
    let set = groups.get(item.label)
    if (set === undefined) groups.set(item.label, set = new Set())
    set.add(item.group)
  }
  return new Set([...groups].filter(([, set]) => set.size >= MIN_GROUPS_PER_LABEL).map(([label]) => label))
}

function labelSeed (seed: number, label: string): number {
  return (fnv1a(label, seed >>> 0) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0
}
