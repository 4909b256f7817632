/**
 * The one line `moemesh start` prints about reachability: whether other machines can reach this node, and if not,
 * what the user can do about it (forward a port and `--announce` it, or rely on relays).
 */
import { multiaddr } from '@multiformats/multiaddr'
import type { Reachability } from '../net/reachability.js'

/** What the line needs to know besides the reachability itself. */
export interface ReachabilityLineInit {
  /** The configured listen multiaddrs (the TCP port to forward is taken from them). */
  listen: string[]
  /** The node offers relaying. */
  relayServer: boolean
  /** The node has somewhere to join (bootstrap peers or a network file). */
  joined: boolean
}

function tcpPort (listen: string[]): string {
  for (const addr of listen) {
    try {
      const port = multiaddr(addr).getComponents().find((c) => c.name === 'tcp')?.value
      if (port != null && port !== '0') return port
    } catch {}
  }
  return '4747'
}

/** One sentence: reachable how, and what to do when it is not publicly reachable. */
export function reachabilityLine (r: Reachability, init: ReachabilityLineInit): string {
  const port = tcpPort(init.listen)
  const fix = `forward TCP port ${port} on your router to this machine and restart with --announce /ip4/<your-public-ip>/tcp/${port}`
  if (r.kind === 'public') {
    return `reachable: yes, publicly at ${r.publicAddrs[0]}${init.relayServer ? ' (relaying for nodes behind NAT)' : ''}; others can join with --bootstrap ${r.publicAddrs[0]}`
  }
  if (r.kind === 'relayed') {
    const relay = /\/p2p\/([^/]+)\/p2p-circuit/.exec(r.relayAddrs[0])?.[1] ?? 'a relay'
    return `reachable: only through relay ${relay.slice(-8)} (behind NAT); queries reach you relayed, then directly when a hole punch succeeds; for direct connections ${fix}`
  }
  if (!init.joined) {
    return `reachable: on this local network only (mDNS); to reach other networks, join one with --network <name> or --bootstrap <addr>, and ${fix}`
  }
  return `reachable: not from outside (no public address and no relay yet); ${fix}, or join a network whose bootstrap node runs --relay-server`
}
