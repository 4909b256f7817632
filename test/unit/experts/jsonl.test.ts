import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTrainingJsonl, readTrainingJsonl } from '../../../src/experts/jsonl.js'
import { TrainingDataError } from '../../../src/experts/errors.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'moemesh-jsonl-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

function errorOf (fn: () => unknown): TrainingDataError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(TrainingDataError)
    return err as TrainingDataError
  }
  throw new Error('expected an error')
}

describe('parseTrainingJsonl', () => {
  it('reads examples, skipping blank lines, a BOM and extra keys; integer labels become strings', () => {
    const text = '\uFEFF{"text": "hello", "label": "greet"}\n\n  \n{"text": "bye", "label": 7, "id": 3}\r\n'
    expect(parseTrainingJsonl(text)).toEqual([{ text: 'hello', label: 'greet' }, { text: 'bye', label: '7' }])
  })

  it.each([
    ['{"text": "a", "label": "x"}\n{"text": "b", "label": "y"\n', 2, /line 2: is not valid JSON/],
    ['{"text": "a", "label": "x"}\n\n["a", "x"]\n', 3, /line 3: holds an array, not an object/],
    ['{"text": "a", "label": "x"}\n{"label": "y"}\n', 2, /line 2: "text" is missing/],
    ['{"text": "   ", "label": "y"}\n', 1, /line 1: "text" is an empty string/],
    ['{"text": "a", "label": ""}\n', 1, /line 1: "label" is an empty string/],
    ['{"text": "a", "label": 1.5}\n', 1, /line 1: "label" is a number/],
    [`{"text": "a", "label": "${'x'.repeat(101)}"}\n`, 1, /line 1: "label" is 101 characters long/]
  ])('names the line of a bad example %#', (text, line, message) => {
    const err = errorOf(() => parseTrainingJsonl(text, 'data.jsonl'))
    expect(err.line).toBe(line)
    expect(err.message).toMatch(/^data\.jsonl: line \d+: /)
    expect(err.message).toMatch(message)
    expect(err.code).toBe('TRAINING_DATA_INVALID')
  })

  it('says when there are no examples at all', () => {
    expect(errorOf(() => parseTrainingJsonl('\n\n')).message).toMatch(/holds no examples/)
  })
})

describe('readTrainingJsonl', () => {
  it('reads a file', async () => {
    const file = join(dir, 'ok.jsonl')
    await writeFile(file, '{"text": "a b", "label": "x"}\n{"text": "c", "label": "y"}')
    expect(await readTrainingJsonl(file)).toHaveLength(2)
  })

  it('names the line in a file', async () => {
    const file = join(dir, 'bad.jsonl')
    await writeFile(file, '{"text": "a", "label": "x"}\n{"text": "b", "label": "y"}\n{"text": "c"\n')
    await expect(readTrainingJsonl(file)).rejects.toThrow(`${file}: line 3: is not valid JSON`)
  })

  it('refuses an empty, missing, oversized or non-UTF-8 file', async () => {
    const empty = join(dir, 'empty.jsonl')
    await writeFile(empty, '')
    await expect(readTrainingJsonl(empty)).rejects.toThrow(/is empty/)
    await expect(readTrainingJsonl(join(dir, 'nope.jsonl'))).rejects.toThrow(/does not exist; check the --data path/)
    const big = join(dir, 'big.jsonl')
    await writeFile(big, '{"text": "a", "label": "x"}\n'.repeat(100))
    await expect(readTrainingJsonl(big, { maxBytes: 1000 })).rejects.toThrow(/is 2800 bytes, more than the 1000 allowed/)
    const latin = join(dir, 'latin.jsonl')
    await writeFile(latin, Buffer.from([0x7b, 0xe9, 0x7d]))
    await expect(readTrainingJsonl(latin)).rejects.toThrow(/not UTF-8/)
  })
})
