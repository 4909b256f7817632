/**
 * The public background every node has: sentences of the `nlp-corpus` npm package (a dependency of moemesh),
 * sampled deterministically at query-like lengths. Expert owners train their "is this mine" gate against it
 * (issue 7, PHATGOOSE-style gates); the quality benchmark samples the same set.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { InvalidOptionError } from '../errors.js'
import { SeededRandom } from '../text/random.js'
import { BackgroundUnavailableError } from './errors.js'

/** Shortest background sentence kept, in characters: shorter ones are headings and fragments, not queries. */
export const MIN_BACKGROUND_CHARS = 30
/** Longest background sentence kept: queries are a sentence or a short paragraph. */
export const MAX_BACKGROUND_CHARS = 600
/** Background sentences a gate trains against (the research phase trained on 6,000). */
export const DEFAULT_GATE_BACKGROUND = 6000

/** Options of {@link backgroundTexts}. */
export interface BackgroundOptions {
  /** Folder of nlp-corpus's `doc-<i>.json` files. @default the installed nlp-corpus package's `builds/` */
  dir?: string
  /** Shuffle seed. @default 0 */
  seed?: number
}

/** The installed nlp-corpus package's `builds/` folder. */
export function nlpCorpusBuilds (): string {
  let main: string
  try {
    main = createRequire(import.meta.url).resolve('nlp-corpus')
  } catch (err) {
    throw new BackgroundUnavailableError('the nlp-corpus package is not installed; reinstall moemesh (npm install) to train gates', { cause: err })
  }
  // main is <package>/src/server/index.js
  return join(dirname(dirname(dirname(main))), 'builds')
}

/**
 * `count` distinct nlp-corpus sentences of {@link MIN_BACKGROUND_CHARS}..{@link MAX_BACKGROUND_CHARS} characters,
 * the same ones for the same seed (fewer when the corpus holds fewer).
 * @throws {BackgroundUnavailableError} when nlp-corpus is missing or holds no sentence.
 */
export function backgroundTexts (count: number, options: BackgroundOptions = {}): string[] {
  if (!Number.isInteger(count) || count < 1) throw new InvalidOptionError('count', `must be a positive integer, got ${String(count)}`)
  const dir = options.dir ?? nlpCorpusBuilds()
  const all: string[] = []
  for (let i = 0; existsSync(join(dir, `doc-${i}.json`)); i++) {
    const doc = JSON.parse(readFileSync(join(dir, `doc-${i}.json`), 'utf8')) as unknown
    if (!Array.isArray(doc)) continue
    for (const s of doc) {
      if (typeof s === 'string' && s.length >= MIN_BACKGROUND_CHARS && s.length <= MAX_BACKGROUND_CHARS) all.push(s)
    }
  }
  if (all.length === 0) throw new BackgroundUnavailableError(`no background sentences under ${dir}; reinstall nlp-corpus`)
  return new SeededRandom(options.seed ?? 0).shuffle([...new Set(all)]).slice(0, count)
}
