import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateIdentity, loadIdentity, loadOrCreateIdentity, saveIdentity } from '../../../src/net/identity.js'
import { IdentityKeyError } from '../../../src/net/errors.js'

let dir: string

beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'moemesh-identity-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('identity key files', () => {
  it('keeps the same peer id across save and load, in a file only the owner can read', async () => {
    const key = await generateIdentity()
    const path = join(dir, 'sub', 'identity.key')
    await saveIdentity(path, key)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const loaded = await loadIdentity(path)
    expect(peerIdFromPrivateKey(loaded).equals(peerIdFromPrivateKey(key))).toBe(true)
  })

  it('creates an identity once and reuses it afterwards', async () => {
    const path = join(dir, 'identity.key')
    const first = await loadOrCreateIdentity(path)
    const second = await loadOrCreateIdentity(path)
    expect(peerIdFromPrivateKey(second).toString()).toBe(peerIdFromPrivateKey(first).toString())
  })

  it.skipIf(process.platform === 'win32')('refuses a key file that other users can read', async () => {
    const path = join(dir, 'identity.key')
    await saveIdentity(path, await generateIdentity())
    await chmod(path, 0o644)
    await expect(loadIdentity(path)).rejects.toThrow(/chmod 600/)
  })

  it('refuses a malformed key file instead of replacing it', async () => {
    const path = join(dir, 'identity.key')
    await writeFile(path, 'not a key', { mode: 0o600 })
    await expect(loadOrCreateIdentity(path)).rejects.toBeInstanceOf(IdentityKeyError)
  })
})
