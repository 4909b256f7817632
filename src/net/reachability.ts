/**
 * How other machines can reach this node, judged from the addresses libp2p advertises (announced ones, ones AutoNAT
 * confirmed, UPnP mappings and relay reservations): publicly, only through a circuit relay, or not at all.
 */
import { isPrivate } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'

/** `public`: a direct address others can dial; `relayed`: only through a relay; `private`: neither. */
export type ReachabilityKind = 'public' | 'relayed' | 'private'

/** What `/v1/status` shows of how the node can be reached. */
export interface Reachability {
  kind: ReachabilityKind
  /** Direct public addresses (announced, confirmed by peers, or mapped by the router). */
  publicAddrs: string[]
  /** Addresses through a relay's reservation (`…/p2p/<relay>/p2p-circuit/p2p/<self>`). */
  relayAddrs: string[]
}

/** Classify advertised addresses (`libp2p.getMultiaddrs()`: only verified or announced ones are there). */
export function reachabilityOf (addrs: Multiaddr[]): Reachability {
  const publicAddrs: string[] = []
  const relayAddrs: string[] = []
  for (const ma of addrs) {
    const names = ma.getComponents().map((c) => c.name)
    if (names.includes('p2p-circuit')) relayAddrs.push(ma.toString())
    else if (names[0]?.startsWith('dns') === true || ((names[0] === 'ip4' || names[0] === 'ip6') && isPrivate(ma) !== true && !isLoopbackOrLinkLocal(ma))) publicAddrs.push(ma.toString())
  }
  return { kind: publicAddrs.length > 0 ? 'public' : relayAddrs.length > 0 ? 'relayed' : 'private', publicAddrs, relayAddrs }
}

function isLoopbackOrLinkLocal (ma: Multiaddr): boolean {
  const ip = ma.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value ?? ''
  return ip === '::1' || ip.startsWith('fe80:') || ip.startsWith('127.') || ip.startsWith('169.254.')
}
