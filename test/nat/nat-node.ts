/**
 * One moemesh daemon for the NAT test, run as its own process inside a network namespace
 * (`ip netns exec <ns> node --import tsx test/nat/nat-node.ts '<json>'`). It starts a real daemon (TCP, relay
 * client, DCUtR, AutoNAT; the test's synthetic embedder so no GloVe build is needed), prints JSON lines on stdout
 * (`started`, `reachability` with the line `moemesh start` would print, `connection` events), and answers JSON-line
 * commands on stdin: `status`, `peers`, `connections`, `query`. SIGTERM stops it cleanly.
 */
import '../../src/polyfill.js'
import { createInterface } from 'node:readline'
import { startDaemon, type StartDaemonOptions } from '../../src/node/start-daemon.js'
import { reachabilityLine } from '../../src/node/reachability-line.js'
import { buildTestEmbedder } from '../helpers/network.js'

const config = JSON.parse(process.argv[2] ?? '{}') as StartDaemonOptions
const send = (msg: Record<string, unknown>): void => { process.stdout.write(JSON.stringify(msg) + '\n') }
const t0 = performance.now()
const daemon = await startDaemon({ mdns: false, zoo: false, api: '127.0.0.1:0', backendMode: 'in-process', ...config, embedderModel: buildTestEmbedder() })
const node = daemon.libp2p
node.addEventListener('connection:open', (evt) => {
  const c = evt.detail
  send({ event: 'connection', at: performance.now() - t0, peer: c.remotePeer.toString(), addr: c.remoteAddr.toString(), limited: c.limits != null, direction: c.direction })
})
send({ event: 'started', peerId: daemon.peerId, addrs: daemon.addrs() })
void daemon.waitForReachability({ timeoutMs: 15_000 }).then((r) => {
  send({ event: 'reachability', reachability: r, line: reachabilityLine(r, { listen: daemon.config.listen, relayServer: daemon.config.relayServer, joined: daemon.config.bootstrap.length > 0 }) })
})

const commands: Record<string, (args: any) => Promise<unknown> | unknown> = {
  status: () => daemon.status(),
  peers: () => daemon.peers(),
  connections: () => node.getConnections().map((c) => ({ peer: c.remotePeer.toString(), addr: c.remoteAddr.toString(), limited: c.limits != null, status: c.status })),
  query: async (args: { text: string }) => {
    const started = performance.now()
    const answer = await daemon.query({ text: args.text, k: 1, timeoutMs: 10_000 })
    return { wallMs: performance.now() - started, answer }
  }
}
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, cmd, args } = JSON.parse(line) as { id: number, cmd: string, args?: unknown }
  Promise.resolve().then(async () => await commands[cmd](args)).then(
    (result) => { send({ id, result }) },
    (err: Error) => { send({ id, error: `${err.name}: ${err.message}` }) }
  )
})
process.once('SIGTERM', () => { void daemon.stop().finally(() => { process.exit(0) }) })
