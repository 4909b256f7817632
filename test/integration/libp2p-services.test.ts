import { generateKeyPair } from '@libp2p/crypto/keys'
import { describe, expect, it } from 'vitest'
import { createMoemeshLibp2p } from '../../src/net/libp2p.js'

describe('the libp2p node a daemon builds', () => {
  it('starts with UPnP asked for while listening on loopback only (no AutoNAT there, so no UPnP either)', async () => {
    const node = await createMoemeshLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false, upnp: true })
    try {
      expect(node.status).toBe('started')
      expect(Object.keys(node.services)).not.toContain('upnp')
      expect(Object.keys(node.services)).not.toContain('autonat')
    } finally {
      await node.stop()
    }
  })
})
