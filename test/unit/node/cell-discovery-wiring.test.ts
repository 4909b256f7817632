import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Codebook } from '../../../src/discovery/codebook.js'
import { checkDiscovery, codebookForSpace, CODEBOOK_DIR } from '../../../src/node/cell-discovery-wiring.js'
import { loadConfig, validateConfig } from '../../../src/node/config.js'
import { wordRows } from '../../../src/embed/word-rows.js'
import { buildTestEmbedder } from '../../helpers/network.js'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'moemesh-cells-wiring-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('discovery option', () => {
  it('defaults to the advert topic, takes cells from the config file, and names the field on a bad value', async () => {
    expect((await loadConfig(dir, {}, {})).discovery).toBe('topic')
    await writeFile(join(dir, 'config.json'), JSON.stringify({ discovery: 'cells' }))
    expect((await loadConfig(dir, {}, {})).discovery).toBe('cells')
    expect(() => validateConfig({ dataDir: dir, discovery: 'gossip' as 'cells' })).toThrow(/^discovery: must be topic or cells, got "gossip"$/)
  })

  it('refuses cells without the DHT in one line', () => {
    expect(checkDiscovery('topic', false)).toBe('topic')
    expect(checkDiscovery('cells', true)).toBe('cells')
    expect(() => checkDiscovery('cells', false)).toThrow(/^discovery: cells discovery looks cells up in the DHT, which is off; turn the DHT on or use --discovery topic$/)
  })
})

describe('codebook of the space', () => {
  it('is derived from the embedder\'s word table, cached in the data dir, and the cache gives the same cells', async () => {
    const model = buildTestEmbedder()
    const { dim, rows } = wordRows(model, 8192)
    expect(dim).toBe(32)
    expect(rows.length).toBe(1000 * 32) // 1,000 words: row 0 (padding) is not a word
    const fractions: number[] = []
    const first = await codebookForSpace(dir, 'ab'.repeat(32), model, { onProgress: (f) => { fractions.push(f) } })
    expect(first.dim).toBe(32)
    // what the start progress bar draws: the derivation's fraction done, to the end
    expect(fractions.at(-1)).toBe(1)
    expect(first.id).toBe(Codebook.derive({ spaceId: 'ab'.repeat(32), dim, sample: rows }).id)
    const cachedFractions: number[] = []
    const again = await codebookForSpace(dir, 'ab'.repeat(32), model, { onProgress: (f) => { cachedFractions.push(f) } })
    expect(again.id).toBe(first.id)
    expect(cachedFractions).toEqual([]) // read from the cache: nothing to draw
    expect(Array.from(again.centers)).toEqual(Array.from(first.centers))
  })

  it('derives again when the cache is damaged', async () => {
    const model = buildTestEmbedder()
    const first = await codebookForSpace(dir, 'cd'.repeat(32), model)
    const file = join(dir, CODEBOOK_DIR, `v${first.version}-${'cd'.repeat(32)}-${first.size}.bin`)
    const bytes = await readFile(file)
    bytes[40] ^= 0xff
    await writeFile(file, bytes)
    expect((await codebookForSpace(dir, 'cd'.repeat(32), model)).id).toBe(first.id)
    expect(Buffer.compare(await readFile(file), bytes)).not.toBe(0)
  })

  it('restores cells only as whole rows', () => {
    expect(() => Codebook.fromCells({ spaceId: 'ab', version: 1, dim: 3, centers: new Float32Array(4) })).toThrow(/^centers: /)
  })
})
