import { mkdir, writeFile, access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Daemon, IDENTITY_FILE } from '../node/daemon.js'
import { CONFIG_FILE, DEFAULT_CONFIG, defaultDataDir, loadConfig, readConfigFile, type NodeConfig } from '../node/config.js'
import { reachabilityLine } from '../node/reachability-line.js'
import { loadOrCreateIdentity } from '../net/identity.js'
import { buildZoo } from '../experts/zoo/build-zoo.js'
import { ZOO_EXPERTS } from '../experts/zoo/catalog.js'
import { daemonClient } from './api-client.js'
import { expertToJson, peerToJson, queryToJson } from '../api/wire.js'
import { createCliContext } from './context.js'
import { registerExpertCommands } from './commands/expert.js'
import { registerNetworkCommands } from './commands/network.js'
import { registerLedgerCommands } from './commands/ledger.js'
import { isRelayedPeer, peersTable } from './commands/peers.js'
import { createOutput, processIo, table, type CliIo, type Output } from './output.js'
import { ProgressBar } from './progress.js'

/** Parse a positive integer flag with a one-line error naming it. */
function intFlag (name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`)
    return n
  }
}

function numberFlag (name: string, min: number, max = Infinity) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number >= ${min}${Number.isFinite(max) ? ` and <= ${max}` : ''}`)
    return n
  }
}

/** How long `start` waits for a relay reservation or a confirmed public address before saying how it is reachable. */
const REACHABILITY_WAIT_MS = 10_000
/** The same without bootstrap peers (a UPnP mapping may still come). */
const LOCAL_REACHABILITY_WAIT_MS = 3_000

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

interface GlobalOpts { dataDir?: string, api?: string, apiToken?: string }

function dataDirOf (program: Command): string {
  const o = program.opts<GlobalOpts>()
  return o.dataDir != null ? resolve(o.dataDir) : defaultDataDir()
}

async function exists (path: string): Promise<boolean> {
  try { await access(path); return true } catch { return false }
}

/** Ends a run with `exitCode` once the action has printed what it had to say (no error line). */
class CliExit extends Error {
  override name = 'CliExit'
  constructor (readonly exitCode: number) {
    super(`exit ${exitCode}`)
  }
}

function printAnswer (out: Output, a: Record<string, any>): void {
  if (a.abstained === true) {
    out.line(`no expert in the network knows this  (${Number(a.timing?.total_ms ?? 0).toFixed(1)} ms)`)
    if (typeof a.reason === 'string') out.line(a.reason)
    const nearest = (Array.isArray(a.nearest) ? a.nearest : []) as Array<Record<string, any>>
    if (nearest.length > 0) {
      out.line('nearest candidates:')
      out.line(table(['expert', 'peer', 'gate logit', 'its cut', 'similarity'], nearest.map((n) => [
        String(n.name), String(n.peer).slice(-12), Number(n.gate_logit).toFixed(2), typeof n.abstain_below === 'number' ? n.abstain_below.toFixed(2) : '-', Number(n.similarity).toFixed(3)
      ])))
    }
    return
  }
  out.line(`${String(a.label)}  (${(Number(a.confidence) * 100).toFixed(1)}% confidence, ${String(a.strategy)} of ${(a.experts as unknown[]).length} expert${(a.experts as unknown[]).length === 1 ? '' : 's'}, ${Number(a.timing?.total_ms ?? 0).toFixed(1)} ms)`)
  const rows = (a.experts as Array<Record<string, any>>).map((e) => [
    e.name, String(e.peer).slice(-12), e.score.toFixed(3), `${Number(e.latency_ms).toFixed(1)} ms`, `${String(e.answer.label)} ${(e.answer.confidence * 100).toFixed(0)}%`
  ])
  out.line(table(['expert', 'peer', 'score', 'latency', 'its answer'], rows))
  for (const f of (a.failed ?? []) as Array<Record<string, any>>) out.line(`failed: ${String(f.name)} on ${String(f.peer).slice(-12)}: ${String(f.error)}`)
}

/**
 * Build the CLI program, printing to `io` (exported so tests can run commands without a subprocess). It does not
 * override commander's exit: {@link main} does.
 */
export function buildProgram (io: CliIo = processIo): Command {
  const out = createOutput(io)
  const program = new Command()
  program
    .configureOutput({ writeOut: (text) => { io.stdout.write(text) }, writeErr: (text) => { io.stderr.write(text) } })
    .name('moemesh')
    .description('Pool specialised ML experts over a peer-to-peer network: run a node, host experts, route queries.')
    .version('0.1.0')
    .option('--data-dir <dir>', 'node data directory (default: $MOEMESH_HOME or ~/.moemesh)')
    .option('--api <host:port>', 'API of the running daemon to talk to (default: from the data dir config)')
    .option('--api-token <token>', 'bearer token for that API')
    .showHelpAfterError('(run with --help for usage)')

  program.command('init')
    .description('create the data directory, a default config.json and the node identity key')
    .action(async () => {
      const dir = dataDirOf(program)
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const configPath = join(dir, CONFIG_FILE)
      if (!(await exists(configPath))) await writeFile(configPath, JSON.stringify(DEFAULT_CONFIG, null, 2) + '\n', { mode: 0o600 })
      const key = await loadOrCreateIdentity(join(dir, IDENTITY_FILE))
      out.line(`data dir  ${dir}`)
      out.line(`config    ${configPath}`)
      out.line(`peer id   ${peerIdFromPrivateKey(key).toString()}`)
    })

  program.command('start')
    .description('run the node daemon: host experts, join the network, serve the API (Ctrl-C stops it cleanly)')
    .option('--listen <multiaddr>', 'libp2p listen address (repeatable)', collect)
    .option('--bootstrap <multiaddr>', 'peer to join, /ip4/…/tcp/…/p2p/<id> (repeatable)', collect)
    .option('--network <name|file>', 'join a named network (see `moemesh network`); default: the local network')
    .option('--announce <multiaddr>', 'address to advertise instead of the listen ones, e.g. /ip4/<public-ip>/tcp/4747 after forwarding that port (repeatable)', collect)
    .option('--relay-server', 'relay connections for nodes behind NAT (for a publicly reachable node)')
    .option('--no-upnp', 'do not ask the router to forward the listen port (UPnP)')
    .option('--experts <dir>', 'expert package folder to host (repeatable; default: the built-in zoo)', collect)
    .option('--experts-root <dir>', 'folder under which experts may be added while the node runs (repeatable; default: the data dir)', collect)
    .option('--no-mdns', 'do not discover peers on the local network')
    .option('--no-zoo', 'host no built-in experts when --experts is not given (a client-only node)')
    .option('--k <n>', 'experts asked per query', intFlag('--k', 1, 16))
    .option('--no-validate', 'do not probe other nodes\' experts with labelled probes (validation is on by default, at a low rate)')
    .option('--probes <file>', 'a labelled probe set for validation, {"text","label"} JSON Lines (repeatable; default: the zoo\'s calibration splits)', collect)
    .option('--validate-interval <ms>', 'one validation probe per this many ms (default 5000)', intFlag('--validate-interval', 100, 86_400_000))
    .option('--attest-period <ms>', 'one signed score attestation per this many ms (default 60000)', intFlag('--attest-period', 100, 86_400_000))
    .addOption(new Option('--strategy <name>', 'how answers are combined').choices(['top1', 'mixture', 'vote']))
    .option('--timeout <ms>', 'deadline of one routed query in ms', intFlag('--timeout', 50, 60_000))
    .addOption(new Option('--discovery <mode>', 'how cards are learnt: topic (every card on one advert topic) or cells (only the cells this node holds or queries, the rest looked up in the DHT)').choices(['topic', 'cells']))
    .action(async (opts: { listen?: string[], bootstrap?: string[], network?: string, announce?: string[], relayServer?: boolean, upnp: boolean, experts?: string[], expertsRoot?: string[], mdns: boolean, zoo: boolean, k?: number, strategy?: NodeConfig['strategy'], timeout?: number, discovery?: NodeConfig['discovery'], validate: boolean, probes?: string[], validateInterval?: number, attestPeriod?: number }, cmd: Command) => {
      const g = program.opts<GlobalOpts>()
      const dir = dataDirOf(program)
      const mdnsFromFlag = cmd.getOptionValueSource('mdns') === 'cli' ? opts.mdns : undefined
      const zooFromFlag = cmd.getOptionValueSource('zoo') === 'cli' ? opts.zoo : undefined
      // UPnP is on for `moemesh start` unless the flag or the config file says otherwise (off for the library and
      // tests); without a UPnP router it does nothing
      const upnp = cmd.getOptionValueSource('upnp') === 'cli' ? opts.upnp : ((await readConfigFile(dir)).upnp === undefined ? true : undefined)
      const config = await loadConfig(dir, {
        listen: opts.listen, bootstrap: opts.bootstrap, network: opts.network, announce: opts.announce, relayServer: opts.relayServer, upnp,
        experts: opts.experts, expertsRoots: opts.expertsRoot, mdns: mdnsFromFlag, zoo: zooFromFlag,
        api: g.api, apiToken: g.apiToken, k: opts.k, strategy: opts.strategy, queryTimeoutMs: opts.timeout, discovery: opts.discovery,
        validate: cmd.getOptionValueSource('validate') === 'cli' ? opts.validate : undefined,
        probes: opts.probes, validateIntervalMs: opts.validateInterval, attestPeriodMs: opts.attestPeriod
      })
      const bar = new ProgressBar(io.stderr)
      const abort = new AbortController()
      const onSignal = (): void => abort.abort(new Error('interrupted'))
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      out.info(`starting moemesh node (data dir ${config.dataDir})`)
      let daemon: Daemon
      try {
        daemon = await Daemon.start(config, { onProgress: (f, s) => bar.update(f, s), signal: abort.signal })
      } catch (err) {
        bar.done()
        if (!abort.signal.aborted) throw err
        out.info('interrupted during start: stopped')
        throw new CliExit(130)
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
      bar.done()
      out.line(`peer id  ${daemon.peerId}`)
      for (const a of daemon.addrs()) out.line(`listen   ${a}`)
      out.line(`api      http://${daemon.apiAddress}  (dashboard at /)`)
      out.line(`experts  ${daemon.experts.list().map((e) => e.manifest.name).join(', ') || '(none: a client-only node)'}`)
      out.line(`network  ${daemon.networkName}`)
      out.line('another machine joins with: moemesh start --bootstrap <one of the listen addresses above>')
      // One line on reachability, once a relay reservation or a confirmed public address had a moment to appear.
      const stopping = new AbortController()
      const joined = config.bootstrap.length > 0 || config.network != null
      void daemon.waitForReachability({ timeoutMs: joined ? REACHABILITY_WAIT_MS : LOCAL_REACHABILITY_WAIT_MS, signal: stopping.signal }).then((r) => {
        if (!stopping.signal.aborted) out.line(reachabilityLine(r, { listen: config.listen, relayServer: config.relayServer, joined }))
      })
      await new Promise<void>((resolveStop) => {
        const stop = (sig: string): void => {
          stopping.abort()
          out.info(`${sig}: withdrawing cards and stopping…`)
          daemon.stop().then(() => { out.info('stopped'); resolveStop() }, (err) => { out.error(String(err)); resolveStop() })
        }
        process.once('SIGINT', () => { stop('SIGINT') })
        process.once('SIGTERM', () => { stop('SIGTERM') })
      })
    })

  program.command('id')
    .description("print this node's peer id (and, if the daemon runs, its full addresses)")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const dir = dataDirOf(program)
      const key = await loadOrCreateIdentity(join(dir, IDENTITY_FILE))
      const peerId = peerIdFromPrivateKey(key).toString()
      let addrs: string[] = []
      try {
        const status = await (await daemonClient(dir, program.opts<GlobalOpts>(), 2_000)).status()
        if (status.peerId === peerId) addrs = status.addrs
      } catch { /* daemon not running: the id alone is still useful */ }
      if (opts.json === true) { out.json({ peerId, addrs }); return }
      out.line(peerId)
      for (const a of addrs) out.line(a)
    })

  program.command('peers')
    .description('list the peers the running daemon is connected to')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const peers = await (await daemonClient(dataDirOf(program), program.opts<GlobalOpts>())).peers()
      if (opts.json === true) { out.json({ peers: peers.map((p) => peerToJson({ ...p, relayed: isRelayedPeer(p) })) }); return }
      if (peers.length === 0) { out.line('no peers connected'); return }
      out.line(peersTable(peers))
    })

  program.command('experts')
    .description("list the network's expert cards as the running daemon sees them")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const experts = await (await daemonClient(dataDirOf(program), program.opts<GlobalOpts>())).experts()
      if (opts.json === true) { out.json({ experts: experts.map(expertToJson) }); return }
      out.line(table(['expert', 'peer', 'labels', 'price', 'load', 'accuracy'], experts.map((e) => [
        e.name + (e.local === true ? ' (local)' : ''), String(e.peer).slice(-12), e.labels.length, e.price, `${(e.load * 100).toFixed(0)}%`, e.accuracy > 0 ? `${(e.accuracy * 100).toFixed(1)}%` : ''
      ])))
    })

  program.command('query')
    .description('ask the network: embed, route to the best experts, combine their answers')
    .argument('<text>', 'the query text')
    .option('--k <n>', 'experts to ask', intFlag('--k', 1, 16))
    .addOption(new Option('--strategy <name>', 'how experts are chosen and answers combined (default: competence where cards carry gates)').choices(['competence', 'top1', 'mixture', 'vote']))
    .option('--timeout <ms>', 'deadline in ms', intFlag('--timeout', 50, 60_000))
    .option('--max-price <credits>', 'most to pay one expert', numberFlag('--max-price', 0))
    .option('--no-abstain', 'always ask an expert, even when none is competent')
    .option('--min-similarity <cosine>', 'never ask a card whose similarity to the query is below this (-1..1); none reaching it is an abstention', numberFlag('--min-similarity', -1, 1))
    .option('--json', 'print the full answer as JSON')
    .action(async (text: string, opts: { k?: number, strategy?: string, timeout?: number, maxPrice?: number, abstain: boolean, minSimilarity?: number, json?: boolean }, cmd: Command) => {
      // cmd.error prints like commander's own argument errors (an InvalidArgumentError thrown here would not be)
      if (text.trim() === '') cmd.error('error: the query text is empty: give the question to ask, e.g. moemesh query "a small furry animal"', { exitCode: 2 })
      const client = await daemonClient(dataDirOf(program), program.opts<GlobalOpts>())
      // the answer's JSON as the API sends it, printed as it is
      const answer = await client.request('POST', '/v1/query', queryToJson({ text, k: opts.k, strategy: opts.strategy as NodeConfig['strategy'], timeoutMs: opts.timeout, maxPrice: opts.maxPrice, abstain: opts.abstain ? undefined : false, minSimilarity: opts.minSimilarity })) as Record<string, any>
      if (opts.json === true) { out.json(answer); return }
      printAnswer(out, answer)
    })

  const ctx = createCliContext(io)
  registerExpertCommands(program, ctx)
  registerNetworkCommands(program, ctx)
  registerLedgerCommands(program, ctx)
  const expert = program.commands.find((c) => c.name() === 'expert') ?? program.command('expert').description('train, inspect and host experts')
  expert.command('add')
    .description('host an expert package on the running daemon (advertised at once)')
    .argument('<dir>', 'expert package folder')
    .action(async (dir: string) => {
      const res = await (await daemonClient(dataDirOf(program), program.opts<GlobalOpts>())).addExpert(resolve(dir))
      out.line(`hosting ${String(res.name)} (${String(res.expert).slice(0, 12)}…)`)
    })
  expert.command('remove')
    .description('stop hosting an expert on the running daemon (its card is withdrawn)')
    .argument('<id|name|dir>', 'expert id (or prefix), name, or package folder')
    .action(async (which: string) => {
      const arg = which.includes('/') ? resolve(which) : which
      const res = await (await daemonClient(dataDirOf(program), program.opts<GlobalOpts>())).removeExpert(arg)
      out.line(`removed ${String(res.name)}`)
    })

  const zoo = program.command('zoo').description('the built-in expert zoo, trained from corpora that npm packages ship')
  zoo.command('list')
    .description('list the built-in experts and their training data')
    .action(() => {
      out.line(table(['id', 'input', 'data', 'license'], ZOO_EXPERTS.map((s) => [s.id, s.inputKind, s.dataSource, s.license])))
    })
  zoo.command('build')
    .description('build (or rebuild) the zoo and print each expert\'s held-out test accuracy')
    .option('--out <dir>', 'where to write it (default: <data-dir>/zoo)')
    .option('--only <id>', 'build only this expert (repeatable)', collect)
    .option('--json <file>', 'also write the build table as JSON')
    .action(async (opts: { out?: string, only?: string[], json?: string }) => {
      const dir = dataDirOf(program)
      const outDir = resolve(opts.out ?? join(dir, 'zoo'))
      const started = performance.now()
      const bar = new ProgressBar(io.stderr)
      const { embedder, backend } = await ctx.getEmbedder(dir, (f, s) => bar.update(f, s))
      try {
        const index = await buildZoo({ outDir, embedder, backend, only: opts.only, onProgress: (f, s) => bar.update(f, s) })
        bar.done()
        out.line(table(['expert', 'input', 'labels', 'train', 'test', 'test accuracy', 'seconds'], index.experts.map((e) => [
          e.id, e.inputKind, e.labels, e.train, e.test, `${(e.testAccuracy * 100).toFixed(1)}%`, (e.ms / 1000).toFixed(1)
        ])))
        const secs = (performance.now() - started) / 1000
        out.line(`zoo written to ${outDir} in ${secs.toFixed(1)} s (space ${index.spaceId.slice(0, 16)}…)`)
        if (opts.json != null) await writeFile(opts.json, JSON.stringify({ ...index, total_seconds: secs }, null, 2) + '\n')
      } finally {
        await backend.stop()
      }
    })

  return program
}

/**
 * Run the CLI on `argv` (as `process.argv`: node, script, then the arguments), printing to `io`. Errors print as
 * one line. Never exits the process: the caller does, with the returned code.
 *
 * @returns the exit code: 0, 1 for a failed command, 2 for a usage error, 130 for a start interrupted by a signal
 * @example
 * ```ts
 * process.exitCode = await main(process.argv)
 * ```
 */
export async function main (argv: string[], io: CliIo = processIo): Promise<number> {
  const out = createOutput(io)
  const program = buildProgram(io)
  const override = (c: Command): void => { c.exitOverride(); c.commands.forEach(override) }
  override(program)
  try {
    await program.parseAsync(argv)
    return 0
  } catch (err) {
    if (err instanceof CliExit) return err.exitCode
    if (err instanceof CommanderError) {
      // commander already printed its message (or help/version)
      return err.exitCode === 0 ? 0 : 2
    }
    out.error((err as Error).message ?? String(err))
    if (process.env.DEBUG != null) out.info(String((err as Error).stack))
    return 1
  }
}
