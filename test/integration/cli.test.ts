/**
 * The CLI as a user runs it: its stdout, stderr and exit code, against a real daemon. Commands run in-process
 * through `main()` with captured output; one test spawns the real entry point to prove the wiring around it.
 */
import { execFile } from 'node:child_process'
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestEmbedder, startTestNode, stopTestNodes, tempDir, topicText, trainTopicExperts, type TestNode, type Topic } from '../helpers/network.js'
import { runCli as cli } from '../helpers/cli.js'
import { main } from '../../src/cli/main.js'
import { SeededRandom } from '../../src/text/random.js'

const run = promisify(execFile)
const ENTRY = join(import.meta.dirname, '..', 'helpers', 'cli-entry.ts')

/** Run the CLI as a separate process, as `bin/moemesh.js` does (from source, through tsx). */
async function spawnCli (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ENTRY, ...args], { env: { ...process.env, MOEMESH_HOME: home }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let home: string
let artefacts: string
let experts: Record<Topic, string>
let node: TestNode

beforeAll(async () => {
  home = await tempDir('cli-home')
  vi.stubEnv('MOEMESH_HOME', home)
  artefacts = await tempDir('cli-experts')
  const embedderModel = buildTestEmbedder()
  experts = await trainTopicExperts(artefacts, embedderModel, ['animal', 'finance'])
  node = await startTestNode({ name: 'cli', embedderModel, experts: [experts.animal] })
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await stopTestNodes([node])
  await rm(home, { recursive: true, force: true })
  await rm(artefacts, { recursive: true, force: true })
})

describe('moemesh CLI', () => {
  it('runs as its own process: output on stdout and stderr, and the exit code', async () => {
    const [version, usage] = await Promise.all([spawnCli('--version'), spawnCli('query', 'x', '--k', '0')])
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' })
    expect(usage.code).toBe(2)
    expect(usage.stdout).toBe('')
    expect(usage.stderr).toMatch(/--k must be an integer from 1 to 16/)
  })

  it('has --help on every command', async () => {
    const top = await cli('--help')
    expect(top.code).toBe(0)
    for (const c of ['init', 'start', 'id', 'peers', 'experts', 'query', 'expert', 'zoo']) expect(top.stdout).toContain(c)
    const start = await cli('start', '--help')
    expect(start.stdout).toMatch(/--bootstrap <multiaddr>/)
    expect(start.stdout).toMatch(/--no-mdns/)
    const add = await cli('expert', 'add', '--help')
    expect(add.stdout).toMatch(/expert package folder/)
    for (const path of [['init'], ['id'], ['peers'], ['experts'], ['query'], ['expert'], ['expert', 'train'], ['expert', 'inspect'], ['expert', 'remove'], ['zoo'], ['zoo', 'list'], ['zoo', 'build']]) {
      const help = await cli(...path, '--help')
      expect(help.code, path.join(' ')).toBe(0)
      expect(help.stdout, path.join(' ')).toMatch(new RegExp(`^Usage: moemesh ${path.join(' ')} `))
      expect(help.stderr).toBe('')
    }
  })

  it('init creates the data dir, config and a private identity key; id prints the same peer id', async () => {
    const init = await cli('init')
    expect(init.code).toBe(0)
    const peerId = /peer id\s+(\S+)/.exec(init.stdout)?.[1]
    expect(peerId).toMatch(/^12D3KooW/)
    expect(JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).api).toBe('127.0.0.1:7420')
    expect((await stat(join(home, 'identity.key'))).mode & 0o777).toBe(0o600)
    const id = await cli('id', '--api', '127.0.0.1:1')
    expect(id.stdout.trim().split('\n')[0]).toBe(peerId)
  })

  it('gives one clear line and a non-zero exit for bad input', async () => {
    const noText = await cli('query')
    expect(noText.code).toBe(2)
    expect(noText.stderr).toMatch(/missing required argument 'text'/)
    const badBoot = await cli('start', '--bootstrap', '/ip4/1.2.3.4/tcp/1')
    expect(badBoot.code).toBe(1)
    expect(badBoot.stderr.trim()).toMatch(/^moemesh: bootstrap: .*has no \/p2p\/<peer-id>/)
    const badK = await cli('query', 'x', '--k', '0')
    expect(badK.code).toBe(2)
    expect(badK.stderr).toMatch(/--k must be an integer from 1 to 16/)
    const noDaemon = await cli('query', 'hello', '--api', '127.0.0.1:1')
    expect(noDaemon.code).toBe(1)
    expect(noDaemon.stderr).toMatch(/no moemesh daemon answers at http:\/\/127\.0\.0\.1:1/)
    const blank = await cli('query', '   ')
    expect(blank.code).toBe(2)
    expect(blank.stderr).toMatch(/the query text is empty/)
    for (const r of [noText, badBoot, badK, noDaemon, blank]) expect(r.stdout).toBe('')
  })

  it('stops a start interrupted by Ctrl-C and exits 130', async () => {
    const dataDir = await tempDir('cli-interrupted')
    try {
      let stderr = ''
      const code = await main(['node', 'moemesh', '--data-dir', dataDir, 'start', '--no-zoo', '--no-mdns'], {
        stdout: { write: () => {} },
        // Ctrl-C as soon as the start is announced (the CLI is listening for it by then)
        stderr: { write: (text: string) => { stderr += text; if (text.startsWith('starting moemesh node')) process.emit('SIGINT', 'SIGINT') } }
      })
      expect(code).toBe(130)
      expect(stderr).toMatch(/^interrupted during start: stopped$/m)
      expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('queries a running daemon and manages its experts', async () => {
    const api = node.daemon.apiAddress
    const rng = new SeededRandom(3)
    const q = await cli('query', topicText('animal', 'low', rng), '--k', '1', '--api', api)
    expect(q.code).toBe(0)
    expect(q.stdout.split('\n')[0]).toMatch(/^animal-low\s+\(\d+\.\d% confidence/)
    expect(q.stdout).toContain('animal-expert')

    const add = await cli('expert', 'add', experts.finance, '--api', api)
    expect(add.stdout).toMatch(/hosting finance-expert/)
    const list = await cli('experts', '--json', '--api', api)
    expect((JSON.parse(list.stdout) as { experts: Array<{ name: string }> }).experts.map((e) => e.name).sort()).toEqual(['animal-expert', 'finance-expert'])
    const json = await cli('query', topicText('finance', 'high', rng), '--k', '1', '--json', '--api', api)
    expect((JSON.parse(json.stdout) as { label: string }).label).toBe('finance-high')

    const remove = await cli('expert', 'remove', 'finance-expert', '--api', api)
    expect(remove.stdout).toMatch(/removed finance-expert/)
    const again = await cli('expert', 'remove', 'finance-expert', '--api', api)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/hosts no expert "finance-expert"/)
  })
})
