/**
 * A moemesh daemon run as a separate OS process (`node bin/moemesh.js start`), for the chaos and fuzz tools: it
 * can be killed with SIGKILL like a crashed machine, its RSS is its own, and a crash shows as an exit.
 *
 * Only the CLI and the HTTP API are used (no imports of daemon internals), so the tools measure what a user runs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs'
import { mkdir, symlink } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** How long a daemon may take from spawn to a responding API (8 processes loading ONNX models on 2 cores). */
export const API_START_TIMEOUT_MS = 180_000
/** After SIGTERM a daemon gets this long to withdraw its cards and exit before it is killed. */
const STOP_GRACE_MS = 5_000
/** Bytes of a response body read by {@link httpJson}: the experts list of a big network fits. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/** The repository root (holds package.json and bin/moemesh.js), found from this file whether run from source or dist. */
export function repoRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'moemesh.js'))) return dir
    dir = dirname(dir)
  }
  throw new Error('cannot find the moemesh repository root (package.json and bin/moemesh.js) above ' + fileURLToPath(import.meta.url))
}

/** The CLI launcher; it needs the compiled dist/ (`npm run build`). */
export function cliPath (): string {
  const root = repoRoot()
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  return join(root, 'bin', 'moemesh.js')
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr != null ? addr.port : 0
      srv.close(() => { resolve(port) })
    })
  })
}

/** Resolves after `ms`, or at once when `signal` aborts (then throws its reason). */
export async function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve) => {
    const done = (): void => { clearTimeout(t); signal?.removeEventListener('abort', done); resolve() }
    const t = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
  signal?.throwIfAborted()
}

/** Result of one HTTP call: status 0 means no response (refused, reset, timed out). */
export interface HttpResult { status: number, body: any, ms: number, error?: string }

/** One JSON HTTP call with a hard timeout; never throws for network errors. */
export async function httpJson (url: string, init: { method?: string, body?: unknown, timeoutMs: number, signal?: AbortSignal }): Promise<HttpResult> {
  const t0 = performance.now()
  const signals = [AbortSignal.timeout(init.timeoutMs)]
  if (init.signal != null) signals.push(init.signal)
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.any(signals)
    })
    const text = await res.text()
    let body: any
    try { body = text.length <= MAX_RESPONSE_BYTES ? JSON.parse(text) : undefined } catch { body = text }
    return { status: res.status, body, ms: performance.now() - t0 }
  } catch (err) {
    const e = err as Error
    return { status: 0, body: undefined, ms: performance.now() - t0, error: e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.cause as Error)?.message ?? e.message }
  }
}

/** Options of {@link DaemonProcess.prepare}. */
export interface DaemonProcessInit {
  /** Short name for logs and tables (`node-3`). */
  name: string
  /** The node's own data dir (identity, config); created if missing. */
  dataDir: string
  /** Folder holding the shared embedder's `model.onnx`; symlinked into the data dir so all nodes share one space. */
  embedderDir: string
  /** Expert package folders to host; empty with `zoo: false` makes a client-only node. */
  experts: string[]
  /** libp2p TCP port on 127.0.0.1 (fixed, so a restarted node is found at its old address). */
  listenPort: number
  /** HTTP API port on 127.0.0.1. */
  apiPort: number
  /** Bootstrap multiaddrs. @default [] */
  bootstrap?: string[]
  /** Default query deadline of the node in ms. @default the CLI's */
  timeoutMs?: number
  /** Extra environment (e.g. DEBUG). @default {} */
  env?: Record<string, string>
  /** Extra `moemesh start` flags (e.g. `--probes F`). @default [] */
  extraArgs?: string[]
  /** A script run instead of bin/moemesh.js, with the same arguments (e.g. a bench's misbehaving node). @default the CLI */
  entry?: string
}

/**
 * One daemon process. `prepare` creates the data dir and identity (through `moemesh id`), so the peer id and the
 * full listen address are known before any node starts; `start` may then be called again after a kill.
 */
export class DaemonProcess {
  readonly init: DaemonProcessInit
  readonly peerId: string
  private child?: ChildProcess
  private log?: WriteStream
  private exited = true
  /** Exit code or signal of the last run, once it ended. */
  lastExit?: string
  /** Starts of this node so far. */
  starts = 0

  private constructor (init: DaemonProcessInit, peerId: string) {
    this.init = init
    this.peerId = peerId
  }

  /** Create the data dir, link the embedder and make the identity key (runs `moemesh id --json`). */
  static async prepare (init: DaemonProcessInit, options: { signal?: AbortSignal } = {}): Promise<DaemonProcess> {
    await mkdir(init.dataDir, { recursive: true, mode: 0o700 })
    const link = join(init.dataDir, 'embedder')
    if (!existsSync(link)) await symlink(init.embedderDir, link, 'dir')
    const out = await runCli(['--data-dir', init.dataDir, 'id', '--json'], options.signal)
    const peerId = (JSON.parse(out) as { peerId: string }).peerId
    return new DaemonProcess(init, peerId)
  }

  /** The node's libp2p address, usable as a bootstrap address. */
  get multiaddr (): string { return `/ip4/127.0.0.1/tcp/${this.init.listenPort}/p2p/${this.peerId}` }
  /** Base URL of the node's API. */
  get api (): string { return `http://127.0.0.1:${this.init.apiPort}` }
  /** True while the process runs. */
  get alive (): boolean { return !this.exited }
  /** OS process id of the current run. */
  get pid (): number | undefined { return this.child?.pid }

  /** Spawn the daemon; stdout and stderr go to `<dataDir>/daemon.log`. Returns at once (see {@link waitApi}). */
  start (): void {
    if (!this.exited) throw new Error(`${this.init.name} is already running`)
    const i = this.init
    const args = [i.entry ?? cliPath(), '--data-dir', i.dataDir, '--api', `127.0.0.1:${i.apiPort}`, 'start',
      '--listen', `/ip4/127.0.0.1/tcp/${i.listenPort}`, '--no-mdns']
    for (const b of i.bootstrap ?? []) args.push('--bootstrap', b)
    if (i.experts.length === 0) args.push('--no-zoo')
    for (const e of i.experts) args.push('--experts', e)
    if (i.timeoutMs != null) args.push('--timeout', String(i.timeoutMs))
    args.push(...(i.extraArgs ?? []))
    this.log ??= createWriteStream(join(i.dataDir, 'daemon.log'), { flags: 'a' })
    this.log.write(`--- start ${this.starts + 1} at ${new Date().toISOString()}\n`)
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...i.env } })
    this.child = child
    this.exited = false
    this.starts++
    child.stdout?.pipe(this.log, { end: false })
    child.stderr?.pipe(this.log, { end: false })
    child.once('exit', (code, sig) => {
      this.exited = true
      this.lastExit = sig ?? `exit ${String(code)}`
    })
  }

  /** Wait until `GET /v1/status` answers; throws if the process exits first or the time runs out. */
  async waitApi (options: { timeoutMs?: number, signal?: AbortSignal } = {}): Promise<void> {
    const end = performance.now() + (options.timeoutMs ?? API_START_TIMEOUT_MS)
    for (;;) {
      if (this.exited) throw new Error(`${this.init.name} exited during start (${this.lastExit ?? '?'}); see ${join(this.init.dataDir, 'daemon.log')}`)
      const r = await httpJson(`${this.api}/v1/status`, { timeoutMs: 1_000, signal: options.signal })
      if (r.status === 200) return
      if (performance.now() > end) throw new Error(`${this.init.name}: API not up after ${options.timeoutMs ?? API_START_TIMEOUT_MS} ms`)
      await sleep(100, options.signal)
    }
  }

  /** `GET /v1/status`, or undefined when the node does not answer. */
  async status (signal?: AbortSignal): Promise<Record<string, any> | undefined> {
    const r = await httpJson(`${this.api}/v1/status`, { timeoutMs: 2_000, signal })
    return r.status === 200 ? r.body : undefined
  }

  /** Connected peers per `/v1/status` (accepts a list or a count), or -1 when the node does not answer. */
  async peerCount (signal?: AbortSignal): Promise<number> {
    const s = await this.status(signal)
    if (s == null) return -1
    const p = s.peers
    return Array.isArray(p) ? p.length : typeof p === 'number' ? p : Number(p?.connected ?? 0)
  }

  /** Resident set size of the process in bytes (Linux /proc), or undefined. */
  rssBytes (): number | undefined {
    if (this.exited || this.child?.pid == null) return undefined
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))
      return m != null ? Number(m[1]) * 1024 : undefined
    } catch { return undefined }
  }

  /** SIGKILL, as a crash or a pulled plug: nothing is withdrawn. Resolves once the process is gone. */
  async kill9 (): Promise<void> {
    await this.signalAndWait('SIGKILL', STOP_GRACE_MS)
  }

  /** SIGTERM (a clean stop), then SIGKILL after a grace period. */
  async stop (): Promise<void> {
    if (this.exited) return
    if (!(await this.signalAndWait('SIGTERM', STOP_GRACE_MS))) await this.signalAndWait('SIGKILL', STOP_GRACE_MS)
  }

  /** Synchronous last-resort kill (for process 'exit' handlers). */
  killNow (): void {
    if (!this.exited) { try { this.child?.kill('SIGKILL') } catch { /* gone */ } }
  }

  /** Close the log file (after the last stop). */
  close (): void { this.log?.end() }

  private async signalAndWait (sig: NodeJS.Signals, waitMs: number): Promise<boolean> {
    const child = this.child
    if (this.exited || child == null) return true
    const gone = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => { resolve(false) }, waitMs)
      child.once('exit', () => { clearTimeout(t); resolve(true) })
    })
    try { child.kill(sig) } catch { /* already gone */ }
    return this.exited || await gone
  }
}

/** Run the CLI to completion and return its stdout. */
async function runCli (args: string[], signal?: AbortSignal): Promise<string> {
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], signal })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    child.once('error', reject)
    child.once('exit', (code) => { code === 0 ? resolve(out) : reject(new Error(`moemesh ${args.join(' ')} failed (${String(code)}): ${err.trim()}`)) })
  })
}

/** p-th percentile (0..100) of `values`, nearest rank; NaN when empty. */
export function percentile (values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

/** A plain-text table (the tools print with process.stdout; no CLI module is imported). */
export function textTable (head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map((c) => String(c)))]
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}
