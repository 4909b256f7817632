import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTrainFlags, registerExpertCommands } from '../../../src/cli/commands/expert.js'
import type { CliContext } from '../../../src/cli/context.js'
import { createInferenceBackend } from '../../../src/onnx/worker-backend.js'
import { FakeEmbedder, topicCorpus } from '../experts/fixtures.js'
import { runCli } from '../../helpers/cli.js'

/** Only passed through to the fake context; nothing is written there. */
const FAKE_DATA_DIR = join(tmpdir(), 'moemesh-fake-data-dir')

let root: string
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'moemesh-cli-expert-')) })
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

function harness (): { ctx: CliContext, printed: string[], stages: Set<string>, dataDirs: string[], run: (...args: string[]) => Promise<void> } {
  const printed: string[] = []
  const stages = new Set<string>()
  const dataDirs: string[] = []
  const embedder = new FakeEmbedder(32)
  const ctx: CliContext = {
    print: (t) => { printed.push(t) },
    error: (t) => { printed.push(`error: ${t}`) },
    progress: () => ({ update: (_f, stage) => { stages.add(stage) }, done: () => {} }),
    dataDir: (explicit) => explicit ?? '/default-data-dir',
    getEmbedder: async (dataDir) => {
      dataDirs.push(dataDir)
      return { embedder, backend: createInferenceBackend({ mode: 'in-process' }) }
    }
  }
  const run = async (...args: string[]): Promise<void> => {
    const program = new Command('moemesh').exitOverride()
    registerExpertCommands(program, ctx)
    program.commands.forEach((c) => { c.exitOverride(); c.commands.forEach((s) => s.exitOverride()) })
    await program.parseAsync(['node', 'moemesh', ...args])
  }
  return { ctx, printed, stages, dataDirs, run }
}

describe('moemesh expert train / inspect', () => {
  it('trains a package from JSONL, prints held-out accuracy, and inspect summarises it as JSON', async () => {
    const data = join(root, 'topics.jsonl')
    await writeFile(data, topicCorpus(30).map((e) => JSON.stringify(e)).join('\n'))
    const out = join(root, 'My Topics')
    const h = harness()
    await h.run('expert', 'train', '--data', data, '--out', out, '--centroids', '3', '--price', '0.5', '--data-dir', FAKE_DATA_DIR)
    expect(h.dataDirs).toEqual([FAKE_DATA_DIR])
    expect(h.printed[0]).toMatch(/^trained my-topics \([0-9a-f]{12}…\) in \d+\.\d s$/)
    expect(h.printed[1]).toMatch(/held-out accuracy \d+\.\d% on 18 examples \(72 training examples, 3 labels, both inputs\)/)
    expect(h.stages).toContain('embedding examples')
    expect(h.stages).toContain('training')

    h.printed.length = 0
    await h.run('expert', 'inspect', out)
    const report = JSON.parse(h.printed.join('\n'))
    expect(report.manifest).toMatchObject({ name: 'my-topics', price: 0.5, labels: ['cooking', 'space', 'sport'], inputKind: 'both' })
    expect(report.capability).toMatchObject({ dim: 32, count: 3 })
    expect(report.capability.norms).toEqual([1, 1, 1])
    expect(report.capability.meanPairwiseCosine).toBeLessThan(0.9)
    expect(report.model.outputs[0]).toEqual({ name: 'probabilities', type: 'float32', dims: ['N', 3] })
  })

  it('names the flag of a bad option in one line', async () => {
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', centroids: '0' })).toThrow(/^--centroids: must be an integer from 1 to 64 \(got "0"\)$/)
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', seed: '1.5' })).toThrow(/^--seed: /)
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', price: '-2' })).toThrow(/^--price: must be a number from 0/)
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', holdout: '0.9' })).toThrow(/^--holdout: /)
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', name: 'Not Kebab' })).toThrow(/^--name: "Not Kebab" is not a kebab-case name .* try "not-kebab"$/)
    expect(() => parseTrainFlags({ data: 'd.jsonl', out: 'o', inputKind: 'pixels' })).toThrow(/^--input-kind: must be one of embedding, ngrams, both/)
    expect(() => parseTrainFlags({ out: 'o' })).toThrow(/^--data: /)
  })

  it('reports a bad JSONL line and a broken package as one-line errors, exit code 1', async () => {
    const data = join(root, 'bad.jsonl')
    await writeFile(data, '{"text": "a", "label": "x"}\n{"text": "b", "label": }\n')
    // both fail before the embedder is needed, so the real CLI runs them (no data dir is touched)
    const badLine = await runCli('expert', 'train', '--data', data, '--out', join(root, 'never'))
    expect(badLine.code).toBe(1)
    expect(badLine.stdout).toBe('')
    expect(badLine.stderr).toMatch(/^moemesh: .*bad\.jsonl: line 2: is not valid JSON[^\n]*\n$/)
    const broken = await runCli('expert', 'inspect', join(root, 'missing-package'))
    expect(broken.code).toBe(1)
    expect(broken.stdout).toBe('')
    expect(broken.stderr).toMatch(/^moemesh: .*missing-package: does not exist[^\n]*\n$/)
  })
})
