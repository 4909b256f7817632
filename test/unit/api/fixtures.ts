import type { DaemonStatus, ExpertView, PeerView } from '../../../src/api/types.js'

/** A remote expert as a node lists it. */
export const REMOTE_EXPERT: ExpertView = {
  peer: '12D3KooWRemote',
  local: false,
  expert: 'cd'.repeat(32),
  name: 'animal-expert',
  description: 'knows animals',
  task: 'classification',
  labels: ['animal-low', 'animal-high'],
  inputKind: 'both',
  price: 1,
  load: 0.25,
  accuracy: 0.9,
  expiresAt: 1_700_000_000_000
}

/** A connected peer. */
export const PEER: PeerView = { peer: '12D3KooWRemote', addrs: ['/ip4/127.0.0.1/tcp/4747'], experts: 1, reputation: 0.5, latencyMs: 12.5 }

/** A node's status with every counter set. */
export const STATUS: DaemonStatus = {
  peerId: '12D3KooWLocal',
  addrs: ['/ip4/127.0.0.1/tcp/4747/p2p/12D3KooWLocal'],
  api: '127.0.0.1:7420',
  spaceId: 'space-1',
  dim: 32,
  experts: [{ expert: 'ef'.repeat(32), name: 'finance-expert', load: 0 }],
  peers: ['12D3KooWRemote'],
  cardsKnown: 7,
  ledger: { earned: 3, spent: 1, peers: 1 },
  adverts: { published: 1, accepted: 2, relayed: 0, rejected: {}, ignored: { 'stale-seqno': 1 } },
  advertSync: { served: 2, refused: 0, advertsSent: 3, synced: 1, failed: 0, advertsReceived: 2, advertsAccepted: 2, advertsRejected: 0, cutOff: 0 },
  queryServer: { streamsAccepted: 1, streamsOpen: 0, requestsAnswered: 5, inFlight: 0, badFrames: 1 },
  queryClient: { streamsOpened: 4, streamsReused: 2, streamsDiscarded: 0, idleStreams: 1, peers: 1, relayedStreamsOpened: 0 },
  connectivity: { peers: 1, attempts: 0 }
}
