/**
 * Shared test fixtures for the experts layer: a fast deterministic fake embedder (hashed bag of words, L2
 * normalised) and a synthetic labelled topic corpus.
 */
import { createHash } from 'node:crypto'
import type { TextEmbedder } from '../../../src/experts/train-expert.js'
import type { LabelledExample } from '../../../src/experts/jsonl.js'
import { fnv1a } from '../../../src/text/hash.js'
import { normalizeText, words } from '../../../src/text/normalize.js'
import { SeededRandom } from '../../../src/text/random.js'

/** A deterministic stand-in for the shared embedder: signed hashed bag of words in `dim` dimensions. */
export class FakeEmbedder implements TextEmbedder {
  readonly dim: number
  readonly spaceId: string
  calls = 0

  constructor (dim = 32, name = 'fake-embedder-v1') {
    this.dim = dim
    this.spaceId = createHash('sha256').update(name).digest('hex')
  }

  embedOne (text: string): Float32Array {
    const v = new Float32Array(this.dim)
    for (const w of words(normalizeText(text))) {
      const h = fnv1a(w, 7)
      v[h % this.dim] += (h & 0x80000000) !== 0 ? -1 : 1
    }
    let ss = 0
    for (const x of v) ss += x * x
    if (ss > 0) for (let i = 0; i < v.length; i++) v[i] /= Math.sqrt(ss)
    return v
  }

  async embed (texts: string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    options.signal?.throwIfAborted()
    this.calls++
    return texts.map((t) => this.embedOne(t))
  }
}

/** Topic vocabularies of the synthetic corpus. */
export const TOPICS: Record<string, string[]> = {
  sport: ['goal', 'match', 'team', 'player', 'referee', 'league', 'score', 'coach', 'stadium', 'season', 'striker', 'penalty'],
  cooking: ['oven', 'recipe', 'flour', 'sauce', 'simmer', 'garlic', 'bake', 'butter', 'onion', 'pepper', 'dough', 'skillet'],
  space: ['orbit', 'rocket', 'planet', 'comet', 'galaxy', 'astronaut', 'telescope', 'nebula', 'launch', 'moon', 'crater', 'satellite']
}

const FILLER = ['the', 'a', 'of', 'and', 'with', 'today', 'very', 'some', 'new', 'big', 'old', 'then', 'it', 'was', 'we']

/** `perLabel` examples per topic: 4 topic words among 4 filler words, shuffled; deterministic for a seed. */
export function topicCorpus (perLabel: number, seed = 1): LabelledExample[] {
  const rng = new SeededRandom(seed)
  const out: LabelledExample[] = []
  for (let i = 0; i < perLabel; i++) {
    for (const [label, vocab] of Object.entries(TOPICS)) {
      const ws = [...Array(4)].map(() => vocab[rng.int(vocab.length)]).concat([...Array(4)].map(() => FILLER[rng.int(FILLER.length)]))
      out.push({ text: rng.shuffle(ws).join(' '), label })
    }
  }
  return out
}
