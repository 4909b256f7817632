import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig, validateConfig, DEFAULT_CONFIG } from '../../../src/node/config.js'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'moemesh-config-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('node config', () => {
  it('uses defaults that work offline on one machine', async () => {
    const c = await loadConfig(dir, {}, {})
    expect(c.api).toBe(DEFAULT_CONFIG.api)
    expect(c.api.startsWith('127.0.0.1:')).toBe(true)
    expect(c.experts).toEqual([])
    expect(c.dataDir).toBe(dir)
  })

  it('layers file < environment < flags', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ k: 3, api: '127.0.0.1:9001', strategy: 'vote' }))
    const fileOnly = await loadConfig(dir, {}, {})
    expect([fileOnly.k, fileOnly.api, fileOnly.strategy]).toEqual([3, '127.0.0.1:9001', 'vote'])
    const withEnv = await loadConfig(dir, {}, { MOEMESH_API: '127.0.0.1:9002', MOEMESH_MDNS: '0' })
    expect([withEnv.api, withEnv.mdns, withEnv.k]).toEqual(['127.0.0.1:9002', false, 3])
    const withFlags = await loadConfig(dir, { api: '127.0.0.1:9003', k: undefined }, { MOEMESH_API: '127.0.0.1:9002' })
    expect([withFlags.api, withFlags.k]).toEqual(['127.0.0.1:9003', 3])
  })

  it('names the field and the fix on bad input', async () => {
    expect(() => validateConfig({ dataDir: dir, bootstrap: ['/ip4/1.2.3.4/tcp/1'] })).toThrow(/bootstrap: .*has no \/p2p\/<peer-id>/)
    expect(() => validateConfig({ dataDir: dir, listen: ['not-an-addr'] })).toThrow(/^listen: "not-an-addr" is not a multiaddr/)
    expect(() => validateConfig({ dataDir: dir, api: '0.0.0.0:80' })).toThrow(/apiToken: .*set --api-token/)
    expect(() => validateConfig({ dataDir: dir, api: 'localhost' })).toThrow(/api: "localhost" is not host:port/)
    expect(() => validateConfig({ dataDir: dir, k: 0 })).toThrow(/^k: must be an integer from 1 to 16/)
    expect(() => validateConfig({ dataDir: dir, api: '127.evil.example:80' })).toThrow(/apiToken/)
    expect(() => validateConfig({ dataDir: dir, apiToken: 12345678901234567 as unknown as string })).toThrow(/^apiToken: must be a string/)
    await writeFile(join(dir, 'config.json'), '{ nope')
    await expect(loadConfig(dir, {}, {})).rejects.toThrow(/config.json: is not valid JSON/)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ lisen: [] }))
    await expect(loadConfig(dir, {}, {})).rejects.toThrow(/lisen: is not a config field/)
  })

  it('accepts a public API bind with a long enough token', () => {
    const c = validateConfig({ dataDir: dir, api: '0.0.0.0:7420', apiToken: 'x'.repeat(20) })
    expect(c.api).toBe('0.0.0.0:7420')
  })
})
