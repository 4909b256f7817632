/**
 * `moemesh expert describe`: flags validated in one line naming the flag, an HTTP expert package written from
 * unlabelled samples, the endpoint checked once, and `expert inspect` showing the package.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDescribeFlags, registerExpertCommands } from '../../../src/cli/commands/expert.js'
import type { CliContext } from '../../../src/cli/context.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { sendDistribution, startModelServer, type ModelServer } from '../../helpers/model-server.js'
import { FakeEmbedder, topicCorpus } from '../experts/fixtures.js'

let root: string
let server: ModelServer
let samples: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'moemesh-cli-describe-'))
  server = await startModelServer((_req, res) => { sendDistribution(res, [0.1, 0.9]) })
  samples = join(root, 'samples.jsonl')
  await writeFile(samples, topicCorpus(10).map((e) => JSON.stringify({ text: e.text })).join('\n'))
})
afterAll(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

function harness (): { printed: string[], errors: string[], run: (...args: string[]) => Promise<void> } {
  const printed: string[] = []
  const errors: string[] = []
  const ctx: CliContext = {
    print: (t) => { printed.push(t) },
    error: (t) => { errors.push(t) },
    progress: () => ({ update: () => {}, done: () => {} }),
    dataDir: (explicit) => explicit ?? join(root, 'data'),
    getEmbedder: async () => ({ embedder: new FakeEmbedder(16), backend: createInferenceBackend({ mode: 'in-process' }) })
  }
  const run = async (...args: string[]): Promise<void> => {
    const program = new Command('moemesh').exitOverride()
    registerExpertCommands(program, ctx)
    program.commands.forEach((c) => { c.exitOverride(); c.commands.forEach((s) => s.exitOverride()) })
    await program.parseAsync(['node', 'moemesh', ...args])
  }
  return { printed, errors, run }
}

describe('moemesh expert describe', () => {
  it('writes an HTTP expert package from unlabelled samples, checks the endpoint, and inspect shows it', async () => {
    const out = join(root, 'Topic Talk')
    const h = harness()
    await h.run('expert', 'describe', '--data', samples, '--out', out, '--labels', 'no, yes', '--url', server.url, '--centroids', '2', '--price', '0.25')
    expect(h.errors).toEqual([])
    expect(h.printed[0]).toMatch(/^described topic-talk \([0-9a-f]{12}…\) served at http:\/\/127\.0\.0\.1:\d+\/predict$/)
    expect(h.printed[1]).toMatch(/^ {2}2 capability vectors from 30 sample queries in space [0-9a-f]{16}… \(dim 16\)$/)
    expect(h.printed[2]).toBe('  labels: no, yes; the endpoint gets {"text"} and answers {"distribution": [...]}')
    expect(h.printed[3]).toMatch(/^ {2}endpoint check: the first sample → yes 90% in \d+\.\d ms$/)
    expect(h.printed[4]).toBe(`  package: ${out} (host it with: moemesh expert add ${out})`)
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([{ text: topicCorpus(10)[0].text }])
    expect((await readdir(out)).sort()).toEqual(['capability.bin', 'competence.bin', 'expert.json'])

    h.printed.length = 0
    await h.run('expert', 'inspect', out)
    const report = JSON.parse(h.printed.join('\n'))
    expect(report.kind).toBe('http')
    expect(report.model).toBeNull()
    expect(report.manifest).toMatchObject({ name: 'topic-talk', inputKind: 'text', labels: ['no', 'yes'], price: 0.25, serving: { kind: 'http', url: server.url, timeoutMs: 2000, maxConcurrency: 8 } })
    expect(report.capability).toMatchObject({ dim: 16, count: 2 })
  })

  it('still writes the package when the endpoint is down, with a one-line warning; --send-vector asks for the vector', async () => {
    const down = await startModelServer()
    const url = down.url
    await down.close()
    const h = harness()
    const out = join(root, 'later')
    await h.run('expert', 'describe', '--data', samples, '--out', out, '--labels', 'a,b', '--url', url, '--send-vector', '--timeout', '500')
    expect(h.errors).toHaveLength(1)
    expect(h.errors[0]).toMatch(/^warning: the endpoint check failed: expert later could not reach http:\/\/127\.0\.0\.1:\d+\/predict \(ECONNREFUSED\); is its model server running\?$/)
    expect(h.printed[2]).toContain('the endpoint gets {"text", "vector"}')
    expect((await readdir(out)).sort()).toEqual(['capability.bin', 'competence.bin', 'expert.json'])
  })

  it('names the flag of a bad option in one line', () => {
    const ok = { data: 's.jsonl', out: 'o', labels: 'a,b', url: 'http://127.0.0.1:8080/predict' }
    expect(parseDescribeFlags(ok)).toMatchObject({ name: 'o', labels: ['a', 'b'], timeoutMs: 2000, maxConcurrency: 8, sendVector: false, centroids: 8, seed: 42, price: 0 })
    expect(() => parseDescribeFlags({ ...ok, data: undefined })).toThrow(/^--data: give a JSONL file of sample queries/)
    expect(() => parseDescribeFlags({ ...ok, labels: undefined })).toThrow(/^--labels: give the served model's classes in the order its distribution lists them/)
    expect(() => parseDescribeFlags({ ...ok, labels: 'only' })).toThrow(/^--labels: has 1 label; a classifier needs 2 to 1000$/)
    expect(() => parseDescribeFlags({ ...ok, labels: 'a,,b' })).toThrow(/^--labels: "a,,b" has an empty label/)
    expect(() => parseDescribeFlags({ ...ok, labels: 'a,b,a' })).toThrow(/^--labels: "a" appears twice; labels must be unique$/)
    expect(() => parseDescribeFlags({ ...ok, url: undefined })).toThrow(/^--url: give the endpoint the node POSTs queries to/)
    expect(() => parseDescribeFlags({ ...ok, url: '127.0.0.1:8080' })).toThrow(/^--url: (uses 127\.0\.0\.1|"127\.0\.0\.1:8080" is not an absolute URL)/)
    expect(() => parseDescribeFlags({ ...ok, url: 'ws://127.0.0.1/x' })).toThrow(/^--url: uses ws; only http and https endpoints are served$/)
    expect(() => parseDescribeFlags({ ...ok, url: 'http://u:p@127.0.0.1/x' })).toThrow(/^--url: holds a user name or password/)
    expect(() => parseDescribeFlags({ ...ok, timeout: '0' })).toThrow(/^--timeout: must be an integer from 1 to 60000 \(got "0"\)$/)
    expect(() => parseDescribeFlags({ ...ok, maxConcurrency: '1000' })).toThrow(/^--max-concurrency: must be an integer from 1 to 256/)
    expect(() => parseDescribeFlags({ ...ok, name: 'Bad Name' })).toThrow(/^--name: "Bad Name" is not a kebab-case name .* try "bad-name"$/)
  })

  it('reports a bad sample line as one line naming file and line', async () => {
    const bad = join(root, 'bad.jsonl')
    await writeFile(bad, '{"text": "fine"}\n{"label": "no text"}\n')
    const h = harness()
    await expect(h.run('expert', 'describe', '--data', bad, '--out', join(root, 'never'), '--labels', 'a,b', '--url', server.url))
      .rejects.toThrow(/bad\.jsonl: line 2: "text" is missing; give each sample a non-empty text$/)
  })
})
