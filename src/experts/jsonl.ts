/**
 * Labelled training data as JSON Lines: one `{"text": "...", "label": "..."}` object per line. Blank lines are
 * skipped; other keys are ignored; an integer label is read as its decimal string. Every problem names the line.
 */
import { open } from 'node:fs/promises'
import { TrainingDataError } from './errors.js'
import { MAX_LABEL_CHARS } from './manifest.js'

/** One labelled example. */
export interface LabelledExample {
  text: string
  label: string
}

/** Largest training file read (the file is held in memory as one string). */
export const MAX_TRAINING_FILE_BYTES = 256 * 1024 * 1024
/** Longest line (one example) accepted. */
export const MAX_TRAINING_LINE_CHARS = 1024 * 1024

/** Options for {@link readTrainingJsonl}. */
export interface ReadTrainingOptions {
  /** @default MAX_TRAINING_FILE_BYTES */
  maxBytes?: number
  signal?: AbortSignal
}

/** How a JSON value looks to a person reading an error (`missing`, `an array`, `a number`...). */
export function describeJsonValue (value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? 'an empty string' : `a ${typeof value}`
}

/** What one JSON Lines format expects, for {@link parseJsonlObjects}'s error messages. */
export interface JsonlShape {
  /** One line as the user should write it, e.g. `{"text": "..."}`. */
  example: string
  /** Longest line accepted. */
  maxLineChars: number
}

/**
 * Parses JSON Lines of objects: skips blank lines and a BOM, refuses over-long lines, invalid JSON and non-objects
 * naming the line, and hands each object to `visit` with a `fail` that names its line too.
 * @throws {TrainingDataError}
 */
export function parseJsonlObjects (text: string, shape: JsonlShape, file: string | undefined, visit: (record: Record<string, unknown>, fail: (message: string) => never) => void): void {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i]).trim()
    if (line === '') continue
    const fail = (message: string): never => { throw new TrainingDataError(message, { file, line: i + 1 }) }
    if (line.length > shape.maxLineChars) fail(`is ${line.length} characters long, more than the ${shape.maxLineChars} allowed; split or shorten the text`)
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      fail(`is not valid JSON (${(err as Error).message}); each line must be one object like ${shape.example}`)
    }
    if (value == null || typeof value !== 'object' || Array.isArray(value)) {
      fail(`holds ${describeJsonValue(value)}, not an object; each line must be ${shape.example}`)
    }
    visit(value as Record<string, unknown>, fail)
  }
}

/**
 * Parses JSONL text into examples.
 * @param file shown in error messages (`data.jsonl: line 3: ...`).
 * @throws {TrainingDataError} naming the line of the first problem, or saying the input holds no examples.
 */
export function parseTrainingJsonl (text: string, file?: string): LabelledExample[] {
  const examples: LabelledExample[] = []
  parseJsonlObjects(text, { example: '{"text": "...", "label": "..."}', maxLineChars: MAX_TRAINING_LINE_CHARS }, file, (v, fail) => {
    if (typeof v.text !== 'string' || v.text.trim() === '') fail(`"text" is ${describeJsonValue(v.text)}; give each example a non-empty text`)
    let label = v.label
    if (typeof label === 'number' && Number.isSafeInteger(label)) label = String(label)
    if (typeof label !== 'string' || label.trim() === '') fail(`"label" is ${describeJsonValue(v.label)}; give each example a non-empty string label`)
    const l = label as string
    if (l.length > MAX_LABEL_CHARS) fail(`"label" is ${l.length} characters long; shorten it to at most ${MAX_LABEL_CHARS}`)
    examples.push({ text: v.text as string, label: l })
  })
  if (examples.length === 0) throw new TrainingDataError('holds no examples; write one {"text": "...", "label": "..."} object per line', { file })
  return examples
}

/**
 * Reads a whole UTF-8 text file of at most `maxBytes`, with one-line errors for a missing, oversized, empty or
 * non-UTF-8 file. `what` completes "... use/train on a sample" and "write one ... per line" in those errors.
 * @throws {TrainingDataError}
 */
export async function readUtf8File (path: string, maxBytes: number, hints: { tooLarge: string, empty: string }, options: { signal?: AbortSignal } = {}): Promise<string> {
  options.signal?.throwIfAborted()
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new TrainingDataError(code === 'ENOENT' ? 'does not exist; check the --data path' : `cannot be read (${code ?? (err as Error).message})`, { file: path })
  }
  let bytes: Uint8Array
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new TrainingDataError('is not a regular file', { file: path })
    if (info.size > maxBytes) throw new TrainingDataError(`is ${info.size} bytes, more than the ${maxBytes} allowed; ${hints.tooLarge}`, { file: path })
    const buffer = new Uint8Array(info.size + 1)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > maxBytes) throw new TrainingDataError(`grew past the ${maxBytes} bytes allowed while being read`, { file: path })
    bytes = buffer.subarray(0, filled)
  } finally {
    await handle.close()
  }
  if (bytes.length === 0) throw new TrainingDataError(`is empty; ${hints.empty}`, { file: path })
  options.signal?.throwIfAborted()
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new TrainingDataError('is not UTF-8 text; save it as UTF-8', { file: path })
  }
}

/**
 * Reads a training JSONL file.
 *
 * @example
 * ```ts
 * const examples = await readTrainingJsonl('data/spam.jsonl')
 * ```
 * @throws {TrainingDataError} when the file is missing, too large, not UTF-8, empty, or has a bad line.
 */
export async function readTrainingJsonl (path: string, options: ReadTrainingOptions = {}): Promise<LabelledExample[]> {
  const text = await readUtf8File(path, options.maxBytes ?? MAX_TRAINING_FILE_BYTES,
    { tooLarge: 'train on a sample', empty: 'write one {"text": "...", "label": "..."} object per line' }, options)
  return parseTrainingJsonl(text, path)
}
