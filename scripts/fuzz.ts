/**
 * Fuzz a moemesh daemon: seeded, reproducible hostile frames on `/moemesh/query/1.0.0`, `/moemesh/adverts-sync/1.0.0`,
 * gossip adverts and the HTTP API, while honest queries measure whether it keeps answering.
 *
 *   npm run fuzz -- [--frames 100000] [--seed 1] [--json FILE] [--data-dir D] [--experts 3] [--surfaces query,http]
 *                   [--start-frame I] [--max-duration 600]
 *
 * The daemon runs as a child process (`bin/moemesh.js start`, so `npm run build` first): its RSS is its own, not the
 * fuzzer's, and a crash shows as an exit instead of taking the fuzzer down. It hosts the first `--experts` zoo
 * experts of the data dir (`$MOEMESH_HOME` or ~/.moemesh). A reported frame is replayed with the same `--seed`,
 * `--surfaces <its surface>` and `--start-frame <its index>`.
 */
import '../src/polyfill.js'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DaemonProcess, freePort, textTable } from './fuzz/daemon-process.js'
import { runFuzz } from './fuzz/fuzzer.js'
import { SURFACES, type Surface } from './fuzz/frames.js'

function usage (message: string): never {
  process.stderr.write(`fuzz: ${message}\nusage: npm run fuzz -- [--frames N] [--seed S] [--json FILE] [--data-dir D] [--experts N] [--surfaces query,sync,gossip,http] [--start-frame I] [--max-duration S]\n`)
  process.exit(2)
}

let interrupted = false

async function main (): Promise<void> {
  let v: Record<string, string | undefined>
  try {
    v = parseArgs({
      options: {
        frames: { type: 'string', default: '100000' },
        seed: { type: 'string', default: '1' },
        json: { type: 'string' },
        'data-dir': { type: 'string' },
        experts: { type: 'string', default: '3' },
        surfaces: { type: 'string', default: SURFACES.join(',') },
        'start-frame': { type: 'string', default: '0' },
        'max-duration': { type: 'string', default: '600' }
      }
    }).values as Record<string, string | undefined>
  } catch (err) { usage((err as Error).message) }
  const int = (name: string, min: number, max: number): number => {
    const n = Number(v[name])
    if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be an integer from ${min} to ${max}`)
    return n
  }
  const frames = int('frames', 1, 1e9)
  const seed = int('seed', 0, 2 ** 31)
  const surfaces = String(v.surfaces).split(',').map((s) => s.trim()) as Surface[]
  if (surfaces.length === 0 || surfaces.some((s) => !SURFACES.includes(s))) usage(`--surfaces must name some of ${SURFACES.join(', ')}`)
  const home = process.env.MOEMESH_HOME
  const dataDir = resolve(v['data-dir'] ?? (home != null && home !== '' ? home : join(homedir(), '.moemesh')))
  const zoo = join(dataDir, 'zoo')
  if (!existsSync(join(dataDir, 'embedder', 'model.onnx')) || !existsSync(join(zoo, 'experts'))) usage(`no embedder or zoo in ${dataDir}; run \`npm run demo\` once or pass --data-dir`)
  const names = (await readdir(join(zoo, 'experts'))).filter((n) => existsSync(join(zoo, 'experts', n, 'expert.json'))).sort().slice(0, int('experts', 1, 64))
  const texts: string[] = []
  for (const n of names) {
    try {
      const lines = (await readFile(join(zoo, 'testsets', `${n}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '').slice(0, 50)
      texts.push(...lines.map((l) => String((JSON.parse(l) as { text: unknown }).text)).filter((t) => t.trim() !== '' && t.length <= 2000))
    } catch { /* no test split */ }
  }
  if (texts.length === 0) texts.push('a small furry animal that lives in the forest')

  const abort = new AbortController()
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) process.exit(130)
    interrupted = true
    process.exitCode = 130
    process.stderr.write(`\n${sig}: stopping the fuzz and the daemon…\n`)
    abort.abort(new Error(`interrupted by ${sig}`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const tmp = await mkdtemp(join(tmpdir(), 'moemesh-fuzz-'))
  let daemon: DaemonProcess | undefined
  process.once('exit', () => { daemon?.killNow() })
  try {
    daemon = await DaemonProcess.prepare({
      name: 'target', dataDir: join(tmp, 'target'), embedderDir: join(dataDir, 'embedder'), experts: names.map((n) => join(zoo, 'experts', n)),
      listenPort: await freePort(), apiPort: await freePort()
    }, { signal: abort.signal })
    daemon.start()
    await daemon.waitApi({ signal: abort.signal })
    const d = daemon
    process.stdout.write(`target daemon pid ${String(d.pid)} hosting ${names.join(', ')}; fuzzing ${frames} frames over ${surfaces.join(', ')} with seed ${seed}\n`)
    const report = await runFuzz({ api: d.api, multiaddr: d.multiaddr, alive: () => d.alive, rssBytes: () => d.rssBytes() }, {
      frames, seed, surfaces, startFrame: int('start-frame', 0, 1e12), honestTexts: texts, maxDurationS: int('max-duration', 1, 86_400),
      onProgress: (line) => { process.stdout.write(`  ${line}\n`) }, signal: abort.signal
    })
    const f = (x: number | null): string => x == null ? '-' : String(x)
    process.stdout.write('\n' + textTable(['frames', 'frames/s', 'crashes', 'honest p99 before', 'honest p99 during', 'honest answered during', 'rss before', 'rss max', 'rss after', 'rss growth'], [[
      `${report.frames} (${Object.entries(report.frames_by_surface).map(([s, n]) => `${s} ${n}`).join(', ')})`, report.frames_per_s, report.crashes,
      `${f(report.honest_before.p99_ms)} ms`, `${f(report.honest_during.p99_ms)} ms`, `${report.honest_during.answered}/${report.honest_during.queries}`,
      `${f(report.rss_before_mb)} MB`, `${f(report.rss_max_mb)} MB`, `${f(report.rss_after_mb)} MB`, `${f(report.rss_growth_mb)} MB`
    ]]) + '\n')
    process.stdout.write(`http status counts ${JSON.stringify(report.http_status)}; gossip identities ${report.gossip_identities}; junk sync answers served ${report.sync_answers_served}; honest failures during ${JSON.stringify(report.honest_during.failures)}; ` +
      `after the fuzz: HTTP query ${report.honest_after_ok ? 'answered' : 'NOT answered'}, query protocol ${report.query_protocol_after_ok ? 'answered' : 'NOT answered'}\n`)
    for (const x of report.findings) process.stdout.write(`FINDING ${x.kind}: ${x.detail}; reproduce with --seed ${x.seed} and the frames in flight ${JSON.stringify(x.inFlight)}\n`)
    if (!d.alive) process.stdout.write(`the daemon exited (${d.lastExit ?? '?'}); its log: ${join(d.init.dataDir, 'daemon.log')} (kept)\n`)
    if (v.json != null) { await writeFile(v.json, JSON.stringify(report, null, 2) + '\n'); process.stdout.write(`wrote ${v.json}\n`) }
    if (report.crashes > 0 || !report.honest_after_ok) process.exitCode = 1
  } finally {
    const crashed = daemon != null && !daemon.alive && daemon.starts > 0
    await daemon?.stop()
    daemon?.close()
    if (!crashed) await rm(tmp, { recursive: true, force: true })
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().catch((err: unknown) => {
  if (interrupted) return
  process.stderr.write(`fuzz failed: ${(err as Error)?.message ?? String(err)}\n`)
  process.exitCode = 1
})
