#!/usr/bin/env node
// Proves the npm package works from outside: `npm pack` (which builds), unpack the tarball into a fresh folder's
// node_modules with only the declared dependencies beside it (linked from ours, offline), then, from that folder,
// import 'moemesh', start a daemon, talk to it with the packaged client, run the bin, and type-check a consumer.
// Usage: node scripts/check-package.mjs [--keep]   (exit 0: every check passed)
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const keep = process.argv.includes('--keep')
const tmp = mkdtempSync(join(tmpdir(), 'moemesh-package-'))
const app = join(tmp, 'app')
const started = performance.now()
const step = (what) => { console.log(`${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${what}`) }
const fail = (what) => { throw new Error(`package check failed: ${what}`) }
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 })

try {
  // 1. pack (npm runs `prepare`, the build, first)
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], root))
  const files = packed.files.map((f) => f.path)
  step(`packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB (${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked)`)
  for (const need of ['package.json', 'README.md', 'bin/moemesh.js', 'proto/moemesh.proto', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/gen/moemesh.js', 'dist/src/gen/moemesh.d.ts', 'dist/src/cli/main.js', 'dist/src/polyfill.js']) {
    if (!files.includes(need)) fail(`${need} is not in the tarball`)
  }
  const stray = files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('scripts/') || f.endsWith('.map') || f.startsWith('dist/test/'))
  if (stray.length > 0) fail(`the tarball ships ${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ', …' : ''}`)
  if (packed.size > 2 * 1024 * 1024) fail(`the tarball is ${packed.size} bytes, over 2 MiB`)

  // 2. install it offline: unpack, and link only the declared dependencies
  const pkgDir = join(app, 'node_modules', 'moemesh')
  mkdirSync(pkgDir, { recursive: true })
  run('tar', ['-xzf', join(tmp, packed.filename), '-C', pkgDir, '--strip-components=1'], tmp)
  const ours = realpathSync(join(root, 'node_modules'))
  const deps = Object.keys(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {})
  for (const dep of deps) {
    const to = join(app, 'node_modules', dep)
    mkdirSync(dirname(to), { recursive: true })
    symlinkSync(join(ours, dep), to, 'dir')
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  step(`installed into ${app} with its ${deps.length} dependencies linked`)

  // 3. use it as a library: start a node, ask it over HTTP with the packaged client, stop it
  writeFileSync(join(app, 'use.mjs'), `
import * as m from 'moemesh'
import { buildEmbedderModel } from './node_modules/moemesh/dist/src/embed/embedder-model.js'
import { defaultSettings } from './node_modules/moemesh/dist/src/embed/tokenizer.js'
const need = ['startDaemon', 'Daemon', 'MoemeshClient', 'validateConfig', 'DaemonUnreachableError', 'NoMatchingExpertError', 'InvalidOptionError']
for (const name of need) if (m[name] == null) throw new Error('moemesh exports no ' + name)
if (typeof m.Daemon.start !== 'function') throw new Error('Daemon.start is missing')
// a tiny embedder (random word vectors) so the node starts in a second
const words = Array.from({ length: 1000 }, (_, i) => 'word' + i)
const vectors = Float32Array.from({ length: words.length * 16 }, (_, i) => Math.sin(i * 12.9898) % 1)
const embedderModel = buildEmbedderModel({ source: 'check@1', sourceSize: words.length, words, dim: 16, vectors }, defaultSettings('check@1', words.length, 16, { vocabSize: words.length, removedComponents: 0 }))
const daemon = await m.startDaemon({ dataDir: process.argv[2], listen: ['/ip4/127.0.0.1/tcp/0'], api: '127.0.0.1:0', mdns: false, zoo: false, dht: false, backendMode: 'in-process', embedderModel })
try {
  const client = new m.MoemeshClient({ url: 'http://' + daemon.apiAddress })
  const status = await client.status({ signal: AbortSignal.timeout(5000) })
  if (status.peerId !== daemon.peerId || status.cardsKnown !== 0) throw new Error('unexpected status ' + JSON.stringify(status))
  const err = await client.query('word1 word2').catch((e) => e)
  if (!(err instanceof m.DaemonRequestError) || err.code !== 'NO_MATCHING_EXPERT') throw new Error('expected NO_MATCHING_EXPERT, got ' + err)
  const local = await daemon.query({ text: 'word1' }).catch((e) => e)
  if (!(local instanceof m.NoMatchingExpertError)) throw new Error('expected NoMatchingExpertError, got ' + local)
  console.log('library ok: ' + daemon.peerId + ' on ' + daemon.apiAddress)
} finally {
  await daemon.stop()
}
const gone = await new m.MoemeshClient({ url: 'http://127.0.0.1:9' }).peers({ timeoutMs: 5000 }).catch((e) => e)
if (!(gone instanceof m.DaemonUnreachableError)) throw new Error('expected DaemonUnreachableError, got ' + gone)
`)
  process.stdout.write(run(process.execPath, ['use.mjs', join(tmp, 'node-data')], app))
  step('imported moemesh, started a daemon, queried it with the client, stopped it')

  // 4. the CLI from the package
  const version = run(process.execPath, [join(pkgDir, 'bin', 'moemesh.js'), '--version'], app).trim()
  if (version !== JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version) fail(`bin/moemesh.js --version printed "${version}"`)
  step(`bin/moemesh.js --version: ${version}`)

  // 5. the types: a consumer type-checks against the packaged .d.ts (the @ts-expect-error lines fail if they were any)
  writeFileSync(join(app, 'consumer.ts'), `
import { MoemeshClient, startDaemon, type DaemonStatus, type RoutedAnswer } from 'moemesh'
export async function use (): Promise<number> {
  const client = new MoemeshClient({ url: 'http://127.0.0.1:7420', timeoutMs: 1000 })
  const status: DaemonStatus = await client.status({ signal: AbortSignal.timeout(1000) })
  // @ts-expect-error the library type is camelCase
  void status.cards_known
  const answer: RoutedAnswer = await client.query('hello', { k: 2, strategy: 'vote' })
  // @ts-expect-error not a strategy
  await client.query('hello', { strategy: 'best' })
  const daemon = await startDaemon({ mdns: false })
  await daemon.stop()
  return status.cardsKnown + answer.confidence + status.queryServer.badFrames
}
`)
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2024', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['consumer.ts'] }))
  symlinkSync(join(ours, '@types'), join(app, 'node_modules', '@types'), 'dir')
  run(process.execPath, [join(ours, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app)
  step('a TypeScript consumer type-checks against the packaged declarations')
  console.log('package check passed')
} catch (err) {
  console.error(err.stdout ?? '', err.stderr ?? '')
  console.error(err.message)
  process.exitCode = 1
} finally {
  if (keep) console.log(`kept ${tmp}`)
  else rmSync(tmp, { recursive: true, force: true })
}
