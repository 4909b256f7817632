/**
 * Injected loggers: each net and routing component logs through the `logger` it was given, under its own
 * namespace, so several nodes in one process can be told apart; libp2p itself gets the same logger.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import type { PublishResult, TopicValidatorFn } from '@libp2p/gossipsub'
import type { ComponentLogger, Logger, PeerId } from '@libp2p/interface'
import { AdvertService, type AdvertPubSub } from '../../../src/net/advert-service.js'
import type { CardData } from '../../../src/net/advert-types.js'
import { createMoemeshLibp2p, type MoemeshLibp2p } from '../../../src/net/libp2p.js'
import { CapabilityIndex } from '../../../src/routing/capability-index.js'
import { jsKernel } from '../../../src/routing/dot-kernel.js'
import { Router } from '../../../src/routing/router.js'
import { PeerStats } from '../../../src/market/peer-stats.js'

const SPACE = '0f'.repeat(32)
const DIM = 4

/** A ComponentLogger that records every line with the full name of the logger it went through. */
class RecordingLogger implements ComponentLogger {
  readonly lines: Array<{ name: string, text: string }> = []
  constructor (private readonly prefix: string) {}

  forComponent (component: string): Logger {
    return this.make(`${this.prefix}:${component}`)
  }

  namesStartingWith (start: string): string[] {
    return [...new Set(this.lines.map(l => l.name).filter(n => n.startsWith(start)))]
  }

  private make (name: string): Logger {
    const record = (kind: string) => (formatter: unknown, ...args: unknown[]): void => {
      this.lines.push({ name, text: `${kind} ${String(formatter)} ${args.map(String).join(' ')}` })
    }
    return Object.assign(record('log'), {
      error: record('error'),
      trace: record('trace'),
      enabled: true,
      newScope: (scope: string) => this.make(`${name}:${scope}`)
    })
  }
}

class FakePubSub extends EventTarget {
  readonly topicValidators = new Map<string, TopicValidatorFn>()
  subscribe (): void {}
  unsubscribe (): void {}
  getSubscribers (): PeerId[] { return [] }
  async publish (): Promise<PublishResult> { return { recipients: [] } }
}

function card (i: number): CardData {
  const row = new Float32Array(DIM)
  row[i % DIM] = 1
  return {
    expertId: i.toString(16).padStart(64, '0'),
    name: `e${i}`,
    version: '1.0.0',
    task: 'classification',
    description: '',
    labels: ['a', 'b'],
    spaceId: SPACE,
    centroids: [row],
    dim: DIM,
    price: 0,
    load: 0,
    inputKind: 'embedding',
    accuracy: 0
  }
}

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map(async stop => { await stop() }))
})

describe('injected loggers', () => {
  it('two advert services in one process each log through their own logger', async () => {
    const loggers = [new RecordingLogger('node-a'), new RecordingLogger('node-b')]
    for (const [i, logger] of loggers.entries()) {
      const key = await generateKeyPair('Ed25519')
      const service = new AdvertService({
        pubsub: new FakePubSub() as unknown as AdvertPubSub,
        peerId: peerIdFromPrivateKey(key),
        privateKey: key,
        getMultiaddrs: () => [],
        logger
      }, { spaceId: SPACE, spaceDim: DIM })
      stops.push(async () => { await service.stop() })
      await service.start()
      service.setLocalCards([card(i + 1)])
      await service.flush()
    }
    for (const [i, logger] of loggers.entries()) {
      const own = i === 0 ? 'node-a' : 'node-b'
      expect(logger.namesStartingWith('')).toEqual([`${own}:moemesh:net:adverts`])
      expect(logger.lines.some(l => l.text.includes('published advert'))).toBe(true)
    }
  })

  it('the capability index and the router log through the logger they were given', async () => {
    const logger = new RecordingLogger('node-c')
    const index = new CapabilityIndex({ kernel: jsKernel, logger })
    index.setLocal('me', [card(1)])
    const router = new Router({
      index,
      peerStats: new PeerStats(),
      localPeerId: 'me',
      dispatcher: { ask: async (_peer, _local, ids) => ids.map(expertId => ({ expertId, distribution: new Float32Array([0.9, 0.1]), latencyMs: 1, price: 0 })) },
      logger
    })
    const answer = await router.route({ text: 'x', vector: card(1).centroids[0], spaceId: SPACE }, { k: 1 })
    expect(answer.label).toBe('a')
    expect(logger.namesStartingWith('node-c:moemesh:routing').sort()).toEqual(['node-c:moemesh:routing:index', 'node-c:moemesh:routing:router'])
  })

  it('createMoemeshLibp2p hands its logger to libp2p', async () => {
    const logger = new RecordingLogger('node-d')
    const node: MoemeshLibp2p = await createMoemeshLibp2p({ privateKey: await generateKeyPair('Ed25519'), transport: 'memory', mdns: false, dht: false, logger })
    stops.push(async () => { await node.stop() })
    expect(logger.namesStartingWith('node-d:libp2p').length).toBeGreaterThan(0)
  })
})
