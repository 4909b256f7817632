/**
 * Real libp2p nodes for integration tests: TCP on 127.0.0.1, noise, yamux, identify. Deliberately independent of
 * the production factory (src/net/libp2p.ts) so the query protocol is tested against plain libp2p.
 */
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import type { Libp2p } from '@libp2p/interface'

/** A started test node. */
export type TestNode = Libp2p<{ identify: ReturnType<ReturnType<typeof identify>> }>

/** Start one node listening on an ephemeral loopback TCP port. */
export async function createTestNode (): Promise<TestNode> {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() }
  })
}

/** Start `count` nodes. */
export async function createTestNodes (count: number): Promise<TestNode[]> {
  return Promise.all(Array.from({ length: count }, async () => createTestNode()))
}

/** Teach `from` the addresses of `to` and open a connection, so `to` can be dialed by peer id alone. */
export async function connectNodes (from: Libp2p, to: Libp2p): Promise<void> {
  await from.peerStore.merge(to.peerId, { multiaddrs: to.getMultiaddrs() })
  await from.dial(to.peerId)
}

/**
 * Stop every node, ignoring nodes that are already stopped. Connections are aborted first: a graceful close
 * waits ~500 ms per node for muxer shutdown, which tests do not need.
 */
export async function stopNodes (nodes: Libp2p[]): Promise<void> {
  for (const node of nodes) {
    for (const connection of node.getConnections()) connection.abort(new Error('test node stopping'))
  }
  await Promise.allSettled(nodes.map(async node => { await node.stop() }))
}
