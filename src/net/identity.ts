/**
 * The node's identity: an Ed25519 key whose public half is the libp2p peer id. Stored protobuf-encoded
 * (libp2p's own key format) in a file only its owner can read.
 */
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, Ed25519PrivateKey, PrivateKey } from '@libp2p/interface'
import { MAX_IDENTITY_FILE_BYTES } from './constants.js'
import { IdentityKeyError } from './errors.js'

/** Generate a fresh Ed25519 identity key. */
export async function generateIdentity (): Promise<Ed25519PrivateKey> {
  return generateKeyPair('Ed25519')
}

/** Encode a key as libp2p protobuf bytes (the on-disk format). */
export function encodeIdentity (key: PrivateKey): Uint8Array {
  return privateKeyToProtobuf(key)
}

/**
 * Decode libp2p protobuf key bytes; only Ed25519 keys are accepted.
 *
 * @throws {IdentityKeyError} when the bytes are not an Ed25519 key
 */
export function decodeIdentity (bytes: Uint8Array, source = '<bytes>'): Ed25519PrivateKey {
  let key: PrivateKey
  try {
    key = privateKeyFromProtobuf(bytes)
  } catch (err) {
    throw new IdentityKeyError(source, 'is not a libp2p protobuf private key: delete it to generate a new identity', { cause: err })
  }
  if (key.type !== 'Ed25519') {
    throw new IdentityKeyError(source, `is a ${key.type} key; moemesh needs Ed25519: delete it to generate a new identity`)
  }
  return key
}

/**
 * Read the identity key from `path`.
 *
 * @throws {IdentityKeyError} when the file is missing, too large, malformed, not Ed25519, or readable by others
 */
export async function loadIdentity (path: string, options: { signal?: AbortSignal } = {}): Promise<Ed25519PrivateKey> {
  options.signal?.throwIfAborted()
  let info
  try {
    info = await stat(path)
  } catch (err) {
    throw new IdentityKeyError(path, 'cannot be read', { cause: err })
  }
  if (!info.isFile()) throw new IdentityKeyError(path, 'is not a regular file')
  if (info.size > MAX_IDENTITY_FILE_BYTES) throw new IdentityKeyError(path, `is ${info.size} bytes, not a key file`)
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new IdentityKeyError(path, `is readable by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 on it`)
  }
  const bytes = await readFile(path, { signal: options.signal })
  return decodeIdentity(bytes, path)
}

/**
 * Write `key` to `path` with mode 0600 (parent folder created with 0700), atomically: a crash leaves
 * either the old file or the new one, never half a key.
 */
export async function saveIdentity (path: string, key: PrivateKey, options: { signal?: AbortSignal } = {}): Promise<void> {
  options.signal?.throwIfAborted()
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  const handle = await open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(encodeIdentity(key))
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await chmod(tmp, 0o600) // the umask may have narrowed it further, never widened it; be explicit anyway
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw new IdentityKeyError(path, 'cannot be written', { cause: err })
  }
}

/**
 * Load the identity at `path`, or create and save a new one there when the file does not exist.
 * A file that exists but is unusable is an error, never silently replaced: the peer id is the node's name.
 * `options.logger` (default `defaultLogger()`) says where the creation of a new key is logged.
 */
export async function loadOrCreateIdentity (path: string, options: { signal?: AbortSignal, logger?: ComponentLogger } = {}): Promise<Ed25519PrivateKey> {
  try {
    await stat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new IdentityKeyError(path, 'cannot be read', { cause: err })
    const key = await generateIdentity()
    await saveIdentity(path, key, { signal: options.signal })
    const log = (options.logger ?? defaultLogger()).forComponent('moemesh:net:identity')
    log('created a new identity key at %s', path)
    return key
  }
  return loadIdentity(path, { signal: options.signal })
}
