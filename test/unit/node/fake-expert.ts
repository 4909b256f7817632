/**
 * A scripted {@link Expert} for node-layer tests: answers with a fixed distribution or throws a given error,
 * and records what it was asked.
 */
import type { CardData } from '../../../src/net/advert-types.js'
import type { CompetenceScores, Expert, ExpertKind, ExpertQuery } from '../../../src/experts/expert.js'
import { EXPERT_FORMAT, type ExpertManifest } from '../../../src/experts/manifest.js'

export const SPACE = 'cd'.repeat(32)
export const DIM = 4

/** Options of {@link FakeExpert}. */
export interface FakeExpertInit {
  id: string
  name?: string
  needsVector?: boolean
  price?: number
  kind?: ExpertKind
  /** What predict returns (default [0.5, 0.5]); an Error to throw instead. */
  answer?: Float32Array | Error
  /** What competence returns (default undefined: no competence data; a number n is `{ shared: n }`); an Error to throw instead. */
  competence?: number | CompetenceScores | Error
}

/** An expert that runs no model. */
export class FakeExpert implements Expert {
  readonly expertId: string
  readonly kind: ExpertKind
  readonly manifest: ExpertManifest
  readonly needsVector: boolean
  readonly price: number
  answer: Float32Array | Error
  competenceAnswer: CompetenceScores | Error | undefined
  readonly competenceAsked: Array<{ query: ExpertQuery, signal?: AbortSignal }> = []
  readonly asked: Array<{ query: ExpertQuery, signal?: AbortSignal }> = []
  closed = 0

  constructor (init: FakeExpertInit) {
    this.expertId = init.id
    this.kind = init.kind ?? 'http'
    this.needsVector = init.needsVector ?? false
    this.price = init.price ?? 0
    this.answer = init.answer ?? Float32Array.from([0.5, 0.5])
    this.competenceAnswer = typeof init.competence === 'number' ? { shared: init.competence } : init.competence
    this.manifest = {
      format: EXPERT_FORMAT,
      name: init.name ?? `fake-${init.id.slice(0, 6)}`,
      version: '1.0.0',
      task: 'classification',
      inputKind: this.needsVector ? 'both' : 'text',
      labels: ['a', 'b'],
      description: '',
      trainedOn: { source: 'test', examples: 0, license: 'unspecified' },
      license: 'unspecified',
      price: this.price,
      spaceId: SPACE,
      dim: DIM
    }
  }

  load (): number { return 0 }

  card (): CardData {
    return {
      expertId: this.expertId,
      name: this.manifest.name,
      version: '1.0.0',
      task: 'classification',
      description: '',
      labels: ['a', 'b'],
      spaceId: SPACE,
      centroids: [Float32Array.from([1, 0, 0, 0])],
      dim: DIM,
      price: this.price,
      load: 0,
      inputKind: this.needsVector ? 'both' : 'ngrams',
      accuracy: 0
    }
  }

  async predict (query: ExpertQuery, options: { signal?: AbortSignal } = {}): Promise<Float32Array> {
    this.asked.push({ query, signal: options.signal })
    if (this.answer instanceof Error) throw this.answer
    return this.answer
  }

  async competence (query: ExpertQuery, options: { signal?: AbortSignal } = {}): Promise<CompetenceScores | undefined> {
    this.competenceAsked.push({ query, signal: options.signal })
    if (this.competenceAnswer instanceof Error) throw this.competenceAnswer
    return this.competenceAnswer
  }

  async close (): Promise<void> {
    this.closed++
  }
}

/** A 64-hex expert id from a short tag. */
export function idOf (tag: string): string {
  return Buffer.from(tag.padEnd(32, '.')).toString('hex').slice(0, 64)
}
