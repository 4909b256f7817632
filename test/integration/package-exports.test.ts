/**
 * The npm package's surface: what `import 'moemesh'` resolves to, what the tarball ships, and what the entry point
 * exports. The full outside-in check (pack with the build, install the tarball into a fresh folder, import it,
 * start a node, run the bin, type-check a consumer) takes about a minute and is `node scripts/check-package.mjs`.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as moemesh from '../../src/index.js'

const root = join(import.meta.dirname, '..', '..')
const readJson = async (file: string): Promise<any> => JSON.parse(await readFile(join(root, file), 'utf8'))

describe('the moemesh package', () => {
  it('points "exports" at the files the build writes for src/index.ts', async () => {
    const pkg = await readJson('package.json')
    const build = await readJson('tsconfig.build.json')
    const out = `./${join(build.compilerOptions.outDir, relative(build.compilerOptions.rootDir, 'src/index.ts'))}`
    expect(pkg.exports['.']).toEqual({ types: out.replace(/\.ts$/, '.d.ts'), default: out.replace(/\.ts$/, '.js') })
    expect([pkg.main, pkg.types]).toEqual([pkg.exports['.'].default, pkg.exports['.'].types])
    expect(pkg.type).toBe('module')
  })

  it('ships the build, the bin, the protos and the README, and no tests, sources or source maps', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: root, timeout: 60_000 })
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path)
    for (const f of ['package.json', 'README.md', 'bin/moemesh.js', 'proto/moemesh.proto']) expect(files).toContain(f)
    expect(files.filter((f) => /^(test|src|scripts)\//.test(f) || f.endsWith('.map') || f.startsWith('dist/scripts/'))).toEqual([])
  })

  it('exports the daemon factory, the query client and typed errors from one entry point', () => {
    expect(typeof moemesh.startDaemon).toBe('function')
    expect(typeof moemesh.Daemon.start).toBe('function')
    const client = new moemesh.MoemeshClient({ url: 'http://127.0.0.1:7420/' })
    expect(client.url).toBe('http://127.0.0.1:7420')
    for (const method of ['query', 'experts', 'peers', 'status', 'addExpert', 'removeExpert'] as const) expect(typeof client[method]).toBe('function')
    expect(new moemesh.DaemonUnreachableError('http://x', 'refused')).toBeInstanceOf(moemesh.DaemonError)
    expect(new moemesh.DaemonTimeoutError('http://x', 5).name).toBe('DaemonTimeoutError')
    expect(moemesh.validateConfig({ dataDir: 'some-data-dir' }).api).toBe(moemesh.DEFAULT_CONFIG.api)
  })

  it('installs the Promise.withResolvers polyfill before anything loads libp2p', async () => {
    const source = await readFile(join(root, 'src', 'index.ts'), 'utf8')
    const firstImport = source.split('\n').find((line) => /^(import|export) .* from |^import '/.test(line))
    expect(firstImport).toBe("import './polyfill.js'")
  })
})
