/**
 * expert.json: what an expert is, what it was trained on, what it costs and which embedding space its
 * capability vectors live in. Validated field by field; every problem is one line naming the field and the fix.
 */
import { ExpertPackageError } from './errors.js'
import { featureConfigProblem, type FeatureConfig } from './features.js'
import { MAX_PRICE_CREDITS } from '../constants.js'
import { HTTP_INPUT_KINDS, parseServing, type HttpInputKind, type HttpServing } from './serving.js'
import { MAX_DESCRIPTION_CHARS, MAX_DIM, MAX_GATE_MAGNITUDE, MAX_LABEL_CHARS, MAX_LABELS, MAX_NAME_CHARS, MAX_VERSION_CHARS } from '../net/limits.js'
import { MAX_TEMPERATURE, MIN_TEMPERATURE } from './calibration.js'

/** The format tag of this schema. A new incompatible schema gets a new tag. */
export const EXPERT_FORMAT = 'moemesh-expert/1'
/** Name of the manifest file inside a package folder. */
export const MANIFEST_FILE = 'expert.json'

/** Fewest output classes: a one-class classifier answers nothing. */
export const MIN_LABELS = 2
/** Longest free-text field that stays on disk (trainedOn.source, license). */
export const MAX_SHORT_TEXT_CHARS = 500
// The fields that travel in a card are bounded by the card's wire limits, so a valid package is always advertisable.
export { MAX_DESCRIPTION_CHARS, MAX_DIM, MAX_LABEL_CHARS, MAX_LABELS, MAX_NAME_CHARS, MAX_VERSION_CHARS }

/** What an expert's model reads: the shared query embedding, its own hashed n-grams of the text, or both. */
export type InputKind = 'embedding' | 'ngrams' | 'both'

/** The input kinds, for validation and help texts. */
export const INPUT_KINDS: readonly InputKind[] = ['embedding', 'ngrams', 'both']

/** What expert.json may say an expert reads: an ONNX model's {@link InputKind}, or an HTTP expert's {@link HttpInputKind}. */
export type ManifestInputKind = InputKind | HttpInputKind

/** The parsed, validated contents of expert.json. */
export interface ExpertManifest {
  format: typeof EXPERT_FORMAT
  /** kebab-case, at most 64 characters (`spam-filter`). */
  name: string
  /** Semantic version, `MAJOR.MINOR.PATCH` with an optional `-suffix`. */
  version: string
  task: 'classification'
  /** ONNX: `embedding`, `ngrams` or `both`; served over HTTP: `text` or `both` (text and query embedding). */
  inputKind: ManifestInputKind
  /** Output classes, in the model's output order (2..1000 unique non-empty strings). */
  labels: string[]
  description: string
  trainedOn: {
    /** Where the training data came from, for a person. */
    source: string
    /** How many examples the model was trained on. */
    examples: number
    /** License of the training data. */
    license: string
  }
  /** License of the expert (model and vectors). */
  license: string
  /** Credits per answered query (>= 0). */
  price: number
  /** Hex sha256 (64 lowercase hex characters) of the embedder model the capability vectors live in. */
  spaceId: string
  /** Dimension of that embedding space (and of the `embedding` input, for embedding/both experts). */
  dim: number
  /** How the expert is served: absent for a model.onnx package; an HTTP model server otherwise. */
  serving?: HttpServing
  /** Hashed n-gram settings; required for `ngrams` and `both`, absent for `embedding`. */
  features?: FeatureConfig
  /**
   * The owner's "is this query mine" gate in the shared space (`logit = weights . query + bias`), trained on its
   * own inputs against the public background; advertised (int8-quantised) on the card. Absent: no gate.
   */
  gate?: ManifestGate
  /**
   * Temperature the expert's answer probabilities are scaled by (fitted on held-out data) so that answers of
   * different experts compare. @default 1
   */
  temperature?: number
  /** Hex sha256 of capability.bin, checked at load (packages written before it existed have none). */
  capabilitySha256?: string
  /** Accuracy on examples held out of training, measured by running the exported model. */
  metrics?: {
    heldOutAccuracy: number
    heldOutExamples: number
  }
}

/** An expert's gate as expert.json holds it: float weights, quantised only for the card. */
export interface ManifestGate {
  /** `dim` finite weights, each within ±{@link MAX_GATE_MAGNITUDE}. */
  weights: number[]
  bias: number
  /** The owner's calibrated cut on the logit: few of its own held-out inputs score below it. */
  abstainBelow: number
}

const NAME_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const VERSION_RE = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,32})?$/
const SPACE_RE = /^[0-9a-f]{64}$/
const KEYS = ['format', 'name', 'version', 'task', 'inputKind', 'labels', 'description', 'trainedOn', 'license', 'price', 'spaceId', 'dim', 'serving', 'features', 'gate', 'temperature', 'metrics', 'capabilitySha256']

/** Makes a string a valid expert name (`My Spam Filter!` → `my-spam-filter`); '' when nothing is left. */
export function toExpertName (text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_NAME_CHARS).replace(/-+$/, '')
}

function show (value: unknown): string {
  const s = JSON.stringify(value)
  if (s === undefined) return String(value)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

/**
 * Validates a parsed expert.json value and returns it typed, with the fields in canonical order.
 * @throws {ExpertPackageError} naming the field (`labels`, `features.buckets`, ...) and what to do.
 */
export function validateManifest (value: unknown, file = MANIFEST_FILE): ExpertManifest {
  const fail = (field: string, message: string): never => { throw new ExpertPackageError(message, { file, field }) }
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ExpertPackageError('must hold one JSON object with the expert\'s fields (format, name, labels, ...)', { file })
  }
  const v = value as Record<string, unknown>
  for (const key of Object.keys(v)) {
    if (!KEYS.includes(key)) fail(key, `is not a field of ${EXPERT_FORMAT}; remove it or fix its spelling`)
  }
  const text = (field: string, max: number, allowEmpty = false): string => {
    const s = v[field]
    if (typeof s !== 'string') return fail(field, `must be a string (got ${show(s)})`)
    if (!allowEmpty && s.trim() === '') fail(field, 'must not be empty')
    if (s.length > max) fail(field, `is ${s.length} characters long; shorten it to at most ${max}`)
    return s
  }

  if (v.format !== EXPERT_FORMAT) fail('format', `must be "${EXPERT_FORMAT}" (got ${show(v.format)}); this moemesh reads only that format`)
  const name = text('name', MAX_NAME_CHARS)
  if (!NAME_RE.test(name)) fail('name', `"${name}" is not kebab-case; use lowercase letters, digits and single dashes, e.g. "${toExpertName(name) !== '' ? toExpertName(name) : 'my-expert'}"`)
  const version = text('version', MAX_VERSION_CHARS)
  if (!VERSION_RE.test(version)) fail('version', `"${version}" is not MAJOR.MINOR.PATCH; use e.g. "1.0.0"`)
  if (v.task !== 'classification') fail('task', `must be "classification" (got ${show(v.task)}); it is the only task this version serves`)
  const serving = parseServing(v.serving, fail)
  const kinds: readonly string[] = serving == null ? INPUT_KINDS : HTTP_INPUT_KINDS
  if (typeof v.inputKind !== 'string' || !kinds.includes(v.inputKind)) {
    if (serving != null) fail('inputKind', `must be "text" (the served model gets the query text) or "both" (the text and the query's shared-space embedding) for an expert served over HTTP (got ${show(v.inputKind)})`)
    if (v.inputKind === 'text') fail('inputKind', 'is "text", which only an expert served over HTTP reads; add a "serving" field, or use "embedding", "ngrams" or "both" for model.onnx')
    fail('inputKind', `must be one of ${INPUT_KINDS.map((k) => `"${k}"`).join(', ')} (got ${show(v.inputKind)})`)
  }
  const inputKind = v.inputKind as ManifestInputKind

  if (!Array.isArray(v.labels)) fail('labels', 'must be an array of class names, in the model\'s output order')
  const labels = v.labels as unknown[]
  if (labels.length < MIN_LABELS || labels.length > MAX_LABELS) {
    fail('labels', `holds ${labels.length} labels; a classifier needs ${MIN_LABELS}..${MAX_LABELS}`)
  }
  const seen = new Set<string>()
  labels.forEach((label, i) => {
    if (typeof label !== 'string' || label.trim() === '') fail(`labels[${i}]`, `must be a non-empty string (got ${show(label)})`)
    const s = label as string
    if (s.length > MAX_LABEL_CHARS) fail(`labels[${i}]`, `is ${s.length} characters long; shorten it to at most ${MAX_LABEL_CHARS}`)
    if (seen.has(s)) fail(`labels[${i}]`, `"${s}" appears twice; labels must be unique`)
    seen.add(s)
  })

  const description = text('description', MAX_DESCRIPTION_CHARS, true)

  const t = v.trainedOn
  if (t == null || typeof t !== 'object' || Array.isArray(t)) fail('trainedOn', 'must be an object { source, examples, license }')
  const tr = t as Record<string, unknown>
  for (const key of Object.keys(tr)) {
    if (!['source', 'examples', 'license'].includes(key)) fail(`trainedOn.${key}`, 'is not a known field; remove it (known: source, examples, license)')
  }
  if (typeof tr.source !== 'string' || tr.source.length > MAX_SHORT_TEXT_CHARS) fail('trainedOn.source', `must be a string of at most ${MAX_SHORT_TEXT_CHARS} characters saying where the data came from`)
  if (!Number.isSafeInteger(tr.examples) || (tr.examples as number) < 0) fail('trainedOn.examples', `must be a whole number >= 0 (got ${show(tr.examples)})`)
  if (typeof tr.license !== 'string' || tr.license.length > MAX_SHORT_TEXT_CHARS) fail('trainedOn.license', `must be a string of at most ${MAX_SHORT_TEXT_CHARS} characters (the training data's license)`)

  const license = text('license', MAX_SHORT_TEXT_CHARS)
  if (typeof v.price !== 'number' || !Number.isFinite(v.price) || v.price < 0 || v.price > MAX_PRICE_CREDITS) fail('price', `must be a number from 0 to ${MAX_PRICE_CREDITS} (got ${show(v.price)})`)
  if (typeof v.spaceId !== 'string' || !SPACE_RE.test(v.spaceId)) {
    fail('spaceId', `must be the 64-hex-character sha256 of the embedder model (got ${show(v.spaceId)}); retrain with moemesh expert train`)
  }
  if (!Number.isInteger(v.dim) || (v.dim as number) < 1 || (v.dim as number) > MAX_DIM) fail('dim', `must be an integer in 1..${MAX_DIM} (got ${show(v.dim)})`)

  let features: FeatureConfig | undefined
  if (serving != null) {
    if (v.features !== undefined) fail('features', 'is only used by a model.onnx expert; an expert served over HTTP hashes nothing here, remove it')
  } else if (inputKind === 'embedding') {
    if (v.features !== undefined) fail('features', 'is only used by inputKind "ngrams" or "both"; remove it')
  } else {
    if (v.features === undefined) fail('features', `is required for inputKind "${inputKind}": add { buckets, wordNgrams, charNgrams, seed }`)
    const problem = featureConfigProblem(v.features)
    if (problem != null) fail(problem.field === '' ? 'features' : `features.${problem.field}`, problem.message)
    const f = v.features as FeatureConfig
    features = { buckets: f.buckets, wordNgrams: [f.wordNgrams[0], f.wordNgrams[1]], charNgrams: [f.charNgrams[0], f.charNgrams[1]], seed: f.seed }
  }

  let metrics: ExpertManifest['metrics']
  if (v.metrics !== undefined) {
    const m = v.metrics as Record<string, unknown>
    if (m == null || typeof m !== 'object' || Array.isArray(m)) fail('metrics', 'must be an object { heldOutAccuracy, heldOutExamples } or absent')
    for (const key of Object.keys(m)) {
      if (!['heldOutAccuracy', 'heldOutExamples'].includes(key)) fail(`metrics.${key}`, 'is not a known metric; remove it')
    }
    if (typeof m.heldOutAccuracy !== 'number' || !(m.heldOutAccuracy >= 0 && m.heldOutAccuracy <= 1)) fail('metrics.heldOutAccuracy', `must be a number in 0..1 (got ${show(m.heldOutAccuracy)})`)
    if (!Number.isSafeInteger(m.heldOutExamples) || (m.heldOutExamples as number) < 0) fail('metrics.heldOutExamples', `must be a whole number >= 0 (got ${show(m.heldOutExamples)})`)
    metrics = { heldOutAccuracy: m.heldOutAccuracy as number, heldOutExamples: m.heldOutExamples as number }
  }

  let gate: ManifestGate | undefined
  if (v.gate !== undefined) {
    const g = v.gate as Record<string, unknown>
    if (g == null || typeof g !== 'object' || Array.isArray(g)) fail('gate', 'must be an object { weights, bias, abstainBelow } or absent')
    for (const key of Object.keys(g)) {
      if (!['weights', 'bias', 'abstainBelow'].includes(key)) fail(`gate.${key}`, 'is not a gate field; remove it')
    }
    const dim = v.dim as number
    if (!Array.isArray(g.weights) || g.weights.length !== dim) {
      fail('gate.weights', `must be an array of dim = ${dim} numbers (got ${Array.isArray(g.weights) ? `${g.weights.length} values` : show(g.weights)}); retrain the gate in this space`)
    }
    const weights = g.weights as unknown[]
    for (let j = 0; j < weights.length; j++) {
      const w = weights[j]
      if (typeof w !== 'number' || !Number.isFinite(w) || Math.abs(w) > MAX_GATE_MAGNITUDE) fail(`gate.weights[${j}]`, `must be a finite number within ±${MAX_GATE_MAGNITUDE} (got ${show(w)})`)
    }
    for (const field of ['bias', 'abstainBelow'] as const) {
      const x = g[field]
      if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > MAX_GATE_MAGNITUDE) fail(`gate.${field}`, `must be a finite number within ±${MAX_GATE_MAGNITUDE} (got ${show(x)})`)
    }
    gate = { weights: [...weights as number[]], bias: g.bias as number, abstainBelow: g.abstainBelow as number }
  }
  if (v.temperature !== undefined) {
    const t = v.temperature
    if (typeof t !== 'number' || !(t >= MIN_TEMPERATURE && t <= MAX_TEMPERATURE)) fail('temperature', `must be a number in ${MIN_TEMPERATURE}..${MAX_TEMPERATURE} (got ${show(t)}); 1 leaves the answers as the model gives them`)
  }

  const manifest: ExpertManifest = {
    format: EXPERT_FORMAT,
    name,
    version,
    task: 'classification',
    inputKind,
    labels: labels as string[],
    description,
    trainedOn: { source: tr.source as string, examples: tr.examples as number, license: tr.license as string },
    license,
    price: v.price as number,
    spaceId: v.spaceId as string,
    dim: v.dim as number
  }
  if (serving != null) manifest.serving = serving
  if (features != null) manifest.features = features
  if (gate != null) manifest.gate = gate
  if (v.temperature !== undefined) manifest.temperature = v.temperature as number
  if (metrics != null) manifest.metrics = metrics
  if (v.capabilitySha256 !== undefined) {
    if (typeof v.capabilitySha256 !== 'string' || !SPACE_RE.test(v.capabilitySha256)) fail('capabilitySha256', 'must be the 64-hex-character sha256 of capability.bin, or absent')
    manifest.capabilitySha256 = v.capabilitySha256 as string
  }
  return manifest
}

/** Largest expert.json accepted (labels dominate: 1000 x 100 characters is ~100 KiB). */
export const MAX_MANIFEST_BYTES = 1024 * 1024

/**
 * Parses and validates expert.json text.
 * @throws {ExpertPackageError} when the text is not JSON or a field is wrong.
 */
export function parseManifest (text: string, file = MANIFEST_FILE): ExpertManifest {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new ExpertPackageError(`is not valid JSON (${(err as Error).message}); fix the syntax or re-export the package`, { file, cause: err })
  }
  return validateManifest(value, file)
}

/** Serialises a manifest as the canonical expert.json text (2-space indent, trailing newline). */
export function formatManifest (manifest: ExpertManifest): string {
  return `${JSON.stringify(validateManifest(manifest), null, 2)}\n`
}
