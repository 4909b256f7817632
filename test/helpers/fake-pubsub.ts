/**
 * An in-memory stand-in for gossipsub for unit tests of the advert services: records publishes and subscriptions,
 * and lets a test feed signed messages to a topic's validator as if a peer had sent them.
 */
import type { Message, PublishResult, TopicValidatorFn, TopicValidatorResult } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'

/** Gossipsub as far as `AdvertPubSub` needs it. */
export class FakePubSub extends EventTarget {
  readonly topicValidators = new Map<string, TopicValidatorFn>()
  readonly subscriptions = new Set<string>()
  readonly published: Array<{ topic: string, data: Uint8Array }> = []
  /** Who each publish reaches (gossipsub leaves out a peer whose outbound stream is not open yet). */
  recipients: PeerId[] = []

  subscribe (topic: string): void { this.subscriptions.add(topic) }
  unsubscribe (topic: string): void { this.subscriptions.delete(topic) }
  getSubscribers (): PeerId[] { return [] }
  async publish (topic: string, data?: Uint8Array): Promise<PublishResult> {
    this.published.push({ topic, data: data ?? new Uint8Array() })
    return { recipients: [...this.recipients] }
  }

  /** A peer's subscription change on `topic`, as gossipsub announces it. */
  subscriptionChange (peerId: PeerId, topic: string, subscribe: boolean): void {
    this.dispatchEvent(new CustomEvent('subscription-change', { detail: { peerId, subscriptions: [{ topic, subscribe }] } }))
  }

  /** Run `topic`'s validator on a signed message from `from`, as gossipsub would. */
  async deliver (topic: string, from: PeerId, data: Uint8Array): Promise<TopicValidatorResult> {
    const validator = this.topicValidators.get(topic)
    if (validator === undefined) throw new Error(`no validator on ${topic}: the service is not subscribed`)
    const msg = { type: 'signed', from, topic, data, sequenceNumber: 1n, signature: new Uint8Array(), key: undefined } as unknown as Message
    return validator(from, msg)
  }
}
