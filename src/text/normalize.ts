/** Largest text we tokenize; longer input is truncated (queries, training lines and gossip are bounded). */
export const MAX_TEXT_CHARS = 20_000

/**
 * Canonical form of a text for every featurizer: Unicode NFKC, lower case, whitespace collapsed, truncated
 * to {@link MAX_TEXT_CHARS}. Two nodes must agree on this byte for byte, so it never depends on the locale.
 */
export function normalizeText (text: string): string {
  return text.slice(0, MAX_TEXT_CHARS).normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{M}\p{N}]/gu

/**
 * The word-token pattern of {@link words} (global, sticky state in `lastIndex`): for scanners that want token
 * spans without a string per token. Set `lastIndex = 0` before a scan; scans must not interleave.
 */
export const WORD_PATTERN: RegExp = WORD

/**
 * Split normalized text into word tokens (letters/digits with an optional apostrophe suffix, as GloVe's
 * tokenizer keeps "n't"-style pieces attached) and single punctuation marks.
 */
export function words (normalized: string): string[] {
  return normalized.match(WORD) ?? []
}
