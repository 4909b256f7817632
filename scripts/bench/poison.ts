/**
 * Poisoning benchmark: a network of daemons on 127.0.0.1 hosting the zoo, into which "match-everything" liars
 * arrive (`liar-expert.ts`: every honest card's centroids and labels, a gate that fires on everything, claimed
 * accuracy 0.99, price 0, perfect claimed competence, confident wrong answers).
 *
 *   npm run bench:poison -- [--zoo DIR] [--embedder DIR] [--serving 5] [--liars 2]
 *                           [--queries 300] [--window 50] [--validate-interval 1000] [--attest-period 5000]
 *                           [--warm-timeout 240] [--deadline-ms 3000] [--seed 1] [--json FILE]
 *
 * What it does, in order:
 *   1. starts node-1 (a client: no experts) and `--serving` daemons that share the zoo's experts round-robin; every
 *      one validates with the zoo's calibration splits (`--probes`), one probe per `--validate-interval` ms, and
 *      attests every `--attest-period` ms (both faster than the defaults, 5 s and 60 s, so the run is short);
 *   2. waits until the client lists every honest card as `scored` (a warm network: validation ran before any
 *      liar exists), then asks the `--queries` test queries once: `clean_acc` (and per window);
 *   3. arms the `--liars` liar daemons (started with the others, hosting nothing until then; 2 of 8 peers by
 *      default), which copy the honest cards they see into their liar card; the moment the client lists the first
 *      liar card is the liars' arrival;
 *   4. from then on asks `--queries` test queries one after another through the client's HTTP API, and reports
 *      per window of `--window` queries: end accuracy (abstentions and errors count as wrong) and the captured
 *      share (queries whose answer came from a liar's expert).
 * Test queries are drawn (seeded) from the pooled test splits `<zoo>/testsets/*.jsonl`, the same draw for the
 * clean and the poisoned phase, so a window's loss compares the same queries. `final_loss_pts` is the last window's
 * loss: 100 x (its clean accuracy - its accuracy with the liars).
 */
import '../../src/polyfill.js'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SeededRandom } from '../../src/text/random.js'
import { DaemonProcess, freePort, httpJson, repoRoot, sleep, textTable } from '../fuzz/daemon-process.js'

const MAX_TEXT_CHARS = 2_000

interface Options {
  zoo: string
  embedder: string
  serving: number
  liars: number
  queries: number
  window: number
  validateInterval: number
  attestPeriod: number
  warmTimeoutS: number
  deadlineMs: number
  seed: number
  json?: string
}

function usage (message: string): never {
  process.stderr.write(`bench:poison: ${message}\nusage: npm run bench:poison -- [--zoo DIR] [--embedder DIR] [--serving 5] [--liars 2] [--queries 300] [--window 50] [--validate-interval 1000] [--attest-period 5000] [--warm-timeout 240] [--deadline-ms 3000] [--seed 1] [--json FILE]\n`)
  process.exit(2)
}

function parseCli (): Options {
  let v: Record<string, string | undefined>
  try {
    v = parseArgs({
      options: {
        zoo: { type: 'string' },
        embedder: { type: 'string' },
        serving: { type: 'string', default: '5' },
        liars: { type: 'string', default: '2' },
        queries: { type: 'string', default: '300' },
        window: { type: 'string', default: '50' },
        'validate-interval': { type: 'string', default: '1000' },
        'attest-period': { type: 'string', default: '5000' },
        'warm-timeout': { type: 'string', default: '240' },
        'deadline-ms': { type: 'string', default: '3000' },
        seed: { type: 'string', default: '1' },
        json: { type: 'string' }
      }
    }).values as Record<string, string | undefined>
  } catch (err) {
    usage((err as Error).message)
  }
  const home = process.env.MOEMESH_HOME ?? join(homedir(), '.moemesh')
  const int = (k: string, min: number): number => {
    const n = Number(v[k])
    if (!Number.isInteger(n) || n < min) usage(`--${k} must be an integer >= ${min}`)
    return n
  }
  const o: Options = {
    zoo: resolve(v.zoo ?? join(home, 'zoo')),
    embedder: resolve(v.embedder ?? join(home, 'embedder')),
    serving: int('serving', 1),
    liars: int('liars', 0),
    queries: int('queries', 1),
    window: int('window', 1),
    validateInterval: int('validate-interval', 100),
    attestPeriod: int('attest-period', 100),
    warmTimeoutS: int('warm-timeout', 1),
    deadlineMs: int('deadline-ms', 50),
    seed: int('seed', 0),
    json: v.json
  }
  if (!existsSync(join(o.embedder, 'model.onnx'))) usage(`no embedder at ${o.embedder}/model.onnx (pass --embedder)`)
  if (!existsSync(join(o.zoo, 'experts'))) usage(`no zoo at ${o.zoo} (pass --zoo)`)
  return o
}

interface TestQuery { text: string, label: string, expert: string }

async function loadQueries (zoo: string, count: number, seed: number): Promise<TestQuery[]> {
  const all: TestQuery[] = []
  for (const f of (await readdir(join(zoo, 'testsets'))).filter(f => f.endsWith('.jsonl')).sort()) {
    for (const line of (await readFile(join(zoo, 'testsets', f), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const r = JSON.parse(line) as { text: string, label: string }
      if (r.text.length <= MAX_TEXT_CHARS) all.push({ text: r.text, label: String(r.label), expert: f.replace(/\.jsonl$/, '') })
    }
  }
  const rng = new SeededRandom(seed)
  for (let i = all.length - 1; i > 0; i--) { const j = rng.int(i + 1); [all[i], all[j]] = [all[j], all[i]] }
  return all.slice(0, count)
}

function say (line: string): void { process.stdout.write(`${line}\n`) }

interface ExpertRow { peer: string, expert: string, name: string, quality?: { state: string, measured_accuracy?: number, samples: number, validators: number, reason?: string } }

async function experts (node: DaemonProcess): Promise<ExpertRow[]> {
  const r = await httpJson(`${node.api}/v1/experts`, { timeoutMs: 5_000 })
  return r.status === 200 && Array.isArray(r.body?.experts) ? r.body.experts as ExpertRow[] : []
}

interface Outcome { correct: boolean, captured: boolean }

async function ask (client: DaemonProcess, q: TestQuery, liarPeers: Set<string>, deadlineMs: number): Promise<Outcome> {
  const r = await httpJson(`${client.api}/v1/query`, { method: 'POST', body: { text: q.text, timeout_ms: deadlineMs }, timeoutMs: deadlineMs + 2_000 })
  if (r.status !== 200 || r.body?.label == null) return { correct: false, captured: false }
  const label = String(r.body.label)
  const list = (r.body.experts ?? []) as Array<{ peer: string, answer?: { label?: string } }>
  const from = list.find(e => e.answer?.label === label) ?? list[0]
  return { correct: label === q.label, captured: from !== undefined && liarPeers.has(from.peer) }
}

async function main (): Promise<void> {
  const o = parseCli()
  const zooExperts = (await readdir(join(o.zoo, 'experts'))).filter(n => existsSync(join(o.zoo, 'experts', n, 'expert.json'))).sort()
  const probes = (await readdir(join(o.zoo, 'calibration'))).filter(f => f.endsWith('.jsonl')).sort().map(f => join(o.zoo, 'calibration', f))
  const queries = await loadQueries(o.zoo, o.queries, o.seed)
  const tmpRoot = await mkdtemp(join(tmpdir(), 'moemesh-poison-'))
  const nodes: DaemonProcess[] = []
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled(nodes.map(async n => { await n.stop(); n.close() }))
    await rm(tmpRoot, { recursive: true, force: true })
  }
  process.once('exit', () => { for (const n of nodes) n.killNow() })
  process.once('SIGINT', () => { cleanup().finally(() => process.exit(130)) })
  try {
    const ports: number[] = []
    while (ports.length < 2 * (1 + o.serving + o.liars)) { const p = await freePort(); if (!ports.includes(p)) ports.push(p) }
    const validation = [...probes.flatMap(f => ['--probes', f]), '--validate-interval', String(o.validateInterval), '--attest-period', String(o.attestPeriod)]
    const prepare = async (i: number, experts: string[], extra: string[], entry?: string, bootstrap: string[] = []): Promise<DaemonProcess> => {
      const d = await DaemonProcess.prepare({
        name: `node-${i + 1}`, dataDir: join(tmpRoot, `node-${i + 1}`), embedderDir: o.embedder, experts, listenPort: ports[2 * i], apiPort: ports[2 * i + 1],
        bootstrap, timeoutMs: o.deadlineMs, extraArgs: extra, ...(entry !== undefined ? { entry } : {})
      })
      nodes.push(d)
      return d
    }
    const client = await prepare(0, [], validation)
    const shares: string[][] = Array.from({ length: o.serving }, () => [])
    zooExperts.forEach((n, i) => { shares[i % o.serving].push(join(o.zoo, 'experts', n)) })
    const serving = await Promise.all(shares.map(async (s, j) => await prepare(1 + j, s, validation, undefined, [client.multiaddr])))
    // the liar processes start now too (a daemon takes minutes to start on a busy host) but host their liar card
    // only once armed, after the clean phase
    const armFile = join(tmpRoot, 'arm-liars')
    const liarEntry = join(repoRoot(), 'dist', 'scripts', 'bench', 'poison-liar.js')
    const liars = await Promise.all(Array.from({ length: o.liars }, async (_, j) => await prepare(1 + o.serving + j, [], ['--expect-cards', String(zooExperts.length), '--seed', String(j + 1), '--arm-file', armFile], liarEntry, [client.multiaddr])))
    const liarPeers = new Set(liars.map(l => l.peerId))
    const started = performance.now()
    for (const n of [client, ...serving, ...liars]) n.start()
    await Promise.all([client, ...serving, ...liars].map(async n => { await n.waitApi({ timeoutMs: 900_000 }) }))
    say(`${1 + o.serving} honest and ${o.liars} (unarmed) liar daemons up in ${((performance.now() - started) / 1000).toFixed(1)} s (${zooExperts.length} zoo experts on ${o.serving}); warming up validation...`)

    // 2. warm: every honest card scored at the client
    const warmStart = performance.now()
    let warm: ExpertRow[] = []
    for (;;) {
      warm = await experts(client)
      const scored = warm.filter(e => e.quality?.state === 'scored').length
      if (warm.length >= zooExperts.length && scored === warm.length) break
      if (performance.now() - warmStart > o.warmTimeoutS * 1000) { say(`warm-up timed out: ${scored}/${warm.length} cards scored; going on`); break }
      await sleep(1_000)
    }
    const warmS = (performance.now() - warmStart) / 1000
    say(`warm after ${warmS.toFixed(1)} s: ${warm.filter(e => e.quality?.state === 'scored').length}/${warm.length} honest cards scored at the client`)
    for (const e of warm) say(`  ${e.name.padEnd(18)} ${e.quality?.state ?? '?'} acc ${e.quality?.measured_accuracy?.toFixed(3) ?? '-'} n ${e.quality?.samples.toFixed(1) ?? '-'} validators ${e.quality?.validators ?? 0}${e.quality?.reason !== undefined ? ` (${e.quality.reason})` : ''}`)

    // the clean phase asks the very queries of the poisoned phase, so each window compares like with like
    const clean: boolean[] = []
    for (const q of queries.slice(0, o.queries)) clean.push((await ask(client, q, new Set(), o.deadlineMs)).correct)
    const cleanAcc = clean.filter(Boolean).length / clean.length
    say(`clean accuracy over ${o.queries} queries: ${(100 * cleanAcc).toFixed(1)}%`)

    // 3. liars arrive
    await writeFile(armFile, 'armed\n')
    const arrivalStart = performance.now()
    if (o.liars > 0) {
      for (;;) {
        if ((await experts(client)).some(e => liarPeers.has(e.peer))) break
        if (performance.now() - arrivalStart > 600_000) {
          const tail = (await readFile(join(liars[0].init.dataDir, 'daemon.log'), 'utf8').catch(() => '')).slice(-2000)
          throw new Error(`no liar card reached the client in 600 s; the first liar's log ends:\n${tail}`)
        }
        await sleep(100)
      }
    }
    say(`liars arrived (${o.liars} of ${1 + o.serving + o.liars} peers) ${((performance.now() - arrivalStart) / 1000).toFixed(1)} s after their start; querying`)

    // 4. windows
    const outcomes: Outcome[] = []
    const poisonStart = performance.now()
    for (const q of queries.slice(0, o.queries)) outcomes.push(await ask(client, q, liarPeers, o.deadlineMs))
    const poisonS = (performance.now() - poisonStart) / 1000
    const windows: Array<{ queries: string, acc: number, captured: number, clean_acc: number, loss_pts: number }> = []
    for (let i = 0; i < outcomes.length; i += o.window) {
      const w = outcomes.slice(i, i + o.window)
      const acc = w.filter(x => x.correct).length / w.length
      const cleanW = clean.slice(i, i + o.window).filter(Boolean).length / w.length
      windows.push({ queries: `${i}-${i + w.length}`, acc, captured: w.filter(x => x.captured).length / w.length, clean_acc: cleanW, loss_pts: 100 * (cleanW - acc) })
    }
    const last = windows[windows.length - 1]
    const finalLossPts = last.loss_pts
    const after = await experts(client)
    say('')
    say(textTable(['queries', 'clean acc', 'acc', 'loss pts', 'captured'], windows.map(w => [w.queries, `${(100 * w.clean_acc).toFixed(1)}%`, `${(100 * w.acc).toFixed(1)}%`, w.loss_pts.toFixed(1), `${(100 * w.captured).toFixed(1)}%`])))
    say(`clean_acc ${(100 * cleanAcc).toFixed(1)}%, final_loss_pts ${finalLossPts.toFixed(1)}; ${o.queries} queries in ${poisonS.toFixed(1)} s`)
    for (const e of after.filter(x => liarPeers.has(x.peer))) say(`  liar card on ${e.peer.slice(-8)}: ${e.quality?.state ?? '?'}${e.quality?.reason !== undefined ? ` (${e.quality.reason})` : ''}`)
    const peers = await httpJson(`${client.api}/v1/peers`, { timeoutMs: 5_000 })
    const reps = (peers.body?.peers ?? []) as Array<{ peer: string, reputation: number }>
    for (const p of reps) say(`  reputation ${liarPeers.has(p.peer) ? 'liar  ' : 'honest'} ${p.peer.slice(-8)} ${p.reputation.toFixed(3)}`)
    if (o.json !== undefined) {
      await writeFile(o.json, JSON.stringify({
        clean_acc: cleanAcc,
        windows,
        final_loss_pts: finalLossPts,
        config: { honest_daemons: 1 + o.serving, liars: o.liars, queries: o.queries, window: o.window, validate_interval_ms: o.validateInterval, attest_period_ms: o.attestPeriod, seed: o.seed },
        warm_s: warmS,
        honest_cards: warm.map(e => ({ name: e.name, quality: e.quality })),
        liar_cards: after.filter(x => liarPeers.has(x.peer)).map(e => ({ peer: e.peer, quality: e.quality })),
        reputation: reps.map(p => ({ peer: p.peer, liar: liarPeers.has(p.peer), reputation: p.reputation }))
      }, null, 2))
      say(`wrote ${o.json}`)
    }
  } finally {
    await cleanup()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:poison: ${(err as Error)?.stack ?? String(err)}\n`)
  process.exit(1)
})
