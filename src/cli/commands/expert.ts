/**
 * `moemesh expert train`, `moemesh expert describe` and `moemesh expert inspect`: make an expert package from
 * labelled JSONL, describe a model already served over HTTP as a package, and look inside one. Options are
 * validated here with one-line errors naming the flag; actions throw typed errors that the CLI's main prints
 * as one line.
 */
import { basename, resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { InvalidOptionError } from '../../errors.js'
import { checkEndpoint, describeExpert, readTextJsonl, type DescribePhase } from '../../experts/describe-expert.js'
import { loadExpertPackage } from '../../experts/expert-package.js'
import { readTrainingJsonl } from '../../experts/jsonl.js'
import { INPUT_KINDS, MAX_LABEL_CHARS, MAX_LABELS, MIN_LABELS, toExpertName, type InputKind } from '../../experts/manifest.js'
import { DEFAULT_HTTP_CONCURRENCY, DEFAULT_HTTP_TIMEOUT_MS, MAX_HTTP_CONCURRENCY, MAX_HTTP_TIMEOUT_MS } from '../../experts/serving.js'
import { MAX_CAPABILITY_VECTORS } from '../../experts/capability.js'
import { inspectModel } from '../../onnx/onnx-writer.js'
import { trainExpert, type TrainPhase } from '../../experts/train-expert.js'
import type { CliContext } from '../context.js'

/** Raw option values of `expert train`, as commander hands them over (strings). */
interface TrainFlags {
  data?: string
  out?: string
  name?: string
  description?: string
  centroids?: string
  seed?: string
  inputKind?: string
  price?: string
  holdout?: string
  license?: string
  dataDir?: string
}

function intFlag (flag: string, value: string | undefined, fallback: number, lo: number, hi: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < lo || n > hi) throw new InvalidOptionError(flag, `must be an integer from ${lo} to ${hi} (got "${value}")`)
  return n
}

function numberFlag (flag: string, value: string | undefined, fallback: number, lo: number, hi: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) throw new InvalidOptionError(flag, `must be a number from ${lo} to ${hi} (got "${value}")`)
  return n
}

const PHASE_LABEL: Record<TrainPhase, string> = {
  embed: 'embedding examples',
  features: 'hashing n-grams',
  train: 'training',
  evaluate: 'testing held-out examples',
  centroids: 'capability vectors',
  gate: 'gate and competence data',
  write: 'writing package'
}

function cosine (a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6

/** Validated settings of `expert train`. */
export interface TrainCommandSettings {
  data: string
  out: string
  name: string
  description: string
  centroids: number
  seed: number
  inputKind: InputKind
  price: number
  holdout: number
  license?: string
  dataDir?: string
}

/**
 * Validates `expert train` flags. Exported for tests.
 * @throws {InvalidOptionError} naming the flag.
 */
export function parseTrainFlags (flags: TrainFlags): TrainCommandSettings {
  if (flags.data == null || flags.data.trim() === '') throw new InvalidOptionError('--data', 'give the labelled JSONL file to train on ({"text": ..., "label": ...} per line)')
  if (flags.out == null || flags.out.trim() === '') throw new InvalidOptionError('--out', 'give the folder to write the expert package to')
  const out = resolve(flags.out)
  const name = flags.name ?? toExpertName(basename(out))
  if (name === '' || name !== toExpertName(name)) {
    const hint = toExpertName(name)
    throw new InvalidOptionError('--name', `"${name}" is not a kebab-case name of at most 64 characters; try "${hint !== '' ? hint : 'my-expert'}"`)
  }
  const inputKind = flags.inputKind ?? 'both'
  if (!(INPUT_KINDS as readonly string[]).includes(inputKind)) {
    throw new InvalidOptionError('--input-kind', `must be one of ${INPUT_KINDS.join(', ')} (got "${inputKind}")`)
  }
  const description = flags.description ?? ''
  if (description.length > 1000) throw new InvalidOptionError('--description', `is ${description.length} characters; keep it to 1000`)
  return {
    data: resolve(flags.data),
    out,
    name,
    description,
    centroids: intFlag('--centroids', flags.centroids, 8, 1, MAX_CAPABILITY_VECTORS),
    seed: intFlag('--seed', flags.seed, 42, 0, 0xffffffff),
    inputKind: inputKind as InputKind,
    price: numberFlag('--price', flags.price, 0, 0, 1e9),
    holdout: numberFlag('--holdout', flags.holdout, 0.2, 0, 0.5),
    license: flags.license,
    dataDir: flags.dataDir
  }
}

/** Raw option values of `expert describe`, as commander hands them over (strings). */
interface DescribeFlags {
  data?: string
  out?: string
  name?: string
  labels?: string
  url?: string
  description?: string
  centroids?: string
  seed?: string
  price?: string
  timeout?: string
  maxConcurrency?: string
  sendVector?: boolean
  license?: string
  dataDir?: string
}

/** Validated settings of `expert describe`. */
export interface DescribeCommandSettings {
  data: string
  out: string
  name: string
  labels: string[]
  url: string
  description: string
  centroids: number
  seed: number
  price: number
  timeoutMs: number
  maxConcurrency: number
  sendVector: boolean
  license?: string
  dataDir?: string
}

const DESCRIBE_PHASE_LABEL: Record<DescribePhase, string> = {
  embed: 'embedding samples',
  centroids: 'capability vectors',
  gate: 'gate and competence data',
  write: 'writing package'
}

/**
 * Validates `expert describe` flags. Exported for tests.
 * @throws {InvalidOptionError} naming the flag.
 */
export function parseDescribeFlags (flags: DescribeFlags): DescribeCommandSettings {
  if (flags.data == null || flags.data.trim() === '') throw new InvalidOptionError('--data', 'give a JSONL file of sample queries the served model is good at ({"text": ...} per line)')
  if (flags.out == null || flags.out.trim() === '') throw new InvalidOptionError('--out', 'give the folder to write the expert package to')
  const out = resolve(flags.out)
  const name = flags.name ?? toExpertName(basename(out))
  if (name === '' || name !== toExpertName(name)) {
    const hint = toExpertName(name)
    throw new InvalidOptionError('--name', `"${name}" is not a kebab-case name of at most 64 characters; try "${hint !== '' ? hint : 'my-expert'}"`)
  }
  if (flags.labels == null || flags.labels.trim() === '') throw new InvalidOptionError('--labels', 'give the served model\'s classes in the order its distribution lists them, e.g. --labels negative,positive')
  const labels = flags.labels.split(',').map((l) => l.trim())
  if (labels.some((l) => l === '')) throw new InvalidOptionError('--labels', `"${flags.labels}" has an empty label; separate non-empty labels with single commas`)
  if (labels.length < MIN_LABELS || labels.length > MAX_LABELS) throw new InvalidOptionError('--labels', `has ${labels.length} label${labels.length === 1 ? '' : 's'}; a classifier needs ${MIN_LABELS} to ${MAX_LABELS}`)
  const long = labels.find((l) => l.length > MAX_LABEL_CHARS)
  if (long != null) throw new InvalidOptionError('--labels', `a label is ${long.length} characters long; keep each to ${MAX_LABEL_CHARS}`)
  const twice = labels.find((l, i) => labels.indexOf(l) !== i)
  if (twice != null) throw new InvalidOptionError('--labels', `"${twice}" appears twice; labels must be unique`)
  if (flags.url == null || flags.url.trim() === '') throw new InvalidOptionError('--url', 'give the endpoint the node POSTs queries to, e.g. --url http://127.0.0.1:8080/predict')
  let url: URL
  try {
    url = new URL(flags.url)
  } catch {
    throw new InvalidOptionError('--url', `"${flags.url}" is not an absolute URL; write it like http://127.0.0.1:8080/predict`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError('--url', `uses ${url.protocol.replace(/:$/, '')}; only http and https endpoints are served`)
  if (url.username !== '' || url.password !== '') throw new InvalidOptionError('--url', 'holds a user name or password; keep credentials out of the package')
  const description = flags.description ?? ''
  if (description.length > 1000) throw new InvalidOptionError('--description', `is ${description.length} characters; keep it to 1000`)
  return {
    data: resolve(flags.data),
    out,
    name,
    labels,
    url: flags.url,
    description,
    centroids: intFlag('--centroids', flags.centroids, 8, 1, MAX_CAPABILITY_VECTORS),
    seed: intFlag('--seed', flags.seed, 42, 0, 0xffffffff),
    price: numberFlag('--price', flags.price, 0, 0, 1e9),
    timeoutMs: intFlag('--timeout', flags.timeout, DEFAULT_HTTP_TIMEOUT_MS, 1, MAX_HTTP_TIMEOUT_MS),
    maxConcurrency: intFlag('--max-concurrency', flags.maxConcurrency, DEFAULT_HTTP_CONCURRENCY, 1, MAX_HTTP_CONCURRENCY),
    sendVector: flags.sendVector === true,
    license: flags.license,
    dataDir: flags.dataDir
  }
}

/**
 * Adds `expert train`, `expert describe` and `expert inspect` under an `expert` command of `program` (created if missing).
 *
 * @example
 * ```ts
 * const program = new Command('moemesh')
 * registerExpertCommands(program, createCliContext())
 * await program.parseAsync(['node', 'moemesh', 'expert', 'inspect', 'experts/spam'])
 * ```
 */
export function registerExpertCommands (program: Command, ctx: CliContext): Command {
  const expert = program.commands.find((c) => c.name() === 'expert') ??
    program.command('expert').description('train, inspect and host experts')

  expert.command('train')
    .description('train an expert from labelled JSONL ({"text": ..., "label": ...} per line) and write its package')
    .requiredOption('--data <file.jsonl>', 'labelled training data')
    .requiredOption('--out <dir>', 'package folder to write (replaced if it holds only a package)')
    .option('--name <name>', 'kebab-case expert name (default: from --out)')
    .option('--description <text>', 'one or two sentences for people browsing the network')
    .option('--centroids <k>', 'capability vectors to compute (1-64, default 8)')
    .option('--seed <n>', 'seed for the split, the training and k-means (default 42)')
    .addOption(new Option('--input-kind <kind>', 'what the model reads (default both)').choices([...INPUT_KINDS]))
    .option('--price <credits>', 'credits per answered query (default 0)')
    .option('--holdout <fraction>', 'fraction of each label held out to measure accuracy (0-0.5, default 0.2)')
    .option('--license <license>', 'license of the expert and its training data (default unspecified)')
    .option('--data-dir <dir>', 'node data directory holding the embedder')
    .action(async (_flags: TrainFlags, cmd: Command) => {
      const s = parseTrainFlags(cmd.optsWithGlobals<TrainFlags>())
      const examples = await readTrainingJsonl(s.data)
      const bar = ctx.progress()
      const { embedder, backend } = await ctx.getEmbedder(ctx.dataDir(s.dataDir), (f, stage) => bar.update(f, stage))
      try {
        const result = await trainExpert({
          examples,
          embedder,
          backend,
          outDir: s.out,
          name: s.name,
          description: s.description,
          centroids: s.centroids,
          seed: s.seed,
          inputKind: s.inputKind,
          price: s.price,
          holdout: s.holdout,
          license: s.license,
          trainedOn: { source: basename(s.data), license: s.license },
          onProgress: (p) => bar.update(p.total > 0 ? p.done / p.total : 0, PHASE_LABEL[p.phase])
        })
        bar.done()
        const m = result.package.manifest
        ctx.print(`trained ${m.name} (${result.package.expertId.slice(0, 12)}…) in ${(result.ms / 1000).toFixed(1)} s`)
        ctx.print(result.heldOutAccuracy == null
          ? `  no held-out accuracy (--holdout 0); ${result.trainExamples} training examples, ${result.labels.length} labels`
          : `  held-out accuracy ${(result.heldOutAccuracy * 100).toFixed(1)}% on ${result.heldOutExamples} examples (${result.trainExamples} training examples, ${result.labels.length} labels, ${m.inputKind} inputs)`)
        ctx.print(`  ${result.package.centroids.length} capability vectors in space ${m.spaceId.slice(0, 16)}… (dim ${m.dim})`)
        ctx.print(`  package: ${s.out}`)
      } finally {
        bar.done()
        await backend.stop()
      }
    })

  expert.command('describe')
    .description('describe a model you already serve over HTTP as an expert package (capability vectors from sample queries, no model file)')
    .requiredOption('--data <file.jsonl>', 'sample queries the served model is good at, {"text": ...} per line (labels not needed)')
    .requiredOption('--out <dir>', 'package folder to write (replaced if it holds only a package)')
    .requiredOption('--labels <a,b,...>', 'the served model\'s classes, in the order its distribution lists them')
    .requiredOption('--url <url>', 'the endpoint the node POSTs {"text"} to; it answers {"distribution": [...]}')
    .option('--name <name>', 'kebab-case expert name (default: from --out)')
    .option('--description <text>', 'one or two sentences for people browsing the network')
    .option('--centroids <k>', 'capability vectors to compute (1-64, default 8)')
    .option('--seed <n>', 'seed for k-means (default 42)')
    .option('--price <credits>', 'credits per answered query (default 0)')
    .option('--timeout <ms>', `per-call timeout of the endpoint (1-${MAX_HTTP_TIMEOUT_MS}, default ${DEFAULT_HTTP_TIMEOUT_MS})`)
    .option('--max-concurrency <n>', `calls in flight before more are refused (1-${MAX_HTTP_CONCURRENCY}, default ${DEFAULT_HTTP_CONCURRENCY})`)
    .option('--send-vector', 'also send the query\'s shared-space embedding: {"text", "vector"}')
    .option('--license <license>', 'license of the expert (default unspecified)')
    .option('--data-dir <dir>', 'node data directory holding the embedder')
    .action(async (_flags: DescribeFlags, cmd: Command) => {
      const s = parseDescribeFlags(cmd.optsWithGlobals<DescribeFlags>())
      const texts = await readTextJsonl(s.data)
      const bar = ctx.progress()
      const { embedder, backend } = await ctx.getEmbedder(ctx.dataDir(s.dataDir), (f, stage) => bar.update(f, stage))
      try {
        const result = await describeExpert({
          texts,
          embedder,
          outDir: s.out,
          name: s.name,
          labels: s.labels,
          url: s.url,
          inputKind: s.sendVector ? 'both' : 'text',
          timeoutMs: s.timeoutMs,
          maxConcurrency: s.maxConcurrency,
          description: s.description,
          price: s.price,
          license: s.license,
          source: basename(s.data),
          centroids: s.centroids,
          seed: s.seed,
          onProgress: (p) => bar.update(p.total > 0 ? p.done / p.total : 0, DESCRIBE_PHASE_LABEL[p.phase])
        })
        bar.done()
        const pkg = result.package
        ctx.print(`described ${pkg.manifest.name} (${pkg.expertId.slice(0, 12)}…) served at ${pkg.serving.url}`)
        ctx.print(`  ${pkg.centroids.length} capability vectors from ${result.texts} sample queries in space ${pkg.manifest.spaceId.slice(0, 16)}… (dim ${pkg.manifest.dim})`)
        ctx.print(`  labels: ${pkg.manifest.labels.join(', ')}; the endpoint gets ${s.sendVector ? '{"text", "vector"}' : '{"text"}'} and answers {"distribution": [...]}`)
        // Ask the endpoint one sample, as a node would: a wrong label count or format shows up now, not on the network.
        try {
          const check = await checkEndpoint(pkg, texts[0], embedder)
          ctx.print(`  endpoint check: the first sample → ${check.label} ${(check.probability * 100).toFixed(0)}% in ${check.latencyMs.toFixed(1)} ms`)
        } catch (err) {
          ctx.error(`warning: the endpoint check failed: ${(err as Error).message}`)
        }
        ctx.print(`  package: ${s.out} (host it with: moemesh expert add ${s.out})`)
      } finally {
        bar.done()
        await backend.stop()
      }
    })

  expert.command('inspect')
    .description('print an expert package\'s manifest and a summary of its capability vectors as JSON')
    .argument('<dir>', 'expert package folder')
    .action(async (dir: string) => {
      const pkg = await loadExpertPackage(dir)
      const c = pkg.centroids
      const cosines: number[] = []
      for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) cosines.push(cosine(c[i], c[j]))
      let model: Record<string, unknown> | null = null
      if (pkg.kind === 'onnx') {
        const summary = inspectModel(pkg.modelBytes)
        model = { bytes: pkg.modelBytes.length, inputs: summary.inputs, outputs: summary.outputs }
      }
      ctx.print(JSON.stringify({
        dir: pkg.dir,
        expertId: pkg.expertId,
        kind: pkg.kind,
        manifest: pkg.manifest,
        model,
        capability: {
          spaceId: pkg.manifest.spaceId,
          dim: pkg.manifest.dim,
          count: c.length,
          norms: c.map((v) => round(Math.sqrt(cosine(v, v)))),
          meanPairwiseCosine: cosines.length === 0 ? null : round(cosines.reduce((a, b) => a + b, 0) / cosines.length),
          minPairwiseCosine: cosines.length === 0 ? null : round(Math.min(...cosines)),
          maxPairwiseCosine: cosines.length === 0 ? null : round(Math.max(...cosines))
        }
      }, null, 2))
    })

  return expert
}
