/**
 * Chaos run: N moemesh daemons as separate processes on 127.0.0.1, a steady query load from the zoo's test splits
 * through the HTTP API of the client node(s), `kill -9` of a share of the serving nodes mid-run, then restarts.
 *
 *   npm run chaos -- [--data-dir D] [--nodes 8] [--clients 1] [--duration 60] [--qps 5] [--deadline-ms 3000]
 *                    [--kill-fraction 0.3] [--seed 1] [--json FILE]
 *   npm run chaos -- --starts 10 [--nodes 8] [--join-timeout 10]     (only: start all at once, count isolated nodes)
 *
 * The shared embedder and the zoo come from the data dir (`$MOEMESH_HOME` or ~/.moemesh; `--zoo`, `--embedder`
 * override). Each node gets its own temp data dir with the embedder linked in; node-1 (a client) is every other
 * node's bootstrap and is never killed. Everything started is stopped and every temp dir removed on exit, on
 * Ctrl-C and on error. Needs `npm run build` (the daemons run bin/moemesh.js).
 *
 * Per phase (before kill, after kill, after restart): queries sent, answered within the deadline (an abstention,
 * "no expert is competent", is an answer and is also counted apart), hung (no HTTP answer by deadline + 2 s), p50/p99 of answered queries, and the failures by error code; dead_cards_gone_ms (kill
 * until no surviving node's /v1/experts lists a killed node's card; dead_cards_gone_client_ms: the same on the
 * client(s) that route the load, which are connected to every node) and rejoined_ms (restart until the client
 * lists the node's cards and a query is answered by it; the slowest restarted node).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SeededRandom } from '../src/text/random.js'
import { DaemonProcess, freePort, httpJson, percentile, sleep, textTable } from './fuzz/daemon-process.js'

/** A query with no HTTP answer this long after its deadline counts as hung (and is abandoned). */
const HUNG_GRACE_MS = 2_000
/** Test texts longer than this are skipped: experts classify short texts; the protocol caps at 16 KiB anyway. */
const MAX_TEXT_CHARS = 2_000
/** Poll period of the dead-card and rejoin monitors. */
const MONITOR_PERIOD_MS = 200
/** How long the network may take to show every serving node's cards on the client before the run goes on anyway. */
const CONVERGE_TIMEOUT_MS = 60_000

interface Options {
  dataDir: string
  zoo: string
  embedder: string
  nodes: number
  clients: number
  durationS: number
  qps: number
  deadlineMs: number
  killFraction: number
  k?: number
  seed: number
  json?: string
  starts: number
  joinTimeoutS: number
}

function usage (message: string): never {
  process.stderr.write(`chaos: ${message}\n` +
    'usage: npm run chaos -- [--data-dir D] [--zoo DIR] [--embedder DIR] [--nodes 8] [--clients 1] [--duration 60] [--qps 5]\n' +
    '         [--deadline-ms 3000] [--kill-fraction 0.3] [--k N] [--seed 1] [--json FILE] | --starts 10 [--join-timeout 10]\n')
  process.exit(2)
}

function parseCli (): Options {
  let v: Record<string, string | undefined>
  try {
    v = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        zoo: { type: 'string' },
        embedder: { type: 'string' },
        nodes: { type: 'string', default: '8' },
        clients: { type: 'string', default: '1' },
        duration: { type: 'string', default: '60' },
        qps: { type: 'string', default: '5' },
        'deadline-ms': { type: 'string', default: '3000' },
        'kill-fraction': { type: 'string', default: '0.3' },
        k: { type: 'string' },
        seed: { type: 'string', default: '1' },
        json: { type: 'string' },
        starts: { type: 'string', default: '0' },
        'join-timeout': { type: 'string', default: '10' }
      }
    }).values as Record<string, string | undefined>
  } catch (err) { usage((err as Error).message) }
  const num = (name: string, min: number, max: number, int = true): number => {
    const n = Number(v[name])
    if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) usage(`--${name} must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}, got "${String(v[name])}"`)
    return n
  }
  const home = process.env.MOEMESH_HOME
  const dataDir = resolve(v['data-dir'] ?? (home != null && home !== '' ? home : join(homedir(), '.moemesh')))
  const o: Options = {
    dataDir,
    zoo: resolve(v.zoo ?? join(dataDir, 'zoo')),
    embedder: resolve(v.embedder ?? join(dataDir, 'embedder')),
    nodes: num('nodes', 2, 32),
    clients: num('clients', 1, 4),
    durationS: num('duration', 6, 3600),
    qps: num('qps', 0.1, 500, false),
    deadlineMs: num('deadline-ms', 50, 60_000),
    killFraction: num('kill-fraction', 0, 1, false),
    k: v.k != null ? num('k', 1, 16) : undefined,
    seed: num('seed', 0, 2 ** 31),
    json: v.json,
    starts: num('starts', 0, 1000),
    joinTimeoutS: num('join-timeout', 1, 600, false)
  }
  if (o.clients >= o.nodes) usage('--clients must be below --nodes (someone has to serve)')
  if (!existsSync(join(o.embedder, 'model.onnx'))) usage(`no embedder at ${o.embedder}/model.onnx; run \`moemesh start\` once (it builds it) or pass --data-dir / --embedder`)
  if (!existsSync(join(o.zoo, 'experts'))) usage(`no zoo at ${o.zoo}; run \`npm run build:zoo\` or pass --data-dir / --zoo`)
  return o
}

interface ZooExpert { name: string, dir: string, texts: string[] }

async function loadZoo (zoo: string): Promise<ZooExpert[]> {
  const names = (await readdir(join(zoo, 'experts'))).filter((n) => existsSync(join(zoo, 'experts', n, 'expert.json'))).sort()
  const experts: ZooExpert[] = []
  for (const name of names) {
    let texts: string[] = []
    try {
      const lines = (await readFile(join(zoo, 'testsets', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l.trim() !== '')
      texts = lines.map((l) => String((JSON.parse(l) as { text: unknown }).text)).filter((t) => t.trim() !== '' && t.length <= MAX_TEXT_CHARS)
    } catch { /* no test split: the expert serves, but no load targets it */ }
    experts.push({ name, dir: join(zoo, 'experts', name), texts })
  }
  if (experts.length === 0) throw new Error(`no expert packages under ${join(zoo, 'experts')}`)
  if (experts.every((e) => e.texts.length === 0)) throw new Error(`no test texts under ${join(zoo, 'testsets')}`)
  return experts
}

type Phase = 'before kill' | 'after kill' | 'after restart'
const PHASES: Phase[] = ['before kill', 'after kill', 'after restart']

/** `abstained`: an answer (HTTP 200) that says no expert is competent (`label: null, abstained: true`); it counts as answered. */
interface QueryRecord { phase: Phase, sentAtMs: number, ms: number, outcome: 'answered' | 'failed' | 'hung', inDeadline: boolean, abstained?: boolean, code?: string }

/** Cleanup shared by the normal path, errors and signals. */
class Cleanup {
  nodes: DaemonProcess[] = []
  tmpRoot?: string
  private running?: Promise<void>
  constructor () {
    process.once('exit', () => { for (const n of this.nodes) n.killNow() })
  }

  async run (): Promise<void> {
    this.running ??= (async () => {
      await Promise.allSettled(this.nodes.map(async (n) => { await n.stop(); n.close() }))
      if (this.tmpRoot != null) await rm(this.tmpRoot, { recursive: true, force: true })
    })()
    await this.running
  }
}

function say (line: string): void { process.stdout.write(`${line}\n`) }

/** Peers that serve (not clients), and which experts each hosts (round-robin deal). */
function layout (o: Options, zoo: ZooExpert[]): ZooExpert[][] {
  const serving = o.nodes - o.clients
  const shares: ZooExpert[][] = Array.from({ length: o.nodes }, () => [])
  zoo.forEach((e, i) => { shares[o.clients + (i % serving)].push(e) })
  return shares
}

async function prepareNodes (o: Options, zoo: ZooExpert[], c: Cleanup, signal: AbortSignal): Promise<DaemonProcess[]> {
  c.tmpRoot = await mkdtemp(join(tmpdir(), 'moemesh-chaos-'))
  const shares = layout(o, zoo)
  const ports = [] as number[]
  while (ports.length < 2 * o.nodes) {
    const p = await freePort()
    if (!ports.includes(p)) ports.push(p)
  }
  const first: DaemonProcess[] = []
  // Clients first: their peer ids are the others' bootstrap addresses.
  for (let i = 0; i < o.clients; i++) {
    const d = await DaemonProcess.prepare({
      name: `node-${i + 1}`, dataDir: join(c.tmpRoot, `node-${i + 1}`), embedderDir: o.embedder, experts: [],
      listenPort: ports[2 * i], apiPort: ports[2 * i + 1], bootstrap: first.map((f) => f.multiaddr), timeoutMs: o.deadlineMs
    }, { signal })
    first.push(d)
    c.nodes.push(d)
  }
  const rest = await Promise.all(Array.from({ length: o.nodes - o.clients }, async (_, j) => {
    const i = o.clients + j
    const d = await DaemonProcess.prepare({
      name: `node-${i + 1}`, dataDir: join(c.tmpRoot as string, `node-${i + 1}`), embedderDir: o.embedder,
      experts: shares[i].map((e) => e.dir), listenPort: ports[2 * i], apiPort: ports[2 * i + 1],
      bootstrap: first.map((f) => f.multiaddr), timeoutMs: o.deadlineMs
    }, { signal })
    c.nodes.push(d)
    return d
  }))
  return [...first, ...rest]
}

/** Cards per peer as one node's /v1/experts lists them (undefined when the node does not answer). */
async function cardsByPeer (node: DaemonProcess, signal: AbortSignal): Promise<Map<string, number> | undefined> {
  const r = await httpJson(`${node.api}/v1/experts`, { timeoutMs: 2_000, signal })
  if (r.status !== 200 || !Array.isArray(r.body?.experts)) return undefined
  const m = new Map<string, number>()
  for (const e of r.body.experts as Array<{ peer: string }>) m.set(e.peer, (m.get(e.peer) ?? 0) + 1)
  return m
}

/** `--starts K`: start all nodes at once K times and count the nodes with no peer `joinTimeoutS` after their API came up. */
async function startsMode (o: Options, zoo: ZooExpert[], c: Cleanup, signal: AbortSignal): Promise<Record<string, unknown>> {
  const nodes = await prepareNodes(o, zoo, c, signal)
  const rows: Array<Record<string, unknown>> = []
  for (let s = 1; s <= o.starts; s++) {
    const t0 = performance.now()
    for (const n of nodes) n.start()
    const joinedAt = new Map<DaemonProcess, number>()
    const isolated: string[] = []
    const failed: string[] = []
    await Promise.all(nodes.map(async (n) => {
      try { await n.waitApi({ signal }) } catch (err) { signal.throwIfAborted(); failed.push(`${n.init.name}: ${(err as Error).message}`); return }
      const end = performance.now() + o.joinTimeoutS * 1000
      while (performance.now() < end) {
        if (await n.peerCount(signal) > 0) { joinedAt.set(n, performance.now() - t0); return }
        await sleep(MONITOR_PERIOD_MS, signal)
      }
      isolated.push(n.init.name)
    }))
    const joins = [...joinedAt.values()]
    const row = { start: s, nodes: nodes.length, joined: joinedAt.size, isolated: isolated.length, isolated_nodes: isolated, failed_to_start: failed, max_join_ms: joins.length > 0 ? Math.round(Math.max(...joins)) : null }
    rows.push(row)
    say(`start ${s}/${o.starts}: ${joinedAt.size}/${nodes.length} joined (slowest ${String(row.max_join_ms)} ms from spawn)` +
      (isolated.length > 0 ? `, isolated: ${isolated.join(', ')}` : '') + (failed.length > 0 ? `, failed: ${failed.join('; ')}` : ''))
    await Promise.all(nodes.map(async (n) => { await n.stop() }))
  }
  const all = rows.filter((r) => r.isolated === 0 && (r.failed_to_start as string[]).length === 0).length
  say('\n' + textTable(['start', 'joined', 'isolated', 'slowest join (ms from spawn)'], rows.map((r) => [String(r.start), `${String(r.joined)}/${String(r.nodes)}`, String(r.isolated), String(r.max_join_ms)])))
  say(`\nevery node joined within ${o.joinTimeoutS} s in ${all} of ${o.starts} starts of ${o.nodes} daemons started at once`)
  return { mode: 'starts', nodes: o.nodes, join_timeout_s: o.joinTimeoutS, starts: o.starts, starts_all_joined: all, runs: rows }
}

async function chaosMode (o: Options, zoo: ZooExpert[], c: Cleanup, signal: AbortSignal): Promise<Record<string, unknown>> {
  const nodes = await prepareNodes(o, zoo, c, signal)
  const clients = nodes.slice(0, o.clients)
  const serving = nodes.slice(o.clients)
  const hosted = new Map(serving.map((n) => [n, zoo.filter((e) => n.init.experts.includes(e.dir))]))

  // 1. Start: clients first, then every serving node at once.
  const tStart = performance.now()
  for (const n of clients) { n.start(); await n.waitApi({ signal }) }
  for (const n of serving) n.start()
  await Promise.all(serving.map(async (n) => { await n.waitApi({ signal }) }))
  say(`${nodes.length} daemons up after ${((performance.now() - tStart) / 1000).toFixed(1)} s (${clients.length} client, ${serving.length} serving; ports on 127.0.0.1)`)

  // 2. Wait until the client(s) list every serving node's cards (or give up and run anyway, saying so).
  const converge0 = performance.now()
  let missing: string[] = serving.map((n) => n.init.name)
  while (performance.now() - converge0 < CONVERGE_TIMEOUT_MS) {
    const views = await Promise.all(clients.map(async (cl) => await cardsByPeer(cl, signal)))
    missing = serving.filter((n) => views.some((v) => (v?.get(n.peerId) ?? 0) < n.init.experts.length)).map((n) => n.init.name)
    if (missing.length === 0) break
    await sleep(MONITOR_PERIOD_MS, signal)
  }
  const isolatedAtStart = []
  for (const n of nodes) if (await n.peerCount(signal) === 0) isolatedAtStart.push(n.init.name)
  const convergedMs = missing.length === 0 ? Math.round(performance.now() - converge0) : null
  say(missing.length === 0
    ? `the client(s) list every serving node's cards after ${((convergedMs ?? 0) / 1000).toFixed(1)} s`
    : `after ${CONVERGE_TIMEOUT_MS / 1000} s the client(s) still miss the cards of ${missing.join(', ')} (isolated: ${isolatedAtStart.join(', ') || 'none'}); running anyway`)

  // 3. Steady open-loop load for the whole run; the phase of a query is the phase it was sent in.
  const rng = new SeededRandom(o.seed)
  const pool = zoo.flatMap((e) => e.texts)
  const records: QueryRecord[] = []
  let phase: Phase = 'before kill'
  let sent = 0
  const inflight = new Set<Promise<void>>()
  const loadStart = performance.now()
  const sendOne = async (): Promise<void> => {
    const p = phase
    const sentAtMs = performance.now() - loadStart
    const client = clients[sent++ % clients.length]
    const text = pool[rng.int(pool.length)]
    const r = await httpJson(`${client.api}/v1/query`, { method: 'POST', body: { text, timeout_ms: o.deadlineMs, k: o.k }, timeoutMs: o.deadlineMs + HUNG_GRACE_MS })
    if (r.status === 0 && r.error === 'timeout') { records.push({ phase: p, sentAtMs, ms: r.ms, outcome: 'hung', inDeadline: false, code: 'HUNG' }); return }
    // An abstention ("no expert is competent", the default routing's answer for an out-of-domain text) is an answer.
    const abstained = r.status === 200 && r.body?.abstained === true
    const ok = abstained || (r.status === 200 && Array.isArray(r.body?.experts) && r.body.experts.length > 0)
    records.push({ phase: p, sentAtMs, ms: r.ms, outcome: ok ? 'answered' : 'failed', inDeadline: ok && r.ms <= o.deadlineMs, abstained, code: ok ? undefined : String(r.body?.error?.code ?? (r.status === 0 ? `NO_RESPONSE:${r.error ?? ''}` : `HTTP_${r.status}`)) })
  }
  const loadAbort = new AbortController()
  const load = (async () => {
    const period = 1000 / o.qps
    let next = performance.now()
    while (!loadAbort.signal.aborted && !signal.aborted) {
      const q = sendOne().catch(() => {})
      inflight.add(q)
      void q.finally(() => inflight.delete(q))
      next += period
      const wait = next - performance.now()
      if (wait > 0) await sleep(wait, loadAbort.signal).catch(() => {})
    }
  })()

  const phaseMs = (o.durationS * 1000) / 3
  const killCount = Math.max(o.killFraction > 0 ? 1 : 0, Math.round(serving.length * o.killFraction))
  const victims = new SeededRandom(o.seed + 1).shuffle([...serving]).slice(0, killCount)
  const victimIds = new Set(victims.map((v) => v.peerId))
  let deadCardsGoneMs: number | null = null
  /** Per survivor: kill until its /v1/experts no longer lists a killed node's card (null: not within the phase). */
  const goneAt = new Map<DaemonProcess, number | null>()
  /** Per restarted node: restart until its API answers (process start and model loading, before any networking). */
  const apiUpMs = new Map<DaemonProcess, number | null>()
  const rejoinedMs = new Map<DaemonProcess, number | null>()
  try {
    await sleep(phaseMs, signal)

    // 4. kill -9, then watch the survivors' views until no killed node's card is listed (or the restart comes).
    say(`kill -9 of ${victims.map((v) => v.init.name).join(', ')} (${killCount} of ${serving.length} serving nodes)`)
    const tKill = performance.now()
    phase = 'after kill'
    await Promise.all(victims.map(async (v) => { await v.kill9() }))
    const deadWatch = new AbortController()
    const survivors = nodes.filter((n) => !victims.includes(n))
    for (const n of survivors) goneAt.set(n, null)
    const watchDead = (async () => {
      while (!deadWatch.signal.aborted) {
        const pending = survivors.filter((n) => goneAt.get(n) == null)
        const views = await Promise.all(pending.map(async (n) => await cardsByPeer(n, deadWatch.signal)))
        const now = Math.round(performance.now() - tKill)
        pending.forEach((n, i) => { const v = views[i]; if (v != null && ![...v.keys()].some((p) => victimIds.has(p))) goneAt.set(n, now) })
        if (survivors.every((n) => goneAt.get(n) != null)) { deadCardsGoneMs = Math.max(...(survivors.map((n) => goneAt.get(n)) as number[])); return }
        await sleep(MONITOR_PERIOD_MS, deadWatch.signal).catch(() => {})
      }
    })()
    await sleep(phaseMs - (performance.now() - tKill), signal)
    deadWatch.abort()
    await watchDead.catch(() => {})

    // 5. Restart the killed nodes (same identity, ports and experts) and time until each serves again from the client.
    say(`restarting ${victims.map((v) => v.init.name).join(', ')}`)
    phase = 'after restart'
    const tRestart = performance.now()
    for (const v of victims) v.start()
    const rejoinEnd = tRestart + phaseMs
    await Promise.all(victims.map(async (v) => {
      const vr = new SeededRandom(o.seed + v.init.listenPort)
      const texts = (hosted.get(v) ?? []).flatMap((e) => e.texts)
      rejoinedMs.set(v, null)
      apiUpMs.set(v, null)
      void v.waitApi({ signal }).then(() => { apiUpMs.set(v, Math.round(performance.now() - tRestart)) }, () => {})
      while (performance.now() < rejoinEnd && !signal.aborted) {
        const view = await cardsByPeer(clients[0], signal)
        if ((view?.get(v.peerId) ?? 0) >= v.init.experts.length && texts.length > 0) {
          const r = await httpJson(`${clients[0].api}/v1/query`, { method: 'POST', body: { text: texts[vr.int(texts.length)], timeout_ms: o.deadlineMs }, timeoutMs: o.deadlineMs + HUNG_GRACE_MS, signal })
          if (r.status === 200 && (r.body?.experts as Array<{ peer: string }> | undefined)?.some((e) => e.peer === v.peerId) === true) {
            rejoinedMs.set(v, Math.round(performance.now() - tRestart))
            return
          }
        }
        await sleep(MONITOR_PERIOD_MS, signal)
      }
    }))
    const left = rejoinEnd - performance.now()
    if (left > 0) await sleep(left, signal)
  } finally {
    loadAbort.abort()
    await load
    await Promise.allSettled([...inflight])
  }

  // 6. Per-phase figures.
  const restartTimes = [...rejoinedMs.values()]
  const clientGone = clients.map((cl) => goneAt.get(cl) ?? null)
  const deadCardsGoneClientMs = clientGone.length > 0 && clientGone.every((t) => t != null) ? Math.max(...(clientGone as number[])) : null
  const phases = PHASES.map((ph) => {
    const rs = records.filter((r) => r.phase === ph)
    const answered = rs.filter((r) => r.outcome === 'answered').map((r) => r.ms)
    const failures: Record<string, number> = {}
    for (const r of rs) if (r.outcome !== 'answered') failures[r.code ?? '?'] = (failures[r.code ?? '?'] ?? 0) + 1
    const inDeadline = rs.filter((r) => r.inDeadline).length
    return {
      phase: ph,
      nodes: ph === 'after kill' ? nodes.length - victims.length : nodes.length,
      queries: rs.length,
      answered_in_deadline: inDeadline,
      answered_in_deadline_pct: rs.length > 0 ? Math.round((10_000 * inDeadline) / rs.length) / 100 : null,
      hung: rs.filter((r) => r.outcome === 'hung').length,
      abstained: rs.filter((r) => r.abstained === true).length,
      p50_ms: answered.length > 0 ? Math.round(percentile(answered, 50)) : null,
      p99_ms: answered.length > 0 ? Math.round(percentile(answered, 99)) : null,
      dead_cards_gone_ms: ph === 'after kill' ? deadCardsGoneMs : null,
      dead_cards_gone_client_ms: ph === 'after kill' ? deadCardsGoneClientMs : null,
      hung_sent_at_s: rs.filter((r) => r.outcome === 'hung').map((r) => Math.round(r.sentAtMs / 100) / 10),
      rejoined_ms: ph === 'after restart' ? (restartTimes.length > 0 && restartTimes.every((t) => t != null) ? Math.max(...(restartTimes as number[])) : null) : null,
      failures
    }
  })
  const nul = (v: unknown, what: string): string => v == null ? what : String(v)
  say('\n' + textTable(['phase', 'nodes', 'queries', 'in deadline', 'abstained', 'hung', 'p50 ms', 'p99 ms', 'dead cards gone ms', 'rejoined ms', 'failures'], phases.map((p) => [
    p.phase, p.nodes, p.queries, `${p.answered_in_deadline} (${nul(p.answered_in_deadline_pct, '-')}%)`, p.abstained, p.hung, nul(p.p50_ms, '-'), nul(p.p99_ms, '-'),
    p.phase === 'after kill' ? `client ${nul(p.dead_cards_gone_client_ms, '-')}, all ${nul(p.dead_cards_gone_ms, `> ${Math.round(phaseMs)}`)}` : '',
    p.phase === 'after restart' ? nul(p.rejoined_ms, `> ${Math.round(phaseMs)} (not all)`) : '',
    Object.entries(p.failures).map(([k, n]) => `${k}:${n}`).join(' ') || '-'
  ])))
  const through = phases.filter((p) => p.phase !== 'before kill')
  const q = through.reduce((s, p) => s + p.queries, 0)
  const a = through.reduce((s, p) => s + p.answered_in_deadline, 0)
  say(`\nthrough the kill and restart: ${a}/${q} (${q > 0 ? ((100 * a) / q).toFixed(2) : '-'}%) answered within ${o.deadlineMs} ms; ` +
    `per restarted node: ${[...rejoinedMs].map(([n, t]) => `${n.init.name} ${t == null ? 'not serving in the phase' : `${t} ms`} (API up after ${nul(apiUpMs.get(n), '-')} ms)`).join(', ')}`)
  say(`killed nodes' cards gone from the client(s) after ${nul(deadCardsGoneClientMs, '-')} ms; per survivor: ${[...goneAt].map(([n, t]) => `${n.init.name} ${nul(t, 'not in phase')}`).join(', ')}`)
  return {
    mode: 'chaos',
    config: { nodes: o.nodes, clients: o.clients, serving: serving.length, killed: victims.map((v) => v.init.name), duration_s: o.durationS, qps: o.qps, deadline_ms: o.deadlineMs, k: o.k ?? null, seed: o.seed },
    converged_ms: convergedMs,
    isolated_at_start: isolatedAtStart,
    phases,
    through_kill: { queries: q, answered_in_deadline: a },
    rejoined_ms_by_node: Object.fromEntries([...rejoinedMs].map(([n, t]) => [n.init.name, t])),
    api_up_ms_by_node: Object.fromEntries([...apiUpMs].map(([n, t]) => [n.init.name, t])),
    dead_cards_gone_ms_by_node: Object.fromEntries([...goneAt].map(([n, t]) => [n.init.name, t]))
  }
}

let interrupted = false

async function main (): Promise<void> {
  const o = parseCli()
  const abort = new AbortController()
  const c = new Cleanup()
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) { process.exit(130) }
    interrupted = true
    process.exitCode = 130
    process.stderr.write(`\n${sig}: stopping every daemon and removing temp dirs…\n`)
    abort.abort(new Error(`interrupted by ${sig}`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // Bounded in time: whatever happens, give up well after the planned end.
  const hardLimitMs = o.starts > 0 ? o.starts * 120_000 : o.durationS * 1000 + 180_000
  const hard = setTimeout(() => { abort.abort(new Error(`took longer than ${hardLimitMs / 1000} s; giving up`)) }, hardLimitMs)
  try {
    const zoo = await loadZoo(o.zoo)
    const result = o.starts > 0 ? await startsMode(o, zoo, c, abort.signal) : await chaosMode(o, zoo, c, abort.signal)
    if (o.json != null) {
      await writeFile(o.json, JSON.stringify(result, null, 2) + '\n')
      say(`wrote ${o.json}`)
    }
  } finally {
    clearTimeout(hard)
    await c.run()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().catch((err: unknown) => {
  if (interrupted) return
  process.stderr.write(`chaos failed: ${(err as Error)?.message ?? String(err)}\n`)
  process.exitCode = 1
})
