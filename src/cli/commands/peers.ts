/**
 * `moemesh peers`: the running daemon's connected peers, direct and relayed alike, each marked by how it is
 * reached (a relayed peer is one whose every connection goes through a circuit relay: queries to it are limited
 * by the relay until a direct connection is made).
 */
import type { PeerView } from '../../api/types.js'
import { table } from '../output.js'

/** Whether `peer` is reached only through a relay: the daemon's flag, or (from a daemon that leaves it out) every
 * open connection's address going over `/p2p-circuit`. */
export function isRelayedPeer (peer: PeerView): boolean {
  if (peer.relayed === true) return true
  return peer.addrs.length > 0 && peer.addrs.every((a) => a.includes('/p2p-circuit'))
}

/** The peers as the aligned table `moemesh peers` prints, direct peers first. */
export function peersTable (peers: PeerView[]): string {
  const rows = peers
    .map((p) => ({ p, relayed: isRelayedPeer(p) }))
    .sort((a, b) => Number(a.relayed) - Number(b.relayed))
    .map(({ p, relayed }) => [p.peer, relayed ? 'relayed' : 'direct', p.experts, Number(p.reputation).toFixed(2), p.addrs[0] ?? ''])
  return table(['peer', 'via', 'experts', 'reputation', 'address'], rows)
}
