/**
 * Experts: the {@link Expert} interface and its backends (ONNX packages run on an inference backend behind a
 * micro-batcher; models already served over HTTP), packages (expert.json + model.onnx or `serving` +
 * capability.bin), training them from labelled text, describing a served model from unlabelled text, and
 * advert cards.
 *
 * @example
 * ```ts
 * import { createInferenceBackend } from './onnx/index.js'
 * import { loadExpertPackage, LocalExpert, readTrainingJsonl, trainExpert } from './experts/index.js'
 *
 * const backend = createInferenceBackend({ mode: 'worker' })
 * const result = await trainExpert({
 *   examples: await readTrainingJsonl('spam.jsonl'),
 *   embedder, // the node's shared embedder: { dim, spaceId, embed(texts) }
 *   outDir: 'experts/spam-filter',
 *   name: 'spam-filter',
 *   backend
 * })
 * console.log(`held-out accuracy ${result.heldOutAccuracy}`)
 *
 * const pkg = await loadExpertPackage('experts/spam-filter', { spaceId: embedder.spaceId, dim: embedder.dim })
 * const expert = await LocalExpert.open(pkg, backend)
 * const [vector] = await embedder.embed(['cheap meds, buy now'])
 * const probabilities = await expert.predict({ text: 'cheap meds, buy now', vector })
 * const card = expert.card() // for the advert
 * await expert.close()
 *
 * // any package, ONNX or HTTP, through the one interface:
 * const served = await openExpert('experts/sentiment', { backend, spaceId: embedder.spaceId, dim: embedder.dim })
 * const answer = await served.predict({ text: 'what a lovely day' }, { signal: AbortSignal.timeout(2_000) })
 * await served.close()
 * await backend.stop()
 * ```
 */
export { MicroBatcher } from './micro-batcher.js'
export type { MicroBatcherInit, MicroBatcherStats } from './micro-batcher.js'
export {
  ExpertClosedError, ExpertEndpointError, ExpertPackageError, ExpertResponseError, ExpertTimeoutError, InvalidExpertQueryError,
  OverloadedError, SpaceMismatchError, TrainingDataError
} from './errors.js'
export type { ExpertResponseProblem } from './errors.js'
export { MAX_QUERY_TEXT_CHARS, checkExpertQuery } from './expert.js'
export type { CompetenceScores, Expert, ExpertKind, ExpertQuery } from './expert.js'
export { conformalP, PRIVATE_K, WORD_FEATURES } from './private-competence.js'
export type { PrivateCompetenceData, PrivateScores } from './private-competence.js'
export { HTTP_INPUT_KINDS, parseServing } from './serving.js'
export type { HttpInputKind, HttpServing } from './serving.js'

export { EXPERT_FORMAT, INPUT_KINDS, MANIFEST_FILE, formatManifest, parseManifest, toExpertName, validateManifest } from './manifest.js'
export type { ExpertManifest, InputKind, ManifestInputKind } from './manifest.js'
export { CAPABILITY_FILE, MAX_CAPABILITY_VECTORS, decodeCapability, encodeCapability } from './capability.js'
export type { CapabilityVectors } from './capability.js'
export { DEFAULT_FEATURES, encodeFeatureBatch, featureConfigProblem, featurize } from './features.js'
export type { FeatureBatch, FeatureConfig, SparseFeatures } from './features.js'
export {
  EMBEDDING_INPUT, MODEL_FILE, NGRAM_IDS_INPUT, NGRAM_WEIGHTS_INPUT, PROBABILITIES_OUTPUT, buildExpertModel
} from './expert-model.js'
export type { ExpertWeights } from './expert-model.js'
export { stratifiedSplit, trainWeights } from './trainer.js'
export type { EpochProgress, TrainingData, TrainOptions, TrainResult } from './trainer.js'
export { sphericalKMeans } from './kmeans.js'
export type { KMeansOptions } from './kmeans.js'
export { expertIdOf, httpExpertIdOf, loadExpertPackage, validateExpertPackage, writeExpertPackage } from './expert-package.js'
export type { ExpertPackage, ExpertPackageContents, HttpExpertPackage, LoadExpertPackageOptions, OnnxExpertPackage } from './expert-package.js'
export { parseTrainingJsonl, readTrainingJsonl } from './jsonl.js'
export type { LabelledExample, ReadTrainingOptions } from './jsonl.js'
export { LocalExpert } from './local-expert.js'
export type { LocalExpertOptions } from './local-expert.js'
export { HttpExpert } from './http-expert.js'
export type { HttpExpertOptions, HttpExpertStats } from './http-expert.js'
export { openExpert, openExpertPackage } from './open-expert.js'
export type { OpenExpertOptions, OpenExpertPackageOptions } from './open-expert.js'
export { checkEndpoint, describeExpert, parseTextJsonl, readTextJsonl } from './describe-expert.js'
export type { DescribeExpertOptions, DescribeExpertResult, DescribePhase, EndpointCheck } from './describe-expert.js'
export { trainExpert } from './train-expert.js'
export type { TextEmbedder, TrainExpertOptions, TrainExpertResult, TrainPhase, TrainProgress } from './train-expert.js'
