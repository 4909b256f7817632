/**
 * Typed errors of the net layer. One class per condition; code branches on `name` or `code`.
 */
import { MoemeshError } from '../errors.js'

/** A local advert is larger than receivers accept (gossipsub would drop it silently; we throw instead). */
export class AdvertTooLargeError extends MoemeshError {
  override readonly name = 'AdvertTooLargeError'
  readonly size: number
  readonly max: number

  constructor (size: number, max: number) {
    super(`the advert is ${size} bytes, over the ${max}-byte limit: advertise fewer experts or fewer centroids`, 'ADVERT_TOO_LARGE')
    this.size = size
    this.max = max
  }
}

/** A local advert would be rejected by receivers; `reason` is the same bounded code receivers use. */
export class InvalidAdvertError extends MoemeshError {
  override readonly name = 'InvalidAdvertError'
  readonly reason: string

  constructor (reason: string, detail: string) {
    super(`invalid advert (${reason}): ${detail}`, 'INVALID_ADVERT')
    this.reason = reason
  }
}

/** The advert service was used before `start()` or after `stop()`. */
export class AdvertServiceNotStartedError extends MoemeshError {
  override readonly name = 'AdvertServiceNotStartedError'
  constructor () {
    super('the advert service is not running: call start() first', 'ADVERT_SERVICE_NOT_STARTED')
  }
}

/** An identity key file cannot be used: unreadable, malformed, not Ed25519, or readable by other users. */
export class IdentityKeyError extends MoemeshError {
  override readonly name = 'IdentityKeyError'
  readonly path: string

  constructor (path: string, message: string, options?: { cause?: unknown }) {
    super(`identity key ${path}: ${message}`, 'IDENTITY_KEY', options)
    this.path = path
  }
}

/** Advert sync was used before `start()` or after `stop()`. */
export class AdvertSyncNotStartedError extends MoemeshError {
  override readonly name = 'AdvertSyncNotStartedError'
  constructor () {
    super('advert sync is not running: call start() first', 'ADVERT_SYNC_NOT_STARTED')
  }
}

/** A sync exchange did not finish within its deadline (the adverts accepted until then are kept). */
export class AdvertSyncTimeoutError extends MoemeshError {
  override readonly name = 'AdvertSyncTimeoutError'
  readonly timeoutMs: number

  constructor (timeoutMs: number) {
    super(`advert sync did not finish within ${timeoutMs} ms`, 'ADVERT_SYNC_TIMEOUT')
    this.timeoutMs = timeoutMs
  }
}

/** A sync exchange failed: the peer could not be reached, does not speak the protocol, or reset the stream. */
export class AdvertSyncFailedError extends MoemeshError {
  override readonly name = 'AdvertSyncFailedError'
  readonly peer: string

  constructor (peer: string, options?: { cause?: unknown }) {
    super(`advert sync with ${peer} failed: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, 'ADVERT_SYNC_FAILED', options)
    this.peer = peer
  }
}

/** Anything thrown, as an Error (libp2p streams' `abort` takes an Error). */
export function toError (err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}

/** lpStream's errors for a frame over the size we accept (one set for every protocol reading length-prefixed frames). */
export const FRAME_LENGTH_ERRORS: ReadonlySet<string> = new Set(['InvalidDataLengthError', 'InvalidDataLengthLengthError', 'InvalidMessageLengthError'])
