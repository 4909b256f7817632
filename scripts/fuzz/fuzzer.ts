/**
 * Seeded fuzzing of a running daemon's four surfaces (`/moemesh/query/1.0.0` and its batch form, `/moemesh/adverts-sync/1.0.0`,
 * gossip adverts, the HTTP API) while honest queries measure whether it keeps answering. Used by `npm run fuzz`
 * (daemon in a child process) and by `test/integration/fuzz.test.ts` (daemon in-process).
 */
import { connect } from 'node:net'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { PrivateKey, Stream } from '@libp2p/interface'
import { moemesh } from '../../src/gen/moemesh.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../../src/net/libp2p.js'
import { ADVERT_SIGNATURE_PREFIX, ADVERT_SYNC_PROTOCOL, ADVERT_TOPIC_PREFIX } from '../../src/net/constants.js'
import { querybatch } from '../../src/gen/query-batch.js'
import { QUERY_BATCH_PROTOCOL, QUERY_PROTOCOL } from '../../src/net/query-constants.js'
import { absurdNodeAdvert, absurdNumber, absurdQueryRequest, absurdString, absurdSyncRequest, concat, frameRng, hostilePrefix, lp, pick, randomBytes, SURFACES, type Surface, type TargetFacts } from './frames.js'
import { httpJson, percentile, sleep } from './daemon-process.js'

/** The daemon under test, however it runs. */
export interface FuzzTarget {
  /** Base URL of its API, e.g. `http://127.0.0.1:7420`. */
  api: string
  /** A dialable libp2p address ending in /p2p/<peer id>. */
  multiaddr: string
  /** False once the daemon's process (or node) has died. */
  alive: () => boolean
  /** Resident memory of the daemon's process, if known. */
  rssBytes: () => number | undefined
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Frames in all, shared evenly by the surfaces. @default 100_000 */
  frames?: number
  /** Seed of every generated frame. @default 1 */
  seed?: number
  /** Surfaces to fuzz. @default all four */
  surfaces?: Surface[]
  /** First frame index of each surface (to replay a reported frame). @default 0 */
  startFrame?: number
  /** Texts for honest queries (`POST /v1/query`). */
  honestTexts: string[]
  /** Honest queries per second, before and during the fuzz. @default 4 */
  honestQps?: number
  /** Seconds of honest queries alone before fuzzing starts. @default 5 */
  baselineS?: number
  /** Deadline of an honest query. @default 3_000 */
  honestDeadlineMs?: number
  /** Stop after this long even if frames remain. @default 600 */
  maxDurationS?: number
  /** Gossip frames per attacker identity before a fresh one replaces it (a graylisted peer is ignored cheaply). @default 500 */
  gossipRotate?: number
  /** Frames in flight per surface (gossip: 1). @default 16 */
  concurrency?: number
  /** Progress lines. */
  onProgress?: (line: string) => void
  signal?: AbortSignal
}

/** A crash or hang, with what reproduces it. */
export interface FuzzFinding {
  kind: 'crash' | 'hang'
  detail: string
  seed: number
  /** Frames in flight per surface when it was noticed (each is reproducible from the seed). */
  inFlight: Partial<Record<Surface, number[]>>
}

/** What {@link runFuzz} reports. */
export interface FuzzReport {
  seed: number
  frames: number
  frames_by_surface: Record<string, number>
  duration_s: number
  frames_per_s: number
  crashes: number
  findings: FuzzFinding[]
  http_status: Record<string, number>
  http_5xx_internal: number
  gossip_identities: number
  sync_answers_served: number
  rss_before_mb: number | null
  rss_max_mb: number | null
  rss_after_mb: number | null
  rss_growth_mb: number | null
  honest_before: { queries: number, answered: number, failures: Record<string, number>, p50_ms: number | null, p99_ms: number | null }
  honest_during: { queries: number, answered: number, failures: Record<string, number>, p50_ms: number | null, p99_ms: number | null }
  honest_after_ok: boolean
  query_protocol_after_ok: boolean
}

const MB = 1024 * 1024
/**
 * How long past its deadline an honest query's HTTP answer may take before it counts as not answered: the daemon
 * answers at its deadline at the latest (an error is still an answer), and on a CPU-starved machine (2 cores running
 * other test files beside the fuzzer) the answer can wait seconds for the event loop.
 */
const HONEST_GRACE_MS = 5_000

/** Run honest queries at `qps` until `stop` aborts; returns per-query latency (undefined = not answered). */
async function honestLoop (target: FuzzTarget, texts: string[], qps: number, deadlineMs: number, stop: AbortSignal, seed: number): Promise<Array<number | string>> {
  const results: Array<number | string> = []
  const pending: Array<Promise<void>> = []
  let i = 0
  while (!stop.aborted) {
    const text = texts[(seed + i++) % texts.length]
    pending.push(httpJson(`${target.api}/v1/query`, { method: 'POST', body: { text, timeout_ms: deadlineMs }, timeoutMs: deadlineMs + HONEST_GRACE_MS })
      .then((r) => { results.push(r.status === 200 ? r.ms : String(r.body?.error?.code ?? (r.status === 0 ? r.error ?? 'NO_RESPONSE' : `HTTP_${r.status}`))) }))
    await sleep(1000 / qps, stop).catch(() => {})
  }
  await Promise.allSettled(pending)
  return results
}

function summary (rs: Array<number | string>): FuzzReport['honest_before'] {
  const ok = rs.filter((r): r is number => typeof r === 'number')
  const failures: Record<string, number> = {}
  for (const r of rs) if (typeof r === 'string') failures[r] = (failures[r] ?? 0) + 1
  return { queries: rs.length, answered: ok.length, failures, p50_ms: ok.length > 0 ? Math.round(percentile(ok, 50)) : null, p99_ms: ok.length > 0 ? Math.round(percentile(ok, 99)) : null }
}

/** Learn the target's space, dim and expert ids from its API. */
async function targetFacts (target: FuzzTarget): Promise<TargetFacts> {
  const s = await httpJson(`${target.api}/v1/status`, { timeoutMs: 5_000 })
  if (s.status !== 200) throw new Error(`the target's API did not answer /v1/status (${s.status} ${s.error ?? ''})`)
  const ids = (s.body.experts as Array<{ expert: string }> ?? []).map((e) => Uint8Array.from(Buffer.from(e.expert, 'hex')))
  return { spaceId: String(s.body.spaceId), dim: Number(s.body.dim), expertIds: ids }
}

/** An attacker libp2p node (the project's own factory: noise, yamux, gossipsub). */
async function attacker (): Promise<{ node: MoemeshLibp2p, key: PrivateKey }> {
  const key = await generateKeyPair('Ed25519')
  const node = await createMoemeshLibp2p({ privateKey: key, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false })
  return { node, key }
}

/** Write `chunks` raw on a fresh stream, half-close, read whatever comes back for a moment, then drop the stream. */
async function rawExchange (node: MoemeshLibp2p, target: string, protocol: string, chunks: Uint8Array[], readMs: number): Promise<void> {
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(multiaddr(target), protocol, { signal: AbortSignal.timeout(5_000) })
    for (const c of chunks) {
      if (!stream.send(c)) await new Promise<void>((resolve) => { stream?.addEventListener('drain', () => { resolve() }, { once: true }); setTimeout(resolve, 1_000) })
    }
    await stream.close({ signal: AbortSignal.timeout(readMs) }).catch(() => {})
    const it = stream[Symbol.asyncIterator]()
    const end = Date.now() + readMs
    while (Date.now() < end) {
      const next = await Promise.race([it.next(), sleep(Math.max(1, end - Date.now())).then(() => undefined)])
      if (next == null || next.done === true) break
    }
  } catch { /* refused, reset or timed out: all are answers a fuzzer expects */ } finally {
    stream?.abort(new Error('fuzz frame done'))
  }
}

/** One raw HTTP request over a socket; resolves with the status code (0: none) within `timeoutMs`. */
async function rawHttp (host: string, port: number, bytes: Uint8Array, timeoutMs: number): Promise<number> {
  return await new Promise((resolve) => {
    let head = ''
    const sock = connect(port, host)
    const done = (status: number): void => { clearTimeout(t); sock.destroy(); resolve(status) }
    const t = setTimeout(() => { done(0) }, timeoutMs)
    sock.on('error', () => { done(0) })
    sock.on('data', (d: Buffer) => {
      head += d.toString('latin1')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      if (m != null) done(Number(m[1]))
      else if (head.length > 4096) done(0)
    })
    sock.on('end', () => { done(0) })
    sock.write(bytes)
  })
}

/** The raw bytes of one hostile HTTP request. */
function httpFrame (rng: ReturnType<typeof frameRng>, facts: TargetFacts, host: string): Uint8Array {
  const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1')
  const req = (method: string, path: string, body: Uint8Array | string, headers: Record<string, string> = {}): Uint8Array => {
    const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    const h = { host, 'content-type': 'application/json', 'content-length': String(b.length), connection: 'close', ...headers }
    return concat([enc(`${method} ${path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`), b])
  }
  const absurdQuery = (): Record<string, unknown> => ({
    text: pick(rng, ['a heron', '', ' ', 42, null, ['x'], { a: 1 }, absurdString(rng, 17_000)]),
    k: pick(rng, [undefined, absurdNumber(rng), '2', 16, 17]),
    strategy: pick(rng, [undefined, 'top1', 'vote', 'mixture', 'best', 7]),
    timeout_ms: pick(rng, [undefined, 50, 49, 60_001, absurdNumber(rng), '100']),
    max_price: pick(rng, [undefined, absurdNumber(rng)]),
    budget: pick(rng, [undefined, absurdNumber(rng)]),
    ['__proto__']: pick(rng, [undefined, { polluted: true }])
  })
  switch (rng.int(12)) {
    case 0: return randomBytes(rng, 1 + rng.int(2048))
    case 1: return req('POST', '/v1/query', JSON.stringify(absurdQuery()))
    case 2: return req('POST', '/v1/query', JSON.stringify(absurdQuery()), { 'content-type': pick(rng, ['text/plain', 'application/x-www-form-urlencoded', '', 'application/jsonx']) })
    case 3: return req('POST', '/v1/query', randomBytes(rng, rng.int(4096)))
    case 4: return req('POST', '/v1/query', '['.repeat(20_000 + rng.int(40_000)))
    case 5: return req('POST', pick(rng, ['/v1/query', '/v1/experts']), randomBytes(rng, 64), { 'content-length': String(pick(rng, [1e9, 2 ** 53, 65 * 1024, -1])) })
    case 6: return req('POST', '/v1/experts', JSON.stringify({ dir: pick(rng, [absurdString(rng, 500), 42, null, '/nonexistent/fuzz/' + rng.int(1e9), '\u0000']) }))
    case 7: return req(pick(rng, ['GET', 'PUT', 'PATCH', 'OPTIONS', 'TRACE', 'FOO']), pick(rng, ['/v1/experts', '/v1/status', '/v1/peers', '/v1/' + 'x'.repeat(rng.int(8000)), '/%zz', '/v1/../../etc/passwd', '/?' + 'a=1&'.repeat(2000)]), '')
    // expert ids in DELETE are never hex: a hex prefix would legitimately remove one of the target's experts
    case 8: return req('DELETE', '/v1/experts/' + pick(rng, ['%', '%zz', 'zz' + rng.int(1e9), encodeURIComponent(absurdString(rng, 200)).replace(/[0-9a-f]/gi, 'z') + 'z', 'zz'.repeat(5000)]), '')
    case 9: return enc(`POST /v1/query HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${rng.int(1e6).toString(16)}\r\n${'x'.repeat(rng.int(300))}\r\n`)
    case 10: return enc(`GET /v1/status HTTP/1.1\r\n${'x-fuzz: ' + 'y'.repeat(20_000 + rng.int(60_000))}\r\n\r\n`)
    default: return req('POST', '/v1/query', Buffer.alloc(70 * 1024 + rng.int(10_000), 0x61))
  }
}

/**
 * Fuzz the target's four surfaces with seeded frames while honest queries run; never throws for what the target
 * does (that is the report), only for setup failures.
 */
export async function runFuzz (target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? 1
  const totalFrames = options.frames ?? 100_000
  const surfaces = options.surfaces ?? [...SURFACES]
  const start = options.startFrame ?? 0
  const qps = options.honestQps ?? 4
  const deadline = options.honestDeadlineMs ?? 3_000
  const concurrency = options.concurrency ?? 16
  const rotate = options.gossipRotate ?? 500
  const progress = options.onProgress ?? (() => {})
  const signal = options.signal
  const facts = await targetFacts(target)
  const api = new URL(target.api)
  const apiHost = api.hostname
  const apiPort = Number(api.port)
  const topic = ADVERT_TOPIC_PREFIX + facts.spaceId

  // 1. Honest queries alone: the baseline.
  const rssSamples: number[] = []
  const baselineStop = new AbortController()
  const baselineRun = honestLoop(target, options.honestTexts, qps, deadline, baselineStop.signal, seed)
  await sleep((options.baselineS ?? 5) * 1000, signal)
  baselineStop.abort()
  const before = await baselineRun
  const rssBefore = target.rssBytes()

  // 2. Attackers: one libp2p node for the protocols (it also answers the target's sync requests with junk), and a
  // gossip node replaced every `rotate` frames.
  let syncServed = 0
  const protoNode = (await attacker()).node
  const facts2 = facts
  const junkSyncAnswer = async (stream: Stream, index: number): Promise<void> => {
    syncServed++
    const rng = frameRng(seed ^ 0x5bd1e995, 'sync', index)
    const frames: Uint8Array[] = []
    for (let i = 0, n = 1 + rng.int(40); i < n; i++) {
      const k = rng.int(4)
      if (k === 0) frames.push(hostilePrefix(rng))
      else if (k === 1) frames.push(lp(randomBytes(rng, rng.int(2000))))
      else {
        const key = await generateKeyPair('Ed25519')
        const advert = absurdNodeAdvert(rng, facts2, peerIdFromPrivateKey(key).toMultihash().bytes, k === 3)
        const sig = await key.sign(concat([Buffer.from(ADVERT_SIGNATURE_PREFIX), advert]))
        frames.push(lp(moemesh.SignedAdvert.encode({ advert, publicKey: publicKeyToProtobuf(key.publicKey), signature: rng.next() < 0.2 ? randomBytes(rng, 64) : sig }).finish()))
      }
    }
    try { for (const f of frames) stream.send(f); await stream.close({ signal: AbortSignal.timeout(2_000) }) } catch { stream.abort(new Error('fuzz')) }
  }
  await protoNode.handle(ADVERT_SYNC_PROTOCOL, (stream) => { void junkSyncAnswer(stream, syncServed) })

  let gossip: { node: MoemeshLibp2p, key: PrivateKey, used: number } | undefined
  let identities = 0
  const newGossip = async (): Promise<void> => {
    const old = gossip
    const a = await attacker()
    a.node.services.pubsub.subscribe(topic)
    await a.node.dial(multiaddr(target.multiaddr), { signal: AbortSignal.timeout(5_000) })
    const end = Date.now() + 5_000
    while (Date.now() < end && !a.node.services.pubsub.getSubscribers(topic).some((p) => target.multiaddr.endsWith(p.toString()))) await sleep(50)
    gossip = { ...a, used: 0 }
    identities++
    if (old != null) void Promise.resolve(old.node.stop()).catch(() => {})
  }

  const counts: Record<string, number> = Object.fromEntries(surfaces.map((s) => [s, 0]))
  const inFlight: Record<Surface, Set<number>> = { query: new Set(), sync: new Set(), gossip: new Set(), http: new Set() }
  const httpStatus: Record<string, number> = {}
  const findings: FuzzFinding[] = []
  const perSurface = Math.ceil(totalFrames / surfaces.length)
  const fuzzStop = new AbortController()
  const stopAll = (): void => { fuzzStop.abort() }
  signal?.addEventListener('abort', stopAll, { once: true })
  const maxTimer = setTimeout(stopAll, (options.maxDurationS ?? 600) * 1000)

  const frame = async (surface: Surface, i: number): Promise<void> => {
    const rng = frameRng(seed, surface, i)
    if (surface === 'query') {
      // every other frame goes to the batch protocol: hostile batches of absurd requests (duplicate ids, too many)
      const batch = i % 2 === 1
      const chunks: Uint8Array[] = []
      for (let n = 1 + rng.int(4), j = 0; j < n; j++) {
        const k = rng.int(5)
        chunks.push(k === 0
          ? randomBytes(rng, 1 + rng.int(512))
          : k === 1
            ? hostilePrefix(rng)
            : k === 2
              ? lp(randomBytes(rng, rng.int(1024)))
              : batch
                ? lp(querybatch.QueryBatch.encode({ requests: Array.from({ length: rng.int(3) === 0 ? 65 + rng.int(8) : 1 + rng.int(8) }, () => absurdQueryRequest(rng, facts)) }).finish())
                : lp(absurdQueryRequest(rng, facts)))
      }
      await rawExchange(protoNode, target.multiaddr, batch ? QUERY_BATCH_PROTOCOL : QUERY_PROTOCOL, chunks, 50)
    } else if (surface === 'sync') {
      const k = rng.int(4)
      const chunk = k === 0 ? randomBytes(rng, 1 + rng.int(512)) : k === 1 ? hostilePrefix(rng) : k === 2 ? lp(randomBytes(rng, rng.int(1100))) : lp(absurdSyncRequest(rng, facts))
      await rawExchange(protoNode, target.multiaddr, ADVERT_SYNC_PROTOCOL, [chunk], 50)
    } else if (surface === 'gossip') {
      if (gossip == null || gossip.used >= rotate) await newGossip()
      const g = gossip as NonNullable<typeof gossip>
      g.used++
      const k = rng.int(4)
      let data: Uint8Array
      if (k === 0) data = randomBytes(rng, rng.int(4096))
      else {
        // signed by the gossip author itself (so the author check passes) or by a fresh key (it must fail)
        const key = k === 3 ? await generateKeyPair('Ed25519') : g.key
        const advert = k === 1 ? randomBytes(rng, rng.int(2048)) : absurdNodeAdvert(rng, facts, peerIdFromPrivateKey(key).toMultihash().bytes, rng.next() < 0.3)
        const sig = await key.sign(concat([Buffer.from(ADVERT_SIGNATURE_PREFIX), advert]))
        data = moemesh.SignedAdvert.encode({ advert, publicKey: publicKeyToProtobuf(key.publicKey), signature: sig }).finish()
      }
      await g.node.services.pubsub.publish(topic, data).catch(() => {})
      await sleep(1)
    } else {
      const status = await rawHttp(apiHost, apiPort, httpFrame(rng, facts, `${apiHost}:${apiPort}`), 1_000)
      httpStatus[status] = (httpStatus[status] ?? 0) + 1
    }
  }

  const worker = async (surface: Surface, next: { i: number }): Promise<void> => {
    while (!fuzzStop.signal.aborted && next.i < start + perSurface) {
      const i = next.i++
      inFlight[surface].add(i)
      await frame(surface, i).catch(() => {})
      inFlight[surface].delete(i)
      counts[surface]++
    }
  }

  // 3. Fuzz, with honest queries alongside and a watch for crashes and hangs.
  const t0 = performance.now()
  const duringStop = new AbortController()
  const during = honestLoop(target, options.honestTexts, qps, deadline, duringStop.signal, seed + 7)
  const snapshot = (): FuzzFinding['inFlight'] => Object.fromEntries(surfaces.map((s) => [s, [...inFlight[s]].sort((a, b) => a - b)]))
  const watch = (async () => {
    let lastLine = performance.now()
    let silentChecks = 0
    while (!fuzzStop.signal.aborted) {
      await sleep(500, fuzzStop.signal).catch(() => {})
      const rss = target.rssBytes()
      if (rss != null) rssSamples.push(rss)
      if (!target.alive()) {
        findings.push({ kind: 'crash', detail: 'the daemon process exited', seed, inFlight: snapshot() })
        fuzzStop.abort()
        return
      }
      const st = await httpJson(`${target.api}/v1/status`, { timeoutMs: 5_000 })
      silentChecks = st.status === 200 ? 0 : silentChecks + 1
      if (silentChecks >= 6) {
        findings.push({ kind: 'hang', detail: `/v1/status unanswered for ${silentChecks} checks in a row (${st.error ?? st.status})`, seed, inFlight: snapshot() })
        silentChecks = 0
      }
      if (performance.now() - lastLine > 5_000) {
        lastLine = performance.now()
        const n = Object.values(counts).reduce((a, b) => a + b, 0)
        progress(`${n} frames (${Object.entries(counts).map(([s, c]) => `${s} ${c}`).join(', ')}), ${(n / ((performance.now() - t0) / 1000)).toFixed(0)}/s, rss ${rss != null ? (rss / MB).toFixed(0) + ' MB' : '?'}`)
      }
    }
  })()
  const workers: Array<Promise<void>> = []
  for (const s of surfaces) {
    const next = { i: start }
    const c = s === 'gossip' ? 1 : concurrency
    for (let j = 0; j < c; j++) workers.push(worker(s, next))
  }
  await Promise.all(workers)
  const durationS = (performance.now() - t0) / 1000
  fuzzStop.abort()
  clearTimeout(maxTimer)
  signal?.removeEventListener('abort', stopAll)
  await watch
  duringStop.abort()
  const duringRs = await during
  await Promise.allSettled([protoNode.stop(), gossip?.node.stop()])

  // 4. After: does it still answer, over HTTP and over the query protocol, and what is its memory now?
  await sleep(2_000, signal).catch(() => {})
  const alive = target.alive()
  const afterHttp = alive ? await httpJson(`${target.api}/v1/query`, { method: 'POST', body: { text: options.honestTexts[0], timeout_ms: deadline }, timeoutMs: deadline + 2_000 }) : undefined
  let protoOk = false
  if (alive && facts.expertIds.length > 0) {
    const probe = await attacker()
    try {
      const stream = await probe.node.dialProtocol(multiaddr(target.multiaddr), QUERY_PROTOCOL, { signal: AbortSignal.timeout(5_000) })
      stream.send(lp(moemesh.QueryRequest.encode({ id: 1, text: 'probe', vector: Array.from({ length: facts.dim }, (_, d) => d === 0 ? 1 : 0), spaceId: facts.spaceId, expertIds: [facts.expertIds[0]], deadlineMs: 3_000, maxPrice: 1e6 }).finish()))
      const it = stream[Symbol.asyncIterator]()
      const got = await Promise.race([it.next(), sleep(5_000).then(() => undefined)])
      protoOk = got != null && got.done !== true
      stream.abort(new Error('probe done'))
    } catch { protoOk = false }
    await Promise.resolve(probe.node.stop()).catch(() => {})
  }
  const rssAfter = target.rssBytes()
  const frames = Object.values(counts).reduce((a, b) => a + b, 0)
  const mb = (b: number | undefined): number | null => b == null ? null : Math.round(b / MB)
  return {
    seed,
    frames,
    frames_by_surface: counts,
    duration_s: Math.round(durationS * 10) / 10,
    frames_per_s: Math.round(frames / durationS),
    crashes: findings.filter((f) => f.kind === 'crash').length,
    findings,
    http_status: httpStatus,
    http_5xx_internal: httpStatus['500'] ?? 0,
    gossip_identities: identities,
    sync_answers_served: syncServed,
    rss_before_mb: mb(rssBefore),
    rss_max_mb: rssSamples.length > 0 ? mb(Math.max(...rssSamples)) : null,
    rss_after_mb: mb(rssAfter),
    rss_growth_mb: rssBefore != null && rssAfter != null ? Math.round((rssAfter - rssBefore) / MB) : null,
    honest_before: summary(before),
    honest_during: summary(duringRs),
    honest_after_ok: afterHttp?.status === 200,
    query_protocol_after_ok: protoOk
  }
}
